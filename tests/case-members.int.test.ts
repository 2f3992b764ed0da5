import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';

/**
 * A case member's relation follows the member's role (VINK security review, issue 9). Police and partners are let
 * into a case only as 'police' and 'partner', which always needs a legal basis and writes the disclosure log
 * (docs/domain.md, step 4: every disclosure records its legal basis; retsplejeloven § 115). A police liaison added as
 * 'adviser' would need no legal basis, leave no disclosure and read every note.
 */
let h: Harness;
type Actor = Client & { user: TestUser };
let coordinator: Actor;
let police: Actor;
let partner: Actor;
let mentor: TestUser;
let colleague: TestUser;
let manager: TestUser;

const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T & Record<string, unknown>>(text, params))).rows;

async function newCase(title: string) {
  const p = await coordinator.post('/api/v1/persons', { fullName: `Borger ${title}` });
  const c = await coordinator.post('/api/v1/cases', { personId: p.body.id, title });
  expect(c.status).toBe(201);
  return c.body.id as string;
}
const members = (caseId: string) => sql<{ user_id: string; relation: string }>('SELECT user_id, relation FROM case_members WHERE case_id = $1 ORDER BY added_at, user_id', [caseId]);
const disclosures = (caseId: string) => sql('SELECT recipient_user_id, legal_basis FROM disclosures WHERE case_id = $1', [caseId]);

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.signIn('coordinator', 'a');
  police = await h.signIn('police_liaison', 'a');
  partner = await h.signIn('partner', 'a');
  mentor = await h.createUser('mentor', 'a');
  colleague = await h.createUser('adviser', 'a');
  manager = await h.createUser('manager', 'a');
});
afterAll(async () => h?.close());

describe('the relation of a case member follows the role', () => {
  it('refuses a police liaison as adviser (400 naming relation): no membership, no access', async () => {
    const caseId = await newCase('Politi som rådgiver');
    const res = await coordinator.post(`/api/v1/cases/${caseId}/members`, { userId: police.user.id, relation: 'adviser' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'relation', reason: expect.stringContaining('police') });
    // Even with a legal basis given, 'adviser' is not what a police liaison is.
    const withBasis = await coordinator.post(`/api/v1/cases/${caseId}/members`, { userId: police.user.id, relation: 'adviser', legalBasis: 'retsplejeloven_115' });
    expect(withBasis.status).toBe(400);
    expect(withBasis.body.errors[0].field).toBe('relation');
    expect((await members(caseId)).map((m) => m.user_id)).not.toContain(police.user.id);
    expect((await police.get(`/api/v1/cases/${caseId}/notes`)).status).toBe(404);
  });

  it('refuses a police liaison as police without a legal basis (400 naming legalBasis)', async () => {
    const caseId = await newCase('Politi uden hjemmel');
    const res = await coordinator.post(`/api/v1/cases/${caseId}/members`, { userId: police.user.id, relation: 'police' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('legalBasis');
    expect(await disclosures(caseId)).toEqual([]);
  });

  it('adds a police liaison as police with a legal basis, and writes the disclosure', async () => {
    const caseId = await newCase('Politi med hjemmel');
    const res = await coordinator.post(`/api/v1/cases/${caseId}/members`, { userId: police.user.id, relation: 'police', legalBasis: 'retsplejeloven_115' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ caseId, userId: police.user.id, relation: 'police', legalBasis: 'retsplejeloven_115' });
    expect(await disclosures(caseId)).toEqual([{ recipient_user_id: police.user.id, legal_basis: 'retsplejeloven_115' }]);
  });

  it('holds partners, mentors and staff to their own relation as well', async () => {
    const caseId = await newCase('Roller');
    const partnerAsAdviser = await coordinator.post(`/api/v1/cases/${caseId}/members`, { userId: partner.user.id, relation: 'adviser' });
    expect(partnerAsAdviser.status).toBe(400);
    expect(partnerAsAdviser.body.errors[0].field).toBe('relation');
    const partnerAsOwner = await coordinator.post(`/api/v1/cases/${caseId}/members`, { userId: partner.user.id, relation: 'owner' });
    expect(partnerAsOwner.status).toBe(400);
    expect(partnerAsOwner.body.errors[0].field).toBe('relation');
    const mentorAsPartner = await coordinator.post(`/api/v1/cases/${caseId}/members`, { userId: mentor.id, relation: 'partner', legalBasis: 'serviceloven' });
    expect(mentorAsPartner.status).toBe(400);
    expect(mentorAsPartner.body.errors[0].field).toBe('relation');
    const adviserAsPolice = await coordinator.post(`/api/v1/cases/${caseId}/members`, { userId: colleague.id, relation: 'police', legalBasis: 'serviceloven' });
    expect(adviserAsPolice.status).toBe(400);
    expect(adviserAsPolice.body.errors[0].field).toBe('relation');
    const managerAsAdviser = await coordinator.post(`/api/v1/cases/${caseId}/members`, { userId: manager.id, relation: 'adviser' });
    expect(managerAsAdviser.status).toBe(400);
    expect(managerAsAdviser.body.errors[0].field).toBe('userId');
    expect(await disclosures(caseId)).toEqual([]);

    expect((await coordinator.post(`/api/v1/cases/${caseId}/members`, { userId: partner.user.id, relation: 'partner', legalBasis: 'serviceloven' })).status).toBe(201);
    expect((await coordinator.post(`/api/v1/cases/${caseId}/members`, { userId: mentor.id, relation: 'mentor' })).status).toBe(201);
    expect((await coordinator.post(`/api/v1/cases/${caseId}/members`, { userId: colleague.id, relation: 'adviser' })).status).toBe(201);
    expect(await disclosures(caseId)).toEqual([{ recipient_user_id: partner.user.id, legal_basis: 'serviceloven' }]);
    expect((await members(caseId)).map((m) => [m.user_id, m.relation])).toEqual(expect.arrayContaining([
      [partner.user.id, 'partner'], [mentor.id, 'mentor'], [colleague.id, 'adviser'],
    ]));
  });
});
