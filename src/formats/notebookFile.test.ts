import { describe, expect, it } from 'vitest';
import { notebookDocument, notebookFileText, parseNotebookFile } from './notebookFile';
import { toTaggedJson } from './taggedJson';
import { testConfig, testRun, testState } from '../test-support/testNotebook';

const SAVED_AT = 1_717_000_002_000;

/** The file text of a notebook with these runs. */
function fileOf(runs = [testRun(1)]): string {
  return notebookFileText(notebookDocument(testState(runs), null, SAVED_AT));
}

/** A valid file's text with one change. */
function fileWith(change: (text: string) => string, runs = [testRun(1)]): string {
  const text = fileOf(runs);
  const changed = change(text);
  if (changed === text) throw new Error('the change changed nothing');
  return changed;
}

/** An anomaly run whose evaluation carries one alarm per cause and the validation threshold. */
function anomalyRun(id: number) {
  const run = testRun(id, { ...testConfig, model: { ...testConfig.model, kind: 'anomaly', poolUnseenValues: false } });
  const evaluation = run.outcome?.evaluation;
  if (!run.outcome || !evaluation) throw new Error('testRun has an evaluation');
  const causes = [
    {
      kind: 'clock' as const,
      title: 'The clock',
      message: 'hour and weekday tell the classes apart',
      evidence: [
        { kind: 'single-feature-auc' as const, feature: 'hour' as const, auc: 0.99 },
        { kind: 'histogram-overlap' as const, feature: 'hour × weekday' as const, overlap: 0 },
        { kind: 'time-ranges' as const, good: [1, 2] as const, bad: [3, 4] as const, overlap: 0 },
      ],
      remedies: [
        { kind: 'drop-features' as const, features: ['hour' as const, 'weekday' as const] },
        { kind: 'split' as const, split: 'time' as const },
      ],
    },
  ];
  const threshold = { threshold: 0.37, validationF1: 0.8, reason: 'Threshold 0.370: the best F1.' };
  return { ...run, outcome: { ...run.outcome, evaluation: { ...evaluation, causes, threshold } } };
}

describe('notebook file', () => {
  it('reads back an anomaly run with its causes and validation threshold', () => {
    const document = notebookDocument(testState([anomalyRun(1)]), null, SAVED_AT);
    const parsed = parseNotebookFile(notebookFileText(document));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.document).toEqual(document);
    const evaluation = parsed.document.runs[0]?.outcome?.evaluation;
    expect(evaluation?.causes?.[0]?.remedies[0]).toEqual({ kind: 'drop-features', features: ['hour', 'weekday'] });
    expect(evaluation?.threshold?.threshold).toBe(0.37);
    expect(parsed.document.runs[0]?.config.model.kind).toBe('anomaly');
  });

  it('reads back the settings, seeds, runs with curves and metrics, and cell times exactly', () => {
    const state = testState([testRun(1), { ...testRun(2, { ...testConfig, split: 'random-stratified' }), remedyOf: 1, origin: 'imported' }]);
    const document = notebookDocument(state, null, SAVED_AT);
    const parsed = parseNotebookFile(notebookFileText(document));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.document).toEqual(document);
    const run = parsed.document.runs[0];
    expect(run?.outcome?.evaluation?.testScores).toBeInstanceOf(Float32Array);
    expect(Array.from(run?.outcome?.evaluation?.testScores ?? [])).toEqual([0.8999999761581421, 0.10000000149011612, 0.625, 0.30000001192092896]);
    expect(run?.epochs[1]?.valLoss).toBeNaN();
    expect(run?.outcome?.evaluation?.test.prAuc).toBeNaN();
    expect(parsed.document.settings.knownBad.generator.seed).toBe(5);
    expect(parsed.document.settings.knownBad.generator.sessionPattern).toEqual({ kind: 'other-timezone-office-hours', offsetHours: 8 });
    expect(parsed.document.settings.train.model.seed).toBe(42);
    expect(parsed.document.runs[1]?.origin).toBe('imported');
    expect(parsed.document.cells).toEqual({ 'known-bad': 1_717_000_000_500, train: 1_717_000_001_000 });
  });

  it('stores a running run as stopped, without its live progress', () => {
    const running = {
      ...testRun(1),
      status: 'running' as const,
      progress: { phase: 'training', epoch: 1, epochs: 2, batch: 3, batchesPerEpoch: 4, examplesPerSecond: 5, elapsedSeconds: 6, tensors: 7 },
    };
    const parsed = parseNotebookFile(notebookFileText(notebookDocument(testState([running]), null, SAVED_AT)));
    expect(parsed.ok && parsed.document.runs[0]).toMatchObject({ status: 'stopped', progress: null });
  });

  it('rejects malformed files with a message naming what is wrong', () => {
    const cases: [string, string][] = [
      ['not json', 'This notebook file cannot be opened: it is not JSON'],
      ['[]', 'This notebook file cannot be opened: the notebook is not an object.'],
      [
        fileWith((t) => t.replace('"format":"etwlab-notebook"', '"format":"other"')),
        'This notebook file cannot be opened: this is not an EtwLab notebook file.',
      ],
      [fileWith((t) => t.replace('"version":1,"savedAt"', '"version":2,"savedAt"')), 'This notebook file cannot be opened: notebook version 2 is not 1.'],
      [
        fileOf([testRun(1, { ...testConfig, model: { ...testConfig.model, epochs: -3 } })]),
        'This notebook file cannot be opened: runs[0].config.model.epochs: must be a whole number from 1 to 10000, not -3.',
      ],
      [
        fileWith((t) => t.replace('"column":"hour"', '"column":"cmdline"')),
        'This notebook file cannot be opened: settings.features.settings[0].column: must be one of hour, weekday, name, folder, parent, eventType, elevation, session, commandLine, not "cmdline".',
      ],
      [fileOf([testRun(1), testRun(1)]), 'This notebook file cannot be opened: runs: two runs have the same id.'],
      [
        fileWith((t) => t.replace(/"testScores":\{"\$f32":"[^"]*"\}/, '"testScores":[0.5]')),
        'This notebook file cannot be opened: runs[0].outcome.evaluation.testScores: must be a Float32Array.',
      ],
      [
        fileWith((t) => t.replace('"threshold":0.4', '"threshold":2')),
        'This notebook file cannot be opened: settings.evaluate.threshold: must be a number from 0 to 1, not 2.',
      ],
      [
        fileWith((t) => t.replace('"frame":null', '"frame":{"format":"etwlab-capture","version":1}')),
        'This notebook file cannot be opened: frame: the capture dataVersion is missing.',
      ],
    ];
    for (const [text, message] of cases) {
      const parsed = parseNotebookFile(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error.startsWith(message.replace(/\.$/, ''))).toBe(true);
    }
  });

  it('writes typed arrays compactly as base64', () => {
    expect(toTaggedJson({ s: Float32Array.from([1]) })).toBe('{"s":{"$f32":"AACAPw=="}}');
  });
});
