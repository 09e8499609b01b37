import { describe, expect, it } from 'vitest';
import { readCapture } from './readCapture';
import { recordingSink } from '../test-support/testSink';
import { sourceFromBytes, sourceFromText } from '../test-support/testSources';
import { imageLoadData, markedTime, processStartData, v074Row } from '../test-support/testRows';
import { buildZip } from '../test-support/testZip';
import type { TestZipEntry } from '../test-support/testZip';
import { readZipDirectory } from './zipArchive';

const CMD = '\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe';

/** n ETW rows (starts and loads alternating) as JSON Lines, without host names, as watch_etw writes them. */
function etwLines(count: number, firstPid: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const pid = String(firstPid + i);
    const row =
      i % 2 === 0
        ? v074Row(
            1,
            `2025-03-04T10:00:${String(i % 60).padStart(2, '0')}Z`,
            processStartData(pid, String(i + 1), '4', '1', markedTime('2025', '03', '04T10:00:00Z'), CMD),
          )
        : v074Row(5, `2025-03-04T10:00:${String(i % 60).padStart(2, '0')}Z`, imageLoadData(pid, '\\Device\\HarddiskVolume3\\Windows\\System32\\ntdll.dll'));
    lines.push(JSON.stringify(row));
  }
  return `${lines.join('\n')}\n`;
}

const sysmonLine = JSON.stringify({
  EventID: 1,
  Channel: 'Microsoft-Windows-Sysmon/Operational',
  Hostname: 'LAB-PC',
  UtcTime: '2025-03-04 10:01:00.000',
  ProcessId: '77',
  Image: 'C:\\Windows\\System32\\whoami.exe',
  ParentProcessId: '76',
  ParentImage: 'C:\\Windows\\System32\\cmd.exe',
  CommandLine: 'whoami /all',
});

/** A collector zip as Velociraptor's offline collector writes one, with the given extra entries. */
function collectorEntries(etw: string): TestZipEntry[] {
  return [
    { name: 'results/Custom.ETW.Kernel_Process.json', text: etw },
    { name: 'results/Custom.ETW.Kernel_Process.json.index', text: 'xxxxxxxx', method: 0 },
    { name: 'results/Custom.ETW.Kernel_Process.csv', text: 'System,EventData\n' },
    { name: 'results/Windows.Sysmon%2FProcessCreation.json', text: `${sysmonLine}\n`, method: 0 },
    { name: 'results/Generic.Client.Info%2FBasicInformation.json', text: '{"Name":"velociraptor","OS":"windows"}\n' },
    { name: 'uploads/auto/C%3A/Windows/notepad.exe', text: 'MZ\u0000\u0001', method: 0 },
    { name: 'uploads/auto/C%3A/Windows/System32/calc.exe', text: 'MZ\u0000\u0002' },
    { name: 'log.json', text: '{"level":"INFO"}\n' },
    { name: 'client_info.json', text: JSON.stringify({ ClientId: 'C.0123456789abcdef', Hostname: 'WIN-COLLECTED', Fqdn: 'win-collected.lab' }) },
    { name: 'collection_context.json', text: '{}' },
  ];
}

async function readZip(bytes: Uint8Array<ArrayBuffer>, name = 'Collection-WIN-COLLECTED-2025-03-04T10_05_00Z.zip') {
  const recording = recordingSink();
  const outcome = await readCapture(sourceFromBytes(bytes, name), recording.sink);
  return { ...recording, outcome };
}

