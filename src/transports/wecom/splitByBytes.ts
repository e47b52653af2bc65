/**
 * Cuts a text into pieces of at most `maxBytes` UTF-8 bytes, at line ends where it can, else
 * between characters (never inside one): nothing is lost, the pieces joined give the text back
 * (the line breaks cut at are dropped, one per cut).
 */
export function splitByBytes(text: string, maxBytes: number): string[] {
  const pieces: string[] = [];
  let current = '';
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  const flush = () => {
    pieces.push(current);
    current = '';
  };
  for (const line of text.split('\n')) {
    const joined = current === '' ? line : `${current}\n${line}`;
    if (bytes(joined) <= maxBytes) {
      current = joined;
      continue;
    }
    if (current !== '') flush();
    if (bytes(line) <= maxBytes) {
      current = line;
      continue;
    }
    // One line longer than a message: cut between characters.
    for (const ch of line) {
      if (bytes(current) + bytes(ch) > maxBytes) flush();
      current += ch;
    }
  }
  if (current !== '' || pieces.length === 0) pieces.push(current);
  return pieces;
}
