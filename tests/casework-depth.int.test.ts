import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { runTaskRulesOnce } from '../src/server/modules/tasks/index.ts';
import { confineTransactionInTrx } from '../src/server/platform/db.ts';

/**
 * Casework in depth (docs/domain.md, "Closing a case", "The support plan", "Family and relationships"): a closure waits
 * for the manager's approval; a support-plan review is a task until it is recorded, then part of the plan the timeline
 * shows; a relative coach course names the coached parent; a family link never shows a person the user may not see.
 */
type Actor = Client & { user: TestUser };
let h: Harness;
let coordinator: Actor;
let owner: Actor;
let member: Actor;
let manager: Actor;
let mentor: Actor;

const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T & Record<string, unknown>>(text, params))).rows;

async function newCase(title: string): Promise<{ id: string; personId: string; version: number }> {
  const p = await coordinator.post('/api/v1/persons', { fullName: `Borger ${title}` });
  expect(p.status).toBe(201);
  const c = await coordinator.post('/api/v1/cases', { personId: p.body.id, title, ownerId: owner.user.id });
  expect(c.status).toBe(201);
  return { id: c.body.id, personId: p.body.id, version: c.body.version };
}

beforeAll(async () => {
  h = await createHarness();
  coordinator = await h.signIn('coordinator');
  coordinator.reason = 'Tovholder for enheden';
  owner = await h.signIn('adviser');
  member = await h.signIn('adviser');
  manager = await h.signIn('manager');
  mentor = await h.signIn('mentor');
});
afterAll(async () => h?.close());

describe('closure approval', () => {
  it('a closure waits for the manager: the request is listed for the manager, a rejection keeps the case open, an approval closes it', async () => {
    const c = await newCase('Lukning');
    const direct = await coordinator.post(`/api/v1/cases/${c.id}/transition`, { to: 'closed', version: c.version, reason: 'Slut' });
    expect(direct.status).toBe(409);
    expect(direct.body.allowed).toEqual(['offer']);

    const asked = await coordinator.post(`/api/v1/cases/${c.id}/closure-requests`, { reason: 'Ikke længere bekymring.' });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'pending', reason: 'Ikke længere bekymring.', requestedBy: { id: coordinator.user.id } });
    expect((await coordinator.get(`/api/v1/cases/${c.id}`)).body.status).toBe('open');
    expect((await coordinator.post(`/api/v1/cases/${c.id}/closure-requests`, { reason: 'Igen' })).status).toBe(409);

    const pending = await manager.get('/api/v1/closure-requests/pending');
    expect(pending.status).toBe(200);
    expect(pending.body).toEqual([expect.objectContaining({ id: asked.body.id, caseId: c.id, caseTitle: 'Lukning' })]);
    // Only a manager decides; the coordinator who asked cannot approve their own request.
    expect((await coordinator.post(`/api/v1/closure-requests/${asked.body.id}/decision`, { decision: 'approved', note: 'Ok', version: 1 })).status).toBe(404);
    expect((await coordinator.get('/api/v1/closure-requests/pending')).status).toBe(403);

    expect((await manager.post(`/api/v1/closure-requests/${asked.body.id}/decision`, { decision: 'rejected', note: '', version: 1 })).status).toBe(400);
    const rejected = await manager.post(`/api/v1/closure-requests/${asked.body.id}/decision`, { decision: 'rejected', note: 'Afvent opfølgning.', version: 1 });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionNote: 'Afvent opfølgning.', decidedBy: { id: manager.user.id } });
    expect((await coordinator.get(`/api/v1/cases/${c.id}`)).body.status).toBe('open');
    const again = await manager.post(`/api/v1/closure-requests/${asked.body.id}/decision`, { decision: 'approved', note: 'Alligevel', version: 2 });
    expect(again.status).toBe(409);
    expect(again.body.allowed).toEqual([]);
    expect((await manager.get('/api/v1/closure-requests/pending')).body).toEqual([]);

    h.clock.advanceMinutes(1);
    const second = await owner.post(`/api/v1/cases/${c.id}/closure-requests`, { reason: 'Flyttet fra kommunen.' });
    expect(second.status).toBe(201);
    expect((await manager.post(`/api/v1/closure-requests/${second.body.id}/decision`, { decision: 'approved', note: 'Ok', version: 2 })).status).toBe(409);
    h.clock.advanceMinutes(1);
    const approved = await manager.post(`/api/v1/closure-requests/${second.body.id}/decision`, { decision: 'approved', note: 'Godkendt.', version: 1 });
    expect(approved.status).toBe(200);
    const closed = (await coordinator.get(`/api/v1/cases/${c.id}`)).body;
    expect(closed).toMatchObject({ status: 'closed', closureReason: 'Flyttet fra kommunen.', closedAt: h.clock.now().toISOString() });
    const history = (await coordinator.get(`/api/v1/cases/${c.id}/history`)).body;
    expect(history.changes.at(-1)).toMatchObject({ from: 'open', to: 'closed', changedBy: { id: manager.user.id } });
    const list = (await coordinator.get(`/api/v1/cases/${c.id}/closure-requests`)).body as { status: string }[];
    expect(list.map((r) => r.status)).toEqual(['approved', 'rejected']);
    const audit = await sql<{ action: string; actor_id: string }>(
      `SELECT action, actor_id FROM audit_log WHERE record_type = 'closure_request' AND outcome = 'ok' AND person_id = $1 ORDER BY seq`, [c.personId]);
    expect(audit.filter((a) => a.action !== 'read' && a.action !== 'search').map((a) => [a.action, a.actor_id])).toEqual([
      ['create', coordinator.user.id], ['update', manager.user.id], ['create', owner.user.id], ['update', manager.user.id],
    ]);
  });
});

