/** An attachment bigger than its reader allowed: nothing past the cap was read. */
export class AttachmentTooLargeError extends Error {
  override name = 'AttachmentTooLargeError';
  constructor(
    readonly maxBytes: number,
    /** the size the platform declared, when it declared one */
    readonly declared?: number,
  ) {
    super(`attachment over ${maxBytes} bytes`);
  }
}

/**
 * Collects a stream of bytes, giving up (and ending the stream) as soon as it passes `maxBytes`:
 * a 3 GB upload costs at most `maxBytes` of memory, never the whole file.
 */
export async function readCapped(
  chunks: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    const b =
      typeof chunk === 'string'
        ? Buffer.from(chunk)
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += b.length;
    // leaving the loop early closes the stream (its return() runs): the download or read stops here
    if (total > maxBytes) throw new AttachmentTooLargeError(maxBytes);
    parts.push(b);
  }
  return Buffer.concat(parts, total);
}
