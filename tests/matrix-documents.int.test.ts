import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { expectedStatus, NATURAL, onCase, type CaseRelation, type Relation } from './helpers/policy.ts';
import { keyOf, route, walkedBy, type GuardedRoute } from './matrix/catalogue.ts';
import { SESSION_COOKIE } from '../src/server/http/app.ts';
import { PDF } from './helpers/documents.ts';

/**
 * The documents routes × every role × every relation, with the expected status computed from the policy table
 * (src/shared/policy.ts, read through tests/helpers/policy.ts). A document's relation is its case's (unit, member,
 * owner) plus 'shared' when it is marked shared AND the actor reaches its record as a partner does: so the test
 * fails if an unshared document reaches police or partners. Each request leaves exactly one audit row (ok or
 * denied, by the actor, and for the record's person when ok).
 */
type CaseRel = 'ownAssigned' | 'ownMember' | 'ownNotAssigned' | 'otherAssigned' | 'otherNotAssigned';
const CASE_RELS: Record<CaseRel, { own: boolean; relation: (role: Role) => CaseRelation | null }> = {
  ownAssigned: { own: true, relation: (role) => NATURAL[role] },
  ownMember: { own: true, relation: () => 'adviser' },
  ownNotAssigned: { own: true, relation: () => null },
  otherAssigned: { own: false, relation: (role) => NATURAL[role] },
  otherNotAssigned: { own: false, relation: () => null },
};
const CASE_REL_NAMES = Object.keys(CASE_RELS) as CaseRel[];
type ConcernRel = 'ownCreator' | 'ownShared' | 'ownNone' | 'otherShared' | 'otherNone';
const CONCERN_RELS: Record<ConcernRel, Relation> = {
  ownCreator: { own: true, creator: true },
  ownShared: { own: true, shared: true },
  ownNone: { own: true },
  otherShared: { own: false, shared: true },
  otherNone: { own: false },
};
const CONCERN_REL_NAMES = Object.keys(CONCERN_RELS) as ConcernRel[];
/** An Infohus meeting: its unit, and whether the actor takes part ('shared' for police and partners). */
type MeetingRel = 'ownParticipant' | 'ownNone' | 'otherParticipant' | 'otherNone';
const MEETING_RELS: Record<MeetingRel, Relation> = {
  ownParticipant: { own: true, shared: true }, ownNone: { own: true }, otherParticipant: { own: false, shared: true }, otherNone: { own: false },
};
const MEETING_REL_NAMES = Object.keys(MEETING_RELS) as MeetingRel[];

const caseRelation = (role: Role, rel: CaseRel): Relation => onCase(CASE_RELS[rel].own, CASE_RELS[rel].relation(role));
/** A document on the case: the case's relation, and 'shared' when the document is shared and the actor is on the case. */
const documentRelation = (role: Role, rel: CaseRel, shared: boolean): Relation => {
  const r = caseRelation(role, rel);
  return { ...r, shared: shared && r.member === true };
};

let h: Harness;
const actors = {} as Record<Role, Client & { user: TestUser }>;
const cases = {} as Record<CaseRel, { id: string; person: string; docs: { shared: string; unshared: string } }>;
const concerns = {} as Record<Role, Record<ConcernRel, { id: string; person: string }>>;
const meetingIds = {} as Record<MeetingRel, string>;

const sql = async <T,>(text: string, params: unknown[] = []) =>
  (await systemTransaction(h.ctx.db, (tx) => tx.query<T & Record<string, unknown>>(text, params))).rows;
const unitOf = (own: boolean) => (own ? h.units.a : h.units.b);

async function makePerson(unit: string): Promise<string> {
  return (await sql<{ id: string }>(`INSERT INTO persons (unit_id, full_name, gender, created_at, updated_at) VALUES ($1, 'Matrix Dokument', 'unknown', $2, $2) RETURNING id`,
    [unit, h.clock.now()]))[0]!.id;
}

/** A document with one version, sealed as the server seals it, so a download can succeed. */
async function makeDocument(caseId: string, unit: string, shared: boolean, author: string): Promise<string> {
  const id = randomUUID();
  const sealed = h.ctx.secretBox.fileBox().seal(PDF, `${id}/1`);
  await sql(`INSERT INTO documents (id, unit_id, case_id, title, shared_with_partners, retention_class, created_by, created_at, updated_at)
    VALUES ($1, $2, $3, 'Matrixdokument', $4, 'case_closed', $5, now(), now())`, [id, unit, caseId, shared, author]);
  await sql(`INSERT INTO document_versions (document_id, version_no, unit_id, file_name, media_type, size_bytes, iv, auth_tag, ciphertext, scan_result, uploaded_by, uploaded_at)
    VALUES ($1, 1, $2, 'matrix.pdf', 'application/pdf', $3, $4, $5, $6, 'not_scanned', $7, now())`, [id, unit, PDF.length, sealed.iv, sealed.tag, sealed.ciphertext, author]);
  return id;
}

