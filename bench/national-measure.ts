import type pg from 'pg';
import { readFileSync } from 'node:fs';

/**
 * Load generation for bench/national.ts (bench/run.ts uses its autocannon too): the API through autocannon (HTTP on
 * loopback), the database baseline through a pg pool at the same concurrency, and the server's resident memory
 * sampled from /proc while the API is loaded.
 */

/** The part of autocannon's programmatic API used here (the package ships no types). */
export interface CannonRequest { method?: string; path?: string; headers?: Record<string, string>; body?: string }
export interface CannonOptions {
  url: string; method?: string; headers?: Record<string, string>; body?: string; connections?: number; duration?: number;
  requests?: (CannonRequest & { setupRequest?: (req: CannonRequest) => CannonRequest })[];
}
export interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number; timeouts: number; non2xx: number;
  statusCodeStats?: Record<string, { count: number }>;
}
const autocannonModule = 'autocannon';
export const { default: autocannon } = (await import(autocannonModule)) as { default: (opts: CannonOptions) => Promise<CannonResult> };

export interface Figures { rps: number; p50: number; p99: number; total: number; failed: number; detail?: string }

/** Resident memory of a process in MB (Linux /proc), or NaN when it cannot be read. */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Runs fn while sampling pid's RSS every 100 ms; returns fn's result and the largest RSS seen. */
export async function withRss<T>(pid: number, fn: () => Promise<T>): Promise<{ result: T; rss: number }> {
  let peak = rssMb(pid);
  const timer = setInterval(() => { peak = Math.max(peak, rssMb(pid)); }, 100);
  try {
    const result = await fn();
    return { result, rss: Math.max(peak, rssMb(pid)) };
  } finally {
    clearInterval(timer);
  }
}

/** autocannon against the API. */
export async function api(opts: CannonOptions): Promise<Figures> {
  const r = await autocannon(opts);
  const codes = Object.entries(r.statusCodeStats ?? {}).filter(([code]) => !code.startsWith('2')).map(([code, v]) => `${v.count}× ${code}`);
  const detail = [...codes, r.errors ? `${r.errors} errors` : '', r.timeouts ? `${r.timeouts} timeouts` : ''].filter(Boolean).join(', ');
  return {
    rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, total: r.requests.total, failed: r.errors + r.timeouts + r.non2xx, ...(detail ? { detail } : {}),
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * `connections` loops, each on its own pooled connection, run `tx` in a transaction (BEGIN … COMMIT) until `seconds`
 * have passed; i counts calls across loops (to walk through ids). Latency is per transaction, as the client sees it.
 */
export async function database(pool: pg.Pool, connections: number, seconds: number, tx: (c: pg.PoolClient, i: number) => Promise<void>): Promise<Figures> {
  const latencies: number[] = [];
  let i = 0;
  let failed = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, async () => {
    const c = await pool.connect();
    try {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          await c.query('BEGIN');
          await tx(c, i++);
          await c.query('COMMIT');
          latencies.push(performance.now() - t);
        } catch (err) {
          failed++;
          await c.query('ROLLBACK').catch(() => {});
          if (failed === 1) console.error('  baseline error:', (err as Error).message);
        }
      }
    } finally {
      c.release();
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), total: latencies.length, failed };
}

/**
 * `concurrency` loops each run a whole flow (several requests) until `seconds` have passed; figures are per flow.
 * For the report, whose jobs the app limits to two in progress per user.
 */
export async function flows(concurrency: number, seconds: number, flow: (i: number) => Promise<boolean>): Promise<Figures> {
  const latencies: number[] = [];
  let i = 0;
  let failed = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      if (await flow(i++)) latencies.push(performance.now() - t);
      else failed++;
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), total: latencies.length, failed };
}
