import type { Actor } from '../../access/actor.ts';
import type { Action, Reach } from '../../access/policy.ts';
import { reachSql, repository, type Scope } from '../../access/scope.ts';
import type { AuditAction } from '../../audit/audit.ts';
import { errors } from '../../platform/errors.ts';
import type { SealedFile } from '../../platform/secrets.ts';

/**
 * The documents module's repository: the only place where SQL on documents and document_versions lives
 * (docs/architecture.md). Every method applies the actor's reach for the action (src/shared/policy.ts) and records the
 * request's audit entry itself. Content leaves this file only as ciphertext to decrypt in the service.
 */

/** What a document hangs off: a concern or a case, with the person it is about (for the audit row). */
export interface DocumentTarget {
  kind: 'concern' | 'case' | 'meeting';
  id: string;
  unitId: string;
  /** The person the record is about (for the audit row); null for a meeting, which is about many. */
  personId: string | null;
}

export interface DocumentRow {
  id: string;
  unit_id: string;
  concern_id: string | null;
  case_id: string | null;
  meeting_id: string | null;
  title: string;
  shared_with_partners: boolean;
  retention_class: string;
  current_version: number;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  version: number;
  person_id: string | null;
}

export interface VersionRow {
  version_no: number;
  file_name: string;
  media_type: string;
  size_bytes: number;
  scan_result: 'clean' | 'not_scanned';
  uploaded_by: string;
  uploaded_by_name: string | null;
  uploaded_at: Date;
}

const DOCUMENT_COLUMNS = `d.id, d.unit_id, d.concern_id, d.case_id, d.meeting_id, d.title, d.shared_with_partners, d.retention_class, d.current_version,
  d.created_by, d.created_at, d.updated_at, d.version,
  coalesce((SELECT c.person_id FROM cases c WHERE c.id = d.case_id), (SELECT k.person_id FROM concerns k WHERE k.id = d.concern_id)) AS person_id`;

/** The case a document belongs to: its own, or the case its concern led to. */
const CASE_OF = (d: string) => `coalesce(${d}.case_id, (SELECT k.case_id FROM concerns k WHERE k.id = ${d}.concern_id))`;

/**
 * SQL predicate for a document alias given the actor's reaches (policy.ts):
 * unit → the document belongs to the actor's unit; creator → the actor uploaded it or registered its concern;
 * member → the actor is a member of its case (or of the case its concern led to); shared → the document is marked
 * shared with partners AND the actor reaches its record as a partner does (a concern shared with them, membership
 * of its case, or taking part in its Infohus meeting). An unshared document is never shown to police or partners.
 */
export function documentReachSql(reaches: readonly Reach[], actor: Actor, params: unknown[], alias = 'd'): string {
  return reachSql(reaches, actor, params, alias, {
    creator: (d, id) => `(${d}.created_by = ${id} OR EXISTS (SELECT 1 FROM concerns k WHERE k.id = ${d}.concern_id AND k.registered_by = ${id}))`,
    member: (d, id) => `EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = ${CASE_OF(d)} AND m.user_id = ${id})`,
    shared: (d, id) => `(${d}.shared_with_partners AND (
        EXISTS (SELECT 1 FROM concern_shares cs WHERE cs.concern_id = ${d}.concern_id AND cs.user_id = ${id})
        OR EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = ${d}.case_id AND m.user_id = ${id})
        OR EXISTS (SELECT 1 FROM infohus_meeting_participants p WHERE p.meeting_id = ${d}.meeting_id AND p.user_id = ${id})))`,
  });
}

/**
 * SQL predicate for a concern (alias k) as a document's record: unit, creator (registered it), member (of the case the
 * concern led to), shared (shared with the actor). The concerns module's own reach rules say the same for reading.
 */
function concernTargetSql(reaches: readonly Reach[], actor: Actor, params: unknown[]): string {
  return reachSql(reaches, actor, params, 'k', {
    creator: (k, id) => `${k}.registered_by = ${id}`,
    member: (k, id) => `EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = ${k}.case_id AND m.user_id = ${id})`,
    shared: (k, id) => `EXISTS (SELECT 1 FROM concern_shares cs WHERE cs.concern_id = ${k}.id AND cs.user_id = ${id})`,
  });
}

