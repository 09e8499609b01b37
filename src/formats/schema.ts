/**
 * The building blocks of the document schemas (valibot): every field kind with a readable
 * message, and one way to run a schema that turns its first issue into a sentence naming the
 * field's path, e.g. "settings.train.model.epochs: must be a whole number from 1 to 10000, not -3".
 */
import * as v from 'valibot';
import { SETTING_LIMITS, isWithin, limitText, type Limit } from './limits';
import { InvalidDocument } from './read';

/** ", not 7": the value a field had, for the end of a message ("nothing" when it was absent). */
function not(issue: v.BaseIssue<unknown>): string {
  return `, not ${issue.input === undefined ? 'nothing' : issue.received}`;
}

/** An object with these fields; fields it does not name are dropped. */
export function record<const E extends v.ObjectEntries>(entries: E) {
  return v.object(entries, (issue) => (issue.input === undefined && issue.expected?.startsWith('"') ? 'is missing' : `must be an object${not(issue)}`));
}

/** A list of `item`. */
export function list<const S extends v.GenericSchema>(item: S) {
  return v.array(item, (issue) => `must be a list${not(issue)}`);
}

/** One of `options`. */
export function choice<const T extends readonly string[]>(options: T) {
  return v.picklist(options, (issue) => `must be one of ${options.join(', ')}${not(issue)}`);
}

/** Exactly `value`. */
export function exactly<const T extends string | number>(value: T) {
  return v.literal(value, (issue) => `must be ${JSON.stringify(value)}${not(issue)}`);
}

export const text = v.string((issue) => `must be text${not(issue)}`);
export const flag = v.boolean((issue) => `must be true or false${not(issue)}`);

/** Any number, NaN included (metrics of a one-class split are NaN). */
export const anyNumber = v.custom<number>(
  (input) => typeof input === 'number',
  (issue) => `must be a number${not(issue)}`,
);

export const finite = v.pipe(
  v.number((issue) => `must be a finite number${not(issue)}`),
  v.finite((issue) => `must be a finite number${not(issue)}`),
);

/** A number within `limit`. */
export function within(limit: Limit) {
  const message = (issue: v.BaseIssue<unknown>): string => `must be ${limitText(limit)}${not(issue)}`;
  return v.pipe(
    v.number(message),
    v.check((value) => isWithin(value, limit), message),
  );
}

/** A setting within its bounds in the limits table. */
export function setting(name: keyof typeof SETTING_LIMITS) {
  return within(SETTING_LIMITS[name]);
}

/** A whole number in [min, max]. */
export function wholeNumber(min = 0, max = Number.MAX_SAFE_INTEGER) {
  return within({ min, max, isInteger: true });
}

/** "settings.features.settings[0].column": where an issue is, after `root`. */
function pathOf(issue: v.BaseIssue<unknown>, root: string): string {
  let path = root;
  for (const item of issue.path ?? []) {
    const key: unknown = item.key;
    path += typeof key === 'number' ? `[${key}]` : `${path === '' ? '' : '.'}${String(key)}`;
  }
  return path;
}

/** An issue as one sentence: its path, then what is wrong there. */
export function issueText(issue: v.BaseIssue<unknown>, root = ''): string {
  const path = pathOf(issue, root);
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

/** The outcome of checking a value against a schema. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** Checks `value`; the first issue becomes the error, its path starting at `root`. */
export function check<const S extends v.GenericSchema>(schema: S, value: unknown, root = ''): Checked<v.InferOutput<S>> {
  const result = v.safeParse(schema, value, { abortEarly: true });
  const [issue] = result.issues ?? [];
  if (result.success) return { ok: true, value: result.output };
  return { ok: false, error: issue === undefined ? 'the value is not valid' : issueText(issue, root) };
}

/** Checks `value`; throws InvalidDocument with the first issue (for readers that throw). */
export function parse<const S extends v.GenericSchema>(schema: S, value: unknown, root = ''): v.InferOutput<S> {
  const checked = check(schema, value, root);
  if (!checked.ok) throw new InvalidDocument(checked.error);
  return checked.value;
}