describe('support plan', () => {
  it('a planned review is the owner\'s task until the review is recorded; the review holds progress per goal and plans the next', async () => {
    const c = await newCase('Plan');
    const goal = { title: 'Fast skolegang', ownerKind: 'authority', ownerName: 'Skolen', actions: 'Ugentlig samtale med mentor', dimensions: ['education_employment', 'network_leisure'] };
    const noDate = await coordinator.post(`/api/v1/cases/${c.id}/support-plan/goals`, goal);
    expect(noDate.status).toBe(400);
    expect(noDate.body.errors).toEqual([{ field: 'reviewOn', reason: 'is required while the plan has no review planned' }]);
    const badDimension = await coordinator.post(`/api/v1/cases/${c.id}/support-plan/goals`, { ...goal, dimensions: ['shoe_size'], reviewOn: '2026-04-01' });
    expect(badDimension.status).toBe(400);
    expect(badDimension.body.errors[0].field).toBe('dimensions');
    const g1 = await coordinator.post(`/api/v1/cases/${c.id}/support-plan/goals`, { ...goal, reviewOn: '2026-04-01' });
    expect(g1.status).toBe(201);
    expect(g1.body).toMatchObject({ title: 'Fast skolegang', dimensions: ['education_employment', 'network_leisure'], status: 'active', version: 1 });
    h.clock.advanceMinutes(1);
    const g2 = await owner.post(`/api/v1/cases/${c.id}/support-plan/goals`, { title: 'Ny fritidsaktivitet', ownerKind: 'person', ownerName: 'Mor', actions: 'Finde en klub', dimensions: [] });
    expect(g2.status).toBe(201);

    // Versioned edits.
    expect((await owner.patch(`/api/v1/support-plan-goals/${g1.body.id}`, { version: 2, title: 'x' })).status).toBe(409);
    const edited = await owner.patch(`/api/v1/support-plan-goals/${g1.body.id}`, { version: 1, actions: 'To samtaler om ugen' });
    expect(edited.body).toMatchObject({ actions: 'To samtaler om ugen', version: 2 });

    // The planned review is the case owner's task.
    await runTaskRulesOnce(h.ctx);
    const tasks = (await owner.get('/api/v1/tasks/mine')).body as { kind: string; caseId: string; dueAt: string }[];
    const reviewTask = tasks.find((t) => t.kind === 'support_plan_review' && t.caseId === c.id);
    expect(reviewTask).toBeDefined();

    const other = await newCase('Anden plan');
    const foreign = await coordinator.post(`/api/v1/cases/${other.id}/support-plan/goals`, { ...goal, reviewOn: '2026-04-01' });
    const badGoal = await owner.post(`/api/v1/cases/${c.id}/support-plan/reviews`, { reviewedOn: '2026-03-02', progress: [{ goalId: foreign.body.id, progress: 'some' }], nextReviewOn: null });
    expect(badGoal.status).toBe(400);
    expect(badGoal.body.errors[0].field).toBe('progress');
    expect((await owner.post(`/api/v1/cases/${c.id}/support-plan/reviews`, { reviewedOn: '2026-03-09', progress: [{ goalId: g1.body.id, progress: 'some' }], nextReviewOn: null })).status).toBe(400);
    expect((await owner.post(`/api/v1/cases/${c.id}/support-plan/reviews`, { reviewedOn: '2026-03-02', progress: [{ goalId: g1.body.id, progress: 'some' }], nextReviewOn: '2026-03-01' })).status).toBe(400);

    const review = await owner.post(`/api/v1/cases/${c.id}/support-plan/reviews`, {
      reviewedOn: '2026-03-02', summary: 'God udvikling.', nextReviewOn: '2026-06-01',
      progress: [{ goalId: g1.body.id, progress: 'good', note: 'Møder op hver dag.' }, { goalId: g2.body.id, progress: 'none' }],
    });
    expect(review.status).toBe(201);
    expect(review.body).toMatchObject({
      reviewedOn: '2026-03-02', nextReviewOn: '2026-06-01', reviewedBy: { id: owner.user.id },
      progress: [{ goalId: g1.body.id, goalTitle: 'Fast skolegang', progress: 'good', note: 'Møder op hver dag.' }, { goalId: g2.body.id, goalTitle: 'Ny fritidsaktivitet', progress: 'none', note: null }],
    });

    // The answered review's task is done; the next review is a new task.
    await runTaskRulesOnce(h.ctx);
    const after = (await owner.get('/api/v1/tasks/mine')).body as { id: string; kind: string; caseId: string; dueAt: string }[];
    const open = after.filter((t) => t.kind === 'support_plan_review' && t.caseId === c.id);
    expect(open).toHaveLength(1);
    expect(open[0]!.id).not.toBe((reviewTask as unknown as { id: string }).id);
    expect(open[0]!.dueAt.slice(0, 10)).toBe('2026-06-02');

    const plan = await member.get(`/api/v1/cases/${c.id}/support-plan`);
    expect(plan.status).toBe(404);
    const seen = await coordinator.get(`/api/v1/cases/${c.id}/support-plan`);
    expect(seen.body).toMatchObject({ caseId: c.id, nextReviewOn: '2026-06-01', goals: [{ id: g1.body.id }, { id: g2.body.id }], reviews: [{ id: review.body.id }] });
    const rows = await sql(`SELECT 1 FROM audit_log WHERE record_type = 'support_plan' AND record_id = $1 AND actor_id = $2`, [c.id, coordinator.user.id]);
    expect(rows).toHaveLength(1);

    // Closing the case ends the plan's task.
    const asked = await coordinator.post(`/api/v1/cases/${c.id}/closure-requests`, { reason: 'Mål nået.' });
    await manager.post(`/api/v1/closure-requests/${asked.body.id}/decision`, { decision: 'approved', note: 'Ok', version: 1 });
    await runTaskRulesOnce(h.ctx);
    expect(((await owner.get('/api/v1/tasks/mine')).body as { kind: string; caseId: string }[]).filter((t) => t.caseId === c.id)).toEqual([]);
    expect((await owner.post(`/api/v1/cases/${c.id}/support-plan/goals`, { ...goal })).status).toBe(409);
  });
});

