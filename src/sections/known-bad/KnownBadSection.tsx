import { FileButton } from '../../ui/FileButton';
import { Section } from '../../ui/Section';
import type { SessionPattern } from '../../known-bad/sessions';
import { formatCount, formatUtc } from '../../lib/format';
import { useNotebook } from '../../store/store';
import type { KnownBadSummary } from '../../worker/protocol';
import { downloadText } from '../../lib/download';
import { realKnownBadSamples } from '../../known-bad/realSamples';

const PATTERNS: { value: SessionPattern['kind']; label: string }[] = [
  { value: 'night', label: 'Night (22:00–05:59 UTC)' },
  { value: 'weekend', label: 'Weekend' },
  { value: 'other-timezone-office-hours', label: 'Office hours of another time zone' },
  { value: 'any-time', label: 'Any time in the capture' },
  { value: 'inside-capture', label: "The capture's own active hours (honest)" },
];

const KIND_NAMES: Record<string, string> = {
  'actor-tool': 'Actor tooling',
  'masquerade-folder': 'Legitimate name, wrong folder',
  'near-miss-name': 'Near-miss spelling',
  'wrong-parent': 'Right folder, wrong parent',
};

function patternOf(kind: SessionPattern['kind'], offsetHours: number): SessionPattern {
  return kind === 'other-timezone-office-hours' ? { kind, offsetHours } : { kind };
}

