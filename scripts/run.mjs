// Runs a compiled entry point, building first only when the sources changed since the last build.
//   node scripts/run.mjs src/bin/console.js [args…]   run dist/src/bin/console.js
//   node scripts/run.mjs --build                      build now (npm run build, npm ci's prepare)
// Building once at install and in `npm test` keeps tsc (1.5–2 s) out of every start.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.built');

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

function build() {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write('编译失败（见上方错误），请修正后再试。\n');
    process.exit(r.status ?? 1);
  }
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

const [entry, ...args] = process.argv.slice(2);
if (entry === '--build') {
  build();
} else if (!entry) {
  process.stderr.write('用法：node scripts/run.mjs src/bin/NAME.js [参数…]\n');
  process.exit(2);
} else {
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const sources = Math.max(newest(join(root, 'src')), newest(join(root, 'bench')));
  if (built < sources) {
    process.stderr.write(built === 0 ? '首次运行，正在编译…\n' : '源代码有改动，正在重新编译…\n');
    build();
  }
  process.argv = [process.argv[0], join(root, 'dist', entry), ...args];
  await import(pathToFileURL(join(root, 'dist', entry)).href);
}
