/**
 * npm run bench:start -- [--runs N] [--data-dir DIR] [--idle S] [--server-only]
 *
 * Starts VINK in embedded mode (PGlite) on an existing data directory N times (default 5) and prints, for each start,
 * the time from spawning `npm start` until GET /api/v1/health answers 200, and the server's resident memory (RSS) after
 * S seconds idle (default 5). Without --data-dir a fresh directory under the system's temp folder is made by one first
 * start (printed separately, then reused and deleted at the end). --server-only spawns `node src/server/main.ts`
 * instead of `npm start` (no prestart step). Figures only, no assertions: compare runs on the same machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'data-dir': { type: 'string' },
    idle: { type: 'string', default: '5' },
    'server-only': { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);
const idleMs = Number(args.idle) * 1000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** The process and its descendants (Linux /proc). */
function tree(pid: number): number[] {
  const out = [pid];
  for (const task of safeList(`/proc/${pid}/task`)) {
    const children = safeRead(`/proc/${pid}/task/${task}/children`).trim();
    for (const c of children ? children.split(/\s+/).map(Number) : []) out.push(...tree(c));
  }
  return out;
}
function safeList(dir: string): string[] {
  try { return readdirSync(dir); } catch { return []; }
}
function safeRead(file: string): string {
  try { return readFileSync(file, 'utf8'); } catch { return ''; }
}
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(safeRead(`/proc/${pid}/status`))?.[1] ?? 0) / 1024;
const cmdline = (pid: number) => safeRead(`/proc/${pid}/cmdline`).replace(/\0/g, ' ');

async function healthy(port: number, child: ChildProcess, timeoutMs = 120_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && child.exitCode === null) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      if (res.status === 200) return true;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

interface Figures { healthyMs: number; serverRssMb: number; treeRssMb: number }

async function startOnce(dataDir: string, label: string): Promise<Figures | null> {
  const port = await freePort();
  const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', AUDIT_ANCHOR_MINUTES: '0' };
  const t0 = performance.now();
  const child = args['server-only']
    ? spawn(process.execPath, ['src/server/main.ts'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'ignore', 'inherit'] })
    : spawn('npm', ['start', '--silent'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    if (!(await healthy(port, child))) {
      console.log(`${label}: not healthy (exit code ${child.exitCode})`);
      return null;
    }
    const healthyMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, idleMs));
    const pids = tree(child.pid!);
    // The node process running the server (not the shell npm runs it through): the largest one naming main.ts.
    const server = pids.filter((p) => cmdline(p).includes('src/server/main.ts')).sort((a, b) => rssMb(b) - rssMb(a))[0] ?? child.pid!;
    const f = { healthyMs, serverRssMb: rssMb(server), treeRssMb: pids.reduce((n, p) => n + rssMb(p), 0) };
    console.log(`${label}: healthy after ${Math.round(f.healthyMs)} ms; RSS after ${idleMs / 1000} s idle: server ${Math.round(f.serverRssMb)} MB (process tree ${Math.round(f.treeRssMb)} MB)`);
    return f;
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* already gone */ }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
  }
}

const own = !args['data-dir'];
const dataDir = args['data-dir'] ? path.resolve(args['data-dir']) : mkdtempSync(path.join(tmpdir(), 'vink-bench-start-'));
console.log(`VINK embedded start, ${args['server-only'] ? 'node src/server/main.ts' : 'npm start'}, data directory ${dataDir}, Node ${process.version}`);
try {
  if (own) await startOnce(dataDir, 'first start (creates the data directory)');
  const all: Figures[] = [];
  for (let i = 1; i <= runs; i++) {
    const f = await startOnce(dataDir, `start ${i}`);
    if (f) all.push(f);
  }
  if (all.length) {
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const med = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
    const h = all.map((f) => f.healthyMs);
    const r = all.map((f) => f.serverRssMb);
    console.log(`\nwarm starts: ${all.length}; time to healthy median ${Math.round(med(h))} ms (min ${Math.round(Math.min(...h))}, max ${Math.round(Math.max(...h))}); ` +
      `server RSS at idle median ${Math.round(med(r))} MB (max ${Math.round(Math.max(...r))})`);
  }
} finally {
  if (own) rmSync(dataDir, { recursive: true, force: true });
}
