import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncDir } from './FsyncJsonFile.js';

/** Evidence files (佐证材料) live in the data folder, under this folder. */
export const EVIDENCE_DIR = 'evidence';

/** A file name safe on any disk: no path, no separators or controls, at most 60 characters. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const clean = base.replace(/[\u0000-\u001f<>:"|?*]/g, '').replace(/^\.+/, '');
  return Array.from(clean).slice(-60).join('') || 'file';
}

/**
 * Writes an evidence file durably (fsync of the file and its folder), readable only by the bot's
 * user (0600), and returns its path relative to the data folder.
 */
export function saveEvidence(dataDir: string, stem: string, name: string, bytes: Buffer): string {
  const dir = join(dataDir, EVIDENCE_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const rel = join(EVIDENCE_DIR, `${stem}-${safeFileName(name)}`);
  const fd = openSync(join(dataDir, rel), 'wx', 0o600);
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  fsyncDir(dir);
  return rel;
}
