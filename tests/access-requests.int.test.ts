import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { runTaskRulesOnce } from '../src/server/modules/tasks/index.ts';
import { SESSION_COOKIE } from '../src/server/http/app.ts';
import { confineTransactionInTrx } from '../src/server/platform/db.ts';

/**
 * Access requests (GDPR Art. 15), exemptions (databeskyttelsesloven § 22), legal holds, the purpose of every look-up
 * and break the glass (docs/security.md, "Access requests", "Legal holds" and "The purpose of every look-up").
 */
let h: Harness;
type Signed = Client & { user: TestUser };
let coordinator: Signed;
let adviser: Signed;
let police: Signed;
let manager: Signed;
let dpo: Signed;
let dpoB: Signed;
let personId: string;
let concernId: string;
let caseId: string;
let disclosureId: string;
let requestId: string;
let version: number;

const AR = { 'x-vink-purpose': 'access_request' };
const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
const lastSeq = async () => Number((await sql<{ s: number }>('SELECT coalesce(max(seq), 0)::int AS s FROM audit_log'))[0]!.s);
const auditSince = (seq: number) => sql<{ action: string; outcome: string; record_type: string; person_id: string | null; purpose: string; reason: string | null; criterion: string | null }>(
  'SELECT action, outcome, record_type, person_id, purpose, reason, criterion FROM audit_log WHERE seq > $1 ORDER BY seq', [seq]);
const displayNames = async () => (await sql<{ display_name: string; id: string }>('SELECT display_name, id FROM users'));

