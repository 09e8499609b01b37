import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOWN_BAD_CONFIG } from '../store/knownBadSlice';
import { buildReportHtml, escapeHtml } from './report';
import { testRun } from '../test-support/testNotebook';

const HOSTILE = `<img src=x onerror="alert(1)">&'</script><script>alert(2)</script>`;

describe('run report', () => {
  it('escapes every capture string and embeds only SVG data images', () => {
    const html = buildReportHtml({
      run: testRun(1),
      generatedAt: Date.UTC(2024, 5, 3, 12, 0, 0),
      capture: { fileNames: [`${HOSTILE}.jsonl`], events: 1234 },
      knownBad: DEFAULT_KNOWN_BAD_CONFIG,
      charts: [
        { title: 'Loss per epoch', svgDataUrl: 'data:image/svg+xml,%3Csvg%3E%3C%2Fsvg%3E' },
        { title: 'Injected', svgDataUrl: 'javascript:alert(3)' },
      ],
      suspicious: [
        {
          score: 0.98765,
          event: {
            row: 0,
            timeMs: Date.UTC(2024, 5, 3, 4, 6, 42),
            eventId: 1,
            host: HOSTILE,
            name: `evil${HOSTILE}.exe`,
            folder: '\\users\\public',
            volume: 'C:',
            processId: 1,
            parentProcessId: 2,
            parentName: null,
            label: 2,
            isSynthetic: true,
            source: 'x',
            commandLine: null,
          },
        },
      ],
    });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('javascript:');
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(html).toContain('<td>evil&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;.exe</td>');
    expect(html).toContain('<img src="data:image/svg+xml,%3Csvg%3E%3C%2Fsvg%3E" alt="Loss per epoch"');
    expect(html.match(/<img /g)).toHaveLength(1);
    // Metrics of the network and the baseline, the score of the event and its label.
    expect(html).toContain('<tr><td>ROC AUC</td><td>0.875</td><td>0.990</td></tr>');
    expect(html).toContain('<td>0.988</td><td>2024-06-03 04:06:42Z</td>');
    expect(html).toContain('<td>known bad (generated)</td>');
    expect(html).toContain(`content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"`);
  });
});
