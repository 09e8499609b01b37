import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { FOLDER_RANK } from './layers.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: ROOT });

async function layerErrors(file: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'etwlab/layers').map((m) => m.message);
}

describe('the layers lint rule', () => {
  it('fails an import that goes up a layer', async () => {
    const errors = await layerErrors('src/frame/upward.ts', "import { useNotebook } from '../store/store';\nexport const store = useNotebook;\n");
    expect(errors).toEqual([expect.stringContaining('src/frame/ may not import src/store/')]);
  });

  it("fails the page importing a worker's internals, and passes its protocol", async () => {
    expect(await layerErrors('src/store/internal.ts', "export { DataSession } from '../worker/dataSession';\n")).toHaveLength(1);
    expect(await layerErrors('src/store/protocol.ts', "export type { CaptureSummary } from '../worker/protocol';\n")).toEqual([]);
  });

  it('fails production code importing test support, and lets tests do it', async () => {
    const text = "export { rows } from '../test-support/testRows';\n";
    expect(await layerErrors('src/ingest/uses.ts', text)).toHaveLength(1);
    expect(await layerErrors('src/ingest/uses.test.ts', text)).toEqual([]);
  });

  it('knows every folder of src', () => {
    const folders = fs.readdirSync(path.join(ROOT, 'src'), { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'test-support');
    expect(folders.map((d) => d.name).filter((name) => !FOLDER_RANK.has(name))).toEqual([]);
  });

  it('finds no import cycle between src folders (static, dynamic and worker imports)', () => {
    const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', 'src'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.startsWith('src/test-support/'));
    const edges = new Map<string, Set<string>>();
    const importPattern = /(?:from\s+|import\(\s*|new URL\(\s*)['"](\.[^'"]+)['"]/g;
    for (const file of files) {
      const from = file.split('/')[1] ?? '';
      for (const match of fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(importPattern)) {
        const target = path.relative(path.join(ROOT, 'src'), path.resolve(ROOT, path.dirname(file), match[1] ?? '')).split(path.sep)[0] ?? '';
        if (target !== from && FOLDER_RANK.has(target) && FOLDER_RANK.has(from)) {
          if (!edges.has(from)) edges.set(from, new Set());
          edges.get(from)?.add(target);
        }
      }
    }
    const upward = [...edges].flatMap(([from, targets]) =>
      [...targets].filter((to) => (FOLDER_RANK.get(to) ?? 0) > (FOLDER_RANK.get(from) ?? 0) && to !== 'worker').map((to) => `${from} -> ${to}`),
    );
    expect(upward).toEqual([]);
  });
});
