import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h?.close());

describe('no lost updates', () => {
  it('a change based on a stale version gets 409 with the current version, and the first change stays', async () => {
    const alice = await h.signIn('coordinator');
    const bob = await h.signIn('coordinator');
    bob.reason = 'Dækker for en kollega'; // not on the case: break the glass (docs/security.md)
    const p = await alice.post('/api/v1/persons', { fullName: 'Versioned Person' });
    const c = await alice.post('/api/v1/cases', { personId: p.body.id, title: 'Original' });
    expect(c.body.version).toBe(1);

    // First, Alice and Bob both open version 1. Alice saves first.
    const a = await alice.patch(`/api/v1/cases/${c.body.id}`, { version: 1, title: 'Alice was here' });
    expect(a.status).toBe(200);
    expect(a.body.version).toBe(2);
    // Then Bob saves his change, still based on version 1: refused, nothing overwritten.
    const b = await bob.patch(`/api/v1/cases/${c.body.id}`, { version: 1, title: 'Bob overwrites' });
    expect(b.status).toBe(409);
    expect(b.body).toMatchObject({ code: 'conflict', currentVersion: 2 });
    expect((await bob.get(`/api/v1/cases/${c.body.id}`)).body.title).toBe('Alice was here');
    // Bob reloads and applies his change on version 2.
    expect((await bob.patch(`/api/v1/cases/${c.body.id}`, { version: 2, title: 'Bob, after reload' })).status).toBe(200);
  });

  it('of two simultaneous changes from the same version exactly one wins', async () => {
    const alice = await h.signIn('coordinator');
    const bob = await h.signIn('coordinator');
    bob.reason = 'Dækker for en kollega'; // not on the case: break the glass (docs/security.md)
    const p = await alice.post('/api/v1/persons', { fullName: 'Race Person' });
    const results = await Promise.all([
      alice.patch(`/api/v1/persons/${p.body.id}`, { version: 1, district: 'Amager' }),
      bob.patch(`/api/v1/persons/${p.body.id}`, { version: 1, district: 'Valby' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    expect((await alice.get(`/api/v1/persons/${p.body.id}`)).body.district).toBe(winner.body.district);
  });

  it('staff accounts are versioned too', async () => {
    const admin = await h.signIn('admin');
    const u = await admin.post('/api/v1/users', { username: 'versioned.user', displayName: 'V', role: 'analyst' });
    expect((await admin.patch(`/api/v1/users/${u.body.id}`, { version: 1, displayName: 'V2' })).status).toBe(200);
    const stale = await admin.patch(`/api/v1/users/${u.body.id}`, { version: 1, displayName: 'V3' });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(2);
  });
});
