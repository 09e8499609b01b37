import { useState } from 'react';
import { useNotebookStore } from '../../store/store';
import { currentSettings, shareableUrl } from '../../store/urlSync';

/** Copies a link that rebuilds these settings; shows the link when the clipboard is refused. */
export function CopyLinkButton() {
  const [result, setResult] = useState<{ kind: 'copied' } | { kind: 'manual'; url: string } | null>(null);
  const store = useNotebookStore();
  const copy = (): void => {
    const url = shareableUrl(currentSettings(store.getState()), window);
    const clipboard = typeof navigator.clipboard === 'undefined' ? null : navigator.clipboard;
    if (!clipboard) {
      setResult({ kind: 'manual', url });
      return;
    }
    clipboard.writeText(url).then(
      () => setResult({ kind: 'copied' }),
      () => setResult({ kind: 'manual', url }),
    );
  };
  return (
    <span className="copy-link">
      <button type="button" onClick={copy}>
        Copy link to these settings
      </button>
      {result?.kind === 'copied' ? (
        <span role="status" className="muted">
          Link copied.
        </span>
      ) : null}
      {result?.kind === 'manual' ? (
        <label className="muted">
          Copy this link: <input readOnly value={result.url} size={40} onFocus={(e) => e.currentTarget.select()} aria-label="Link to these settings" />
        </label>
      ) : null}
    </span>
  );
}
