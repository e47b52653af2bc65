import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from '@jest/globals';

/**
 * The folders of src/, lowest first. A file may import from its own folder and from folders below
 * it, never from one above: so the pure parts (domain … commands) never reach the bot or a transport.
 */
const LAYERS = [
  'domain',
  'config',
  'store',
  'reports',
  'views',
  'core',
  'reminders',
  'commands',
  'bot',
  'transports',
  'bin',
] as const;

/** Packages only the transports may import: chat apps stay at the edge. */
const TRANSPORT_ONLY = /^(wechaty|wechaty-puppet[\w-]*|@wecom\/aibot-node-sdk|file-box|ws)(\/|$)/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/(?:from\s+|import\s*\(\s*|^import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? '');
}

function layerOf(path: string): string | null {
  const m = /^src\/([^/]+)\//.exec(path);
  return m ? (m[1] ?? null) : null;
}

describe('architecture', () => {
  const files = tsFiles('src').map((f) => f.split('\\').join('/'));

  it('knows every folder of src/', () => {
    const folders = new Set(files.map(layerOf).filter((l): l is string => l !== null));
    expect([...folders].filter((f) => !(LAYERS as readonly string[]).includes(f))).toEqual([]);
  });

  it('no folder imports from a folder above it', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      if (from === null) continue; // src/index.ts: the public entry composes everything
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = posix.normalize(posix.join(posix.dirname(file), spec));
        const to = layerOf(target);
        if (to === null) {
          wrong.push(`${file} → ${spec}`);
          continue;
        }
        const rank = (l: string) => (LAYERS as readonly string[]).indexOf(l);
        if (rank(to) > rank(from)) wrong.push(`${file} (${from}) → ${target} (${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('only src/transports knows the chat apps', () => {
    const wrong = files.flatMap((file) =>
      layerOf(file) === 'transports'
        ? []
        : importsOf(file)
            .filter((s) => TRANSPORT_ONLY.test(s))
            .map((s) => `${file} → ${s}`),
    );
    expect(wrong).toEqual([]);
  });

  it('views, reports and reminders read the state, never the storage engine', () => {
    const wrong = files.flatMap((file) =>
      ['views', 'reports', 'reminders'].includes(layerOf(file) ?? '')
        ? importsOf(file)
            .filter((s) => /\/store\/Store\.js$/.test(s))
            .map((s) => `${file} → ${s}`)
        : [],
    );
    expect(wrong).toEqual([]);
  });

  it('catches an upward import (the check itself can fail)', () => {
    const rank = (l: string) => (LAYERS as readonly string[]).indexOf(l);
    expect(rank('commands') > rank('store')).toBe(true);
    expect(rank(layerOf('src/bot/Bot.ts') ?? '')).toBeGreaterThan(rank('commands'));
  });
});
