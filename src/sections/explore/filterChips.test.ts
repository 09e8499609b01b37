import { describe, expect, it } from 'vitest';
import { NO_FILTER } from '../../frame/query';
import { DEFAULT_EXPLORE_FILTER } from '../../store/exploreSlice';
import { filterChips, type ChipVocabulary } from './filterChips';

const WORDS: ChipVocabulary = {
  eventName: (id) => ({ 1: 'process start', 2: 'process stop' })[id] ?? `event ${id}`,
  hostName: (code) => (code === 0 ? 'pc1' : null),
  fileName: (code) => (code === 3 ? '<script>x</script>' : null),
  folderName: (code) => (code === 4 ? '\\Windows\\System32' : null),
  timeZone: 'UTC+01:00',
};

describe('filter chips', () => {
  it('shows no chip without filters', () => {
    expect(filterChips(NO_FILTER, WORDS)).toEqual([]);
  });

  it('shows the default process-start filter as a chip that clears to all events', () => {
    expect(filterChips(DEFAULT_EXPLORE_FILTER, WORDS)).toEqual([{ key: 'event', text: 'Event: process start', clear: { eventIds: [] } }]);
  });

  it('describes every kind of filter, in order, with the patch that clears it', () => {
    const chips = filterChips(
      {
        eventIds: [1, 2],
        hostCodes: [0, 7],
        labels: [2],
        timeFromMs: Date.UTC(2024, 5, 2, 9, 0, 0),
        timeToMs: Date.UTC(2024, 5, 3, 0, 0, 0),
        text: '  temp ',
        nameCode: 3,
        folderCode: 4,
        hour: 9,
        weekday: 1,
      },
      WORDS,
    );
    expect(chips.map((c) => c.text)).toEqual([
      'Event: process start, process stop',
      'Host: pc1, host #7',
      'Label: known bad',
      'From 2024-06-02 09:00:00Z',
      'To 2024-06-03 00:00:00Z',
      'Name or folder contains “temp”',
      'File name: <script>x</script>',
      'Folder: \\Windows\\System32',
      'Hour: 9:00–9:59 UTC+01:00',
      'Weekday: Mon (UTC+01:00)',
    ]);
    expect(chips.map((c) => c.clear)).toEqual([
      { eventIds: [] },
      { hostCodes: [] },
      { labels: [] },
      { timeFromMs: null },
      { timeToMs: null },
      { text: '' },
      { nameCode: null },
      { folderCode: null },
      { hour: null },
      { weekday: null },
    ]);
  });

  it('falls back to the code when a name is not known', () => {
    expect(filterChips({ ...NO_FILTER, nameCode: 12 }, WORDS)[0]?.text).toBe('File name: #12');
  });
});
