import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../config/campaign.js';
import { DataFileError } from '../store/DataFileError.js';
import { TransportStartError } from '../transports/TransportStartError.js';

/** The options every entry point shares (interfaces.md). */
export interface CliOptions {
  campaign: string;
  data: string;
  files: string | null;
  rest: string[];
  flags: Map<string, string>;
}

/** Parses `--campaign FILE --data DIR --files DIR` and any other `--name value`; the rest are positional. */
export function parseCliOptions(argv: string[]): CliOptions {
  const flags = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
      else flags.set(a.slice(2), argv[++i] ?? '');
    } else rest.push(a);
  }
  return {
    campaign: flags.get('campaign') ?? 'data/campaign.json',
    data: flags.get('data') ?? 'data',
    files: flags.get('files') ?? null,
    rest,
    flags,
  };
}

/** `--files` or a fresh temp dir, announced on stderr. */
export function filesDirOrTemp(files: string | null): string {
  if (files) return files;
  const dir = mkdtempSync(join(tmpdir(), 'jiaozheng-files-'));
  process.stderr.write(`文件目录：${dir}（临时；用 --files 目录 指定）\n`);
  return dir;
}

/** A wrong command line: printed as it is, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Prints a start-up failure as one clear line (no stack trace) and exits non-zero; a bad campaign file lists every problem. */
export function fail(e: unknown): never {
  const err = e as Error;
  const known =
    e instanceof UsageError ||
    e instanceof ConfigError ||
    e instanceof DataFileError ||
    e instanceof TransportStartError;
  const prefix = known && !(e instanceof ConfigError) ? '' : '启动失败：';
  process.stderr.write(`${prefix}${err?.message ?? String(e)}\n`);
  process.exit(known ? 2 : 1);
}
