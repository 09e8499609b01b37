/** What bench/scanNodeCsv.mjs bundles and times: the reader, and the CSV text path driven by hand. */
export { readCapture } from '../src/ingest/readCapture';
export { CsvReader } from '../src/ingest/formatReaders';
export { RowCollector } from '../src/ingest/rowCollector';
