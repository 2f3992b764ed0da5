/**
 * A fixed-window counter per key, in memory and on the injected clock: at most `max` takes per key in each window of
 * `windowMs`. It keeps at most `maxKeys` keys (expired windows go first, then the oldest), so a flood of keys cannot
 * make it grow without bound; under such a flood some keys start afresh, and the per-minute rate limit still holds.
 * Nothing is persisted. Pure: no I/O.
 */
export class WindowQuota {
  private readonly windows = new Map<string, { start: number; n: number }>();
  private readonly max: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;

  constructor(max: number, windowMs: number, maxKeys = 10_000) {
    this.max = max;
    this.windowMs = windowMs;
    this.maxKeys = maxKeys;
  }

  /** Counts one use of key at now; false (and not counted) when the key has used up its window. */
  take(key: string, now: Date): boolean {
    const t = now.getTime();
    let w = this.windows.get(key);
    if (w && t - w.start >= this.windowMs) {
      this.windows.delete(key);
      w = undefined;
    }
    if (!w) {
      this.makeRoom(t);
      w = { start: t, n: 0 };
      this.windows.set(key, w);
    }
    if (w.n >= this.max) return false;
    w.n++;
    return true;
  }

  private makeRoom(t: number): void {
    if (this.windows.size < this.maxKeys) return;
    for (const [k, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(k);
    // Map order is insertion order, and a key whose window ended is inserted anew: the first keys are the oldest.
    for (const k of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(k);
    }
  }
}
