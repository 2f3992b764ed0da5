import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import type { ConcernStatus } from '../src/shared/concern-workflow.ts';
import { allowed, expectedStatus, type Relation } from './helpers/policy.ts';
import { reachesFor } from '../src/shared/policy.ts';
import { keyOf, route, walkedBy, type GuardedRoute, type Method } from './matrix/catalogue.ts';

/**
 * The intake routes × every role × every relation that makes sense for the record, with the expected status
 * computed from the one policy table (src/shared/policy.ts, read through tests/helpers/policy.ts), and exactly one audit row per request (ok or
 * denied, by the acting user). Records that a request changes are made fresh for each request.
 *
 * Relations: a concern may be in the actor's unit or another, registered by the actor (creator), shared with the
 * actor (shared: police check, Infohus partner), or neither. A call may be the actor's own (creator) or not.
 * A concern or call in another unit registered by the actor cannot arise (registration is always in one's own
 * unit), so that relation is not walked.
 */
type ConcernRel = 'ownCreator' | 'ownShared' | 'ownNone' | 'otherShared' | 'otherNone';
const CONCERN_RELS: Record<ConcernRel, Relation> = {
  ownCreator: { own: true, creator: true, shared: false },
  ownShared: { own: true, creator: false, shared: true },
  ownNone: { own: true, creator: false, shared: false },
  otherShared: { own: false, creator: false, shared: true },
  otherNone: { own: false, creator: false, shared: false },
};
type CallRel = 'ownCreator' | 'ownNone' | 'otherNone';
const CALL_RELS: Record<CallRel, Relation> = {
  ownCreator: { own: true, creator: true, shared: false },
  ownNone: { own: true, creator: false, shared: false },
  otherNone: { own: false, creator: false, shared: false },
};
/** Persons: own or other unit, and whether the actor is a member of a case about the person. */
type PersonRel = 'ownAssigned' | 'ownNotAssigned' | 'otherAssigned' | 'otherNotAssigned';
const PERSON_RELS: Record<PersonRel, Relation & { member: boolean }> = {
  ownAssigned: { own: true, member: true },
  ownNotAssigned: { own: true, member: false },
  otherAssigned: { own: false, member: true },
  otherNotAssigned: { own: false, member: false },
};

let h: Harness;
const actors = {} as Record<Role, Client & { user: TestUser }>;
let staff: { a: TestUser; b: TestUser; police: TestUser };
const fixedPersons = {} as Record<PersonRel, string>;
const listCalls = {} as Record<Role, Record<CallRel, string>>;
const listConcerns = {} as Record<Role, Record<ConcernRel, string>>;
const matchPersons = { own: '', other: '' };

const sql = async <T = any>(text: string, params: unknown[] = []) => (await systemTransaction(h.ctx.db, (tx) => tx.query<T>(text, params))).rows;
const unitOf = (own: boolean) => (own ? h.units.a : h.units.b);