describe('family links and the coached parent', () => {
  it('a coach course names the coached parent; a user without reach to the parent sees neither the link nor the name', async () => {
    const c = await newCase('Familie');
    const parentName = 'Forælder Hemmeligsen';
    const parent = await coordinator.post('/api/v1/persons', { fullName: parentName });
    const stranger = await coordinator.post('/api/v1/persons', { fullName: 'Uden Forbindelse' });
    // The plain member adviser reaches the child (a member of its case) but not the parent.
    expect((await coordinator.post(`/api/v1/cases/${c.id}/members`, { userId: member.user.id, relation: 'adviser' })).status).toBe(201);

    expect((await member.post(`/api/v1/persons/${c.personId}/links`, { linkedPersonId: parent.body.id, kind: 'parent' })).status).toBe(400);
    const link = await coordinator.post(`/api/v1/persons/${c.personId}/links`, { linkedPersonId: parent.body.id, kind: 'parent', note: 'Bor sammen', legalBasis: 'consent' });
    expect(link.status).toBe(201);
    expect(link.body).toMatchObject({ personId: c.personId, linkedPerson: { id: parent.body.id, fullName: parentName }, kind: 'parent', legalBasis: 'consent' });
    expect((await coordinator.post(`/api/v1/persons/${parent.body.id}/links`, { linkedPersonId: c.personId, kind: 'child' })).status).toBe(409);
    const fromParent = await coordinator.get(`/api/v1/persons/${parent.body.id}/links`);
    expect(fromParent.body).toEqual([expect.objectContaining({ linkedPerson: { id: c.personId, fullName: 'Borger Familie' }, kind: 'child' })]);
    const overview = await coordinator.get(`/api/v1/persons/${c.personId}/overview`);
    expect(overview.body.links).toEqual([expect.objectContaining({ linkedPerson: { id: parent.body.id, fullName: parentName } })]);

    // Without reach to the parent: no link, no name, anywhere.
    const memberLinks = await member.get(`/api/v1/persons/${c.personId}/links`);
    expect(memberLinks.status).toBe(200);
    expect(memberLinks.body).toEqual([]);
    const memberOverview = await member.get(`/api/v1/persons/${c.personId}/overview`);
    expect(memberOverview.status).toBe(200);
    expect(memberOverview.body.links).toEqual([]);
    expect(JSON.stringify(memberOverview.body)).not.toContain('Hemmeligsen');
    expect((await member.get(`/api/v1/persons/${parent.body.id}/links`)).status).toBe(404);
    // Row-level security hides the row itself from the member (not only the repository's filter).
    const visibleTo = (who: Actor, role: string) => systemTransaction(h.ctx.db, async (tx) => {
      await confineTransactionInTrx(tx, 'vink_app', { 'vink.actor_id': who.user.id, 'vink.unit_ids': `{${h.units.a}}`, 'vink.actor_role': role });
      return (await tx.query('SELECT id FROM person_links WHERE id = $1', [link.body.id])).rows;
    });
    expect(await visibleTo(member, 'adviser')).toEqual([]);
    expect(await visibleTo(coordinator, 'coordinator')).toEqual([{ id: link.body.id }]);

    // The coach course names the coached parent: only a linked person, only on a relative coach course.
    const course = { kind: 'relative_coach', mentorId: mentor.user.id, startedOn: '2026-03-02' };
    expect((await coordinator.post(`/api/v1/cases/${c.id}/courses`, { ...course, kind: 'mentor', coachedPersonId: parent.body.id })).status).toBe(400);
    const unlinked = await coordinator.post(`/api/v1/cases/${c.id}/courses`, { ...course, coachedPersonId: stranger.body.id });
    expect(unlinked.status).toBe(400);
    expect(unlinked.body.errors[0].field).toBe('coachedPersonId');
    const started = await coordinator.post(`/api/v1/cases/${c.id}/courses`, { ...course, coachedPersonId: parent.body.id });
    expect(started.status).toBe(201);
    expect(started.body.coachedPersonId).toBe(parent.body.id);
    const listed = (await coordinator.get(`/api/v1/cases/${c.id}/courses`)).body as { coachedPerson: unknown }[];
    expect(listed[0]!.coachedPerson).toEqual({ id: parent.body.id, fullName: parentName });
    const memberCourses = await member.get(`/api/v1/cases/${c.id}/courses`);
    expect(memberCourses.status).toBe(200);
    expect((memberCourses.body as { coachedPerson: unknown }[])[0]!.coachedPerson).toBeNull();
    expect(JSON.stringify(memberCourses.body)).not.toContain('Hemmeligsen');
  });
});

