import path from 'node:path';
import { FOLDER_RANK, TEST_ONLY, WORKER_PUBLIC } from './layers.js';

const SRC = path.resolve(import.meta.dirname, '..', 'src');
const isTest = (file) => /\.test\.tsx?$/.test(file) || file.split(path.sep).includes('test-support');

/** The src folder of an absolute path ('' for src/main.tsx), or null outside src. */
function folderOf(file) {
  const relative = path.relative(SRC, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  const parts = relative.split(path.sep);
  return parts.length > 1 ? parts[0] : '';
}

/** Why importing `target` from `file` breaks the layers, or null when it does not. */
export function layerViolation(file, target) {
  const from = folderOf(file);
  const to = folderOf(target);
  if (from === null || to === null || to === '' || from === to) return null;
  if (TEST_ONLY.includes(to)) return isTest(file) ? null : `production code may not import test support (${to}/)`;
  if (isTest(file) || from === '' || TEST_ONLY.includes(from)) return null;
  const fromRank = FOLDER_RANK.get(from);
  const toRank = FOLDER_RANK.get(to);
  if (fromRank === undefined) return `src/${from}/ is not in eslint/layers.js: give it a layer`;
  if (toRank === undefined) return `src/${to}/ is not in eslint/layers.js: give it a layer`;
  if (to === 'worker' && fromRank > toRank) {
    const module =
      path
        .relative(SRC, target)
        .split(path.sep)
        .join('/')
        .replace(/\.tsx?$/, '') + '.ts';
    return WORKER_PUBLIC.includes(module) ? null : `the page may import only the workers' protocols (${WORKER_PUBLIC.join(', ')}), not ${module}`;
  }
  if (toRank > fromRank) return `src/${from}/ may not import src/${to}/, a layer above it (see eslint/layers.js)`;
  return null;
}

/** ESLint rule: imports go down the layers of eslint/layers.js. */
export const layersRule = {
  meta: { type: 'problem', docs: { description: 'imports go one way: core, then workers, then the page' }, schema: [] },
  create(context) {
    const file = context.filename;
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), source);
      const problem = layerViolation(file, target);
      if (problem) context.report({ node, message: `Import of '${source}': ${problem}.` });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