async function makePerson(unit: string, name: string): Promise<string> {
  return (await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, $2, 'unknown', $3, $3) RETURNING id`, [
    unit, name, h.clock.now(),
  ]))[0]!.id;
}

/** A concern in the given status, registered by registeredBy, optionally shared with a user. */
async function makeConcern(own: boolean, status: ConcernStatus, registeredBy: string, shareWith: string | null): Promise<string> {
  const unit = unitOf(own);
  const person = await makePerson(unit, 'Matrix Bekymring');
  const now = h.clock.now();
  const id = (await sql<{ id: string }>(
    `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, status, triage_deadline_at,
       registered_by, created_at, updated_at, minor_stated)
     VALUES ($1, $2, 'professional', $3, 'right_wing', 'medium', 'Matrix: beskrevet adfærd.', $4, $5, $6, $2, $2, 'unknown') RETURNING id`,
    [unit, now, person, status, new Date(now.getTime() + 48 * 3_600_000), registeredBy],
  ))[0]!.id;
  await sql(`INSERT INTO concern_behaviours (concern_id, unit_id, indicator_code) VALUES ($1, $2, 'threats')`, [id, unit]);
  if (shareWith) {
    await sql(`INSERT INTO concern_shares (concern_id, user_id, unit_id, legal_basis, shared_at) VALUES ($1, $2, $3, 'retsplejeloven_115', $4)`, [id, shareWith, unit, now]);
  }
  return id;
}

async function makeConcernFor(role: Role, rel: ConcernRel, status: ConcernStatus): Promise<string> {
  const r = CONCERN_RELS[rel];
  const registrar = r.creator ? actors[role].user.id : (r.own ? staff.a : staff.b).id;
  return makeConcern(r.own, status, registrar, r.shared ? actors[role].user.id : null);
}

async function makeCall(own: boolean, handledBy: string): Promise<string> {
  return (await sql<{ id: string }>(
    `INSERT INTO calls (unit_id, received_at, channel, caller_type, topic, ideology_area, outcome, handled_by, created_at, updated_at)
     VALUES ($1, $2, 'vink_line', 'parent', 'Matrix opkald', 'none', 'advice_only', $3, $2, $2) RETURNING id`,
    [unitOf(own), h.clock.now(), handledBy],
  ))[0]!.id;
}

async function makeCallFor(role: Role, rel: CallRel): Promise<string> {
  const r = CALL_RELS[rel];
  return makeCall(r.own, r.creator ? actors[role].user.id : (r.own ? staff.a : staff.b).id);
}

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  staff = { a: await h.createUser('adviser', 'a'), b: await h.createUser('adviser', 'b'), police: await h.createUser('police_liaison', 'b') };
  const now = h.clock.now();
  for (const rel of Object.keys(PERSON_RELS) as PersonRel[]) {
    const unit = unitOf(PERSON_RELS[rel].own);
    const id = (await sql<{ id: string }>(
      `INSERT INTO persons (unit_id, full_name, cpr, birth_date, gender, created_at, updated_at) VALUES ($1, $2, $3, '1990-01-0${Object.keys(PERSON_RELS).indexOf(rel) + 1}', 'female', $4, $4) RETURNING id`,
      [unit, `Matrix Person ${rel}`, `0${Object.keys(PERSON_RELS).indexOf(rel) + 1}0190-1234`, now],
    ))[0]!.id;
    fixedPersons[rel] = id;
    const c = (await sql<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Matrix', $3, $3) RETURNING id`, [unit, id, now]))[0]!.id;
    if (PERSON_RELS[rel].member) {
      for (const role of ROLES) {
        await sql(`INSERT INTO case_members (case_id, user_id, unit_id, relation, legal_basis, added_at) VALUES ($1, $2, $3, $4, 'consent', $5)`, [
          c, actors[role].user.id, unit, role === 'police_liaison' ? 'police' : role === 'partner' ? 'partner' : role === 'mentor' ? 'mentor' : 'adviser', now,
        ]);
      }
    }
  }
  matchPersons.own = await makePerson(h.units.a, 'Matrixmatch Kandidat');
  matchPersons.other = await makePerson(h.units.b, 'Matrixmatch Kandidat');
  // A birth date, so a role that may not read the candidate is still told it is registered (name and birth date).
  await sql("UPDATE persons SET birth_date = '2000-01-01' WHERE id = ANY($1::uuid[])", [[matchPersons.own, matchPersons.other]]);
  for (const role of ROLES) {
    listCalls[role] = {} as Record<CallRel, string>;
    for (const rel of Object.keys(CALL_RELS) as CallRel[]) listCalls[role][rel] = await makeCallFor(role, rel);
    listConcerns[role] = {} as Record<ConcernRel, string>;
    for (const rel of Object.keys(CONCERN_RELS) as ConcernRel[]) listConcerns[role][rel] = await makeConcernFor(role, rel, 'received');
  }
});
afterAll(async () => h?.close());

