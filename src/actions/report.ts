/**
 * A run report as one self-contained HTML file: settings, metrics against baselines, leakage
 * findings, the epochs, the charts as SVG images and the most suspicious events. Captures are
 * hostile, so every string is HTML-escaped, charts are embedded as `data:` images (an SVG image
 * never runs script) and the file's own policy forbids scripts and every outside request.
 */
import { LABEL_NAMES } from '../frame/frame';
import type { RunBudget } from '../formats/runBudget';
import type { EventRowView } from '../frame/query';
import { formatCount, formatUtc } from '../lib/format';
import type { KnownBadConfig } from '../store/knownBadSlice';
import type { RunRecord } from '../store/trainSlice';
import type { ClassificationMetrics } from '../ml/metrics';

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** One chart as an SVG data URL (Plotly's `toImage` in svg format). */
export interface ReportChart {
  title: string;
  svgDataUrl: string;
}

/** Everything a report shows. */
export interface ReportInput {
  run: RunRecord;
  generatedAt: number;
  capture: { fileNames: readonly string[]; events: number } | null;
  knownBad: KnownBadConfig;
  charts: readonly ReportChart[];
  /** The most suspicious events when the capture was scored with this run. */
  suspicious: readonly { score: number; event: EventRowView }[];
}

function formatNumber(value: number, digits = 3): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

function table(caption: string, headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const METRIC_KEYS: readonly [string, (m: ClassificationMetrics) => number][] = [
  ['ROC AUC', (m) => m.rocAuc],
  ['PR AUC', (m) => m.prAuc],
  ['Accuracy', (m) => m.accuracy],
  ['Precision', (m) => m.precision],
  ['Recall', (m) => m.recall],
  ['F1', (m) => m.f1],
];

/** Only SVG images made by Plotly are embedded; anything else is left out. */
function isSvgDataUrl(url: string): boolean {
  return /^data:image\/svg\+xml[;,]/.test(url);
}

/** The report's HTML text. */
/** The alert budget: K, the model's threshold, and every scorer's detection on test at its own budget threshold. */
function budgetSection(budget: RunBudget): string {
  const share = (part: number, whole: number, rate: number): string => (whole === 0 ? '—' : `${part} of ${whole} (${formatNumber(rate * 100, 1)}%)`);
  const lead = `<p>Budget: ${escapeHtml(String(budget.alertsPerHostDay))} alerts per host per day; the model's threshold chosen on validation: ${escapeHtml(formatNumber(budget.threshold, 4))}.</p>`;
  return `<h2>Alert budget</h2>${lead}${table(
    'Detection at the budget (test split)',
    ['Scorer', 'Threshold', 'Validation alerts / host-day', 'Known-bad events flagged', 'Known-bad sessions flagged'],
    budget.entries.map((entry) => [
      entry.name,
      formatNumber(entry.chosen.threshold, 4),
      formatNumber(entry.chosen.validation.meanPerHostDay, 2),
      share(entry.test.flaggedBadEvents, entry.test.badEvents, entry.test.eventRate),
      share(entry.test.flaggedBadSessions, entry.test.badSessions, entry.test.sessionRate),
    ]),
  )}`;
}

export function buildReportHtml(input: ReportInput): string {
  const { run } = input;
  const config = run.config;
  const model = config.model;
  const evaluation = run.outcome?.evaluation ?? null;
  const settingRows: string[][] = [
    [
      'Features',
      config.features
        .filter((f) => f.treatment !== 'off')
        .map((f) => (f.treatment === 'embedding' ? `${f.column} (embedding ${f.embeddingDims})` : `${f.column} (one-hot)`))
        .join(', '),
    ],
    ['Max vocabulary', String(config.maxVocabulary)],
    ['Hidden layers', model.hiddenLayers.map((l) => `${l.units} ${l.activation}`).join(', ') || 'none'],
    ['L2', String(model.l2)],
    ['Dropout', String(model.dropout)],
    ['Optimizer', `${model.optimizer}, learning rate ${model.learningRate}`],
    ['Epochs', String(model.epochs)],
    ['Batch size', String(model.batchSize)],
    ['Split', `${config.split}, validation ${model.validationShare}, test ${model.testShare}`],
    ['Model seed', String(model.seed)],
    [
      'Known-bad generator',
      `seed ${input.knownBad.generator.seed}, ${input.knownBad.generator.sessions} sessions × ${input.knownBad.generator.eventsPerSession} events, ${input.knownBad.generator.sessionPattern.kind}`,
    ],
    ['Balance', `${input.knownBad.balance.strategy}, ratio ${input.knownBad.balance.ratioBad}, seed ${input.knownBad.balance.seed}`],
  ];
  const sections: string[] = [];
  sections.push(table('Settings', ['Setting', 'Value'], settingRows));
  if (evaluation) {
    const columns = [{ name: 'Network', metrics: evaluation.test }, ...evaluation.baselines.map((b) => ({ name: b.name, metrics: b.metrics }))];
    sections.push(
      table(
        'Test metrics',
        ['Metric', ...columns.map((c) => c.name)],
        METRIC_KEYS.map(([name, pick]) => [name, ...columns.map((c) => formatNumber(pick(c.metrics)))]),
      ),
    );
    const findings = evaluation.leakage.map((f) => `<li>${escapeHtml(f.message)}</li>`).join('');
    sections.push(`<h2>Leakage check</h2>${findings ? `<ul class="alert">${findings}</ul>` : '<p>No leak was detected.</p>'}`);
    if (run.budget) sections.push(budgetSection(run.budget));
  } else sections.push('<p>This run has no held-out test split, so no test metrics.</p>');
  sections.push(
    table(
      'Epochs',
      ['Epoch', 'Loss', 'Val loss', 'Accuracy', 'Val accuracy', 'AUC'],
      run.epochs.map((l) => [
        String(l.epoch + 1),
        formatNumber(l.loss, 4),
        formatNumber(l.valLoss, 4),
        formatNumber(l.accuracy),
        formatNumber(l.valAccuracy),
        formatNumber(l.auc),
      ]),
    ),
  );
  const charts = input.charts
    .filter((c) => isSvgDataUrl(c.svgDataUrl))
    .map(
      (c) =>
        `<figure><img src="${escapeHtml(c.svgDataUrl)}" alt="${escapeHtml(c.title)}" width="960" height="540"><figcaption>${escapeHtml(c.title)}</figcaption></figure>`,
    );
  if (charts.length > 0) sections.push(`<h2>Charts</h2>${charts.join('\n')}`);
  if (input.suspicious.length > 0) {
    sections.push(
      table(
        'Most suspicious events',
        ['Rank', 'Score', 'Time (UTC)', 'Host', 'Name', 'Folder', 'Parent', 'Label'],
        input.suspicious.map(({ score, event }, i) => [
          String(i + 1),
          formatNumber(score),
          formatUtc(event.timeMs),
          event.host,
          event.name,
          event.folder,
          event.parentName ?? '—',
          `${LABEL_NAMES[event.label] ?? 'unlabelled'}${event.isSynthetic ? ' (generated)' : ''}`,
        ]),
      ),
    );
  }
  const capture = input.capture ? `${formatCount(input.capture.events)} events from ${input.capture.fileNames.join(', ')}` : 'no capture open';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${escapeHtml(`EtwLab report · ${run.label}`)}</title>
<style>
body { font-family: system-ui, sans-serif; color: #1b1f24; max-width: 1100px; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; font-size: 1.1rem; padding: 0.3rem 0; }
th, td { border-bottom: 1px solid #d9dde3; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f0f2f5; }
figure { margin: 1rem 0; }
img { max-width: 100%; height: auto; border: 1px solid #d9dde3; }
.alert li { color: #6d0012; }
.muted { color: #5b6470; }
</style>
</head>
<body>
<h1>${escapeHtml(run.label)}</h1>
<p class="muted">EtwLab run report, generated ${escapeHtml(formatUtc(input.generatedAt))} UTC. Capture: ${escapeHtml(capture)}. Run status: ${escapeHtml(run.status)}${run.origin === 'imported' ? ' (imported model)' : ''}.</p>
${sections.join('\n')}
</body>
</html>
`;
}
