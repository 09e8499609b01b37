import { formatCount } from '../../lib/format';
import type { CaptureSummary } from '../../worker/protocol';
import { eventName } from './eventNames';

/** `Loaded 20,000 events from capture.jsonl (…) — skipped 3 lines`: the line tests and users read. */
export function loadStatusText(summary: CaptureSummary): string {
  const files = summary.files.map((f) => f.name);
  const from = files.length === 1 ? (files[0] ?? '') : `${files.length} files`;
  const perId = summary.eventIdCounts.map((c) => `${formatCount(c.count)} ${eventName(c.eventId)}`).join(', ');
  let text = `Loaded ${formatCount(summary.events)} ${summary.events === 1 ? 'event' : 'events'} from ${from}`;
  if (perId) text += ` (${perId})`;
  if (summary.problemCount > 0) text += `; skipped ${formatCount(summary.problemCount)} ${summary.problemCount === 1 ? 'line' : 'lines'}`;
  if (summary.ignoredCount > 0) text += `; ignored ${formatCount(summary.ignoredCount)} other events`;
  return text;
}
