import type { Logger } from '../core/types.js';
import { isoAt } from '../domain/dates.js';

const LEVELS = { error: 0, warn: 1, info: 2, debug: 3 } as const;

/**
 * Logs to stderr (stdout belongs to `simulate`'s JSON Lines), filtered by LOG_LEVEL (default info).
 * `now` is the bot's clock where it is virtual (`simulate`, `console`): a log line of a 2022
 * transcript says when in 2022 it happened (Shanghai time), not when the run was.
 */
export function stderrLogger(level = process.env.LOG_LEVEL ?? 'info', now?: () => number): Logger {
  const max = LEVELS[level as keyof typeof LEVELS] ?? LEVELS.info;
  const stamp = now ? () => isoAt(now()) : () => new Date().toISOString();
  const at = (name: keyof typeof LEVELS) => (line: string) => {
    if (LEVELS[name] <= max) process.stderr.write(`[${stamp()}] ${name}: ${line}\n`);
  };
  return { error: at('error'), warn: at('warn'), info: at('info') };
}

/** A logger that keeps lines, for tests. */
export function memoryLogger(lines: string[] = []): Logger & { lines: string[] } {
  const push = (p: string) => (l: string) => lines.push(`${p}: ${l}`);
  return { lines, error: push('error'), warn: push('warn'), info: push('info') };
}