async function lastAudit(): Promise<{ outcome: string; actor_id: string }> {
  return (await sql<{ outcome: string; actor_id: string }>('SELECT outcome, actor_id FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;
}

/** Sends the request and checks the status and the one audit row; returns the failures and the response body. */
async function check(role: Role, where: string, method: Method, url: string, body: unknown, expected: number, auditedOnOk = true) {
  const failures: string[] = [];
  const before = await h.auditCount();
  const res = await actors[role].request(method, url, body);
  const rows = (await h.auditCount()) - before;
  if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
  const expectedRows = expected < 400 && !auditedOnOk ? 0 : 1;
  if (rows !== expectedRows) failures.push(`${where}: expected ${expectedRows} audit row(s), got ${rows}`);
  else if (expectedRows === 1) {
    const row = await lastAudit();
    const outcome = expected < 400 ? 'ok' : 'denied';
    if (row.outcome !== outcome || row.actor_id !== actors[role].user.id) failures.push(`${where}: audit row ${JSON.stringify(row)} expected ${outcome}`);
  }
  return { failures, body: res.body };
}

const concernBody = () => ({
  receivedAt: h.clock.now().toISOString(), channel: 'web_form', reporter: { anonymous: true }, person: { fullName: 'Matrix Ny Person' },
  ideologyArea: 'other_unclear', severity: 'low', behaviourIndicators: ['threats'], behaviourDescription: 'Matrix: truer andre elever.', minor: 'no',
});
const today = () => h.clock.now().toISOString().slice(0, 10);

/** Record routes on concerns: a fresh concern in the right status for each request. */
const CONCERN_ROUTES: (GuardedRoute & { ok: number; status: ConcernStatus; path: (id: string) => string; body?: () => unknown })[] = [
  { ...route('GET /api/v1/concerns/:id'), ok: 200, status: 'received', path: (id) => `/api/v1/concerns/${id}` },
  { ...route('POST /api/v1/concerns/:id/share'), ok: 200, status: 'received', path: (id) => `/api/v1/concerns/${id}/share`,
    body: () => ({ version: 1, userId: staff.police.id, legalBasis: 'retsplejeloven_115' }) },
  { ...route('POST /api/v1/concerns/:id/police-check'), ok: 200, status: 'police_check',
    path: (id) => `/api/v1/concerns/${id}/police-check`, body: () => ({ version: 1, outcome: 'clear' }) },
  { ...route('POST /api/v1/concerns/:id/infohus'), ok: 200, status: 'infohus', path: (id) => `/api/v1/concerns/${id}/infohus`,
    body: () => ({ version: 1, meetingDate: today(), participants: ['Kommunen', 'Politiet'], decision: 'justified', reasoning: 'Matrix.' }) },
  // The concerns are about a person of unknown age (minor_stated 'unknown'), so the child-report decision applies.
  { ...route('POST /api/v1/concerns/:id/child-report'), ok: 200, status: 'received', path: (id) => `/api/v1/concerns/${id}/child-report`,
    body: () => ({ made: false, reason: 'Matrix: allerede underrettet.' }) },
];
const CALL_ROUTES: (GuardedRoute & { ok: number; path: (id: string) => string; body?: () => unknown })[] = [
  { ...route('GET /api/v1/calls/:id'), ok: 200, path: (id) => `/api/v1/calls/${id}` },
  { ...route('POST /api/v1/calls/:id/forward'), ok: 201, path: (id) => `/api/v1/calls/${id}/forward`,
    body: () => { const { receivedAt: _r, channel: _c, ...rest } = concernBody(); return rest; } },
];
/** The routes walked one by one below. */
const CPR_REVEAL = route('POST /api/v1/persons/:id/cpr/reveal');
const CREATE_CALL = route('POST /api/v1/calls');
const CREATE_CONCERN = route('POST /api/v1/concerns');
const LIST_CALLS = route('GET /api/v1/calls');
const LIST_CONCERNS = route('GET /api/v1/concerns');
const PAGE_CONCERNS = route('GET /api/v1/concerns/page');
const MATCHES = route('POST /api/v1/persons/matches');
const INDICATORS = route('GET /api/v1/behaviour-indicators');
const RELIGION_OVERRIDES = route('GET /api/v1/concerns/religion-overrides');

describe('intake access matrix', () => {
  it('walks exactly the intake routes of the catalogue (tests/matrix/catalogue.ts)', () => {
    const walked = [...CONCERN_ROUTES, ...CALL_ROUTES, CPR_REVEAL, CREATE_CALL, CREATE_CONCERN, LIST_CALLS, LIST_CONCERNS, PAGE_CONCERNS, MATCHES, INDICATORS, RELIGION_OVERRIDES];
    expect(walked.map(keyOf).sort()).toEqual(walkedBy('intake').sort());
  });

  for (const route of CONCERN_ROUTES) {
    it(`${route.method} ${route.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const rel of Object.keys(CONCERN_RELS) as ConcernRel[]) {
          const id = await makeConcernFor(role, rel, route.status);
          const expected = expectedStatus(route.action, role, route.ok, CONCERN_RELS[rel]);
          failures.push(...(await check(role, `${role} × ${rel}`, route.method, route.path(id), route.body?.(), expected)).failures);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  for (const route of CALL_ROUTES) {
    it(`${route.method} ${route.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const rel of Object.keys(CALL_RELS) as CallRel[]) {
          const id = await makeCallFor(role, rel);
          const expected = expectedStatus(route.action, role, route.ok, CALL_RELS[rel]);
          failures.push(...(await check(role, `${role} × ${rel}`, route.method, route.path(id), route.body?.(), expected)).failures);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('POST /api/v1/persons/:id/cpr/reveal', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      for (const rel of Object.keys(PERSON_RELS) as PersonRel[]) {
        const expected = expectedStatus(CPR_REVEAL.action, role, 200, PERSON_RELS[rel]);
        const r = await check(role, `${role} × ${rel}`, 'POST', `/api/v1/persons/${fixedPersons[rel]}/cpr/reveal`, {}, expected);
        failures.push(...r.failures);
        if (expected === 200 && !/^\d{6}-\d{4}$/.test(r.body?.cpr ?? '')) failures.push(`${role} × ${rel}: no full CPR revealed`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('POST /api/v1/calls and POST /api/v1/concerns (create in the own unit)', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      const call = { channel: 'vink_line', callerType: 'anonymous', topic: 'Matrix', ideologyArea: 'none', outcome: 'advice_only' };
      failures.push(...(await check(role, `${role} call`, 'POST', '/api/v1/calls', call, expectedStatus(CREATE_CALL.action, role, 201))).failures);
      failures.push(...(await check(role, `${role} concern`, 'POST', '/api/v1/concerns', concernBody(), expectedStatus(CREATE_CONCERN.action, role, 201))).failures);
    }
    expect(failures).toEqual([]);
  });

  it('GET /api/v1/calls and GET /api/v1/concerns list exactly what each role may reach', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      const calls = await check(role, `${role} calls`, 'GET', '/api/v1/calls', undefined, expectedStatus(LIST_CALLS.action, role, 200));
      failures.push(...calls.failures);
      if (Array.isArray(calls.body)) {
        const ids = new Set(calls.body.map((c: { id: string }) => c.id));
        for (const rel of Object.keys(CALL_RELS) as CallRel[]) {
          const should = allowed(LIST_CALLS.action, role, CALL_RELS[rel]);
          if (ids.has(listCalls[role][rel]) !== should) failures.push(`${role} calls: list ${should ? 'misses' : 'leaks'} the ${rel} call`);
        }
      }
      // The unpaged list is of one person's concerns (no queue without paging): asked per person, the same reach.
      for (const rel of Object.keys(CONCERN_RELS) as ConcernRel[]) {
        const [k] = await sql<{ person_id: string }>('SELECT person_id FROM concerns WHERE id = $1', [listConcerns[role][rel]]);
        const concerns = await check(role, `${role} concerns of the ${rel} person`, 'GET', `/api/v1/concerns?personId=${k!.person_id}`, undefined,
          expectedStatus(LIST_CONCERNS.action, role, 200));
        failures.push(...concerns.failures);
        if (Array.isArray(concerns.body)) {
          const should = allowed(LIST_CONCERNS.action, role, CONCERN_RELS[rel]);
          if (concerns.body.some((c: { id: string }) => c.id === listConcerns[role][rel]) !== should) {
            failures.push(`${role} concerns: list ${should ? 'misses' : 'leaks'} the ${rel} concern`);
          }
        }
      }
      // The paged queue: every page walked, the same reach, and the total equal to what the pages held.
      const seen = new Set<string>();
      let cursor: string | null = null;
      let total = -1;
      do {
        const page = await check(role, `${role} concern pages`, 'GET', `/api/v1/concerns/page?limit=200${cursor ? `&cursor=${cursor}` : ''}`, undefined,
          expectedStatus(PAGE_CONCERNS.action, role, 200));
        failures.push(...page.failures);
        if (!page.body?.items) break;
        for (const c of page.body.items as { id: string }[]) seen.add(c.id);
        total = page.body.total;
        cursor = page.body.nextCursor;
      } while (cursor);
      if (total >= 0) {
        if (total !== seen.size) failures.push(`${role} concern pages: total ${total} but ${seen.size} listed`);
        for (const rel of Object.keys(CONCERN_RELS) as ConcernRel[]) {
          const should = allowed(PAGE_CONCERNS.action, role, CONCERN_RELS[rel]);
          if (seen.has(listConcerns[role][rel]) !== should) failures.push(`${role} concern pages: ${should ? 'misses' : 'leaks'} the ${rel} concern`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('POST /api/v1/persons/matches proposes persons of the own unit only', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      const r = await check(role, role, 'POST', '/api/v1/persons/matches', { fullName: 'Matrixmatch Kandidat', birthDate: '2000-01-01' },
        expectedStatus(MATCHES.action, role, 200));
      failures.push(...r.failures);
      if (Array.isArray(r.body)) {
        const ids = new Set(r.body.map((m: { personId: string }) => m.personId));
        // A role that may read the candidate gets its id; one that may not (an adviser: creator, member) is told only
        // that one registration exists, with a handle instead of the id.
        const reads = reachesFor('person.read', role).includes('unit');
        const hidden = r.body.filter((m: { visible: boolean }) => !m.visible).length;
        if (reads ? !ids.has(matchPersons.own) : hidden !== 1) failures.push(`${role}: misses the own-unit candidate`);
        if (ids.has(matchPersons.other)) failures.push(`${role}: leaks the other unit's candidate`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('GET /api/v1/behaviour-indicators (reference data: refusals audited, reads not)', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      failures.push(...(await check(role, role, 'GET', '/api/v1/behaviour-indicators', undefined, expectedStatus(INDICATORS.action, role, 200), false)).failures);
    }
    expect(failures).toEqual([]);
  });

  it('GET /api/v1/concerns/religion-overrides (a figure for the manager and the DPO; reads and refusals audited)', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      failures.push(...(await check(role, role, 'GET', '/api/v1/concerns/religion-overrides', undefined, expectedStatus(RELIGION_OVERRIDES.action, role, 200))).failures);
    }
    expect(failures).toEqual([]);
  });
});
