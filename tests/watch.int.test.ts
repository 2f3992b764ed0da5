import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';

/**
 * Consent as a record (docs/domain.md, "Consent"), the bias watch with the reporter's sector (docs/domain.md, "Bias
 * watch"), and the person view's minor answer for an unknown birth date.
 */
let h: Harness;
let adviser: Client & { user: TestUser };
let coordinator: Client & { user: TestUser };
let manager: Client & { user: TestUser };
let dpo: Client & { user: TestUser };

const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
const concernBody = (over: Record<string, unknown> = {}) => ({
  receivedAt: h.clock.now().toISOString(),
  channel: 'professional',
  reporter: { anonymous: true },
  person: { fullName: 'Sektor Fiktivsen', birthDate: '1990-06-01' },
  ideologyArea: 'right_wing',
  severity: 'medium',
  behaviourIndicators: ['propaganda_sharing'],
  behaviourDescription: 'Deler voldsforherligende propaganda i en gruppechat med kolleger.',
  ...over,
});

async function personWithCase(owner: TestUser, name: string): Promise<{ personId: string; caseId: string }> {
  const [p] = await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_by, created_at, updated_at) VALUES ($1, $2, 'male', $3, $4, $4) RETURNING id`,
    [owner.unitId, name, owner.id, h.clock.now()]);
  const [c] = await sql<{ id: string }>(
    `INSERT INTO cases (unit_id, person_id, title, owner_id, created_by, created_at, updated_at) VALUES ($1, $2, 'Samtykkesag', $3, $3, $4, $4) RETURNING id`,
    [owner.unitId, p!.id, owner.id, h.clock.now()]);
  await sql(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at) VALUES ($1, $2, $3, 'owner', $4)`, [c!.id, owner.id, owner.unitId, h.clock.now()]);
  return { personId: p!.id, caseId: c!.id };
}

