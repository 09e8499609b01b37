import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSharedData } from '../test-support/sharedData';
import { folderMatches, loadSeedTable, parseSeedTable, seedFoldersFor } from './seedTable';

const DATA = join(process.cwd(), '..', 'shared', 'data');
const LOLBAS_DIR = join(DATA, 'lolbas', 'yml');

describe('built-in seed table', () => {
  const table = loadSeedTable();

  it('names its sources with commits and licences', () => {
    expect(table.sources.map((s) => `${s.repository}@${s.commit}`)).toEqual(['LOLBAS-Project/LOLBAS@3403b33', 'SigmaHQ/sigma@8eaafff']);
    expect(table.sources[0]?.license).toContain('GPL-3.0');
    expect(table.sources[1]?.license).toContain('DRL');
    expect(table.sources[1]?.rules?.map((r) => r.id).sort()).toEqual([
      '96036718-71cc-4027-a538-d1587e0006a7',
      'be58d2e2-06c8-4f58-b666-b99f6dc3b6cd',
      'e4a6b256-3e47-40fc-89d2-7a477edd6915',
    ]);
  });

  it('keeps LOLBAS folders without the drive, with a lower-case key', () => {
    const certutil = table.lolbas.find((e) => e.key === 'certutil.exe');
    expect(certutil?.folders).toEqual([
      { key: '\\windows\\system32', display: '\\Windows\\System32' },
      { key: '\\windows\\syswow64', display: '\\Windows\\SysWOW64' },
    ]);
    expect(certutil?.mitreIds).toEqual(['T1027.013', 'T1105', 'T1140', 'T1564.004']);
    expect(certutil?.category).toBe('OSBinaries');
    // "no default" is not a folder.
    expect(table.lolbas.find((e) => e.key === 'procdump.exe')?.folders).toEqual([]);
  });

  it('reads Sigma system-binary folders and wrong-parent rules', () => {
    const svchost = table.systemBinaries.find((e) => e.key === 'svchost.exe');
    expect(svchost?.allowedFolders).toContain('\\Windows\\System32\\*');
    expect(svchost?.rules).toHaveLength(2);
    // The pwsh-only filters apply to pwsh.exe, not to powershell.exe.
    expect(table.systemBinaries.find((e) => e.key === 'pwsh.exe')?.allowedFolders).toContain('\\Program Files\\PowerShell\\7\\*');
    expect(table.systemBinaries.find((e) => e.key === 'powershell.exe')?.allowedFolders).not.toContain('\\Program Files\\PowerShell\\7\\*');
    expect(table.systemBinaries).toHaveLength(55);
    expect(table.wrongParents.map((e) => e.key)).toEqual([
      'csrss.exe',
      'lsaiso.exe',
      'lsass.exe',
      'lsm.exe',
      'services.exe',
      'svchost.exe',
      'taskhost.exe',
      'wininit.exe',
      'winlogon.exe',
    ]);
    expect(table.wrongParents[0]?.allowedParents).toEqual([
      { name: 'SavService.exe', folder: null },
      { name: 'ngen.exe', folder: null },
      { name: null, folder: '*\\System32\\*' },
      { name: null, folder: '*\\SysWOW64\\*' },
      { name: 'MsMpEng.exe', folder: '*\\Windows Defender\\*' },
      { name: 'MsMpEng.exe', folder: '*\\Microsoft Security Client\\*' },
    ]);
    expect(table.wrongParents[0]?.allowsNoParent).toBe(true);
  });

  it('lists the legitimate folders of a name from both sources', () => {
    const folders = seedFoldersFor(table, 'CERTUTIL.EXE');
    expect(folders.slice(0, 2)).toEqual(['\\Windows\\System32', '\\Windows\\SysWOW64']);
    expect(folders).toContain('\\Windows\\WinSxS\\*');
  });
});

