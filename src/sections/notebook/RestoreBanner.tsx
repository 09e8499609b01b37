import { useNotebook, useStartFresh } from '../../store/store';

/** "Restored from <time>", what could not be restored, and Start fresh. */
export function RestoreBanner() {
  const restored = useNotebook((s) => s.notebook.restored);
  const startFresh = useStartFresh();
  if (!restored) return null;
  const when = new Date(restored.savedAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
  return (
    <div className="restore-banner row">
      <p role="status" data-testid="restore-status">
        Restored from {when}.{restored.note ? ` ${restored.note}` : ''}
      </p>
      <button type="button" onClick={() => void startFresh()}>
        Start fresh
      </button>
    </div>
  );
}
