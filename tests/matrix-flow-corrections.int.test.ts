import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus, NATURAL, onCase, type Relation } from './helpers/policy.ts';
import { keyOf, route, walkedBy } from './matrix/catalogue.ts';

/**
 * Corrections of an Infohus decision and of an offer's answer (docs/domain.md, "Corrections") × every role × every
 * relation of the record to the actor, with the expected status from the one policy table (src/shared/policy.ts).
 * Each request gets a fresh record. A success leaves exactly one 'ok' audit row and one field_history row; a refusal
 * exactly one 'denied' row and no history.
 */
type ConcernRel = 'ownCreator' | 'ownShared' | 'ownNone' | 'otherShared' | 'otherNone';
const CONCERN_RELS: Record<ConcernRel, Relation> = {
  ownCreator: { own: true, creator: true, shared: false },
  ownShared: { own: true, creator: false, shared: true },
  ownNone: { own: true, creator: false, shared: false },
  otherShared: { own: false, creator: false, shared: true },
  otherNone: { own: false, creator: false, shared: false },
};

let h: Harness;
const actors = {} as Record<Role, Client & { user: TestUser }>;
let staff: { a: TestUser; b: TestUser };
const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;

async function person(unit: string): Promise<string> {
  return (await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Matrix Rettelse', 'unknown', $2, $2) RETURNING id`, [
    unit, h.clock.now(),
  ]))[0]!.id;
}

/** An unfounded concern with its Infohus decision, in the relation rel to the role's actor; answers the concern id and the decision id. */
async function makeDecision(role: Role, rel: ConcernRel): Promise<{ id: string; recordId: string }> {
  const r = CONCERN_RELS[rel];
  const unit = r.own ? h.units.a : h.units.b;
  const registrar = r.creator ? actors[role].user.id : (r.own ? staff.a : staff.b).id;
  const now = h.clock.now();
  const id = (await sql<{ id: string }>(
    `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, status, triage_deadline_at,
       triaged_at, handled_in_time, registered_by, created_at, updated_at, minor_stated)
     VALUES ($1, $2, 'professional', $3, 'right_wing', 'medium', 'Matrix: beskrevet adfærd.', 'unfounded', $4, $2, true, $5, $2, $2, 'unknown') RETURNING id`,
    [unit, now, await person(unit), new Date(now.getTime() + 48 * 3_600_000), registrar],
  ))[0]!.id;
  const recordId = (await sql<{ id: string }>(
    `INSERT INTO infohus_assessments (concern_id, unit_id, meeting_date, participants, decision, reasoning, decided_by, decided_at)
     VALUES ($1, $2, $3, '{Kommunen,Politiet}', 'unfounded', 'Ikke begrundet.', $4, $5) RETURNING id`,
    [id, unit, now.toISOString().slice(0, 10), (r.own ? staff.a : staff.b).id, now]))[0]!.id;
  if (r.shared) {
    await sql(`INSERT INTO concern_shares (concern_id, user_id, unit_id, legal_basis, shared_at) VALUES ($1, $2, $3, 'retsplejeloven_115', $4)`, [
      id, actors[role].user.id, unit, now,
    ]);
  }
  return { id, recordId };
}

/** A declined offer in an open case of the actor's unit or another, with the actor on the case in its natural relation or not. */
async function makeOffer(role: Role, own: boolean, onIt: boolean): Promise<string> {
  const unit = own ? h.units.a : h.units.b;
  const now = h.clock.now();
  const caseId = (await sql<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Matrix', $3, $3) RETURNING id`, [
    unit, await person(unit), now]))[0]!.id;
  if (onIt) {
    await sql(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at) VALUES ($1, $2, $3, $4, $5)`, [caseId, actors[role].user.id, unit, NATURAL[role], now]);
  }
  return (await sql<{ id: string }>(
    `INSERT INTO offers (case_id, unit_id, type, offered_at, offered_by, response, responded_at) VALUES ($1, $2, 'mentor', $3, $4, 'declined', $5) RETURNING id`,
    [caseId, unit, new Date(now.getTime() - 3_600_000), (own ? staff.a : staff.b).id, now]))[0]!.id;
}

const INFOHUS = route('PATCH /api/v1/concerns/:id/infohus');
const OFFER = route('PATCH /api/v1/offers/:id');

beforeAll(async () => {
  h = await createHarness({ SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24' });
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  for (const role of ROLES) actors[role].reason = 'Adgangsmatrix';
  staff = { a: await h.createUser('coordinator', 'a'), b: await h.createUser('coordinator', 'b') };
});
afterAll(async () => h?.close());

/** One request, checked: status, exactly one audit row by the actor with the right outcome, and the history rows. */
async function check(role: Role, where: string, path: string, body: unknown, expected: number, recordId: string): Promise<string[]> {
  const failures: string[] = [];
  const before = await h.auditCount();
  const res = await actors[role].patch(path, body);
  const after = await h.auditCount();
  if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
  if (after - before !== 1) failures.push(`${where}: expected 1 audit row, got ${after - before}`);
  const row = (await sql<{ outcome: string; actor_id: string }>('SELECT outcome, actor_id FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;
  if (row.outcome !== (expected >= 400 ? 'denied' : 'ok') || row.actor_id !== actors[role].user.id) failures.push(`${where}: audit row ${JSON.stringify(row)}`);
  const history = (await sql<{ n: number }>('SELECT count(*)::int AS n FROM field_history WHERE record_id = $1', [recordId]))[0]!.n;
  if (history !== (expected >= 400 ? 0 : 1)) failures.push(`${where}: ${history} history rows`);
  return failures;
}

describe('access matrix: corrections of the flow', () => {
  it('walks exactly the flow-correction routes of the catalogue', () => {
    expect([INFOHUS, OFFER].map(keyOf).sort()).toEqual(walkedBy('flow-corrections').sort());
    const registered = h.app.routeTable.map((r) => `${r.method} ${r.url}`).filter((k) => walkedBy('flow-corrections').includes(k));
    expect(registered.sort()).toEqual(walkedBy('flow-corrections').sort());
  });

  it(`${INFOHUS.method} ${INFOHUS.url}`, async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      for (const rel of Object.keys(CONCERN_RELS) as ConcernRel[]) {
        const { id, recordId } = await makeDecision(role, rel);
        const expected = expectedStatus(INFOHUS.action, role, 200, CONCERN_RELS[rel]);
        failures.push(...await check(role, `${role} × ${rel}`, `/api/v1/concerns/${id}/infohus`, { version: 1, reasoning: 'Rettet begrundelse.' }, expected, recordId));
      }
    }
    expect(failures).toEqual([]);
  });

  it(`${OFFER.method} ${OFFER.url}`, async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      for (const own of [true, false]) {
        for (const onIt of [true, false]) {
          const id = await makeOffer(role, own, onIt);
          const expected = expectedStatus(OFFER.action, role, 200, onCase(own, onIt ? NATURAL[role] : null));
          failures.push(...await check(role, `${role} × ${own ? 'own' : 'other'} unit × ${onIt ? NATURAL[role] : 'not on it'}`, `/api/v1/offers/${id}`,
            { version: 1, response: 'no_answer' }, expected, id));
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
