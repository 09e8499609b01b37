#!/usr/bin/env node
/**
 * Derives public/samples/known-bad/otrf-atomic.jsonl: real attacker process starts from OTRF
 * Security-Datasets recordings, with the benign background activity of the lab hosts removed.
 *
 * Usage: node scripts/derive-real-known-bad.mjs [otrf-dir] [out-file]
 *   otrf-dir defaults to ../shared/data/otrf (atomic_process_creation.jsonl, the recordings
 *   *.json and metadata/SDWIN-*.yaml); out-file to public/samples/known-bad/otrf-atomic.jsonl.
 *
 * Rule (README.md beside the sample says the same in words):
 *  1. A dataset is used only when a metadata file names it (its Host file link's base name equals
 *     the record's `_dataset`, or the recording's file name starts with it).
 *  2. The attacker's commands come from the metadata's `adversary_view`: Empire `shell <cmd>`
 *     lines, Covenant `/shellcommand:"<cmd>"` arguments, and for manual (Cmd) datasets every line.
 *     The Empire "Active agents" table gives the agent processes (host and PID).
 *  3. Seeds: process starts whose command line contains one of those commands (case, quotes and
 *     runs of spaces ignored), or whose creator is an agent process on the agent's host.
 *  4. Every process started by a kept process (Sysmon ParentProcessGuid, or Security 4688 creator
 *     PID on the same host after it started) is kept too: the attacker's process trees.
 *  5. Per dataset one log only: Sysmon event 1 where the dataset has any, else Security 4688, so a
 *     process is not counted twice. Records are written unchanged, one JSON object a line, sorted
 *     by dataset then time, with `_dataset` kept so a reader can trace each row to its source and
 *     `Message` (the same fields as prose) dropped.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const otrfDir = process.argv[2] ?? '../shared/data/otrf';
const outFile = process.argv[3] ?? 'public/samples/known-bad/otrf-atomic.jsonl';

/** Lowercase, quotes dropped, whitespace runs collapsed: how commands and command lines compare. */
function normalise(text) {
  return String(text ?? '')
    .toLowerCase()
    .replace(/["'^`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The dataset names and attacker view of one metadata file (only the fields this script needs). */
function readMetadata(path) {
  const text = readFileSync(path, 'utf8');
  const datasets = [...text.matchAll(/\/host\/([^/\s]+?)\.(?:zip|tar\.gz)\s*$/gm)].map((m) => m[1]);
  const lines = text.split('\n');
  const start = lines.findIndex((line) => /^\s*adversary_view:/.test(line));
  const view = [];
  if (start >= 0) {
    const indent = (lines[start] ?? '').search(/\S/);
    for (const line of lines.slice(start + 1)) {
      if (line.trim() !== '' && line.search(/\S/) <= indent) break;
      view.push(line.trim());
    }
  }
  const title = /^title:\s*(.*)$/m.exec(text)?.[1]?.trim() ?? basename(path);
  const isManual = /^\s*name:\s*Cmd\s*$/m.test(text) || /type:\s*Manual/.test(text);
  return { id: basename(path, '.yaml'), title, datasets, view, isManual };
}

/** Commands and agents the attacker used, from the adversary view. */
function attackerActivity(meta) {
  const commands = [];
  const agents = [];
  for (const line of meta.view) {
    const shell = /^\(Empire: [^)]*\) > shell (.+)$/.exec(line);
    if (shell) commands.push(shell[1]);
    const covenant = /\/shellcommand:"([^"]+)"/i.exec(line);
    if (covenant) commands.push(covenant[1]);
    const agent = /^[A-Z0-9]{8}\s+ps\s+\S+\s+(\S+)\s+\S+\s+(\S+)\s+(\d+)\s/.exec(line);
    if (agent) agents.push({ host: agent[1].toLowerCase(), process: agent[2].toLowerCase(), pid: Number(agent[3]) });
    if (meta.isManual && line !== '' && !shell && !covenant) commands.push(line);
  }
  return {
    commands: commands
      .map(normalise)
      .filter((command) => command.length >= 4)
      .map(commandPattern),
    agents,
  };
}

/** The program's base name without .exe: `"c:\\windows\\system32\\mshta.exe" x` and `mshta x` both give `mshta`. */
function programOf(line) {
  const first = /^(?:"([^"]+)"|(\S+))/.exec(line.trim());
  const path = (first?.[1] ?? first?.[2] ?? '').toLowerCase();
  return path
    .split(/[\\/]/)
    .pop()
    .replace(/\.exe$/, '');
}

/**
 * How a typed command is recognised in a logged command line. The log expands what the shell
 * typed (full program paths, %APPDATA% and $env: resolved), so besides the whole normalised
 * command it matches on the program name plus the last path segment of the arguments
 * (`mshta "$env:appdata\...\T1218.005.hta"` → program mshta, tail t1218.005.hta).
 */
