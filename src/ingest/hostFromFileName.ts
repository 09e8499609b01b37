/**
 * Velociraptor stores a client's results under `clients/<ClientId>/…`, and users keep the id in
 * names of downloads, so a file name is the last place a host can come from.
 */
const CLIENT_ID_IN_NAME = /(?:^|[^0-9A-Za-z])(C\.[0-9a-fA-F]{16})(?![0-9A-Za-z])/;

/** The host a file without host fields belongs to: a Velociraptor client id (`C.` + 16 hex) in its name, else "unknown". */
export function hostFromFileName(name: string): string {
  const match = CLIENT_ID_IN_NAME.exec(name);
  return match?.[1] ?? 'unknown';
}
