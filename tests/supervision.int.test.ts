import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { pdfText } from './helpers/pdf-text.ts';

/**
 * Supervision sessions given to a case's resource persons and SSP members (docs/domain.md, "Resource persons and SSP")
 * on the case page and in the case summary PDF: the page carries them in its one request for the roles that may read
 * them (one audit row for the look), a resource person on the case gets the page without them, and the summary prints
 * the case's own sessions (never another case's), checked from the PDF text.
 */
type Actor = Client & { user: TestUser };
let h: Harness;
let coordinator: Actor;
let owner: Actor;
let member: Actor;
let manager: Actor;
let social: Actor;
let ssp: Actor;
let caseId: string;
let personId: string;
let otherCaseId: string;

const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T & Record<string, unknown>>(text, params))).rows;

async function newCase(title: string): Promise<{ id: string; personId: string }> {
  const p = await coordinator.post('/api/v1/persons', { fullName: `Borger ${title}` });
  expect(p.status).toBe(201);
  const c = await coordinator.post('/api/v1/cases', { personId: p.body.id, title, ownerId: owner.user.id });
  expect(c.status).toBe(201);
  return { id: c.body.id, personId: p.body.id };
}

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.signIn('coordinator');
  coordinator.reason = 'Tovholder for enheden';
  owner = await h.signIn('adviser');
  member = await h.signIn('adviser');
  manager = await h.signIn('manager');
  manager.reason = 'Ledelsestilsyn';
  social = await h.signIn('partner');
  ssp = await h.signIn('partner');
  const c = await newCase('Supervision');
  caseId = c.id;
  personId = c.personId;
  expect((await coordinator.post(`/api/v1/cases/${caseId}/members`, { userId: member.user.id, relation: 'adviser' })).status).toBe(201);
  expect((await coordinator.post(`/api/v1/cases/${caseId}/members`, { userId: social.user.id, relation: 'resource_person', legalBasis: 'serviceloven' })).status).toBe(201);
  expect((await coordinator.post(`/api/v1/cases/${caseId}/members`, { userId: ssp.user.id, relation: 'ssp', legalBasis: 'serviceloven' })).status).toBe(201);
  otherCaseId = (await newCase('Anden sag')).id;
  expect((await coordinator.post(`/api/v1/cases/${otherCaseId}/members`, { userId: social.user.id, relation: 'resource_person', legalBasis: 'serviceloven' })).status).toBe(201);
});
afterAll(async () => h?.close());

describe('supervision sessions on the case page', () => {
  it('are part of the page\'s one request for the unit and the case\'s advisers, in date order, with one audit row for the look', async () => {
    const later = await owner.post(`/api/v1/cases/${caseId}/supervision-sessions`, { memberId: ssp.user.id, heldOn: '2026-03-02', durationMinutes: 30, topic: 'SSP-netværket omkring skolen' });
    expect(later.status).toBe(201);
    const earlier = await coordinator.post(`/api/v1/cases/${caseId}/supervision-sessions`, {
      memberId: social.user.id, heldOn: '2026-02-23', durationMinutes: 45, topic: 'Samtaleteknik i 1-1 forløbet',
    });
    expect(earlier.status).toBe(201);
    expect((await coordinator.post(`/api/v1/cases/${otherCaseId}/supervision-sessions`, {
      memberId: social.user.id, heldOn: '2026-02-24', durationMinutes: 60, topic: 'Hemmeligt emne på en anden sag',
    })).status).toBe(201);

    for (const actor of [coordinator, manager, owner, member]) {
      const before = await h.auditCount();
      const page = await actor.get(`/api/v1/cases/${caseId}/page`);
      expect(page.status).toBe(200);
      expect(await h.auditCount() - before).toBe(1);
      const sessions = page.body.supervisionSessions as { id: string; topic: string; relation: string; durationMinutes: number; member: { id: string } }[];
      expect(sessions.map((x) => x.id)).toEqual([earlier.body.id, later.body.id]);
      expect(sessions[0]).toMatchObject({ relation: 'resource_person', durationMinutes: 45, member: { id: social.user.id }, topic: 'Samtaleteknik i 1-1 forløbet' });
      expect(sessions[1]).toMatchObject({ relation: 'ssp', durationMinutes: 30, member: { id: ssp.user.id } });
      expect(JSON.stringify(page.body)).not.toContain('Hemmeligt emne');
    }
    const [row] = await sql<{ action: string; record_type: string; criterion: string; person_id: string }>(
      'SELECT action, record_type, criterion, person_id FROM audit_log ORDER BY seq DESC LIMIT 1');
    expect(row).toMatchObject({ action: 'read', record_type: 'case', criterion: 'case page', person_id: personId });
  });

  it('are left out (null) of the page for the resource person and the SSP member themselves', async () => {
    for (const actor of [social, ssp]) {
      const page = await actor.get(`/api/v1/cases/${caseId}/page`);
      expect(page.status).toBe(200);
      expect(page.body.supervisionSessions).toBeNull();
      expect(JSON.stringify(page.body)).not.toContain('Samtaleteknik');
    }
  });
});

describe('supervision sessions in the case summary PDF', () => {
  it('prints the case\'s own sessions with date, member, role, duration and topic; another case\'s sessions stay out', async () => {
    const sessions = (await coordinator.get(`/api/v1/cases/${caseId}/supervision-sessions`)).body as { member: { displayName: string } }[];
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/summary.pdf`, headers: { cookie: `vink_session=${owner.cookie}` } });
    expect(res.statusCode).toBe(200);
    const text = await pdfText(res.rawPayload);
    for (const expected of ['Supervision af ressourcepersoner og SSP', '23.02.2026', '02.03.2026', sessions[0]!.member.displayName, sessions[1]!.member.displayName,
      'Ressourceperson', '45 min.', '30 min.', 'Samtaleteknik i 1-1 forløbet', 'SSP-netværket omkring skolen']) {
      expect(text, expected).toContain(expected);
    }
    expect(text).not.toContain('Hemmeligt emne');
    // Date order: the earlier session first.
    expect(text.indexOf('Samtaleteknik')).toBeLessThan(text.indexOf('SSP-netværket'));

    const none = await newCase('Uden supervision');
    const empty = await h.app.inject({ method: 'GET', url: `/api/v1/cases/${none.id}/summary.pdf`, headers: { cookie: `vink_session=${owner.cookie}` } });
    expect(await pdfText(empty.rawPayload)).toContain('Ingen supervision registreret.');
  }, 60_000);
});
