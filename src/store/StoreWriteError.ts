/**
 * A change could not be written (disk full, I/O error, file not writable): it was not recorded,
 * nothing changed. The reply says so; the bot goes on answering what needs no write.
 */
export class StoreWriteError extends Error {
  override name = 'StoreWriteError';
  constructor(
    readonly code: string,
    cause: unknown,
  ) {
    super(`the store could not record a change (${code})`, { cause });
  }

  /** True when the disk (or the file size limit) is full, as opposed to another I/O error. */
  get diskFull(): boolean {
    return this.code === 'ENOSPC' || this.code === 'EFBIG' || this.code === 'EDQUOT';
  }
}
