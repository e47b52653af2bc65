/** A start-up failure an operator must read: one line, no stack. */
export class TransportStartError extends Error {
  override readonly name = 'TransportStartError';
}