beforeAll(async () => {
  h = await createHarness({ SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24' });
  adviser = await h.signIn('adviser', 'a');
  coordinator = await h.signIn('coordinator', 'a');
  manager = await h.signIn('manager', 'a');
  dpo = await h.signIn('dpo', 'a');
});
afterAll(async () => h?.close());

describe('consent as a record at the case level', () => {
  let mine: { personId: string; caseId: string };
  let other: { personId: string; caseId: string };
  let consent: { id: string; version: number };

  beforeAll(async () => {
    mine = await personWithCase(adviser.user, 'Samtykke Fiktivsen');
    other = await personWithCase(adviser.user, 'Anden Fiktivsen');
  });

  it('records what was consented to, by whom, when, its scope and expiry; a guardian is named', async () => {
    const base = { consentedTo: 'Videregivelse af sagens oplysninger til mentor', scope: 'Mentorkorps, kun forløbsplan', givenBy: 'guardian', givenAt: h.clock.now().toISOString() };
    const missing = await adviser.post(`/api/v1/cases/${mine.caseId}/consents`, base);
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toContain('guardianName');
    const ok = await adviser.post(`/api/v1/cases/${mine.caseId}/consents`, { ...base, guardianName: 'Forælder Fiktivsen', expiresOn: '2027-03-01' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ caseId: mine.caseId, givenBy: 'guardian', guardianName: 'Forælder Fiktivsen', expiresOn: '2027-03-01', valid: true, withdrawnAt: null, disclosures: 0 });
    consent = ok.body;
    const row = (await sql<{ action: string; record_type: string; person_id: string }>('SELECT action, record_type, person_id FROM audit_log ORDER BY seq DESC LIMIT 1'))[0];
    expect(row).toEqual({ action: 'create', record_type: 'consent', person_id: mine.personId });
    expect((await adviser.post(`/api/v1/cases/${mine.caseId}/consents`, { ...base, givenBy: 'person', guardianName: 'X' })).status).toBe(400);
    expect((await adviser.post(`/api/v1/cases/${mine.caseId}/consents`, { ...base, givenBy: 'person', givenAt: '2030-01-01T00:00:00Z' })).status).toBe(400);
  });

  it('a disclosure on the basis consent must name a valid consent of the same person (400 naming consentId)', async () => {
    const d = { partnerOrganisation: 'Mentorkorpset', legalBasis: 'consent', contentSummary: 'Forløbsplan' };
    const none = await adviser.post(`/api/v1/cases/${mine.caseId}/disclosures`, d);
    expect(none.status).toBe(400);
    expect(none.body.detail).toContain('consentId');
    const otherPerson = await adviser.post(`/api/v1/cases/${mine.caseId}/consents`, { consentedTo: 'x', scope: 'y', givenBy: 'person', givenAt: h.clock.now().toISOString() });
    const foreign = (await adviser.post(`/api/v1/cases/${other.caseId}/consents`, { consentedTo: 'x', scope: 'y', givenBy: 'person', givenAt: h.clock.now().toISOString() })).body.id;
    expect(otherPerson.status).toBe(201);
    const wrong = await adviser.post(`/api/v1/cases/${mine.caseId}/disclosures`, { ...d, consentId: foreign });
    expect(wrong.status).toBe(400);
    expect(wrong.body.detail).toContain('another person');
    expect((await adviser.post(`/api/v1/cases/${mine.caseId}/disclosures`, { ...d, consentId: crypto.randomUUID() })).status).toBe(400);
    const expired = await adviser.post(`/api/v1/cases/${mine.caseId}/consents`, {
      consentedTo: 'x', scope: 'y', givenBy: 'person', givenAt: '2025-01-01T10:00:00Z', expiresOn: '2025-12-31',
    });
    const late = await adviser.post(`/api/v1/cases/${mine.caseId}/disclosures`, { ...d, consentId: expired.body.id });
    expect(late.status).toBe(400);
    expect(late.body.detail).toContain('expired');
    expect((await adviser.post(`/api/v1/cases/${mine.caseId}/disclosures`, { ...d, legalBasis: 'serviceloven', consentId: consent.id })).status).toBe(400);
    const ok = await adviser.post(`/api/v1/cases/${mine.caseId}/disclosures`, { ...d, consentId: consent.id });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ legalBasis: 'consent', consentId: consent.id });
    // The database holds the same rule: no new disclosure on the basis consent without its consent.
    await expect(sql(`INSERT INTO disclosures (unit_id, case_id, partner_organisation, legal_basis, content_summary, disclosed_at, disclosed_by)
      VALUES ($1, $2, 'X', 'consent', 'X', now(), $3)`, [h.units.a, mine.caseId, adviser.user.id])).rejects.toThrow(/disclosures_consent_ck/);
  });

  it('sharing a concern on the basis consent needs a consent too', async () => {
    const k = await coordinator.post('/api/v1/concerns', concernBody({ personId: mine.personId, person: undefined, minor: 'no' }));
    expect(k.status).toBe(201);
    const share = await coordinator.post(`/api/v1/concerns/${k.body.id}/share`, { version: k.body.version, userId: crypto.randomUUID(), legalBasis: 'consent' });
    expect(share.status).toBe(400);
    expect(share.body.detail).toContain('consentId');
  });

  it('withdrawing a consent (versioned) raises a task to review the disclosures made on it; the review ends it', async () => {
    expect((await adviser.post(`/api/v1/consents/${consent.id}/withdraw`, { version: consent.version + 1 })).status).toBe(409);
    const w = await adviser.post(`/api/v1/consents/${consent.id}/withdraw`, { version: consent.version, note: 'Forælder trak samtykket telefonisk' });
    expect(w.status).toBe(200);
    expect(w.body).toMatchObject({ valid: false, withdrawnRecordedBy: adviser.user.id, disclosures: 1 });
    expect(w.body.withdrawnAt).not.toBeNull();
    const tasks = (await adviser.get('/api/v1/tasks/mine')).body as { kind: string; caseId: string }[];
    expect(tasks.filter((t) => t.kind === 'consent_withdrawn')).toEqual([expect.objectContaining({ caseId: mine.caseId })]);
    // No further disclosure rests on it.
    const again = await adviser.post(`/api/v1/cases/${mine.caseId}/disclosures`, { partnerOrganisation: 'X', legalBasis: 'consent', contentSummary: 'X', consentId: consent.id });
    expect(again.status).toBe(400);
    expect(again.body.detail).toContain('withdrawn');
    expect((await adviser.post(`/api/v1/consents/${consent.id}/withdraw`, { version: w.body.version })).status).toBe(409);
    const reviewed = await adviser.post(`/api/v1/consents/${consent.id}/review`, { version: w.body.version, note: 'Mentorkorpset bedt om at slette planen' });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.disclosuresReviewedAt).not.toBeNull();
    expect(((await adviser.get('/api/v1/tasks/mine')).body as { kind: string }[]).filter((t) => t.kind === 'consent_withdrawn')).toEqual([]);
  });

  it('a withdrawn consent without disclosures raises no task; the case lists its consents', async () => {
    const c = await adviser.post(`/api/v1/cases/${other.caseId}/consents`, { consentedTo: 'x', scope: 'y', givenBy: 'person', givenAt: h.clock.now().toISOString() });
    expect((await adviser.post(`/api/v1/consents/${c.body.id}/withdraw`, { version: c.body.version })).status).toBe(200);
    expect(((await adviser.get('/api/v1/tasks/mine')).body as { kind: string }[]).filter((t) => t.kind === 'consent_withdrawn')).toEqual([]);
    const list = await adviser.get(`/api/v1/cases/${mine.caseId}/consents`);
    expect(list.status).toBe(200);
    expect(list.body.map((x: { id: string }) => x.id)).toContain(consent.id);
  });
});

