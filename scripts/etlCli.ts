/**
 * `npm run etl -- --out DIR [--known-bad FILE]… [--iocs FILE.csv] INPUT…`: the headless
 * pipeline of src/formats/parquetEtl.ts on Node files. Bundled by scripts/etl.mjs; progress goes
 * to stderr, the summary to stdout; bad arguments and unreadable inputs end with one line and a
 * non-zero exit, never a stack trace.
 */
import { mkdirSync, openAsBlob, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileWriter } from 'hyparquet-writer';
import { Label, type LabelCode } from '../src/frame/frame';
import { runEtl, type EtlInput, type EtlProgress, type EtlSummary } from '../src/formats/parquetEtl';
import { parseIocCsv, type IocEntry } from '../src/known-bad/iocCsv';

const USAGE = 'usage: npm run etl -- --out DIR [--known-bad FILE]... [--iocs FILE.csv] [--overwrite] [--quiet] INPUT...';

/** A problem the user can fix; printed as one line. */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

interface CliArguments {
  out: string;
  inputs: string[];
  knownBad: string[];
  iocs: string | null;
  overwrite: boolean;
  quiet: boolean;
  batchRows: number | null;
}

/** Reads the command line; throws CliError (exit 2) on anything it does not understand. */
export function parseArguments(argv: readonly string[]): CliArguments {
  const parsed: CliArguments = { out: '', inputs: [], knownBad: [], iocs: null, overwrite: false, quiet: false, batchRows: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const value = (): string => {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new CliError(`${arg} needs a value. ${USAGE}`, 2);
      i++;
      return next;
    };
    if (arg === '--out') parsed.out = value();
    else if (arg === '--known-bad') parsed.knownBad.push(value());
    else if (arg === '--iocs') parsed.iocs = value();
    else if (arg === '--overwrite') parsed.overwrite = true;
    else if (arg === '--quiet') parsed.quiet = true;
    else if (arg === '--batch-rows') {
      const rows = Number(value());
      if (!Number.isInteger(rows) || rows < 1) throw new CliError('--batch-rows must be a whole number of at least 1', 2);
      parsed.batchRows = rows;
    } else if (arg === '--help' || arg === '-h') throw new CliError(USAGE, 0);
    else if (arg.startsWith('--')) throw new CliError(`unknown option ${arg}. ${USAGE}`, 2);
    else parsed.inputs.push(arg);
  }
  if (parsed.out === '') throw new CliError(`--out DIR is required. ${USAGE}`, 2);
  if (parsed.inputs.length === 0 && parsed.knownBad.length === 0) throw new CliError(`no input given. ${USAGE}`, 2);
  return parsed;
}

/** File names a folder of a hunt's collection may hold captures in. */
const CAPTURE_NAME = /\.(jsonl|ndjson|json|csv|zip|parquet)(\.gz)?$|\.gz$/i;

function filesUnder(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(path));
    else if (entry.isFile() && CAPTURE_NAME.test(entry.name)) found.push(path);
  }
  return found;
}

/** Node's file as the readers' source (a Blob read by ranges and streams, not loaded whole). */
async function inputOf(path: string, label: LabelCode, isFromFolder: boolean): Promise<EtlInput> {
  const blob = await openAsBlob(path);
  return {
    label,
    isFromFolder,
    source: {
      name: path,
      size: blob.size,
      stream: () => blob.stream(),
      slice: (start: number, end: number) => blob.slice(start, end),
    },
  };
}

async function inputsOf(paths: readonly string[], label: LabelCode): Promise<EtlInput[]> {
  const inputs: EtlInput[] = [];
  for (const path of paths) {
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      throw new CliError(`cannot read input ${path}: no such file or folder`, 1);
    }
    try {
      if (isFolder) {
        const files = filesUnder(path);
        if (files.length === 0) throw new CliError(`input folder ${path} holds no capture files (.jsonl, .json, .csv, .zip, .gz, .parquet)`, 1);
        for (const file of files) inputs.push(await inputOf(file, label, true));
      } else {
        inputs.push(await inputOf(path, label, false));
      }
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`cannot read input ${path} (${error instanceof Error ? error.message : String(error)})`, 1);
    }
  }
  return inputs;
}