beforeAll(async () => {
  h = await createHarness({ SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24' });
  coordinator = await h.signIn('coordinator', 'a');
  adviser = await h.signIn('adviser', 'a');
  police = await h.signIn('police_liaison', 'a');
  manager = await h.signIn('manager', 'a');
  dpo = await h.signIn('dpo', 'a');
  dpoB = await h.signIn('dpo', 'b');
  const k = await coordinator.post('/api/v1/concerns', {
    receivedAt: h.clock.now().toISOString(), channel: 'professional', reporter: { anonymous: true },
    person: { fullName: 'Mads Prøvesen', birthDate: '2001-02-03' }, ideologyArea: 'left_wing', severity: 'high',
    behaviourIndicators: ['propaganda_sharing'], behaviourDescription: 'Opfordrer til vold mod navngivne personer i et lukket forum.',
  });
  expect(k.status).toBe(201);
  personId = k.body.person.id;
  concernId = k.body.id;
  const shared = await coordinator.post(`/api/v1/concerns/${concernId}/share`, { version: k.body.version, userId: police.user.id, legalBasis: 'retsplejeloven_115' });
  expect(shared.status).toBe(200);
  const c = await coordinator.post('/api/v1/cases', { personId, title: 'Sag om forum', ownerId: adviser.user.id });
  expect(c.status).toBe(201);
  caseId = c.body.id;
  const d = await coordinator.post(`/api/v1/cases/${caseId}/disclosures`, { partnerOrganisation: 'Københavns Politi', legalBasis: 'retsplejeloven_115', contentSummary: 'Oplysninger til politiets efterforskning.' });
  expect(d.status).toBe(201);
  disclosureId = d.body.id;
  // Look-ups the citizen must learn about: the adviser (a member) reads the person for casework.
  expect((await adviser.request('GET', `/api/v1/persons/${personId}`, undefined, { 'x-vink-purpose': 'casework' })).status).toBe(200);
});
afterAll(async () => h?.close());

describe('the purpose of every look-up', () => {
  it('records the purpose the web app sends, and its free text, in the audit row', async () => {
    const seq = await lastSeq();
    const res = await adviser.request('GET', `/api/v1/persons/${personId}`, undefined,
      { 'x-vink-purpose': 'triage', 'x-vink-reason': encodeURIComponent('Forbereder visitationsmødet på torsdag') });
    expect(res.status).toBe(200);
    expect(await auditSince(seq)).toEqual([expect.objectContaining({ action: 'read', person_id: personId, purpose: 'triage', reason: 'Forbereder visitationsmødet på torsdag' })]);
  });

  it('falls back to the role default without a header, and refuses a purpose outside the closed list with 400 naming the header', async () => {
    const seq = await lastSeq();
    expect((await adviser.get(`/api/v1/persons/${personId}`)).status).toBe(200);
    expect((await auditSince(seq))[0]).toMatchObject({ purpose: 'casework', reason: null });
    const bad = await adviser.request('GET', `/api/v1/persons/${personId}`, undefined, { 'x-vink-purpose': 'curiosity' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('X-Vink-Purpose');
    const short = await adviser.request('GET', `/api/v1/persons/${personId}`, undefined, { 'x-vink-reason': 'x' });
    expect(short.status).toBe(400);
    expect(short.body.errors[0].field).toBe('X-Vink-Reason');
  });
});

describe('break the glass', () => {
  it('a manager opening a case they are not a member of gets 428 reason_required, and nothing is read or audited as read', async () => {
    const seq = await lastSeq();
    const res = await manager.get(`/api/v1/cases/${caseId}`);
    expect(res.status).toBe(428);
    expect(res.body.code).toBe('reason_required');
    expect(res.body.title).toBeDefined();
    expect((await auditSince(seq)).filter((r) => r.outcome === 'ok' && r.record_type === 'case')).toEqual([]);
  });

  it('with a reason the case opens, and the reason is in the audit row the DPO reads', async () => {
    const seq = await lastSeq();
    const res = await manager.request('GET', `/api/v1/cases/${caseId}`, undefined,
      { 'x-vink-purpose': 'supervision', 'x-vink-reason': encodeURIComponent('Klage over sagsbehandlingen') });
    expect(res.status).toBe(200);
    expect(await auditSince(seq)).toEqual([expect.objectContaining({ action: 'read', record_type: 'case', purpose: 'supervision', reason: 'Klage over sagsbehandlingen' })]);
    const log = await dpo.get(`/api/v1/audit?personId=${personId}&limit=20`);
    expect(log.status).toBe(200);
    expect(log.body.find((r: { reason: string | null }) => r.reason === 'Klage over sagsbehandlingen')).toMatchObject({ recordType: 'case', purpose: 'supervision' });
  });

  it('a member opens without a reason; a coordinator unrelated to the person needs one for the person too', async () => {
    expect((await adviser.get(`/api/v1/cases/${caseId}`)).status).toBe(200);
    const other = await h.signIn('coordinator', 'a');
    const res = await other.get(`/api/v1/persons/${personId}/overview`);
    expect(res.status).toBe(428);
    expect((await other.request('GET', `/api/v1/persons/${personId}/overview`, undefined, { 'x-vink-reason': encodeURIComponent('Dækker for kollega i ferien') })).status).toBe(200);
    // The coordinator who registered the concern is related to the person: no reason needed.
    expect((await coordinator.get(`/api/v1/persons/${personId}`)).status).toBe(200);
  });
});

const DOCUMENT_CONTENT = 'HEMMELIGT INDHOLD I DOKUMENTET';
let otherPersonId: string;

/** One record of each further kind the export must hold: consent, document, relation, support plan, Infohus item, transfer, correction. */
async function recordsAcrossModules() {
  const unit = coordinator.user.unitId;
  const by = coordinator.user.id;
  const now = h.clock.now();
  const other = await coordinator.post('/api/v1/concerns', {
    receivedAt: now.toISOString(), channel: 'professional', reporter: { anonymous: true },
    person: { fullName: 'Sofie Prøvesen', birthDate: '1975-05-06' }, ideologyArea: 'left_wing', severity: 'low',
    behaviourIndicators: ['propaganda_sharing'], behaviourDescription: 'Deler opslag, der opfordrer til vold mod politiet.',
  });
  expect(other.status).toBe(201);
  otherPersonId = other.body.person.id;
  await sql(`INSERT INTO consents (unit_id, case_id, person_id, consented_to, scope, given_by, guardian_name, given_at, recorded_by, recorded_at)
             VALUES ($1, $2, $3, 'Deling af oplysninger med skolen', 'Skolens ledelse', 'guardian', 'Hanne Værgesen', $4, $5, $4)`, [unit, caseId, personId, now, by]);
  const docId = '00000000-0000-4000-8000-00000000d0c1';
  await sql(`INSERT INTO documents (id, unit_id, case_id, title, retention_class, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, 'Brev fra skolen', 'case_closed', $4, $5, $5)`, [docId, unit, caseId, by, now]);
  await sql(`INSERT INTO document_versions (document_id, version_no, unit_id, file_name, media_type, size_bytes, iv, auth_tag, ciphertext, scan_result, uploaded_by, uploaded_at)
             VALUES ($1, 1, $2, 'brev.pdf', 'application/pdf', 30, $3, $4, $5, 'clean', $6, $7)`,
    [docId, unit, Buffer.alloc(12), Buffer.alloc(16), Buffer.from(DOCUMENT_CONTENT), by, now]);
  // Sofie is registered with the citizen as her child: seen from the citizen, Sofie is a parent.
  await sql(`INSERT INTO person_links (unit_id, person_id, linked_person_id, kind, note, created_by, created_at)
             VALUES ($1, $2, $3, 'child', 'Farmor Prøvesen passer barnet', $4, $5)`, [unit, otherPersonId, personId, by, now]);
  const goal = (await sql<{ id: string }>(`INSERT INTO support_plan_goals (case_id, unit_id, title, owner_kind, owner_name, actions, created_by, created_at, updated_by, updated_at)
             VALUES ($1, $2, 'Gennemfører 9. klasse', 'authority', 'Skolen', 'Lektiehjælp to gange om ugen', $3, $4, $3, $4) RETURNING id`, [caseId, unit, by, now]))[0]!.id;
  await sql(`INSERT INTO support_plan_goals (case_id, unit_id, title, owner_kind, owner_name, actions, created_by, created_at, updated_by, updated_at)
             VALUES ($1, $2, 'Har en voksen at tale med', 'person', 'Farmor Prøvesen', 'Ugentlige besøg', $3, $4, $3, $4)`, [caseId, unit, by, now]);
  const review = (await sql<{ id: string }>(`INSERT INTO support_plan_reviews (case_id, unit_id, reviewed_on, summary, reviewed_by, recorded_at)
             VALUES ($1, $2, '2026-01-15', 'Møder stabilt op', $3, $4) RETURNING id`, [caseId, unit, by, now]))[0]!.id;
  await sql(`INSERT INTO support_plan_progress (review_id, goal_id, unit_id, progress, note) VALUES ($1, $2, $3, 'good', 'Har bestået terminsprøven')`, [review, goal, unit]);
  const meeting = (await sql<{ id: string }>(`INSERT INTO infohus_meetings (unit_id, meeting_on, place, created_by, created_at, updated_at)
             VALUES ($1, '2026-01-10', 'Rådhuset', $2, $3, $3) RETURNING id`, [unit, by, now]))[0]!.id;
  await sql(`INSERT INTO infohus_meeting_participants (meeting_id, user_id, unit_id, organisation) VALUES ($1, $2, $3, 'Testkommune A')`, [meeting, police.user.id, unit]);
  await sql(`INSERT INTO infohus_meeting_items (meeting_id, unit_id, position, concern_id, decision, reasoning, decided_by, decided_at)
             VALUES ($1, $2, 1, $3, 'justified', 'Konkrete trusler i forummet', $4, $5)`, [meeting, unit, concernId, by, now]);
  await sql(`INSERT INTO transfers (case_id, from_unit_id, to_unit_id, travels, legal_basis, status, requested_by, requested_at, decided_by, decided_at, decision_reason)
             VALUES ($1, $2, $3, '{summary}', 'serviceloven § 152', 'withdrawn', $4, $5, $4, $5, 'Flytningen blev aflyst')`, [caseId, unit, dpoB.user.unitId, by, now]);
  await sql(`INSERT INTO field_history (unit_id, record_type, record_id, concern_id, person_id, field, old_value, new_value, version, changed_by, changed_at)
             VALUES ($1, 'concern', $2, $2, $3, 'severity', 'medium', 'high', 2, $4, $5)`, [unit, concernId, personId, by, now]);
}

describe('access requests', () => {
  it('the DPO registers a request: deadline one month from receipt, a task in the DPO\'s list at once (not at the next tick)', async () => {
    const res = await dpo.post('/api/v1/access-requests', { receivedOn: '2026-01-31', identityVerified: 'MitID ved personligt fremmøde' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'registered', receivedOn: '2026-01-31', deadlineOn: '2026-02-28', dueOn: '2026-02-28', personLinked: false });
    requestId = res.body.id;
    version = res.body.version;
    // No scheduler tick has run: the registration itself created the task.
    const tasks = await dpo.get('/api/v1/tasks/mine');
    expect(tasks.status).toBe(200);
    expect(tasks.body.filter((t: { kind: string }) => t.kind === 'access_request')).toHaveLength(1);
    expect(tasks.body.find((t: { kind: string }) => t.kind === 'access_request').dueAt).toBe('2026-03-01T00:00:00.000Z');
    // The tick then derives the same task by the same rule key: nothing more.
    await runTaskRulesOnce(h.ctx);
    expect((await dpo.get('/api/v1/tasks/mine')).body.filter((t: { kind: string }) => t.kind === 'access_request')).toHaveLength(1);
  });

  it('refuses bad input with 400 naming the field, and other roles with 403', async () => {
    const future = await dpo.post('/api/v1/access-requests', { receivedOn: '2027-01-01', identityVerified: 'MitID' });
    expect(future.status).toBe(400);
    expect(future.body.errors[0].field).toBe('receivedOn');
    const empty = await dpo.post('/api/v1/access-requests', { receivedOn: '2026-01-31', identityVerified: '' });
    expect(empty.status).toBe(400);
    expect((await coordinator.get('/api/v1/access-requests')).status).toBe(403);
    expect((await coordinator.post('/api/v1/access-requests', { receivedOn: '2026-01-31', identityVerified: 'MitID' })).status).toBe(403);
    // Another unit's DPO does not see the request (404, existence does not leak).
    expect((await dpoB.get(`/api/v1/access-requests/${requestId}`)).status).toBe(404);
  });

  it('extends the deadline once by two months with a reason; a stale version or a second extension is 409', async () => {
    const stale = await dpo.post(`/api/v1/access-requests/${requestId}/extend`, { version: version + 5, reason: 'Mange oplysninger' });
    expect(stale.status).toBe(409);
    const res = await dpo.post(`/api/v1/access-requests/${requestId}/extend`, { version, reason: 'Mange oplysninger fra flere forvaltninger' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ extendedTo: '2026-04-28', dueOn: '2026-04-28' });
    version = res.body.version;
    expect((await dpo.post(`/api/v1/access-requests/${requestId}/extend`, { version, reason: 'Igen' })).status).toBe(409);
    const open = (await dpo.get('/api/v1/tasks/mine')).body.filter((t: { kind: string }) => t.kind === 'access_request');
    expect(open.map((t: { dueAt: string }) => t.dueAt)).toEqual(['2026-04-29T00:00:00.000Z']);
  });

  it('finds the person only with purpose access_request, by name or birth date, audited without the values', async () => {
    const noPurpose = await dpo.post(`/api/v1/access-requests/${requestId}/person-search`, { name: 'Prøvesen' });
    expect(noPurpose.status).toBe(400);
    expect(noPurpose.body.errors[0].field).toBe('X-Vink-Purpose');
    const seq = await lastSeq();
    const byName = await dpo.request('POST', `/api/v1/access-requests/${requestId}/person-search`, { name: 'Mads Prøvesen' }, AR);
    expect(byName.status).toBe(200);
    expect(byName.body).toEqual([{ id: personId, fullName: 'Mads Prøvesen', birthDate: '2001-02-03', district: null }]);
    const rows = await auditSince(seq);
    expect(rows.every((r) => r.purpose === 'access_request')).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('Prøvesen');
    const byDate = await dpo.request('POST', `/api/v1/access-requests/${requestId}/person-search`, { birthDate: '2001-02-03' }, AR);
    expect(byDate.body.map((p: { id: string }) => p.id)).toEqual([personId]);
    const none = await dpo.request('POST', `/api/v1/access-requests/${requestId}/person-search`, {}, AR);
    expect(none.status).toBe(400);
    // The DPO still has no person.read: the ordinary person page stays closed.
    expect((await dpo.get(`/api/v1/persons/${personId}`)).status).toBe(404);
  });

  it('row-level security: the DPO\'s rows of citizens exist only under the purpose access_request (migration 0220)', async () => {
    const seen = (purpose: string) => systemTransaction(h.ctx.db, async (tx) => {
      await confineTransactionInTrx(tx, 'vink_app', {
        'vink.actor_id': dpo.user.id, 'vink.unit_ids': `{${dpo.user.unitId}}`, 'vink.actor_role': 'dpo', 'vink.purpose': purpose,
      });
      const persons = (await tx.query<{ id: string }>('SELECT id FROM persons')).rows.map((r) => r.id);
      const cases = (await tx.query<{ id: string }>('SELECT id FROM cases')).rows.map((r) => r.id);
      return { persons, cases };
    });
    expect(await seen('audit')).toEqual({ persons: [], cases: [] });
    const compiling = await seen('access_request');
    expect(compiling.persons).toContain(personId);
    expect(compiling.cases).toContain(caseId);
  });

  it('linking the person moves the request to compiling and places a legal hold', async () => {
    const res = await dpo.request('POST', `/api/v1/access-requests/${requestId}/person`, { version, personId }, AR);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'compiling', personLinked: true });
    version = res.body.version;
    const holds = await dpo.get('/api/v1/legal-holds?active=true');
    expect(holds.body).toEqual([expect.objectContaining({ personId, reasonKind: 'access_request', liftedAt: null })]);
    const detail = await dpo.request('GET', `/api/v1/access-requests/${requestId}`, undefined, AR);
    expect(detail.body).toMatchObject({ person: { id: personId, fullName: 'Mads Prøvesen' }, allowed: ['handed_over', 'closed'] });
    expect(detail.body.legalHold).toMatchObject({ liftedAt: null });
  });

  it('compiles everything held about the person across modules, with every look-up by date, organisation, role and purpose and no staff names or ids', async () => {
    await recordsAcrossModules();
    const res = await dpo.request('GET', `/api/v1/access-requests/${requestId}/compilation`, undefined, AR);
    expect(res.status).toBe(200);
    const types = new Set(res.body.items.map((i: { type: string }) => i.type));
    for (const t of ['concern', 'share', 'case', 'disclosure', 'consent', 'document', 'family_link', 'support_plan_goal', 'support_plan_review',
      'meeting_item', 'transfer', 'correction']) expect(types).toContain(t);
    const item = (type: string) => res.body.items.find((i: { type: string }) => i.type === type).fields;
    expect(item('consent')).toMatchObject({ 'Samtykke til': 'Deling af oplysninger med skolen', 'Givet af': 'En forælder eller værge på dine vegne' });
    expect(item('document')).toMatchObject({ 'Titel': 'Brev fra skolen', 'Filtype': 'application/pdf' });
    expect(JSON.stringify(res.body)).not.toContain(DOCUMENT_CONTENT);
    // The other person of a relation is a third party: the relation seen from the citizen, never who.
    expect(item('family_link')['Relation']).toContain('forælder');
    // Two goals were made in the same test; find each by its title (their order in the export is by date only).
    const goals = res.body.items.filter((i: { type: string }) => i.type === 'support_plan_goal').map((i: { fields: Record<string, string> }) => i.fields);
    expect(goals.find((g: Record<string, string>) => g['Mål'] === 'Gennemfører 9. klasse')).toMatchObject({ 'Ansvarlig': 'Skolen' });
    expect(item('support_plan_review')).toMatchObject({ 'Resumé': 'Møder stabilt op', 'Fremgang: Gennemfører 9. klasse': 'God fremgang – Har bestået terminsprøven' });
    expect(item('meeting_item')).toMatchObject({ 'Afgørelse': expect.any(String), 'Begrundelse': 'Konkrete trusler i forummet' });
    expect(item('transfer')).toMatchObject({ 'Fra': 'Testkommune A', 'Hjemmel': 'serviceloven § 152', 'Begrundelse': 'Flytningen blev aflyst' });
    expect(item('correction')).toMatchObject({ 'Felt': 'severity', 'Før': 'medium', 'Efter': 'high' });
    const all = JSON.stringify(res.body);
    for (const thirdParty of ['Sofie Prøvesen', otherPersonId, 'Hanne Værgesen', 'Farmor Prøvesen']) expect(all).not.toContain(thirdParty);
    expect(res.body.person).toMatchObject({ fullName: 'Mads Prøvesen', birthDate: '2001-02-03' });
    expect(res.body.lookups.length).toBeGreaterThan(3);
    expect(res.body.lookups).toContainEqual(expect.objectContaining({ role: 'Rådgiver', purpose: 'Sagsbehandling', action: 'Opslag', refused: false }));
    expect(res.body.lookups).toContainEqual(expect.objectContaining({ role: 'Leder', purpose: 'Ledelse' }));
    expect(res.body.lookups[0]).toEqual({ at: expect.any(String), organisation: 'Testkommune A', role: expect.any(String), purpose: expect.any(String), action: expect.any(String), refused: false });
    const text = JSON.stringify(res.body);
    for (const u of await displayNames()) {
      expect(text).not.toContain(u.display_name);
      expect(text).not.toContain(u.id);
    }
  });

  it('exempts a police disclosure with its legal reference: left out of the export and listed as withheld', async () => {
    const foreign = await dpo.request('POST', `/api/v1/access-requests/${requestId}/exemptions`,
      { itemType: 'disclosure', itemId: requestId, legalReference: 'databeskyttelsesloven § 22, stk. 1, nr. 4', reason: 'Efterforskning' }, AR);
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].field).toBe('itemId');
    const seq = await lastSeq();
    const res = await dpo.request('POST', `/api/v1/access-requests/${requestId}/exemptions`,
      { itemType: 'disclosure', itemId: disclosureId, legalReference: 'databeskyttelsesloven § 22, stk. 1, nr. 4', reason: 'Hensynet til politiets efterforskning' }, AR);
    expect(res.status).toBe(201);
    expect((await auditSince(seq)).map((r) => [r.action, r.record_type])).toContainEqual(['create', 'access_request_exemption']);
    const again = await dpo.request('POST', `/api/v1/access-requests/${requestId}/exemptions`,
      { itemType: 'disclosure', itemId: disclosureId, legalReference: 'databeskyttelsesloven § 22', reason: 'Igen' }, AR);
    expect(again.status).toBe(409);
    const exp = await dpo.request('GET', `/api/v1/access-requests/${requestId}/export.json`, undefined, AR);
    expect(exp.status).toBe(200);
    expect(exp.body.items.map((i: { id: string }) => i.id)).not.toContain(disclosureId);
    expect(JSON.stringify(exp.body)).not.toContain('Oplysninger til politiets efterforskning');
    expect(exp.body.withheld).toEqual([{ type: 'disclosure', date: expect.any(String), legalReference: 'databeskyttelsesloven § 22, stk. 1, nr. 4' }]);
    const comp = await dpo.request('GET', `/api/v1/access-requests/${requestId}/compilation`, undefined, AR);
    expect(comp.body.items.find((i: { id: string }) => i.id === disclosureId).exempted).toBe(true);
  });

  it('prints a tagged Danish PDF for the citizen with the look-ups and no staff names', async () => {
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/access-requests/${requestId}/export.pdf`,
      headers: { cookie: `${SESSION_COOKIE}=${dpo.cookie}`, 'x-vink-purpose': 'access_request' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(res.rawPayload) }).promise;
    let text = '';
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      text += (await page.getTextContent()).items.map((x) => ('str' in x ? x.str : '')).join(' ') + '\n';
    }
    expect(text).toContain('Indsigt i dine oplysninger');
    expect(text).toContain('Mads Prøvesen');
    expect(text).toContain('Rådgiver');
    expect(text).toContain('Sagsbehandling');
    expect(text).toContain('databeskyttelsesloven § 22');
    for (const u of await displayNames()) expect(text).not.toContain(u.display_name);
    // Tagged: the first page has a structure tree with headings and tables.
    const tree = JSON.stringify(await (await doc.getPage(1)).getStructTree());
    expect(tree).toContain('"role":"H1"');
    expect(tree).toContain('"role":"Table"');
    await doc.cleanup();
  }, 60_000);

  it('hand-over and closing follow the workflow (409 naming the allowed steps); closing lifts the legal hold', async () => {
    const early = await dpo.post(`/api/v1/access-requests/${requestId}/transition`, { version, to: 'closed' });
    expect(early.status).toBe(200);
    version = early.body.version;
    const after = await dpo.post(`/api/v1/access-requests/${requestId}/transition`, { version, to: 'handed_over' });
    expect(after.status).toBe(409);
    expect(after.body.allowed).toEqual([]);
    expect((await dpo.get('/api/v1/legal-holds?active=true')).body).toEqual([]);
    const lifted = (await dpo.get('/api/v1/legal-holds?active=false')).body;
    expect(lifted).toEqual([expect.objectContaining({ personId, reasonKind: 'access_request', liftReason: expect.any(String) })]);
    expect((await dpo.get('/api/v1/tasks/mine')).body.filter((t: { kind: string }) => t.kind === 'access_request')).toEqual([]);
  });

  it('registered → handed_over is refused with the allowed steps; compiling → handed_over → closed', async () => {
    const r = await dpo.post('/api/v1/access-requests', { receivedOn: '2026-02-10', identityVerified: 'Kopi af pas, kontrolleret' });
    const bad = await dpo.post(`/api/v1/access-requests/${r.body.id}/transition`, { version: r.body.version, to: 'handed_over' });
    expect(bad.status).toBe(409);
    expect(bad.body.allowed).toEqual(['compiling', 'closed']);
    const linked = await dpo.request('POST', `/api/v1/access-requests/${r.body.id}/person`, { version: r.body.version, personId }, AR);
    const handed = await dpo.post(`/api/v1/access-requests/${r.body.id}/transition`, { version: linked.body.version, to: 'handed_over' });
    expect(handed.body.status).toBe('handed_over');
    const closed = await dpo.post(`/api/v1/access-requests/${r.body.id}/transition`, { version: handed.body.version, to: 'closed' });
    expect(closed.body.status).toBe('closed');
  });
});

describe('legal holds', () => {
  it('the DPO places a police-request hold on a case and lifts it with a reason; versioned and audited', async () => {
    const seq = await lastSeq();
    const placed = await dpo.post('/api/v1/legal-holds', { caseId, reasonKind: 'police_request', reason: 'Politiet har bedt om sagen bevaret.' });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ caseId, personId: null, reasonKind: 'police_request', liftedAt: null, version: 1 });
    expect((await auditSince(seq)).map((r) => [r.action, r.record_type])).toContainEqual(['create', 'legal_hold']);
    const stale = await dpo.post(`/api/v1/legal-holds/${placed.body.id}/lift`, { version: 2, reason: 'Sagen er afsluttet hos politiet.' });
    expect(stale.status).toBe(409);
    const lifted = await dpo.post(`/api/v1/legal-holds/${placed.body.id}/lift`, { version: 1, reason: 'Sagen er afsluttet hos politiet.' });
    expect(lifted.status).toBe(200);
    expect(lifted.body).toMatchObject({ liftReason: 'Sagen er afsluttet hos politiet.', version: 2 });
    expect((await dpo.post(`/api/v1/legal-holds/${placed.body.id}/lift`, { version: 2, reason: 'Igen' })).status).toBe(409);
  });

  it('refuses a hold without exactly one subject (400), on another unit\'s case (404) and for other roles (403)', async () => {
    const both = await dpo.post('/api/v1/legal-holds', { caseId, personId, reasonKind: 'complaint', reason: 'Klage' });
    expect(both.status).toBe(400);
    expect((await dpoB.post('/api/v1/legal-holds', { caseId, reasonKind: 'complaint', reason: 'Klage' })).status).toBe(404);
    expect((await coordinator.post('/api/v1/legal-holds', { caseId, reasonKind: 'complaint', reason: 'Klage' })).status).toBe(403);
    expect((await coordinator.get('/api/v1/legal-holds')).status).toBe(403);
  });
});
