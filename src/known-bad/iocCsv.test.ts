import { describe, expect, it } from 'vitest';
import { matchIocs, parseHourSpan, parseIocCsv, parseUtcTime, type IocEntry } from './iocCsv';

describe('parseIocCsv', () => {
  it('reads case-insensitive headers after a BOM and keeps the valid rows', () => {
    const csv = [
      '\uFEFFName,PATH,First_Seen,last_seen,Hours,Actor,Note,extra',
      'svchost.exe,C:\\Users\\Public,2024-03-02T22:10:00Z,2024-03-03 01:30,22-5,FIN7,dropped copy,x',
      'rclone.exe,,,,,,,',
    ].join('\r\n');
    const { entries, problems } = parseIocCsv(csv);
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      {
        line: 2,
        name: 'svchost.exe',
        path: 'C:\\Users\\Public',
        firstSeenMs: Date.UTC(2024, 2, 2, 22, 10),
        lastSeenMs: Date.UTC(2024, 2, 3, 1, 30),
        hours: { from: 22, to: 5 },
        actor: 'FIN7',
        note: 'dropped copy',
      },
      { line: 3, name: 'rclone.exe', path: null, firstSeenMs: null, lastSeenMs: null, hours: null, actor: null, note: null },
    ]);
  });

  it('lists problems with their line and reason, counting lines inside quoted fields and blank lines', () => {
    const csv = [
      'name,path,first_seen,last_seen,hours,note', // 1
      'a.exe,\\ProgramData,yesterday,,,', // 2
      '', // 3
      'b.exe,,,,,"two', // 4
      'lines"', // 5
      ',,,,,', // 6
      'c.exe,,2024-03-05,2024-03-04,,', // 7
      'd.exe,,,,25-3,', // 8
      'e.exe,,2024-02-30,,,', // 9
      'f.exe,\\Temp,2024-03-01T10:00:00+02:00,,9–17,ok', // 10
    ].join('\n');
    const { entries, problems } = parseIocCsv(csv);
    expect(problems).toEqual([
      { line: 2, reason: 'first_seen "yesterday" is not a date (write 2024-03-01 or 2024-03-01T22:10:00Z).' },
      { line: 7, reason: 'last_seen is before first_seen.' },
      { line: 8, reason: 'hours "25-3" is not a span of hours 0–23 such as 22-5.' },
      { line: 9, reason: 'first_seen "2024-02-30" is not a date (write 2024-03-01 or 2024-03-01T22:10:00Z).' },
    ]);
    expect(entries.map((e) => [e.line, e.name, e.note])).toEqual([
      [4, 'b.exe', 'two\nlines'],
      [10, 'f.exe', 'ok'],
    ]);
    expect(entries[1]?.firstSeenMs).toBe(Date.UTC(2024, 2, 1, 8, 0));
    expect(entries[1]?.hours).toEqual({ from: 9, to: 17 });
  });

  it('reports a header without name or path, and an empty file', () => {
    expect(parseIocCsv('hash,actor\nabc,x\n')).toEqual({
      entries: [],
      problems: [{ line: 1, reason: 'No "name" or "path" column in the header (hash, actor).' }],
    });
    expect(parseIocCsv('\n\n').problems).toEqual([{ line: 1, reason: 'The file is empty.' }]);
  });

  it('reports unterminated quotes as invalid CSV', () => {
    const { problems } = parseIocCsv('name,path\nx.exe,"\\Temp\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.line).toBe(2);
    expect(problems[0]?.reason).toMatch(/^Not valid CSV: /);
  });
});

describe('time and hour parsing', () => {
  it('reads ISO dates as UTC unless a zone is given', () => {
    expect(parseUtcTime('2024-03-01')).toBe(Date.UTC(2024, 2, 1));
    expect(parseUtcTime('2024-03-01 23:59:59.5')).toBe(Date.UTC(2024, 2, 1, 23, 59, 59, 500));
    expect(parseUtcTime('2024-03-01T00:30:00-0130')).toBe(Date.UTC(2024, 2, 1, 2, 0));
    expect(parseUtcTime('03/01/2024')).toBeNaN();
    expect(parseUtcTime('2024-13-01')).toBeNaN();
  });

  it('reads hour spans', () => {
    expect(parseHourSpan('22-05')).toEqual({ from: 22, to: 5 });
    expect(parseHourSpan('24-5')).toBeNull();
    expect(parseHourSpan('night')).toBeNull();
  });
});

describe('matchIocs', () => {
  const entry = (name: string | null, path: string | null): IocEntry => ({
    line: 2,
    name,
    path,
    firstSeenMs: null,
    lastSeenMs: null,
    hours: null,
    actor: null,
    note: null,
  });
  const folderIoc = entry('svchost.exe', 'C:\\Users\\Public');
  const fullPathIoc = entry(null, 'C:\\ProgramData\\rclone.exe');
  const wildcardIoc = entry('*.exe', '\\Users\\*\\AppData\\Local\\Temp\\');
  const nameIoc = entry('AdFind*', null);
  const all = [folderIoc, fullPathIoc, wildcardIoc, nameIoc];

  it('matches a name in a folder, ignoring case and volume', () => {
    expect(matchIocs(all, 'SVCHOST.EXE', '\\Device\\HarddiskVolume3\\Users\\Public')).toEqual([folderIoc]);
    expect(matchIocs(all, 'svchost.exe', '\\Windows\\System32')).toEqual([]);
  });

  it('matches a full path against folder and name', () => {
    expect(matchIocs(all, 'rclone.exe', '\\programdata')).toEqual([fullPathIoc]);
    expect(matchIocs(all, 'rclone.exe', '\\ProgramData\\x')).toEqual([]);
  });

  it('expands * wildcards in names and paths', () => {
    expect(matchIocs(all, 'x.exe', 'C:\\Users\\bob\\AppData\\Local\\Temp')).toEqual([wildcardIoc]);
    expect(matchIocs(all, 'x.dll', 'C:\\Users\\bob\\AppData\\Local\\Temp')).toEqual([]);
    expect(matchIocs(all, 'adfind64.exe', '\\Tools')).toEqual([nameIoc]);
    // A dot in a name is literal, not "any character".
    expect(matchIocs([entry('a.exe', null)], 'abexe', '\\')).toEqual([]);
  });
});
