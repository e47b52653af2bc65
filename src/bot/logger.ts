import type { Logger } from '../core/types.js';

const LEVELS = { error: 0, warn: 1, info: 2, debug: 3 } as const;

/** Logs to stderr (stdout belongs to `simulate`'s JSON Lines), filtered by LOG_LEVEL (default info). */
export function stderrLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const max = LEVELS[level as keyof typeof LEVELS] ?? LEVELS.info;
  const at = (name: keyof typeof LEVELS) => (line: string) => {
    if (LEVELS[name] <= max) process.stderr.write(`[${new Date().toISOString()}] ${name}: ${line}\n`);
  };
  return { error: at('error'), warn: at('warn'), info: at('info') };
}

/** A logger that keeps lines, for tests. */
export function memoryLogger(lines: string[] = []): Logger & { lines: string[] } {
  const push = (p: string) => (l: string) => lines.push(`${p}: ${l}`);
  return { lines, error: push('error'), warn: push('warn'), info: push('info') };
}
