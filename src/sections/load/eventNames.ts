/** Human names of the Kernel-Process event ids. */
export const EVENT_NAMES: Record<number, string> = {
  1: 'process start',
  2: 'process stop',
  5: 'image load',
  6: 'image unload',
};

export function eventName(eventId: number): string {
  return EVENT_NAMES[eventId] ?? `event ${eventId}`;
}