export const documentRepo = repository((tx, s: Scope) => {
  async function find(id: string, action: Action): Promise<DocumentRow | null> {
    const params: unknown[] = [id];
    const r = await tx.query<DocumentRow>(
      `SELECT ${DOCUMENT_COLUMNS} FROM documents d WHERE d.id = $1 AND ${documentReachSql(s.reaches(action), s.actor, params)}`, params);
    return r.rows[0] ?? null;
  }

  return {
    /** The concern as a document's record when the actor reaches it for action; otherwise an audited 404. */
    async concernTarget(id: string, action: Action, audit: AuditAction): Promise<DocumentTarget> {
      const params: unknown[] = [id];
      // Reads the concern row itself only for its unit and person; the concerns module owns the table
      // (src/server/modules/concerns/repo.ts) and its row-level security still applies.
      const r = await tx.query<{ unit_id: string; person_id: string }>(
        `SELECT k.unit_id, k.person_id FROM concerns k WHERE k.id = $1 AND ${concernTargetSql(s.reaches(action), s.actor, params)}`, params);
      const row = r.rows[0];
      if (!row) return s.refuse({ action: audit, recordType: 'document', recordId: id });
      return { kind: 'concern', id, unitId: row.unit_id, personId: row.person_id };
    },

    /**
     * The Infohus meeting as a document's record when the actor reaches it: the unit's ('unit'), or one they take part
     * in ('shared', for reading its list only). Otherwise an audited 404.
     */
    async meetingTarget(id: string, reaches: readonly Reach[], audit: AuditAction): Promise<DocumentTarget> {
      const params: unknown[] = [id];
      const r = await tx.query<{ unit_id: string }>(
        `SELECT m.unit_id FROM infohus_meetings m WHERE m.id = $1 AND ${reachSql(reaches, s.actor, params, 'm', {
          shared: (m, uid) => `EXISTS (SELECT 1 FROM infohus_meeting_participants p WHERE p.meeting_id = ${m}.id AND p.user_id = ${uid})`,
        })}`, params);
      const row = r.rows[0];
      if (!row) return s.refuse({ action: audit, recordType: 'document', recordId: id });
      return { kind: 'meeting', id, unitId: row.unit_id, personId: null };
    },

    /** The document the actor reaches for action, or an audited refusal (404) so existence does not leak. */
    async load(id: string, action: Action, audit: AuditAction): Promise<DocumentRow> {
      const d = await find(id, action);
      if (!d) return s.refuse({ action: audit, recordType: 'document', recordId: id });
      return d;
    },

    /** The documents of a record within the actor's document.read reach, newest first, with their versions. */
    async listOf(target: DocumentTarget): Promise<{ doc: DocumentRow; versions: VersionRow[] }[]> {
      const params: unknown[] = [target.id];
      const col = target.kind === 'case' ? 'd.case_id' : target.kind === 'concern' ? 'd.concern_id' : 'd.meeting_id';
      const docs = await tx.query<DocumentRow>(
        `SELECT ${DOCUMENT_COLUMNS} FROM documents d WHERE ${col} = $1 AND ${documentReachSql(s.reaches('document.read'), s.actor, params)}
         ORDER BY d.created_at DESC, d.id`, params);
      const versions = await versionsOf(docs.rows.map((d) => d.id));
      s.audit({ action: 'read', recordType: 'documents', recordId: target.id, personId: target.personId, criterion: `${target.kind} documents` });
      return docs.rows.map((doc) => ({ doc, versions: versions.get(doc.id) ?? [] }));
    },

    async versions(documentId: string): Promise<VersionRow[]> {
      return (await versionsOf([documentId])).get(documentId) ?? [];
    },

    /** Inserts a document with its first version (already sealed for its id and version 1). */
    async insert(input: {
      id: string; target: DocumentTarget; title: string; retentionClass: string;
      file: { name: string; mediaType: string; size: number; sealed: SealedFile; scanned: boolean };
    }): Promise<void> {
      const { target } = input;
      await tx.query(
        `INSERT INTO documents (id, unit_id, concern_id, case_id, meeting_id, title, retention_class, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
        [input.id, target.unitId, target.kind === 'concern' ? target.id : null, target.kind === 'case' ? target.id : null,
          target.kind === 'meeting' ? target.id : null, input.title, input.retentionClass, s.actor.id, s.now]);
      await insertVersion(input.id, target.unitId, 1, input.file);
      s.audit({ action: 'create', recordType: 'document', recordId: input.id, personId: target.personId });
    },

    /** Adds the next version to a document the caller loaded; answers 409 when someone else changed it meanwhile. */
    async addVersion(d: DocumentRow, expectedVersion: number, versionNo: number,
      file: { name: string; mediaType: string; size: number; sealed: SealedFile; scanned: boolean }): Promise<void> {
      const r = await tx.query(
        `UPDATE documents SET current_version = $2, updated_at = $3, version = version + 1 WHERE id = $1 AND version = $4`,
        [d.id, versionNo, s.now, expectedVersion]);
      if (r.rowCount === 0) throw errors.staleVersion(d.version);
      await insertVersion(d.id, d.unit_id, versionNo, file);
      s.audit({ action: 'update', recordType: 'document', recordId: d.id, personId: d.person_id, criterion: `version ${versionNo}` });
    },

    /** Marks a document shared with partners (a disclosure) or not; 409 on a stale version. */
    async setShared(d: DocumentRow, shared: boolean, expectedVersion: number): Promise<void> {
      const r = await tx.query(
        `UPDATE documents SET shared_with_partners = $2, updated_at = $3, version = version + 1 WHERE id = $1 AND version = $4`,
        [d.id, shared, s.now, expectedVersion]);
      if (r.rowCount === 0) throw errors.staleVersion(d.version);
      s.audit({ action: 'update', recordType: 'document', recordId: d.id, personId: d.person_id, criterion: shared ? 'shared with partners' : 'unshared' });
    },

    /** The sealed content of one version of a document the caller loaded; the download's audit row is written here. */
    async content(d: DocumentRow, versionNo: number): Promise<{ version: VersionRow; sealed: SealedFile } | null> {
      const r = await tx.query<VersionRow & { iv: Buffer; auth_tag: Buffer; ciphertext: Buffer }>(
        `SELECT v.version_no, v.file_name, v.media_type, v.size_bytes, v.scan_result, v.uploaded_by, NULL AS uploaded_by_name, v.uploaded_at,
                v.iv, v.auth_tag, v.ciphertext
           FROM document_versions v WHERE v.document_id = $1 AND v.version_no = $2`, [d.id, versionNo]);
      const row = r.rows[0];
      if (!row) return null;
      s.audit({ action: 'read', recordType: 'document', recordId: d.id, personId: d.person_id, criterion: `download version ${versionNo}` });
      const { iv, auth_tag, ciphertext, ...version } = row;
      // PGlite returns bytea as Uint8Array, node-postgres as Buffer.
      return { version, sealed: { iv: Buffer.from(iv), tag: Buffer.from(auth_tag), ciphertext: Buffer.from(ciphertext) } };
    },
  };

  async function versionsOf(ids: string[]): Promise<Map<string, VersionRow[]>> {
    const out = new Map<string, VersionRow[]>();
    if (ids.length === 0) return out;
    const r = await tx.query<VersionRow & { document_id: string }>(
      `SELECT v.document_id, v.version_no, v.file_name, v.media_type, v.size_bytes, v.scan_result, v.uploaded_by, u.display_name AS uploaded_by_name, v.uploaded_at
         FROM document_versions v LEFT JOIN users u ON u.id = v.uploaded_by
        WHERE v.document_id = ANY($1::uuid[]) ORDER BY v.document_id, v.version_no DESC`, [ids]);
    for (const { document_id, ...v } of r.rows) {
      const list = out.get(document_id) ?? [];
      list.push(v);
      out.set(document_id, list);
    }
    return out;
  }

  async function insertVersion(id: string, unitId: string, versionNo: number,
    file: { name: string; mediaType: string; size: number; sealed: SealedFile; scanned: boolean }): Promise<void> {
    await tx.query(
      `INSERT INTO document_versions (document_id, version_no, unit_id, file_name, media_type, size_bytes, iv, auth_tag, ciphertext, scan_result, uploaded_by, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [id, versionNo, unitId, file.name, file.mediaType, file.size, file.sealed.iv, file.sealed.tag, file.sealed.ciphertext,
        file.scanned ? 'clean' : 'not_scanned', s.actor.id, s.now]);
  }
});

/**
 * Access requests (docs/security.md, "Access requests"): the metadata of the documents on the citizen's concerns and
 * cases (title, type, dates), read with the purpose-bound reach access_request.compile. Never the content. The caller
 * audits its one read.
 */
export const documentAccessRequestRepo = repository((tx, s: Scope) => ({
  async ofRecords(concernIds: readonly string[], caseIds: readonly string[]) {
    const params: unknown[] = [concernIds, caseIds];
    const reach = reachSql(s.accessRequestReaches(), s.actor, params, 'd', {});
    const r = await tx.query<{ id: string; title: string; media_type: string | null; created_at: Date; updated_at: Date; current_version: number }>(
      `SELECT d.id, d.title, v.media_type, d.created_at, d.updated_at, d.current_version
         FROM documents d LEFT JOIN document_versions v ON v.document_id = d.id AND v.version_no = d.current_version
        WHERE (d.concern_id = ANY($1::uuid[]) OR d.case_id = ANY($2::uuid[])) AND ${reach} ORDER BY d.created_at, d.id`, params);
    return r.rows;
  },
}));
