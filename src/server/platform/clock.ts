/** Time source. Injected everywhere so deadlines and session expiry can be tested with a fake clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to; for tests. */
export class FakeClock implements Clock {
  private current: number;
  constructor(start: Date | string = '2026-01-05T08:00:00Z') {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current += ms;
  }
  advanceMinutes(m: number): void {
    this.advance(m * 60_000);
  }
  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }
}
