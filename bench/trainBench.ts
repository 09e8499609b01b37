import { BACKEND_ORDER, type BackendName } from '../src/worker/backend';
import type { FromTrainBench, TrainBenchConfig } from './trainBenchProtocol';

function isBackendName(value: string): value is BackendName {
  return BACKEND_ORDER.some((backend) => backend === value);
}

/** `?rows=100000&backends=webgl,wasm,cpu&batches=32,256,1024&cap=8&threads=8`, with those defaults. */
function configFromQuery(query: URLSearchParams): TrainBenchConfig {
  const numbers = (text: string): number[] =>
    text
      .split(',')
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0);
  return {
    rows: Number(query.get('rows') ?? 100_000),
    backends: (query.get('backends') ?? BACKEND_ORDER.join(',')).split(',').filter(isBackendName),
    batchSizes: numbers(query.get('batches') ?? '32,256,1024'),
    capSeconds: Number(query.get('cap') ?? 8),
    maxThreads: Number(query.get('threads') ?? 8),
  };
}

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from train.html`);
  return found;
}

const log = element('log');
const status = document.querySelector<HTMLElement>('[data-testid="bench-status"]');
const resultBox = element('result');
const config = configFromQuery(new URLSearchParams(window.location.search));
const worker = new Worker(new URL('./trainBench.worker.ts', import.meta.url), { type: 'module' });

worker.onmessage = (message: MessageEvent<FromTrainBench | { kind: 'batch' }>): void => {
  const data = message.data;
  switch (data.kind) {
    case 'batch':
      return;
    case 'progress':
      log.textContent += `${data.message}\n`;
      console.log(`[train-bench] ${data.message}`);
      return;
    case 'done':
      resultBox.textContent = JSON.stringify(data.result, null, 1);
      if (status) status.textContent = 'Done';
      return;
    case 'failed':
      resultBox.textContent = data.message;
      if (status) status.textContent = 'Failed';
      return;
  }
};
worker.onerror = (event: ErrorEvent): void => {
  resultBox.textContent = event.message;
  if (status) status.textContent = 'Failed';
};
if (status) status.textContent = 'Running';
worker.postMessage(config);
