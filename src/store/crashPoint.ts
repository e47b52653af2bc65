/**
 * Fault injection for the reliability tests, off unless the environment asks for it:
 * `JZ_CRASH_AT=fold.written:2` kills the process (SIGKILL, as a power cut would) the 2nd time it
 * reaches the point `fold.written`; `JZ_FAIL_AT=backup.copy` makes that point fail as a full disk
 * does (ENOSPC); `JZ_HANG_AT=xlsx.sheet` makes that point spin for good, as a wedged library would.
 * Several points are separated by commas. Points: commit.durable, fold.rotated,
 * fold.chunk, fold.written, fold.renamed, backup.copy, backup.copied, xlsx.sheet (in the worker that
 * makes a workbook, read when it starts).
 */
function parse(spec: string | undefined): Map<string, number> {
  const m = new Map<string, number>();
  for (const part of (spec ?? '').split(',')) {
    const [name, n] = part.trim().split(':');
    if (name) m.set(name, Number(n ?? 1) || 1);
  }
  return m;
}

const crashAt = parse(process.env.JZ_CRASH_AT);
const failAt = parse(process.env.JZ_FAIL_AT);
const hangAt = parse(process.env.JZ_HANG_AT);
const reached = new Map<string, number>();

export function crashPoint(name: string): void {
  if (crashAt.size === 0 && failAt.size === 0 && hangAt.size === 0) return;
  const n = (reached.get(name) ?? 0) + 1;
  reached.set(name, n);
  if (crashAt.get(name) === n) process.kill(process.pid, 'SIGKILL');
  // busy, not waiting: only terminating the thread ends it
  if (hangAt.get(name) === n) for (;;) Math.random();
  const failFrom = failAt.get(name);
  if (failFrom !== undefined && n >= failFrom)
    throw Object.assign(new Error(`ENOSPC: no space left on device (injected at ${name})`), {
      code: 'ENOSPC',
    });
}
