/**
 * npm's prestart: builds the web app (vite build, into dist/web) only when it is out of date. `--force` builds anyway.
 *
 * Up to date means: dist/web/index.html exists and dist/web.source-hash holds the hash of everything the build reads
 * from this repository, namely the web app's and the shared sources (src/web, src/shared), vite.config.ts,
 * tsconfig.web.json and package-lock.json (the dependencies' versions). The hash is of the files' contents, not their
 * times, so a checkout that touches files without changing them does not rebuild; hashing them takes a few
 * milliseconds. Another build of the same sources (npm run test:e2e) leaves the stamp true.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist', 'web');
// Beside dist/web, not in it: the static file server must not serve it.
const STAMP = path.join(ROOT, 'dist', 'web.source-hash');
const INPUT_DIRS = ['src/web', 'src/shared'];
const INPUT_FILES = ['vite.config.ts', 'tsconfig.web.json', 'package-lock.json'];

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...files(rel));
    else if (e.isFile()) out.push(rel);
  }
  return out;
}

/** The hash of the build's inputs: each file's path and contents, in path order. */
export function sourceHash(): string {
  const h = createHash('sha256');
  const all = [...INPUT_DIRS.flatMap(files), ...INPUT_FILES.filter((f) => existsSync(path.join(ROOT, f)))].sort();
  for (const f of all) h.update(f).update('\0').update(readFileSync(path.join(ROOT, f))).update('\0');
  return h.digest('hex');
}

const started = performance.now();
const hash = sourceHash();
const upToDate = existsSync(path.join(OUT, 'index.html')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === hash;
if (upToDate && !process.argv.includes('--force')) {
  if (process.env.VINK_BUILD_VERBOSE) console.log(`web app is up to date (checked in ${Math.round(performance.now() - started)} ms)`);
} else {
  console.log('Building the web app (vite build)…');
  // Loaded only when a build is needed: vite itself takes a while to load.
  const { build } = await import('vite');
  await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(STAMP, `${hash}\n`);
  console.log(`Web app built in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}
