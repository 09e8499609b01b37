/**
 * The text of anything thrown: an Error's message, anything else as a string. With `maxLength`,
 * a longer message is cut there with an ellipsis (for messages quoted inside another).
 */
export function errorMessage(error: unknown, maxLength = Infinity): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > maxLength ? `${message.slice(0, maxLength - 3)}...` : message;
}
