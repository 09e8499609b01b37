import { describe, expect, it } from 'vitest';
import { JsonValueScanner } from './jsonValueScanner';
import type { JsonRowHandler } from './jsonValueScanner';

type Output = ['row', number, string] | ['malformed', number, string];

function scan(chunks: readonly string[], maxRowChars?: number): Output[] {
  const output: Output[] = [];
  const handler: JsonRowHandler = {
    row: (text, line) => output.push(['row', line, text]),
    malformed: (line, reason) => output.push(['malformed', line, reason]),
  };
  const scanner = new JsonValueScanner(handler, maxRowChars);
  for (const chunk of chunks) scanner.push(chunk);
  scanner.finish();
  return output;
}

describe('JsonValueScanner', () => {
  it('slices elements of one array with their start lines', () => {
    expect(scan(['[{"a":1},\n {"b":"x]}"}]'])).toEqual([
      ['row', 1, '{"a":1}'],
      ['row', 2, '{"b":"x]}"}'],
    ]);
  });

  it('reads indented arrays written back to back as velociraptor --format json does', () => {
    const text = '[\n  {\n    "a": 1,\n    "n": {"x": [1, 2]}\n  },\n  {\n    "b": 2\n  }\n][\n  {\n    "c": 3\n  }\n]\n';
    expect(scan([text])).toEqual([
      ['row', 2, '{\n    "a": 1,\n    "n": {"x": [1, 2]}\n  }'],
      ['row', 6, '{\n    "b": 2\n  }'],
      ['row', 10, '{\n    "c": 3\n  }'],
    ]);
  });

  it('reads pretty-printed objects back to back (jq output)', () => {
    expect(scan(['{\n  "a": 1\n}\n{\n  "b": "}"\n}\n'])).toEqual([
      ['row', 1, '{\n  "a": 1\n}'],
      ['row', 4, '{\n  "b": "}"\n}'],
    ]);
  });

  it('tracks escapes: quotes and backslashes inside strings', () => {
    const element = '{"p":"C:\\\\x\\\\","q":"say \\"}\\" ok"}';
    expect(JSON.parse(element)).toEqual({ p: 'C:\\x\\', q: 'say "}" ok' });
    expect(scan([`[${element},{"z":0}]`])).toEqual([
      ['row', 1, element],
      ['row', 1, '{"z":0}'],
    ]);
  });

  it('gives the same rows wherever the chunks are cut', () => {
    const text = '[\n {"a":"x\\"y","b":[1,{"c":"]"}]},\n 7,\n "s",\n {"d":"\\\\"}\n]\n[ {"e":1} ]';
    const expected = scan([text]);
    expect(expected.map((entry) => entry[2])).toEqual(['{"a":"x\\"y","b":[1,{"c":"]"}]}', '7', '"s"', '{"d":"\\\\"}', '{"e":1}']);
    for (let cut = 0; cut <= text.length; cut++) {
      for (let cut2 = cut; cut2 <= text.length; cut2 += 2) {
        expect(scan([text.slice(0, cut), text.slice(cut, cut2), text.slice(cut2)])).toEqual(expected);
      }
    }
  });

  it('reports a row the file ends inside of, and a stray text run once', () => {
    expect(scan(['[{"a":1},\n{"b":'])).toEqual([
      ['row', 1, '{"a":1}'],
      ['malformed', 2, 'truncated JSON (the file ends inside this row)'],
    ]);
    expect(scan(['oops\nstill\n[{"a":1}]'])).toEqual([
      ['malformed', 1, 'text outside JSON arrays and objects'],
      ['row', 3, '{"a":1}'],
    ]);
  });

  it('reports a row over the size limit and continues after it', () => {
    expect(scan(['[{"big":"0123456789"},{"s":1}]'], 10)).toEqual([
      ['malformed', 1, 'row longer than 10 characters'],
      ['row', 1, '{"s":1}'],
    ]);
  });
});