describe('folderMatches', () => {
  it('matches globs case-insensitively over the folder with a trailing backslash', () => {
    expect(folderMatches('\\Windows\\System32\\*', '\\windows\\system32')).toBe(true);
    expect(folderMatches('\\Windows\\System32\\*', '\\Windows\\System32\\wbem')).toBe(true);
    expect(folderMatches('\\Windows\\System32\\*', '\\Windows\\System')).toBe(false);
    expect(folderMatches('*\\System32\\*', '\\Windows\\System32')).toBe(true);
    expect(folderMatches('\\Windows\\System32\\', '\\Windows\\System32\\wbem')).toBe(false);
    expect(folderMatches('\\windows\\system32', '\\Windows\\System32')).toBe(true);
    expect(folderMatches('\\Users\\<username>\\AppData', '\\Users\\bob\\AppData')).toBe(true);
    expect(folderMatches('\\Users\\<username>\\AppData', '\\Users\\bob\\x\\AppData')).toBe(false);
    expect(folderMatches('\\Program Files (x86)\\A.B', '\\Program Files (x86)\\AxB')).toBe(false);
  });
});

describe('parseSeedTable', () => {
  const valid = {
    schema: 'etwlab-known-bad-seed/1',
    sources: [],
    lolbas: [{ name: 'A.exe', key: 'a.exe', category: 'OSBinaries', folders: [{ key: '\\x', display: '\\X' }], mitreIds: [], uses: [] }],
    systemBinaries: [],
    wrongParents: [{ key: 'b.exe', child: 'b.exe', allowedParents: [{ name: 'c.exe', folder: null }], allowsNoParent: false, rules: [] }],
  };

  it('accepts the expected shape', () => {
    expect(parseSeedTable(valid).lolbas[0]?.name).toBe('A.exe');
  });

  it('names the section that is wrong', () => {
    expect(() => parseSeedTable({ ...valid, schema: 'other' })).toThrow('schema is other');
    expect(() => parseSeedTable({ ...valid, lolbas: [{ ...valid.lolbas[0], key: 'A.exe' }] })).toThrow('"lolbas"');
    expect(() => parseSeedTable({ ...valid, wrongParents: [{ ...valid.wrongParents[0], allowedParents: [{ name: null, folder: null }] }] })).toThrow(
      '"wrongParents"',
    );
    expect(() => parseSeedTable([])).toThrow('not an object');
  });
});

function ymlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? ymlFiles(full) : entry.endsWith('.yml') ? [full] : [];
  });
}

describe.skipIf(!hasSharedData(existsSync(LOLBAS_DIR), 'lolbas/yml'))(
  'seed table against ../shared/data (skipped outside CI when ../shared/data/lolbas is absent)',
  () => {
    it('has one entry per LOLBAS Name and every MITRE id of the files', () => {
      const texts = ymlFiles(LOLBAS_DIR).map((f) => readFileSync(f, 'utf8'));
      const names = new Set(texts.map((t) => /^Name:\s*(.+?)\s*$/m.exec(t)?.[1]?.toLowerCase()));
      const ids = new Set(texts.flatMap((t) => [...t.matchAll(/MitreID:\s*(T[\d.]+)/g)].map((m) => m[1])));
      const table = loadSeedTable();
      expect(new Set(table.lolbas.map((e) => e.key))).toEqual(names);
      expect(new Set(table.lolbas.flatMap((e) => e.mitreIds))).toEqual(ids);
    });

    it('is what scripts/derive-known-bad-table.mjs makes from the data today', () => {
      const dir = mkdtempSync(join(tmpdir(), 'seed-table-'));
      try {
        const out = join(dir, 'seedTable.json');
        execFileSync(process.execPath, ['scripts/derive-known-bad-table.mjs', '--data', DATA, '--out', out], { stdio: 'pipe' });
        expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(process.cwd(), 'src', 'known-bad', 'seedTable.json'), 'utf8'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