describe('the reporter sector at intake', () => {
  it('is required for a named reporter (400 naming reporter.sector), and an anonymous one is "anonymous"', async () => {
    const named = { anonymous: false, name: 'Lærer Lone', organisation: 'Valby Skole' };
    const missing = await adviser.post('/api/v1/concerns', concernBody({ reporter: named }));
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toContain('reporter.sector');
    const ok = await adviser.post('/api/v1/concerns', concernBody({ reporter: { ...named, sector: 'school' } }));
    expect(ok.status).toBe(201);
    expect(ok.body.reporter.sector).toBe('school');
    const anon = await adviser.post('/api/v1/concerns', concernBody());
    expect(anon.body.reporter.sector).toBe('anonymous');
    expect((await adviser.post('/api/v1/concerns', concernBody({ reporter: { ...named, sector: 'astrology' } }))).status).toBe(400);
  });
});

describe('the bias watch', () => {
  /** n decided concerns received in 2025 with these characteristics, unfounded of them unfounded. */
  async function decided(n: number, unfounded: number, c: { ideology: string; sector: string; district: string; gender: string }) {
    const [p] = await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, district, created_at, updated_at) VALUES ($1, 'Bias Fiktivsen', $2, $3, $4, $4) RETURNING id`,
      [h.units.a, c.gender, c.district, h.clock.now()]);
    await sql(`INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, status, triage_deadline_at,
                 registered_by, created_at, updated_at, reporter_sector)
               SELECT $1, '2025-05-01T10:00:00Z', 'professional', $2, $3, 'medium', 'Beskrevet konkret adfærd i syntetiske data.',
                      CASE WHEN g <= $5 THEN 'unfounded' ELSE 'justified' END, '2025-05-03T10:00:00Z', $6, now(), now(), $7
                 FROM generate_series(1, $4) g`, [h.units.a, p!.id, c.ideology, n, unfounded, adviser.user.id, c.sector]);
  }

  beforeAll(async () => {
    await decided(20, 15, { ideology: 'right_wing', sector: 'school', district: 'Nord', gender: 'male' });
    await decided(30, 6, { ideology: 'right_wing', sector: 'social_services', district: 'Nord', gender: 'male' });
    await decided(20, 5, { ideology: 'militant_islamism', sector: 'police', district: 'Syd', gender: 'female' });
    await decided(3, 1, { ideology: 'left_wing', sector: 'citizen', district: 'Syd', gender: 'male' });
    // Not counted: another year, and a concern still in triage.
    await decided(9, 9, { ideology: 'right_wing', sector: 'housing', district: 'Nord', gender: 'male' });
    await sql(`UPDATE concerns SET received_at = '2024-05-01T10:00:00Z' WHERE reporter_sector = 'housing'`);
    await sql(`UPDATE concerns SET religion_override_reason = 'Anmelder insisterede', religion_terms_version = 1
                WHERE id = (SELECT id FROM concerns WHERE reporter_sector = 'police' LIMIT 1)`);
  });

  it('shows the share justified per ideology × sector × district × gender against the baseline, suppresses small cells and flags a far-above unfounded share', async () => {
    const res = await manager.get('/api/v1/bias-watch?year=2025');
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.baseline).toEqual({ decided: 73, justifiedShare: Math.round((46 / 73) * 10_000) / 10_000, unfoundedShare: Math.round((27 / 73) * 10_000) / 10_000 });
    expect(r.religionOverrides).toBe(1);
    const cell = (sector: string) => r.cells.find((c: { reporterSector: string }) => c.reporterSector === sector);
    expect(cell('school')).toMatchObject({ decided: 20, unfoundedShare: 0.75, justifiedShare: 0.25, flagged: true });
    expect(cell('social_services')).toMatchObject({ decided: 30, unfoundedShare: 0.2, flagged: false });
    // 3 decided is under the minimum; with one cell hidden, the smallest shown one is hidden too (the total would give it away).
    expect(cell('citizen')).toMatchObject({ decided: null, unfoundedShare: null, flagged: false });
    expect(cell('police')).toMatchObject({ decided: null, unfoundedShare: null });
    expect(r.suppressedCells).toBe(2);
    expect(cell('housing')).toBeUndefined();
    // Aggregates only: no person, concern or user id leaves.
    const ids = (await sql<{ id: string }>('SELECT id FROM persons UNION ALL SELECT id FROM concerns')).map((x) => x.id);
    expect(ids.some((id) => JSON.stringify(r).includes(id))).toBe(false);
    expect((await dpo.get('/api/v1/bias-watch?year=2025')).body.cells).toEqual(r.cells);
  });

  it('asks for a whole year (400 otherwise) and is for the manager and the DPO only', async () => {
    expect((await manager.get('/api/v1/bias-watch')).status).toBe(400);
    expect((await coordinator.get('/api/v1/bias-watch?year=2025')).status).toBe(403);
  });
});

describe('the person view and an unknown birth date', () => {
  it('never says "not a minor" for an unknown birth date: unknown until the intake answers', async () => {
    const p = await coordinator.post('/api/v1/persons', { fullName: 'Alder Ukendt Fiktivsen' });
    expect(p.status).toBe(201);
    const read = await coordinator.get(`/api/v1/persons/${p.body.id}`);
    expect(read.body).toMatchObject({ birthDate: null, minor: null, socialServicesReportDuty: true });
    expect((await coordinator.post('/api/v1/concerns', concernBody({ person: undefined, personId: p.body.id, minor: 'yes' }))).status).toBe(201);
    expect((await coordinator.get(`/api/v1/persons/${p.body.id}`)).body).toMatchObject({ minor: true, socialServicesReportDuty: true });
    h.clock.advance(60_000);
    expect((await coordinator.post('/api/v1/concerns', concernBody({ person: undefined, personId: p.body.id, minor: 'no' }))).status).toBe(201);
    expect((await coordinator.get(`/api/v1/persons/${p.body.id}`)).body).toMatchObject({ minor: false, socialServicesReportDuty: false });
    const adult = await coordinator.post('/api/v1/persons', { fullName: 'Voksen Fiktivsen', birthDate: '1980-01-01' });
    expect(adult.body).toMatchObject({ minor: false, socialServicesReportDuty: false });
  });
});
