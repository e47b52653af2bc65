/** The data folder cannot be used as it is. The message names the file and the way out; nothing was changed. */
export class DataFileError extends Error {
  override name = 'DataFileError';
}
