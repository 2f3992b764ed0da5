import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';

/**
 * The partner rule on case notes is kept twice: by the cases repository (seesOnlySharedNotes) and by a restrictive
 * row-level security policy (migration 0060). With both in place, an HTTP test cannot tell whether the repository
 * still filters, so a mutation of the repository's rule survived (docs/architecture.md, "How a request becomes a
 * scoped transaction"). This file drops the database policy in its own database and proves the application layer
 * alone; tests/rls.int.test.ts proves the database layer alone.
 */
let h: Harness;
let coordinator: Client & { user: TestUser };
let owner: Client & { user: TestUser };
let partner: Client & { user: TestUser };
let outsider: Client & { user: TestUser };

beforeAll(async () => {
  h = await createHarness();
  await systemTransaction(h.ctx.db, (tx) => tx.query('DROP POLICY case_notes_partner_shared ON case_notes'));
  coordinator = await h.signIn('coordinator');
  owner = await h.signIn('adviser');
  partner = await h.signIn('partner');
  outsider = await h.signIn('adviser');
});
afterAll(async () => h?.close());

describe('case notes, application layer alone', () => {
  it('a partner member gets only the notes shared with partners, and the read is audited as case_notes of the case', async () => {
    const p = await coordinator.post('/api/v1/persons', { fullName: 'Borger Lagdeling' });
    const c = await coordinator.post('/api/v1/cases', { personId: p.body.id, title: 'Lagdeling', ownerId: owner.user.id });
    expect(c.status).toBe(201);
    const caseId = c.body.id as string;
    expect((await coordinator.post(`/api/v1/cases/${caseId}/members`, { userId: partner.user.id, relation: 'partner', legalBasis: 'serviceloven' })).status).toBe(201);
    const shared = await owner.post(`/api/v1/cases/${caseId}/notes`, { body: 'Delt: mødet er flyttet.', sharedWithPartners: true });
    h.clock.advance(1000);
    const internal = await owner.post(`/api/v1/cases/${caseId}/notes`, { body: 'Internt: bekymring for søsteren.' });
    expect([shared.status, internal.status]).toEqual([201, 201]);

    // Without the database policy, the partner would see both rows if the repository did not filter.
    const all = await coordinator.get(`/api/v1/cases/${caseId}/notes`);
    expect(all.body.map((n: { id: string }) => n.id)).toEqual([shared.body.id, internal.body.id]);
    const view = await partner.get(`/api/v1/cases/${caseId}/notes`);
    expect(view.status).toBe(200);
    expect(view.body.map((n: { id: string }) => n.id)).toEqual([shared.body.id]);
    expect(JSON.stringify(view.body)).not.toContain('søsteren');

    const [row] = (await systemTransaction(h.ctx.db, (tx) => tx.query<Record<string, unknown>>(
      'SELECT action, outcome, record_type, record_id, person_id, actor_id FROM audit_log ORDER BY seq DESC LIMIT 1',
    ))).rows;
    expect(row).toEqual({
      action: 'read', outcome: 'ok', record_type: 'case_notes', record_id: caseId, person_id: p.body.id, actor_id: partner.user.id,
    });

    // An adviser who is not on the case gets 404, and the refusal is audited as a denied read of the case's notes.
    expect((await outsider.get(`/api/v1/cases/${caseId}/notes`)).status).toBe(404);
    const [refusal] = (await systemTransaction(h.ctx.db, (tx) => tx.query<Record<string, unknown>>(
      'SELECT action, outcome, record_type, record_id, person_id, actor_id FROM audit_log ORDER BY seq DESC LIMIT 1',
    ))).rows;
    expect(refusal).toEqual({
      action: 'read', outcome: 'denied', record_type: 'case_notes', record_id: caseId, person_id: p.body.id, actor_id: outsider.user.id,
    });
  });
});
