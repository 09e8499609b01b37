import { useEffect } from 'react';
import { cellIds } from '../../store/notebookSlice';
import { useNotebook } from '../../store/store';

const CURRENT = 'present-current';

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
}

/**
 * Notebook-wide presenter mode: one section at a time, enlarged, moved through with the arrow
 * keys (or Page Up/Down) and left with Esc. The notebook gets the `presenting` class (App sets
 * it); this marks the section shown.
 */
export function PresenterMode() {
  const index = useNotebook((s) => s.notebook.presentIndex);
  const present = useNotebook((s) => s.present);

  useEffect(() => {
    if (index === null) return;
    const shown = document.getElementById(cellIds[index] ?? '');
    shown?.classList.add(CURRENT);
    shown?.scrollIntoView({ block: 'start' });
    const onKey = (event: KeyboardEvent): void => {
      // A key already handled below (a chart's presenter overlay, listening on the document, which
      // the event reaches before the window) is that overlay's move: one key press, one move.
      if (event.defaultPrevented || isTyping(event.target)) return;
      if (event.key === 'ArrowRight' || event.key === 'PageDown') present(index + 1);
      else if (event.key === 'ArrowLeft' || event.key === 'PageUp') present(index - 1);
      else if (event.key === 'Escape') present(null);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      shown?.classList.remove(CURRENT);
      window.removeEventListener('keydown', onKey);
    };
  }, [index, present]);

  if (index === null) return null;
  const title = document.getElementById(`${cellIds[index] ?? ''}-heading`)?.textContent ?? '';
  return (
    <div className="present-bar" role="status" aria-label="Presenter mode">
      <span>
        Section {index + 1} of {cellIds.length}
        {title ? ` · ${title.trim()}` : ''} · ← → to move, Esc to leave
      </span>
      <button type="button" onClick={() => present(index - 1)} disabled={index === 0} aria-label="Previous section">
        ←
      </button>
      <button type="button" onClick={() => present(index + 1)} disabled={index === cellIds.length - 1} aria-label="Next section">
        →
      </button>
      <button type="button" onClick={() => present(null)}>
        Leave presenter mode
      </button>
    </div>
  );
}
