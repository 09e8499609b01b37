#!/usr/bin/env node
/**
 * Derives src/known-bad/seedTable.json from public lists kept outside the project:
 *   ../shared/data/lolbas/yml/** /*.yml  (LOLBAS-Project/LOLBAS @3403b33)
 *   ../shared/data/sigma/*.yml          (SigmaHQ/sigma @8eaafff, rules/windows/process_creation/)
 *
 * Usage: node scripts/derive-known-bad-table.mjs [--data ../shared/data] [--out src/known-bad/seedTable.json]
 *
 * No YAML library is installed, so a small reader for the block-style subset these files use
 * (maps, sequences, quoted and plain scalars, block scalars, comments) lives here.
 */
import { readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const SOURCES = [
  {
    id: 'lolbas',
    repository: 'LOLBAS-Project/LOLBAS',
    commit: '3403b33',
    paths: ['yml/**/*.yml'],
    license:
      'LOLBAS Project, GPL-3.0 (NOTICE.md). Only facts are kept here: binary names, documented ' +
      'locations and ATT&CK technique ids. ATT&CK ids © The MITRE Corporation, used under the ' +
      'ATT&CK terms of use.',
  },
  {
    id: 'sigma',
    repository: 'SigmaHQ/sigma',
    commit: '8eaafff',
    paths: [
      'rules/windows/process_creation/proc_creation_win_susp_system_exe_anomaly.yml',
      'rules/windows/process_creation/proc_creation_win_susp_proc_wrong_parent.yml',
      'rules/windows/process_creation/proc_creation_win_svchost_masqueraded_execution.yml',
    ],
    license:
      'Sigma rules are released under the Detection Rule License (DRL) 1.1, which asks that ' +
      'derived work name the rules and their authors: see `rules` below.',
  },
];

// ---------------------------------------------------------------------------------------------
// YAML subset reader

/** Splits text into lines with their indentation; tabs are not valid YAML indentation. */
function toLines(text) {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((raw, index) => {
      const indent = raw.length - raw.replace(/^ +/, '').length;
      return { raw, indent, text: raw.slice(indent), lineNo: index + 1 };
    });
}

function isSkippable(line) {
  const t = line.text.trimEnd();
  return t === '' || t.startsWith('#') || t === '---' || t === '...';
}

/** Index just past the closing quote of a quoted scalar starting at `start`, or -1. */
function quotedEnd(text, start) {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (quote === "'" && text[i] === "'") {
      if (text[i + 1] === "'") {
        i++;
        continue;
      }
      return i + 1;
    }
    if (quote === '"') {
      if (text[i] === '\\') {
        i++;
        continue;
      }
      if (text[i] === '"') return i + 1;
    }
  }
  return -1;
}

/** Position of the `:` that ends a mapping key on this line, or -1 when the line is not `key: ...`. */
function keyColon(text) {
  if (text.startsWith("'") || text.startsWith('"')) {
    const end = quotedEnd(text, 0);
    if (end < 0) return -1;
    return text[end] === ':' && (end + 1 === text.length || text[end + 1] === ' ') ? end : -1;
  }
  if (text.startsWith('- ') || text === '-' || text.startsWith('[') || text.startsWith('{')) return -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '#' && i > 0 && text[i - 1] === ' ') return -1;
    if (text[i] === ':' && (i + 1 === text.length || text[i + 1] === ' ')) return i;
  }
  return -1;
}

function unquoteKey(key) {
  const k = key.trim();
  if (k.startsWith("'") || k.startsWith('"')) return scalar(k);
  return k;
}

const DOUBLE_ESCAPES = { n: '\n', t: '\t', r: '\r', 0: '\0', '"': '"', '\\': '\\', '/': '/', ' ': ' ' };

