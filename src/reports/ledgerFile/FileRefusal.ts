/**
 * A file the import will not read, with the one Chinese sentence that says why and what to do.
 * It never quotes the file's content: a refusal may be said where the content must not be.
 */
export class FileRefusal extends Error {
  override name = 'FileRefusal';
}
