import { useEffect, useState } from 'react';
import { useNotebookStore } from '../../store/store';
import { installUrlState } from '../../store/urlSync';

/** Applies a `#config=` link on mount and keeps the address in step; returns why a link was ignored. */
export function useUrlState(): string | null {
  const [warning, setWarning] = useState<string | null>(null);
  const store = useNotebookStore();
  useEffect(() => {
    const handle = installUrlState(store, window);
    setWarning(handle.warning);
    return () => handle.dispose();
  }, [store]);
  return warning;
}