/** Cell 3: import known bad, generate believable fake known bad, balance the classes. */
export function KnownBadSection() {
  const hasCapture = useNotebook((s) => s.load.summary !== null);
  const run = useNotebook((s) => s.knownBad.run);
  const config = useNotebook((s) => s.knownBad.config);
  const setConfig = useNotebook((s) => s.setKnownBadConfig);
  const setGenerator = useNotebook((s) => s.setGeneratorSettings);
  const importKnownBad = useNotebook((s) => s.importKnownBad);
  const importRealSample = useNotebook((s) => s.importRealSample);
  const generate = useNotebook((s) => s.generateKnownBad);
  const clearGenerated = useNotebook((s) => s.clearGenerated);
  const balance = useNotebook((s) => s.balanceClasses);
  const exportGenerated = useNotebook((s) => s.exportGenerated);
  const generator = config.generator;
  const isBusy = run.busy !== null;
  const status = !hasCapture ? 'empty' : run.status === 'empty' ? 'ready' : run.status;
  const summary = run.summary;
  const offset = generator.sessionPattern.kind === 'other-timezone-office-hours' ? generator.sessionPattern.offsetHours : 8;

  return (
    <Section id="known-bad" number={3} title="Known bad" status={status}>
      {!hasCapture ? <p className="muted">Open a capture first: its events count as known good.</p> : null}
      <fieldset disabled={!hasCapture || isBusy}>
        <legend>Import</legend>
        <div className="row">
          <FileButton label="Import known-bad" onFiles={(files) => void importKnownBad(files)} />
          <label>
            <input type="checkbox" checked={config.markCaptureWithIocs} onChange={(e) => setConfig({ markCaptureWithIocs: e.currentTarget.checked })} /> IOC
            lists also mark matching capture events known bad
          </label>
        </div>
        <p className="muted">
          Captures in any format the Load section reads (their events become known bad), or IOC lists as CSV with columns <code>name</code>, <code>path</code>{' '}
          and optionally <code>first_seen</code>, <code>last_seen</code>, <code>hours</code>, <code>actor</code>, <code>note</code>.
        </p>
        <div className="real-samples">
          <p className="muted">Or real attacker activity shipped with the app:</p>
          <ul>
            {realKnownBadSamples.map((sample) => (
              <li key={sample.id}>
                <button type="button" onClick={() => void importRealSample(sample.id)}>
                  {sample.name}
                </button>{' '}
                <span className="muted">
                  {sample.description} Licence: {sample.licence}.
                </span>
              </li>
            ))}
          </ul>
        </div>
      </fieldset>

      <fieldset disabled={!hasCapture || isBusy}>
        <legend>Generate</legend>
        <div className="settings-grid">
          <label>
            Seed
            <input type="number" value={generator.seed} onChange={(e) => setGenerator({ seed: Number(e.currentTarget.value) })} />
          </label>
          <label>
            Sessions
            <input type="number" min={1} max={500} value={generator.sessions} onChange={(e) => setGenerator({ sessions: Number(e.currentTarget.value) })} />
          </label>
          <label>
            Events per session
            <input
              type="number"
              min={1}
              max={10000}
              value={generator.eventsPerSession}
              onChange={(e) => setGenerator({ eventsPerSession: Number(e.currentTarget.value) })}
            />
          </label>
          <label>
            Session times
            <select
              value={generator.sessionPattern.kind}
              onChange={(e) => {
                const kind = PATTERNS.find((p) => p.value === e.currentTarget.value)?.value ?? 'night';
                setGenerator({ sessionPattern: patternOf(kind, offset) });
              }}
            >
              {PATTERNS.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          {generator.sessionPattern.kind === 'other-timezone-office-hours' ? (
            <label>
              Actor's UTC offset (hours)
              <input
                type="number"
                min={-12}
                max={14}
                value={offset}
                onChange={(e) => setGenerator({ sessionPattern: patternOf('other-timezone-office-hours', Number(e.currentTarget.value)) })}
              />
            </label>
          ) : null}
          <MixInput label="Actor tooling share" value={generator.mix.actorTools} onChange={(v) => setGenerator({ mix: { ...generator.mix, actorTools: v } })} />
          <MixInput
            label="Wrong folder share"
            value={generator.mix.masqueradeFolder}
            onChange={(v) => setGenerator({ mix: { ...generator.mix, masqueradeFolder: v } })}
          />
          <MixInput
            label="Near-miss name share"
            value={generator.mix.nearMissName}
            onChange={(v) => setGenerator({ mix: { ...generator.mix, nearMissName: v } })}
          />
          <MixInput
            label="Wrong parent share"
            value={generator.mix.wrongParent}
            onChange={(v) => setGenerator({ mix: { ...generator.mix, wrongParent: v } })}
          />
          <label className="inline">
            <input type="checkbox" checked={generator.includeLolbas} onChange={(e) => setGenerator({ includeLolbas: e.currentTarget.checked })} /> LOLBAS
            binaries
          </label>
          <label className="inline">
            <input type="checkbox" checked={generator.includeSigma} onChange={(e) => setGenerator({ includeSigma: e.currentTarget.checked })} /> Sigma parent
            rules
          </label>
          <label className="inline">
            <input type="checkbox" checked={generator.useIocs} onChange={(e) => setGenerator({ useIocs: e.currentTarget.checked })} /> Use the imported IOC list
          </label>
        </div>
        <div className="row">
          <button type="button" className="primary" onClick={() => void generate()}>
            Generate known bad
          </button>
          <button type="button" onClick={() => void clearGenerated()} disabled={!summary || summary.syntheticCount === 0}>
            Remove generated
          </button>
          <button
            type="button"
            disabled={!summary || summary.syntheticCount === 0}
            onClick={() =>
              void exportGenerated().then((result) => downloadText(`etwlab-known-bad-seed${generator.seed}.jsonl`, result.jsonl, 'application/jsonl'))
            }
          >
            Export generated (JSON Lines)
          </button>
        </div>
        <p className="muted">
          Seeded: the same settings give the same events. Built-in seeds: LOLBAS-Project/LOLBAS and SigmaHQ/sigma masquerading rules (see{' '}
          <code>src/known-bad/seedTable.json</code>).
        </p>
      </fieldset>

      <fieldset disabled={!hasCapture || isBusy}>
        <legend>Balance</legend>
        <div className="row">
          <label>
            Known-bad share (%){' '}
            <input
              type="number"
              min={1}
              max={99}
              value={Math.round(config.balance.ratioBad * 100)}
              onChange={(e) => setConfig({ balance: { ...config.balance, ratioBad: Math.min(0.99, Math.max(0.01, Number(e.currentTarget.value) / 100)) } })}
            />
          </label>
          <label>
            By{' '}
            <select
              value={config.balance.strategy}
              onChange={(e) =>
                setConfig({ balance: { ...config.balance, strategy: e.currentTarget.value === 'oversample-bad' ? 'oversample-bad' : 'undersample-good' } })
              }
            >
              <option value="undersample-good">sampling known good</option>
              <option value="oversample-bad">repeating known bad</option>
            </select>
          </label>
          <button type="button" className="primary" onClick={() => void balance()} disabled={!summary || summary.labelCounts[2] === 0}>
            Balance
          </button>
        </div>
      </fieldset>

      <p role="status" className="status-line" data-testid="known-bad-status">
        {run.busy ?? (summary ? labelLine(summary) : hasCapture ? 'No known-bad events yet.' : '')}
      </p>
      {run.message && !run.busy ? <p className="muted">{run.message}</p> : null}
      {run.error ? (
        <p role="alert" className="error-box">
          {run.error}
        </p>
      ) : null}
      {summary ? <KnownBadDetails summary={summary} /> : null}
    </Section>
  );
}

function MixInput({ label, value, onChange }: { label: string; value: number; onChange: (value: number) => void }) {
  return (
    <label>
      {label}
      <input
        type="number"
        min={0}
        max={1}
        step={0.05}
        value={Number(value.toFixed(3))}
        onChange={(e) => onChange(Math.max(0, Number(e.currentTarget.value)))}
      />
    </label>
  );
}

function labelLine(summary: KnownBadSummary): string {
  const [, good, bad] = summary.labelCounts;
  let text = `Process starts: ${formatCount(good)} known good, ${formatCount(bad)} known bad (${formatCount(summary.syntheticCount)} generated, ${formatCount(bad - summary.syntheticCount)} imported or marked)`;
  if (summary.balance) text += `. Balanced: ${formatCount(summary.balance.good)} known good, ${formatCount(summary.balance.bad)} known bad`;
  return text;
}

function KnownBadDetails({ summary }: { summary: KnownBadSummary }) {
  return (
    <div>
      {summary.overlap ? (
        <p className={summary.overlap.level === 'warning' ? 'warning-box' : 'muted'} data-testid="overlap-note">
          {summary.overlap.sentence}
        </p>
      ) : null}
      {summary.generated ? (
        <>
          <table className="data-table compact" aria-label="Generated known bad by kind">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col" className="num">
                  Events
                </th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(summary.generated.counts).map(([kind, count]) => (
                <tr key={kind}>
                  <td>{KIND_NAMES[kind] ?? kind}</td>
                  <td className="num">{formatCount(count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="data-table compact" aria-label="Actor sessions">
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">Host</th>
                <th scope="col">From (UTC)</th>
                <th scope="col">To (UTC)</th>
              </tr>
            </thead>
            <tbody>
              {summary.generated.sessions.map((s) => (
                <tr key={s.id}>
                  <td>{s.label}</td>
                  <td>{s.host}</td>
                  <td>{formatUtc(s.startMs)}</td>
                  <td>{formatUtc(s.endMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {summary.iocs ? (
        <div>
          <p>
            IOC list {summary.iocs.fileName}: {formatCount(summary.iocs.entries)} entries, {formatCount(summary.iocs.marked)} capture events marked.
          </p>
          {summary.iocs.problems.length > 0 ? (
            <ul aria-label="Rejected IOC lines">
              {summary.iocs.problems.map((p) => (
                <li key={p.line}>
                  {summary.iocs?.fileName}:{p.line} — {p.reason}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