describe('zip archives', () => {
  it('reads the directory of stored, deflated and ZIP64 archives with a comment', async () => {
    const entries: TestZipEntry[] = [
      { name: 'a.txt', text: 'hello', method: 0 },
      { name: 'dir/', text: '', method: 0 },
      { name: 'b/ü.json', text: 'x'.repeat(1000) },
    ];
    for (const options of [{}, { zip64: true }, { comment: 'made by a test' }]) {
      const bytes = await buildZip(entries, options);
      const directory = await readZipDirectory(new Blob([bytes]));
      expect(directory.map((e) => [e.name, e.method, e.uncompressedSize, e.isDirectory])).toEqual([
        ['a.txt', 0, 5, false],
        ['dir/', 0, 0, true],
        ['b/ü.json', 8, 1000, false],
      ]);
      // 1000 repeated characters deflate to far fewer bytes.
      expect(directory[2]?.compressedSize).toBeLessThan(50);
    }
  });

  it('reads results/*.json of a collector zip, skips the rest with a summary, and takes the host from client_info.json', async () => {
    const bytes = await buildZip(collectorEntries(etwLines(40, 1000)));
    const result = await readZip(bytes);
    // Rows looked at: 40 ETW rows + 1 Sysmon row + the Generic.Client.Info row, which is no event.
    expect(result.outcome).toEqual({
      format: 'zip',
      isGzip: false,
      rows: 42,
      fatal: null,
      note:
        'Read 2 result files (results/Custom.ETW.Kernel_Process.json, results/Windows.Sysmon/ProcessCreation.json); ' +
        'no process events in results/Generic.Client.Info/BasicInformation.json; ' +
        'skipped 1 .index file, 1 CSV copy of JSON results, 2 files in uploads/, 3 collection metadata files.',
    });
    expect(result.events).toHaveLength(41);
    expect(result.events.filter((e) => e.eventId === 1)).toHaveLength(21);
    expect(result.events.filter((e) => e.eventId === 5)).toHaveLength(20);
    expect(new Set(result.events.slice(0, 40).map((e) => e.host))).toEqual(new Set(['WIN-COLLECTED']));
    expect(result.events[40]).toMatchObject({ host: 'LAB-PC', imageName: 'C:\\Windows\\System32\\whoami.exe', commandLine: 'whoami /all' });
    expect(result.problems).toEqual([]);
    expect(result.progressCalls.at(-1)).toBe(bytes.byteLength);
  });

  it('names the zip entry in problem lines', async () => {
    const etw = etwLines(4, 1);
    const broken = `${etw}{"System": not json}\n`;
    const result = await readZip(await buildZip([{ name: 'results/A.json', text: broken }]), 'c.zip');
    expect(result.events).toHaveLength(4);
    expect(result.problems.map((p) => [p.file, p.line])).toEqual([['c.zip/results/A.json', 5]]);
  });

  it('reads a CSV result when there is no JSON of it, and a ZIP64 archive', async () => {
    const header = 'System,EventData\n';
    const row = v074Row(1, '2025-03-04T10:00:00Z', processStartData('5', '1', '4', '1', markedTime('2025', '03', '04T10:00:00Z'), CMD));
    const cell = (value: unknown): string => `"${JSON.stringify(value).replace(/"/g, '""')}"`;
    const csv = `${header}${cell(row.System)},${cell(row.EventData)}\n`;
    const result = await readZip(await buildZip([{ name: 'results/K.csv', text: csv }], { zip64: true }), 'export.zip');
    expect(result.outcome.fatal).toBeNull();
    expect(result.events.map((e) => [e.eventId, e.processId])).toEqual([[1, 5]]);
  });

  it('says which zips hold nothing to read, and which are damaged', async () => {
    const noResults = await readZip(
      await buildZip([
        { name: 'log.json', text: '{}' },
        { name: 'uploads/x.bin', text: 'x' },
      ]),
      'empty.zip',
    );
    expect(noResults.outcome).toEqual({
      format: 'zip',
      isGzip: false,
      rows: 0,
      fatal: 'empty.zip is a zip archive without results/*.json or results/*.csv (2 entries; skipped 1 collection metadata file, 1 file in uploads/)',
    });
    const good = await buildZip([{ name: 'results/A.json', text: etwLines(2, 1) }]);
    const truncated = good.slice(0, good.byteLength - 10);
    expect((await readZip(truncated, 'cut.zip')).outcome.fatal).toBe('cut.zip is not a readable zip archive (no end of central directory record)');
    const onlyInfo = await readZip(await buildZip([{ name: 'results/Info.json', text: '{"OS":"windows"}\n' }]), 'info.zip');
    expect(onlyInfo.outcome.fatal).toBe('info.zip holds no process events in its results (results/Info.json)');
  });

  it('does not take a text file starting with PK for a zip', async () => {
    const result = await readCapture(sourceFromText('PK,EventData\n1,2\n', 'pk.csv'), recordingSink().sink);
    expect(result.format).toBe('csv');
  });
});
