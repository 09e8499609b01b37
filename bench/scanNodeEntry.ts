/** What bench/scanNode.mjs bundles and times: the reader, the scanner and the normaliser, and the CSV text path. */
export { readCapture } from '../src/ingest/readCapture';
export { scanRowFields } from '../src/ingest/rowFieldScanner';
export { normalizeRow } from '../src/ingest/normalizeRow';
export { FieldParsers, normalizeContext } from '../src/ingest/fieldParsers';
export { RowFieldReader } from '../src/ingest/rowTemplates';
export { CsvReader } from '../src/ingest/formatReaders';
export { RowCollector } from '../src/ingest/rowCollector';