async function send(c: Client, method: 'GET' | 'POST', url: string, opts: { raw?: Buffer; json?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { cookie: `${SESSION_COOKIE}=${c.cookie}`, ...opts.headers };
  if (method === 'POST') headers['x-csrf-token'] = c.csrfToken ?? '';
  let payload: string | Buffer | undefined;
  if (opts.raw) {
    headers['content-type'] = 'application/octet-stream';
    headers['x-vink-file-name'] = encodeURIComponent('matrix brev.pdf');
    payload = opts.raw;
  } else if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(opts.json);
  }
  const res = await h.app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });
  return { status: res.statusCode, body: res.body };
}

/** person: whom the ok audit row names (null for a meeting, which is about many). */
interface Target { id: string; person: string | null; relation: Relation; label: string }
interface RouteSpec extends GuardedRoute {
  ok: number;
  targets: (role: Role) => Target[];
  request: (c: Client, t: Target) => Promise<{ status: number; body: string }>;
}

const caseTargets = (role: Role): Target[] => CASE_REL_NAMES.map((rel) => ({ id: cases[rel].id, person: cases[rel].person, relation: caseRelation(role, rel), label: rel }));
const concernTargets = (role: Role): Target[] => CONCERN_REL_NAMES.map((rel) => ({ ...concerns[role][rel], relation: CONCERN_RELS[rel], label: rel }));
const meetingTargets = (): Target[] => MEETING_REL_NAMES.map((rel) => ({ id: meetingIds[rel], person: null, relation: MEETING_RELS[rel], label: rel }));
const documentTargets = (role: Role): Target[] => CASE_REL_NAMES.flatMap((rel) => ([true, false] as const).map((shared) => ({
  id: shared ? cases[rel].docs.shared : cases[rel].docs.unshared, person: cases[rel].person,
  relation: documentRelation(role, rel, shared), label: `${rel} ${shared ? 'shared' : 'unshared'}`,
})));
const documentVersion = async (id: string) => (await sql<{ version: number; shared_with_partners: boolean }>('SELECT version, shared_with_partners FROM documents WHERE id = $1', [id]))[0]!;

const ROUTES: RouteSpec[] = [
  { ...route('GET /api/v1/cases/:id/documents'), ok: 200, targets: caseTargets, request: (c, t) => send(c, 'GET', `/api/v1/cases/${t.id}/documents`) },
  { ...route('POST /api/v1/cases/:id/documents'), ok: 201, targets: caseTargets, request: (c, t) => send(c, 'POST', `/api/v1/cases/${t.id}/documents`, { raw: PDF }) },
  { ...route('GET /api/v1/concerns/:id/documents'), ok: 200, targets: concernTargets, request: (c, t) => send(c, 'GET', `/api/v1/concerns/${t.id}/documents`) },
  { ...route('POST /api/v1/concerns/:id/documents'), ok: 201, targets: concernTargets, request: (c, t) => send(c, 'POST', `/api/v1/concerns/${t.id}/documents`, { raw: PDF }) },
  { ...route('GET /api/v1/meetings/:id/documents'), ok: 200, targets: meetingTargets, request: (c, t) => send(c, 'GET', `/api/v1/meetings/${t.id}/documents`) },
  { ...route('POST /api/v1/meetings/:id/documents'), ok: 201, targets: meetingTargets, request: (c, t) => send(c, 'POST', `/api/v1/meetings/${t.id}/documents`, { raw: PDF }) },
  { ...route('GET /api/v1/documents/:id/content'), ok: 200, targets: documentTargets, request: (c, t) => send(c, 'GET', `/api/v1/documents/${t.id}/content`) },
  { ...route('POST /api/v1/documents/:id/versions'), ok: 201, targets: documentTargets,
    request: async (c, t) => send(c, 'POST', `/api/v1/documents/${t.id}/versions`, { raw: PDF, headers: { 'x-vink-version': String((await documentVersion(t.id)).version) } }) },
  { ...route('POST /api/v1/documents/:id/share'), ok: 200, targets: documentTargets,
    // Re-states the document's own sharing, so the fixture's relation stays what the next actor expects.
    request: async (c, t) => {
      const d = await documentVersion(t.id);
      return send(c, 'POST', `/api/v1/documents/${t.id}/share`, { json: { shared: d.shared_with_partners, version: d.version } });
    } },
];