function commandPattern(command) {
  const program = programOf(command);
  const rest = command.slice(command.indexOf(' ') + 1 || command.length).trim();
  const tail = rest === '' ? '' : (rest.split(/[\\/]/).pop() ?? '').trim();
  return { command, program, tail: tail.length >= 5 ? tail : '' };
}

function matchesCommand(line, pattern) {
  if (line.includes(pattern.command)) return true;
  if (pattern.program === '' || pattern.tail === '' || programOf(line) !== pattern.program) return false;
  return line.includes(pattern.tail);
}

/** A process start in either log, whatever the JSON layout (flat or winlogbeat 6). */
function processStart(record) {
  const data = record.event_data ?? record;
  const eventId = Number(record.EventID ?? record.event_id);
  const channel = String(record.Channel ?? record.log_name ?? '').toLowerCase();
  const host = String(record.Hostname ?? record.computer_name ?? '')
    .toLowerCase()
    .split('.')[0];
  const time = Date.parse(String(record['@timestamp'] ?? record.TimeCreated ?? ''));
  if (eventId === 1 && channel.includes('sysmon')) {
    return {
      log: 'sysmon',
      host,
      time,
      pid: Number(data.ProcessId),
      parentPid: Number(data.ParentProcessId),
      guid: data.ProcessGuid,
      parentGuid: data.ParentProcessGuid,
      commandLine: data.CommandLine,
    };
  }
  if (eventId === 4688 && channel === 'security') {
    return {
      log: 'security',
      host,
      time,
      pid: Number.parseInt(data.NewProcessId, 16),
      parentPid: Number.parseInt(data.ProcessId, 16),
      commandLine: data.CommandLine,
    };
  }
  return null;
}

function readJsonLines(path) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

const metas = readdirSync(join(otrfDir, 'metadata'))
  .filter((name) => name.endsWith('.yaml'))
  .sort()
  .map((name) => readMetadata(join(otrfDir, 'metadata', name)));
const metaByDataset = new Map(metas.flatMap((meta) => meta.datasets.map((dataset) => [dataset, meta])));

/** Records grouped by dataset name: the atomic extract, then the untouched recordings. */
const byDataset = new Map();
for (const record of readJsonLines(join(otrfDir, 'atomic_process_creation.jsonl'))) {
  const list = byDataset.get(record._dataset) ?? [];
  list.push(record);
  byDataset.set(record._dataset, list);
}
for (const name of readdirSync(otrfDir).filter((file) => file.endsWith('.json'))) {
  const dataset = [...metaByDataset.keys()].find((candidate) => name.startsWith(`${candidate}_`));
  if (dataset === undefined) continue;
  // The recording is the whole dataset: it replaces any extract of the same dataset.
  byDataset.set(
    dataset,
    readJsonLines(join(otrfDir, name)).map((record) => ({ ...record, _dataset: dataset })),
  );
}

const kept = [];
const report = [];
for (const [dataset, records] of [...byDataset].sort(([a], [b]) => a.localeCompare(b))) {
  const meta = metaByDataset.get(dataset);
  if (meta === undefined) continue;
  const { commands, agents } = attackerActivity(meta);
  const starts = records.map((record) => ({ record, start: processStart(record) })).filter((item) => item.start !== null);
  const hasSysmon = starts.some((item) => item.start.log === 'sysmon');
  const used = starts.filter((item) => item.start.log === (hasSysmon ? 'sysmon' : 'security')).sort((a, b) => a.start.time - b.start.time);
  const isAgent = (host, pid) => agents.some((agent) => agent.host === host && agent.pid === pid);
  const keptGuids = new Set();
  const keptPids = new Set();
  const chosen = [];
  for (const item of used) {
    const { start } = item;
    const line = normalise(start.commandLine);
    const isCommand = commands.some((pattern) => matchesCommand(line, pattern));
    const isAgentChild = isAgent(start.host, start.parentPid);
    // Children of a kept process; Security logs have no GUIDs, so host + creator PID after its start.
    const isDescendant = start.parentGuid !== undefined ? keptGuids.has(start.parentGuid) : keptPids.has(`${start.host}:${start.parentPid}`);
    if (!(isCommand || isAgentChild || isDescendant)) continue;
    // Message repeats the fields as prose (the atomic extract already dropped it): it only adds size.
    const fields = { ...item.record };
    delete fields.Message;
    chosen.push(fields);
    if (start.guid !== undefined) keptGuids.add(start.guid);
    keptPids.add(`${start.host}:${start.pid}`);
  }
  report.push(
    `${meta.id} ${dataset}: ${chosen.length} of ${used.length} ${hasSysmon ? 'Sysmon 1' : 'Security 4688'} starts (${commands.length} commands, ${agents.length} agents)`,
  );
  kept.push(...chosen);
}

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, kept.map((record) => JSON.stringify(record)).join('\n') + '\n');
console.log(report.join('\n'));
console.log(`${kept.length} attacker process starts written to ${outFile}`);