function readIocs(path: string): IocEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read IOC list ${path} (${error instanceof Error ? error.message : String(error)})`, 1);
  }
  const parsed = parseIocCsv(text);
  if (parsed.entries.length === 0) {
    const first = parsed.problems[0];
    throw new CliError(`IOC list ${path} has no usable entry${first === undefined ? '' : ` (line ${first.line}: ${first.reason})`}`, 1);
  }
  for (const problem of parsed.problems.slice(0, 10)) process.stderr.write(`etl: ${path} line ${problem.line} skipped: ${problem.reason}\n`);
  return parsed.entries;
}

/** An empty (or new) output folder; with --overwrite, earlier partitions are removed first. */
function prepareOutput(out: string, overwrite: boolean): void {
  let entries: string[] = [];
  try {
    if (!statSync(out).isDirectory()) throw new CliError(`--out ${out} is a file, not a folder`, 2);
    entries = readdirSync(out);
  } catch (error) {
    if (error instanceof CliError) throw error;
  }
  if (entries.length > 0) {
    if (!overwrite) throw new CliError(`--out ${out} is not empty (${entries.length} entries); choose a new folder or pass --overwrite`, 2);
    const stray = entries.filter((entry) => !entry.startsWith('host='));
    if (stray.length > 0) throw new CliError(`--out ${out} holds files that are not partitions (${stray.slice(0, 3).join(', ')}); refusing to clear it`, 2);
    for (const entry of entries) rmSync(join(out, entry), { recursive: true });
  }
  mkdirSync(out, { recursive: true });
}

const number = (n: number): string => n.toLocaleString('en-US');
const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

function progressLine(progress: EtlProgress, seconds: number): string {
  const share = progress.bytesTotal === 0 ? 100 : (100 * progress.bytesRead) / progress.bytesTotal;
  return `etl: ${share.toFixed(0)}% ${megabytes(progress.bytesRead)} of ${megabytes(progress.bytesTotal)}, ${number(progress.events)} events, ${megabytes(progress.bytesRead / Math.max(seconds, 1e-3))}/s (${progress.file})\n`;
}

/** The summary printed at the end. */
export function summaryText(summary: EtlSummary, out: string): string {
  const lines: string[] = [];
  const rate = summary.bytesRead / Math.max(summary.seconds, 1e-3);
  lines.push(`Wrote ${number(summary.events)} events to ${summary.outputFiles.length} Parquet files under ${out} in ${summary.seconds.toFixed(1)} s`);
  lines.push(`Read ${megabytes(summary.bytesRead)} at ${megabytes(rate)}/s, ${number(Math.round(summary.events / Math.max(summary.seconds, 1e-3)))} events/s`);
  // maxRSS is in KiB: the peak of the whole process, which must not grow with the input.
  lines.push(`Peak memory (RSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  lines.push(
    `Events per id: ${
      Object.entries(summary.eventIds)
        .map(([id, count]) => `${id}: ${number(count)}`)
        .join(', ') || 'none'
    }`,
  );
  lines.push(
    `Labels: ${
      Object.entries(summary.labels)
        .map(([label, count]) => `${label}: ${number(count)}`)
        .join(', ') || 'none'
    }`,
  );
  if (summary.iocMarked > 0) lines.push(`IOC matches labelled known bad: ${number(summary.iocMarked)}`);
  const p = summary.parents;
  lines.push(
    `Parents: ${number(p.resolvedBySequence + p.resolvedByTime)} of ${number(p.startsWithParent)} starts resolved, ${number(p.stopsCompleted)} stops completed, ${number(p.imageLoadsAttributed)} image loads attributed${p.evicted > 0 ? `, ${number(p.evicted)} processes dropped from the live table` : ''}`,
  );
  lines.push(`Ignored rows (other events or providers): ${number(summary.ignoredCount)}`);
  lines.push(`Rejected lines: ${number(summary.problemCount)}`);
  for (const problem of summary.problems.slice(0, 20)) lines.push(`  ${problem.file} line ${problem.line}: ${problem.reason}`);
  if (summary.problemCount > 20) lines.push(`  … and ${number(summary.problemCount - 20)} more`);
  for (const file of summary.files) if (file.fatal !== null) lines.push(`${file.isFromFolder ? 'Skipped' : 'Could not read'}: ${file.fatal}`);
  return `${lines.join('\n')}\n`;
}

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseArguments(argv);
    const inputs = [...(await inputsOf(args.inputs, Label.KnownGood)), ...(await inputsOf(args.knownBad, Label.KnownBad))];
    const iocs = args.iocs === null ? [] : readIocs(args.iocs);
    prepareOutput(args.out, args.overwrite);
    const started = performance.now();
    let lastReport = started;
    const summary = await runEtl(inputs, {
      iocs,
      ...(args.batchRows === null ? {} : { batchRows: args.batchRows }),
      output: {
        open: (path) => {
          const full = join(args.out, path);
          mkdirSync(dirname(full), { recursive: true });
          return fileWriter(full);
        },
      },
      onProgress: (progress) => {
        const now = performance.now();
        if (args.quiet || now - lastReport < 2000) return;
        lastReport = now;
        process.stderr.write(progressLine({ ...progress, file: relative('.', progress.file) || progress.file }, (now - started) / 1000));
      },
    });
    process.stdout.write(summaryText(summary, args.out));
    const unreadable = summary.files.filter((file) => file.fatal !== null && !file.isFromFolder);
    if (unreadable.length > 0) {
      process.stderr.write(`etl: ${unreadable[0]?.fatal ?? ''}${unreadable.length > 1 ? ` (and ${unreadable.length - 1} more unreadable inputs)` : ''}\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      (error.exitCode === 0 ? process.stdout : process.stderr).write(error.exitCode === 0 ? `${error.message}\n` : `etl: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`etl: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