describe('the case summary PDF', () => {
  it('prints facts, timeline, offers, courses, disclosures and the support plan with its reviews as a tagged PDF, audited as an export', async () => {
    const c = await newCase('Resumé');
    await coordinator.post(`/api/v1/cases/${c.id}/support-plan/goals`, {
      title: 'Fast skolegang', ownerKind: 'authority', ownerName: 'Skoleforvaltningen', actions: 'Ugentlig samtale', dimensions: ['education_employment'], reviewOn: '2026-03-02',
    });
    const plan = (await coordinator.get(`/api/v1/cases/${c.id}/support-plan`)).body;
    await coordinator.post(`/api/v1/cases/${c.id}/support-plan/reviews`, {
      reviewedOn: '2026-03-02', summary: 'Stabil fremmøde.', nextReviewOn: '2026-06-01', progress: [{ goalId: plan.goals[0].id, progress: 'good' }],
    });
    await coordinator.post(`/api/v1/cases/${c.id}/disclosures`, { partnerOrganisation: 'Kriminalforsorgen', legalBasis: 'retsplejeloven_115', contentSummary: 'Status på forløbet' });
    // A plain member adviser may not export the summary; the owner may.
    expect((await member.get(`/api/v1/cases/${c.id}/summary.pdf`)).status).toBe(404);
    const before = await h.auditCount();
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/summary.pdf`, headers: { cookie: `vink_session=${owner.cookie}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(String(res.headers['content-disposition'])).toBe('attachment; filename="sagsresume.pdf"');
    expect(await h.auditCount() - before).toBe(1);
    const [row] = await sql<{ action: string; person_id: string; actor_id: string }>('SELECT action, person_id, actor_id FROM audit_log ORDER BY seq DESC LIMIT 1');
    expect(row).toMatchObject({ action: 'export', person_id: c.personId, actor_id: owner.user.id });
    const pdf = res.rawPayload;
    expect(pdf.toString('latin1')).toContain('/StructTreeRoot');
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
    let text = '';
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      text += content.items.map((x) => ('str' in x ? x.str : '')).join(' ') + '\n';
    }
    for (const expected of ['Sagsresumé: Resumé', 'Borger Resumé', 'Fakta', 'Tidslinje', 'Vurderinger', 'Tilbud', 'Forløb', 'Videregivelser', 'Kriminalforsorgen',
      'Støtteplan', 'Fast skolegang', 'Skoleforvaltningen', 'Uddannelse og beskæftigelse', 'God fremgang', 'Stabil fremmøde.']) {
      expect(text, expected).toContain(expected);
    }
  }, 60_000);
});

