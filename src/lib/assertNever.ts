/** Ends every exhaustive switch over a tagged union: adding a tag without handling it fails to compile. */
export function assertNever(value: never, context = 'value'): never {
  throw new Error(`Unhandled ${context}: ${JSON.stringify(value)}`);
}
