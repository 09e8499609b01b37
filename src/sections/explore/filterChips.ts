/** The active Explore filters as chips: a sentence each, and what clearing it changes. */
import { WEEKDAY_NAMES } from '../../lib/time';
import type { FrameFilter } from '../../frame/query';
import { formatUtc } from '../../lib/format';
import { LABEL_SERIES } from '../../charts/palette';

/** One active filter. `text` is capture text for names and folders: render it as text. */
export interface FilterChip {
  key: string;
  text: string;
  /** The patch that removes this filter. */
  clear: Partial<FrameFilter>;
}

/** How codes in a filter read as words. */
export interface ChipVocabulary {
  eventName: (eventId: number) => string;
  hostName: (code: number) => string | null;
  fileName: (code: number) => string | null;
  folderName: (code: number) => string | null;
  /** e.g. `UTC` or `UTC+01:00`, the zone hours and weekdays are counted in. */
  timeZone: string;
}

function labelName(label: number): string {
  return LABEL_SERIES.find((series) => series.label === label)?.name.toLowerCase() ?? `label ${label}`;
}

/** The chips for every active filter, in the order the filter bar shows them. */
export function filterChips(filter: FrameFilter, words: ChipVocabulary): FilterChip[] {
  const chips: FilterChip[] = [];
  if (filter.eventIds.length > 0) chips.push({ key: 'event', text: `Event: ${filter.eventIds.map(words.eventName).join(', ')}`, clear: { eventIds: [] } });
  if (filter.hostCodes.length > 0) {
    const hosts = filter.hostCodes.map((code) => words.hostName(code) ?? `host #${code}`);
    chips.push({ key: 'host', text: `Host: ${hosts.join(', ')}`, clear: { hostCodes: [] } });
  }
  if (filter.labels.length > 0) chips.push({ key: 'label', text: `Label: ${filter.labels.map(labelName).join(', ')}`, clear: { labels: [] } });
  if (filter.timeFromMs !== null) chips.push({ key: 'from', text: `From ${formatUtc(filter.timeFromMs)}`, clear: { timeFromMs: null } });
  if (filter.timeToMs !== null) chips.push({ key: 'to', text: `To ${formatUtc(filter.timeToMs)}`, clear: { timeToMs: null } });
  if (filter.text.trim() !== '') chips.push({ key: 'text', text: `Name or folder contains “${filter.text.trim()}”`, clear: { text: '' } });
  if (filter.nameCode !== null) {
    chips.push({ key: 'name', text: `File name: ${words.fileName(filter.nameCode) ?? `#${filter.nameCode}`}`, clear: { nameCode: null } });
  }
  if (filter.folderCode !== null) {
    chips.push({ key: 'folder', text: `Folder: ${words.folderName(filter.folderCode) ?? `#${filter.folderCode}`}`, clear: { folderCode: null } });
  }
  if (filter.hour !== null) chips.push({ key: 'hour', text: `Hour: ${filter.hour}:00–${filter.hour}:59 ${words.timeZone}`, clear: { hour: null } });
  if (filter.weekday !== null) {
    chips.push({ key: 'weekday', text: `Weekday: ${WEEKDAY_NAMES[filter.weekday] ?? filter.weekday} (${words.timeZone})`, clear: { weekday: null } });
  }
  return chips;
}
