import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { createWorkerServices } from './app/services';
import { NotebookPersistence } from './actions/persistence';
import { createNotebookStore, NotebookContext } from './store/store';
import { readUrlParams } from './store/urlParams';
import './app/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');

// The page's run-time objects, made once: the URL's parameters, the workers, the store, startup and autosave.
const store = createNotebookStore(createWorkerServices(readUrlParams(window.location.search)));
const persistence = new NotebookPersistence(store);
const context = { store, startFresh: () => persistence.startFresh() };

createRoot(root).render(
  <StrictMode>
    <NotebookContext.Provider value={context}>
      <App start={() => persistence.start()} />
    </NotebookContext.Provider>
  </StrictMode>,
);