/** One inline scalar: quoted, flow sequence, or plain (with a trailing comment removed). */
function scalar(rawText) {
  const text = rawText.trim();
  if (text.startsWith("'")) {
    const end = quotedEnd(text, 0);
    const body = end < 0 ? text.slice(1) : text.slice(1, end - 1);
    return body.replace(/''/g, "'");
  }
  if (text.startsWith('"')) {
    const end = quotedEnd(text, 0);
    const body = end < 0 ? text.slice(1) : text.slice(1, end - 1);
    return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/g, (_, esc) => {
      if (esc.length > 1) return String.fromCharCode(parseInt(esc.slice(1), 16));
      return DOUBLE_ESCAPES[esc] ?? esc;
    });
  }
  if (text.startsWith('[') && text.endsWith(']')) return flowItems(text.slice(1, -1)).map(scalar);
  const comment = text.search(/\s#/);
  const plain = (comment >= 0 ? text.slice(0, comment) : text).trim();
  if (plain === '' || plain === '~' || plain === 'null' || plain === 'Null' || plain === 'NULL') return null;
  return plain;
}

/** Splits the inside of a flow sequence on commas outside quotes. */
function flowItems(inner) {
  const items = [];
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === "'" || inner[i] === '"') {
      const end = quotedEnd(inner, i);
      if (end > 0) i = end - 1;
    } else if (inner[i] === ',') {
      items.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  if (inner.slice(start).trim() !== '') items.push(inner.slice(start));
  return items.filter((item) => item.trim() !== '');
}

class YamlReader {
  constructor(text, file) {
    this.lines = toLines(text);
    this.pos = 0;
    this.file = file;
  }

  fail(message) {
    const line = this.lines[this.pos];
    throw new Error(`${this.file}:${line ? line.lineNo : 'end'}: ${message}`);
  }

  peek() {
    while (this.pos < this.lines.length && isSkippable(this.lines[this.pos])) this.pos++;
    return this.lines[this.pos];
  }

  /** A node whose lines are indented at least `minIndent`; null when there is none. */
  node(minIndent) {
    const line = this.peek();
    if (!line || line.indent < minIndent) return null;
    if (line.text === '-' || line.text.startsWith('- ')) return this.sequence(line.indent);
    if (keyColon(line.text) >= 0) return this.map(line.indent);
    this.pos++;
    return this.plainContinuation(scalar(line.text), line.indent - 1);
  }

  /** Plain scalars may continue on more-indented lines; YAML folds them with spaces. */
  plainContinuation(value, parentIndent) {
    if (typeof value !== 'string') return value;
    let folded = value;
    for (let line = this.peek(); line && line.indent > parentIndent; line = this.peek()) {
      if (line.text.startsWith('- ') || keyColon(line.text) >= 0) break;
      folded += ` ${scalar(line.text) ?? ''}`.trimEnd();
      this.pos++;
    }
    return folded;
  }