describe('resource persons and SSP', () => {
  it('a partner joins as resource person or SSP on a legal basis, and supervision sessions given to them are recorded', async () => {
    const c = await newCase('Ressource');
    const social = await h.signIn('partner');
    const noBasis = await coordinator.post(`/api/v1/cases/${c.id}/members`, { userId: social.user.id, relation: 'resource_person' });
    expect(noBasis.status).toBe(400);
    expect(noBasis.body.errors[0].field).toBe('legalBasis');
    expect((await coordinator.post(`/api/v1/cases/${c.id}/members`, { userId: owner.user.id, relation: 'ssp' })).status).toBe(400);
    expect((await coordinator.post(`/api/v1/cases/${c.id}/members`, { userId: social.user.id, relation: 'resource_person', legalBasis: 'serviceloven' })).status).toBe(201);
    const disclosed = await sql(`SELECT 1 FROM disclosures WHERE case_id = $1 AND recipient_user_id = $2`, [c.id, social.user.id]);
    expect(disclosed).toHaveLength(1);

    const session = { memberId: social.user.id, heldOn: '2026-03-02', durationMinutes: 60, topic: 'Samtale om motivation' };
    expect((await coordinator.post(`/api/v1/cases/${c.id}/supervision-sessions`, { ...session, memberId: owner.user.id })).status).toBe(400);
    expect((await coordinator.post(`/api/v1/cases/${c.id}/supervision-sessions`, { ...session, heldOn: '2026-03-09' })).status).toBe(400);
    expect((await coordinator.post(`/api/v1/cases/${c.id}/supervision-sessions`, { ...session, durationMinutes: 0 })).status).toBe(400);
    const made = await owner.post(`/api/v1/cases/${c.id}/supervision-sessions`, session);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ member: { id: social.user.id }, relation: 'resource_person', heldOn: '2026-03-02', durationMinutes: 60, topic: 'Samtale om motivation' });
    const list = await manager.get(`/api/v1/cases/${c.id}/supervision-sessions`);
    expect(list.body).toEqual([expect.objectContaining({ id: made.body.id })]);
    // The resource person sees the case as a partner member, not the supervision record.
    expect((await social.get(`/api/v1/cases/${c.id}`)).status).toBe(200);
    expect((await social.get(`/api/v1/cases/${c.id}/supervision-sessions`)).status).toBe(404);
  });
});