beforeAll(async () => {
  h = await createHarness();
  for (const role of ROLES) actors[role] = await h.signIn(role, 'a');
  const author = { a: await h.createUser('coordinator', 'a'), b: await h.createUser('coordinator', 'b') };
  const now = h.clock.now();
  for (const rel of CASE_REL_NAMES) {
    const unit = unitOf(CASE_RELS[rel].own);
    const person = await makePerson(unit);
    const id = (await sql<{ id: string }>(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Matrix', $3, $3) RETURNING id`, [unit, person, now]))[0]!.id;
    for (const role of ROLES) {
      const relation = CASE_RELS[rel].relation(role);
      if (relation) {
        await sql(`INSERT INTO case_members (case_id, user_id, unit_id, relation, legal_basis, added_at) VALUES ($1, $2, $3, $4, 'consent', $5)`,
          [id, actors[role].user.id, unit, relation, now]);
      }
    }
    const by = (CASE_RELS[rel].own ? author.a : author.b).id;
    cases[rel] = { id, person, docs: { shared: await makeDocument(id, unit, true, by), unshared: await makeDocument(id, unit, false, by) } };
  }
  for (const role of ROLES) {
    concerns[role] = {} as Record<ConcernRel, { id: string; person: string }>;
    for (const rel of CONCERN_REL_NAMES) {
      const r = CONCERN_RELS[rel];
      const unit = unitOf(r.own);
      const person = await makePerson(unit);
      const registrar = r.creator ? actors[role].user.id : (r.own ? author.a : author.b).id;
      const id = (await sql<{ id: string }>(
        `INSERT INTO concerns (unit_id, received_at, channel, person_id, ideology_area, severity, behaviour_description, status, triage_deadline_at,
           registered_by, created_at, updated_at, minor_stated)
         VALUES ($1, $2, 'professional', $3, 'right_wing', 'medium', 'Matrix: beskrevet adfærd.', 'received', $4, $5, $2, $2, 'unknown') RETURNING id`,
        [unit, now, person, new Date(now.getTime() + 48 * 3_600_000), registrar]))[0]!.id;
      await sql(`INSERT INTO concern_behaviours (concern_id, unit_id, indicator_code) VALUES ($1, $2, 'threats')`, [id, unit]);
      if (r.shared) {
        await sql(`INSERT INTO concern_shares (concern_id, user_id, unit_id, legal_basis, shared_at) VALUES ($1, $2, $3, 'consent', $4)`, [id, actors[role].user.id, unit, now]);
      }
      concerns[role][rel] = { id, person };
    }
  }
  for (const rel of MEETING_REL_NAMES) {
    const r = MEETING_RELS[rel];
    const unit = unitOf(r.own);
    const id = (await sql<{ id: string }>(`INSERT INTO infohus_meetings (unit_id, meeting_on, place, created_by, created_at, updated_at) VALUES ($1, '2026-03-02', 'Matrix', $2, $3, $3) RETURNING id`,
      [unit, (r.own ? author.a : author.b).id, now]))[0]!.id;
    if (r.shared) for (const role of ROLES) await sql(`INSERT INTO infohus_meeting_participants (meeting_id, user_id, unit_id) VALUES ($1, $2, $3)`, [id, actors[role].user.id, unit]);
    meetingIds[rel] = id;
  }
}, 120_000);
afterAll(async () => h?.close());

async function lastAudit() {
  return (await sql<{ outcome: string; actor_id: string; person_id: string | null }>('SELECT outcome, actor_id, person_id FROM audit_log ORDER BY seq DESC LIMIT 1'))[0]!;
}

describe('documents access matrix', () => {
  it('walks exactly the documents routes of the catalogue (tests/matrix/catalogue.ts)', () => {
    expect(ROUTES.map(keyOf).sort()).toEqual(walkedBy('documents').sort());
  });

  for (const r of ROUTES) {
    it(`${r.method} ${r.url}`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        for (const t of r.targets(role)) {
          const expected = expectedStatus(r.action, role, r.ok, t.relation);
          const before = await h.auditCount();
          const res = await r.request(actors[role], t);
          const after = await h.auditCount();
          const where = `${role} × ${t.label}`;
          if (res.status !== expected) failures.push(`${where}: expected ${expected}, got ${res.status} ${res.body.slice(0, 160)}`);
          if (after - before !== 1) failures.push(`${where}: expected exactly 1 audit row, got ${after - before}`);
          else {
            const row = await lastAudit();
            const outcome = expected < 400 ? 'ok' : 'denied';
            if (row.outcome !== outcome || row.actor_id !== actors[role].user.id) failures.push(`${where}: audit row ${JSON.stringify(row)} expected ${outcome}`);
            if (outcome === 'ok' && row.person_id !== t.person) failures.push(`${where}: audit row names person ${row.person_id}, not the record's person`);
          }
        }
      }
      expect(failures).toEqual([]);
    }, 120_000);
  }

  it('lists on a case show police and partners only the shared documents', async () => {
    for (const role of ['partner', 'police_liaison'] as const) {
      const res = await send(actors[role], 'GET', `/api/v1/cases/${cases.ownAssigned.id}/documents`);
      const ids = (JSON.parse(res.body) as { id: string }[]).map((d) => d.id);
      expect(ids).toContain(cases.ownAssigned.docs.shared);
      expect(ids).not.toContain(cases.ownAssigned.docs.unshared);
    }
    const coordinator = JSON.parse((await send(actors.coordinator, 'GET', `/api/v1/cases/${cases.ownAssigned.id}/documents`)).body) as { id: string }[];
    expect(coordinator.map((d) => d.id)).toEqual(expect.arrayContaining([cases.ownAssigned.docs.shared, cases.ownAssigned.docs.unshared]));
  });
});