  blockScalar(header, parentIndent) {
    const keepNewlines = header.startsWith('|');
    const parts = [];
    let blockIndent = -1;
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos];
      if (line.text.trim() === '') {
        parts.push('');
        this.pos++;
        continue;
      }
      if (line.indent <= parentIndent) break;
      if (blockIndent < 0) blockIndent = line.indent;
      parts.push(line.raw.slice(blockIndent));
      this.pos++;
    }
    while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    return keepNewlines ? parts.join('\n') : parts.join(' ');
  }

  /** The value after `key:` on a line at `indent`. */
  valueAfterKey(rest, indent) {
    const text = rest.trim();
    if (/^[|>][+-]?[0-9]?(\s+#.*)?$/.test(text)) return this.blockScalar(text, indent);
    if (text === '' || text.startsWith('#')) {
      const next = this.peek();
      if (!next) return null;
      if (next.indent > indent) return this.node(next.indent);
      // A sequence may sit at the same indentation as its key.
      if (next.indent === indent && (next.text === '-' || next.text.startsWith('- '))) return this.sequence(indent);
      return null;
    }
    return this.plainContinuation(scalar(text), indent);
  }

  map(indent) {
    const result = {};
    for (let line = this.peek(); line && line.indent === indent; line = this.peek()) {
      const colon = keyColon(line.text);
      if (colon < 0) break;
      const key = unquoteKey(line.text.slice(0, colon));
      this.pos++;
      result[key] = this.valueAfterKey(line.text.slice(colon + 1), indent);
    }
    const after = this.peek();
    if (after && after.indent > indent) this.fail(`unexpected indentation in a mapping`);
    return result;
  }

  sequence(indent) {
    const items = [];
    for (let line = this.peek(); line && line.indent === indent; line = this.peek()) {
      if (!(line.text === '-' || line.text.startsWith('- '))) break;
      const rest = line.text.slice(1);
      const restTrimmed = rest.trimStart();
      if (restTrimmed === '' || restTrimmed.startsWith('#')) {
        this.pos++;
        items.push(this.node(indent + 1));
        continue;
      }
      // `- key: value` opens a mapping whose keys are aligned with `key`: re-read the line
      // as if it started at that column.
      const column = indent + 1 + (rest.length - restTrimmed.length);
      if (keyColon(restTrimmed) >= 0 || restTrimmed.startsWith('- ')) {
        this.lines[this.pos] = { ...line, indent: column, text: restTrimmed };
        items.push(this.node(column));
        continue;
      }
      this.pos++;
      items.push(this.plainContinuation(scalar(restTrimmed), indent));
    }
    return items;
  }
}

/** Parses the first document of a YAML file in the block-style subset. */
export function parseYaml(text, file = '<yaml>') {
  const reader = new YamlReader(text, file);
  const value = reader.node(0);
  const rest = reader.peek();
  if (rest) reader.fail(`could not read from here on: ${rest.text.slice(0, 40)}`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Paths

const asList = (value) => (value === null || value === undefined ? [] : Array.isArray(value) ? value : [value]);
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Drops a drive letter or device prefix so `C:\Windows\x` and `\Device\HarddiskVolume3\Windows\x` compare equal. */
function withoutVolume(path) {
  return path.replace(/^[a-z]:/i, '').replace(/^\\device\\harddiskvolume\d+/i, '');
}

/** `C:\Windows\System32\certutil.exe` → `\Windows\System32`; null for a non-path such as `no default`. */
function folderOf(fullPath) {
  const path = withoutVolume(fullPath.trim().replace(/\//g, '\\'));
  if (!path.startsWith('\\') && !path.startsWith('%')) return null;
  const cut = path.lastIndexOf('\\');
  if (cut <= 0) return '\\';
  return path.slice(0, cut);
}

/**
 * Driver-store folders carry a per-build hash (`cui_dch.inf_amd64_0e95edab338ad669`) that differs on
 * every machine, so the listed ones stand for any folder there.
 */
function collapseDriverStore(folder) {
  if (folder === null) return null;
  const match = /^(\\windows\\system32\\driverstore\\filerepository)\\[^\\]+$/i.exec(folder);
  return match ? '\\Windows\\System32\\DriverStore\\FileRepository\\*' : folder;
}

const hasUpper = (s) => s !== s.toLowerCase();

// ---------------------------------------------------------------------------------------------
// LOLBAS

function walkYml(dir) {
  const files = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) files.push(...walkYml(full));
    else if (/\.ya?ml$/i.test(entry)) files.push(full);
  }
  return files;
}

function deriveLolbas(ymlDir, warnings) {
  const byName = new Map();
  for (const file of walkYml(ymlDir)) {
    const rel = relative(ymlDir, file).split(sep).join('/');
    const doc = parseYaml(readFileSync(file, 'utf8'), rel);
    if (!isObject(doc) || typeof doc.Name !== 'string') {
      warnings.push(`${rel}: no Name, skipped`);
      continue;
    }
    const name = doc.Name.trim();
    const category = rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : 'Other';
    const entry = byName.get(name.toLowerCase()) ?? {
      key: name.toLowerCase(),
      name,
      category,
      folders: new Map(),
      mitreIds: new Set(),
      uses: new Set(),
    };
    for (const item of asList(doc.Full_Path)) {
      const path = isObject(item) ? item.Path : null;
      if (typeof path !== 'string') continue;
      const folder = collapseDriverStore(folderOf(path));
      if (folder === null) continue;
      const key = folder.toLowerCase();
      const known = entry.folders.get(key);
      // Prefer the spelling with capitals: LOLBAS writes some paths all in lower case.
      if (known === undefined || (!hasUpper(known) && hasUpper(folder))) entry.folders.set(key, folder);
    }
    for (const command of asList(doc.Commands)) {
      if (!isObject(command)) continue;
      for (const id of asList(command.MitreID)) if (typeof id === 'string') entry.mitreIds.add(id.trim());
      if (typeof command.Category === 'string') entry.uses.add(command.Category.trim());
    }
    byName.set(entry.key, entry);
  }
  return [...byName.values()]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((entry) => ({
      name: entry.name,
      key: entry.key,
      category: entry.category,
      folders: [...entry.folders.entries()].map(([key, display]) => ({ key, display })),
      mitreIds: [...entry.mitreIds].sort(),
      uses: [...entry.uses].sort(),
    }));
}

// ---------------------------------------------------------------------------------------------
// Sigma

const stripSlash = (s) => s.replace(/^\\/, '');

/** Every combination of one choice per condition (a Sigma map ANDs its fields, a list ORs its values). */
function combinations(lists) {
  return lists.reduce((acc, list) => acc.flatMap((prefix) => list.map((item) => [...prefix, item])), [[]]);
}

/**
 * Reads one Sigma filter map (its fields ANDed) as allowed locations for one field
 * (`Image` or `ParentImage`): folder glob patterns over `folder + '\'` and optional names.
 */
function filterLocations(filter, field, ignored) {
  const names = [];
  const folderParts = [];
  let allowsMissing = false;
  for (const [key, value] of Object.entries(filter)) {
    const [fieldName, ...modifiers] = key.split('|');
    if (fieldName !== field) {
      ignored.add(fieldName);
      continue;
    }
    const values = asList(value);
    const modifier = modifiers.join('|');
    if (modifier === '' && values.some((v) => v === null || v === '' || v === '-')) {
      allowsMissing = true;
      continue;
    }
    if (modifier === 'endswith') names.push(values.filter((v) => typeof v === 'string').map(stripSlash));
    else if (modifier === 'startswith') folderParts.push(values.map((v) => ({ at: 'start', text: withoutVolume(v) })));
    else if (modifier === 'contains') {
      // `contains 'C:\Program Files\...'` can only match at the start of the path.
      folderParts.push(values.map((v) => (/^[a-z]:/i.test(v) ? { at: 'start', text: withoutVolume(v) } : { at: 'any', text: v })));
    } else if (modifier === '') {
      // An exact full path: its folder exactly, and its name.
      names.push(values.map((v) => v.slice(v.lastIndexOf('\\') + 1)));
      folderParts.push(values.map((v) => ({ at: 'exact', text: `${folderOf(v)}\\` })));
    } else ignored.add(key);
  }
  const nameChoices = names.length === 0 ? [null] : names.reduce((a, b) => a.filter((n) => b.includes(n)));
  const folderChoices =
    folderParts.length === 0
      ? [null]
      : combinations(folderParts).map((parts) => {
          let pattern = '';
          for (const part of parts) {
            if (part.at === 'exact' || part.at === 'start') pattern = part.text + (part.at === 'start' ? '*' : '');
            else pattern = `${pattern === '' ? '*' : pattern}${part.text}*`;
          }
          return pattern.replace(/\*+/g, '*');
        });
  const locations = [];
  for (const name of nameChoices) for (const folder of folderChoices) locations.push({ name, folder });
  return { locations, allowsMissing };
}

function ruleFilters(detection) {
  const filters = [];
  for (const [key, value] of Object.entries(detection)) {
    if (!key.startsWith('filter')) continue;
    for (const map of asList(value)) if (isObject(map)) filters.push({ key, map });
  }
  return filters;
}

function deriveSigma(sigmaDir, warnings) {
  const rules = [];
  const systemBinaries = new Map();
  const wrongParents = new Map();
  const files = readdirSync(sigmaDir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort();
  for (const file of files) {
    const rule = parseYaml(readFileSync(join(sigmaDir, file), 'utf8'), file);
    const detection = isObject(rule) ? rule.detection : null;
    if (!isObject(detection) || !isObject(detection.selection)) {
      warnings.push(`${file}: no detection.selection, skipped`);
      continue;
    }
    const condition = String(detection.condition ?? '');
    if (!/^selection( and not 1 of filter\w*\*)+$/.test(condition)) {
      warnings.push(`${file}: condition "${condition}" is not "selection and not 1 of filter_*", skipped`);
      continue;
    }
    rules.push({ id: rule.id, title: rule.title, author: rule.author, file });
    const children = asList(detection.selection['Image|endswith']).map(stripSlash);
    const ignored = new Set();
    const usesParent = ruleFilters(detection).some(({ map }) => Object.keys(map).some((k) => k.startsWith('ParentImage')));
    for (const { map } of ruleFilters(detection)) {
      if (usesParent) {
        const { locations, allowsMissing } = filterLocations(map, 'ParentImage', ignored);
        for (const child of children) {
          const entry = wrongParents.get(child.toLowerCase()) ?? { child, allowedParents: [], allowsNoParent: false, rules: [] };
          if (!entry.rules.includes(rule.id)) entry.rules.push(rule.id);
          entry.allowsNoParent ||= allowsMissing;
          for (const location of locations) {
            if (location.name === null && location.folder === null) continue;
            if (!entry.allowedParents.some((p) => p.name === location.name && p.folder === location.folder)) {
              entry.allowedParents.push(location);
            }
          }
          wrongParents.set(child.toLowerCase(), entry);
        }
      } else {
        const { locations } = filterLocations(map, 'Image', ignored);
        for (const location of locations) {
          if (location.folder === null) continue;
          const applies = location.name === null ? children : children.filter((c) => c.toLowerCase() === location.name.toLowerCase());
          for (const child of applies) {
            const entry = systemBinaries.get(child.toLowerCase()) ?? { name: child, allowedFolders: [], rules: [] };
            if (!entry.rules.includes(rule.id)) entry.rules.push(rule.id);
            if (!entry.allowedFolders.includes(location.folder)) entry.allowedFolders.push(location.folder);
            systemBinaries.set(child.toLowerCase(), entry);
          }
        }
      }
    }
    if (ignored.size > 0) warnings.push(`${file}: fields not usable on ETW process events, ignored: ${[...ignored].join(', ')}`);
  }
  const byKey = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  return {
    rules,
    systemBinaries: [...systemBinaries.entries()].sort(byKey).map(([key, e]) => ({ key, ...e })),
    wrongParents: [...wrongParents.entries()].sort(byKey).map(([key, e]) => ({ key, ...e })),
  };
}

// ---------------------------------------------------------------------------------------------

/** One entry per line: small diffs when the sources move. */
function formatTable(table) {
  const lines = ['{'];
  const keys = Object.keys(table);
  keys.forEach((key, k) => {
    const value = table[key];
    const comma = k < keys.length - 1 ? ',' : '';
    if (Array.isArray(value)) {
      lines.push(`  ${JSON.stringify(key)}: [`);
      value.forEach((item, i) => lines.push(`    ${JSON.stringify(item)}${i < value.length - 1 ? ',' : ''}`));
      lines.push(`  ]${comma}`);
    } else lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)}${comma}`);
  });
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

export function deriveTable(dataDir) {
  const warnings = [];
  const lolbas = deriveLolbas(join(dataDir, 'lolbas', 'yml'), warnings);
  const sigma = deriveSigma(join(dataDir, 'sigma'), warnings);
  const sources = SOURCES.map((s) => (s.id === 'sigma' ? { ...s, rules: sigma.rules } : s));
  return {
    table: {
      schema: 'etwlab-known-bad-seed/1',
      sources,
      lolbas,
      systemBinaries: sigma.systemBinaries,
      wrongParents: sigma.wrongParents,
    },
    warnings,
  };
}

function main() {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  const dataDir = resolve(option('--data', join(process.cwd(), '..', 'shared', 'data')));
  const out = resolve(option('--out', join(process.cwd(), 'src', 'known-bad', 'seedTable.json')));
  if (!existsSync(join(dataDir, 'lolbas', 'yml')) || !existsSync(join(dataDir, 'sigma'))) {
    console.error(`No lolbas/yml or sigma folder under ${dataDir}; pass --data <folder>.`);
    process.exit(1);
  }
  const { table, warnings } = deriveTable(dataDir);
  for (const warning of warnings) console.warn(`warning: ${warning}`);
  writeFileSync(out, formatTable(table));
  console.log(
    `wrote ${relative(process.cwd(), out)}: ${table.lolbas.length} LOLBAS entries, ` +
      `${table.systemBinaries.length} system binaries, ${table.wrongParents.length} wrong-parent rules`,
  );
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('derive-known-bad-table.mjs')) main();
