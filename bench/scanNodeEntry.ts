/** What bench/scanNode.mjs bundles and times: the reader, the scanner and the normaliser. */
export { readCapture } from '../src/ingest/readCapture';
export { scanRowFields } from '../src/ingest/rowFieldScanner';
export { normalizeRow } from '../src/ingest/normalizeRow';
export { FieldParsers, normalizeContext } from '../src/ingest/fieldParsers';
export { RowFieldReader } from '../src/ingest/rowTemplates';
