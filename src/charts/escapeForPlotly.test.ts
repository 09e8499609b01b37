import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeForPlotly, plotlyLabel, shortenMiddle } from './escapeForPlotly';

/** Plotly's own decoding of the three entities, written independently of the escaper. */
function decode(text: string): string {
  return text.replace(/&(lt|gt|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', amp: '&' })[name] ?? '');
}

describe('escapeForPlotly', () => {
  it('turns markup from captures into entities', () => {
    expect(escapeForPlotly('<img src=x onerror=window.__pwned=1>')).toBe('&lt;img src=x onerror=window.__pwned=1&gt;');
    expect(escapeForPlotly('<script>window.__pwned=1</script>')).toBe('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(escapeForPlotly('<a href="javascript:alert(1)">x</a>')).toBe('&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;');
  });

  it('escapes ampersands first, so existing entities stay literal', () => {
    expect(escapeForPlotly('a&lt;b & c')).toBe('a&amp;lt;b &amp; c');
  });

  it('leaves ordinary paths alone', () => {
    expect(escapeForPlotly('\\Windows\\System32\\rundll32.exe')).toBe('\\Windows\\System32\\rundll32.exe');
  });

  it('never leaves a tag opener and decodes back to the original', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('<', '>', '&', 'a', ';', 'l', 't', ' ', 'é') }), (text) => {
        const escaped = escapeForPlotly(text);
        expect(escaped).not.toMatch(/[<>]/);
        expect(decode(escaped)).toBe(text);
      }),
    );
  });
});

describe('shortenMiddle', () => {
  it('keeps short text unchanged', () => {
    expect(shortenMiddle('cmd.exe', 7)).toBe('cmd.exe');
  });

  it('cuts the middle and keeps both ends', () => {
    expect(shortenMiddle('abcdefghij', 7)).toBe('abc…hij');
    expect(shortenMiddle('abcdefghij', 6)).toBe('abc…ij');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(shortenMiddle('😀😀😀😀😀', 4)).toBe('😀😀…😀');
  });
});

describe('plotlyLabel', () => {
  it('shortens before escaping, so no entity is cut', () => {
    const label = plotlyLabel('<<<<<<<<<<', 5);
    expect(label).toBe('&lt;&lt;…&lt;&lt;');
  });
});
