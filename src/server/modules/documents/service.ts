import { randomUUID } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { Scope } from '../../access/scope.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { scanWithClamd, ScannerUnavailable, type ClamdAddress } from '../../platform/clamav.ts';
import type { FileBox } from '../../platform/secrets.ts';
import { ACCEPTED_MEDIA_TYPES, type DocumentShareInput, type DocumentView } from '../../../shared/documents.ts';
import { getReachableCase } from '../cases/index.ts';
import { documentRepo, type DocumentRow, type DocumentTarget, type VersionRow } from './repo.ts';

/**
 * Documents (docs/security.md, "Documents"): upload to a concern or a case, versions, download, sharing with partners.
 * The content is checked from its bytes (file-type), scanned by clamd when one is configured, and sealed with
 * AES-256-GCM before it reaches the database. The file name travels in a header and in JSON, never in a URL or a log.
 */

/** An upload checked and scanned before its transaction starts (a scan may take seconds; no transaction waits on it). */
export interface PreparedUpload {
  fileName: string;
  title: string | null;
  /** Detected from the content by file-type; null when it recognises nothing. Checked in checkUpload. */
  mediaType: string | null;
  content: Buffer;
  /** null: no scanner configured; otherwise clamd's verdict. */
  scan: { clean: true } | { clean: false; finding: string } | null;
}

/** The retention class a document follows: its record's (docs/retention.md). */
const RETENTION_OF: Record<DocumentTarget['kind'], string> = { case: 'case_closed', concern: 'concern_unfounded', meeting: 'case_closed' };

function decodeHeader(value: string | string[] | undefined, field: string, required: boolean): string | null {
  if (Array.isArray(value)) throw errors.invalidField(field, 'must be given once');
  if (value === undefined || value === '') {
    if (required) throw errors.invalidField(field, 'is required (the file name, percent-encoded UTF-8)');
    return null;
  }
  let text: string;
  try {
    text = decodeURIComponent(value);
  } catch {
    throw errors.invalidField(field, 'is not valid percent-encoded UTF-8');
  }
  text = text.trim();
  if (/[\u0000-\u001f\u007f/\\]/.test(text)) throw errors.invalidField(field, 'must not contain control characters or slashes');
  if (text.length < 1 || text.length > 200) throw errors.invalidField(field, 'must be 1 to 200 characters');
  return text;
}

/**
 * Reads an upload before any transaction: a non-empty body, the file name header, the malware scan when a scanner
 * is configured (an unreachable scanner refuses the upload with 503 rather than storing an unscanned file) and the
 * type detected from the content (never the name). The verdicts are applied by checkUpload, after the reach check.
 */
export async function prepareUpload(
  body: unknown, headers: Record<string, string | string[] | undefined>, scanner: ClamdAddress | null,
): Promise<PreparedUpload> {
  if (!Buffer.isBuffer(body) || body.length === 0) throw errors.invalidField('body', 'is required: send the file as application/octet-stream');
  const fileName = decodeHeader(headers['x-vink-file-name'], 'x-vink-file-name', true)!;
  const title = decodeHeader(headers['x-vink-title'], 'x-vink-title', false);
  let scan: PreparedUpload['scan'] = null;
  if (scanner) {
    try {
      scan = await scanWithClamd(scanner, body);
    } catch (err) {
      if (err instanceof ScannerUnavailable) throw errors.unavailable('The malware scanner is not available; the file was not stored. Try again later.');
      throw err;
    }
  }
  const detected = await fileTypeFromBuffer(body);
  return { fileName, title, mediaType: detected?.mime ?? null, content: body, scan };
}

function presentVersion(v: VersionRow) {
  return {
    version: v.version_no, fileName: v.file_name, mediaType: v.media_type, sizeBytes: v.size_bytes, scanned: v.scan_result === 'clean',
    uploadedBy: v.uploaded_by, uploadedByName: v.uploaded_by_name, uploadedAt: v.uploaded_at.toISOString(),
  };
}

function present(d: DocumentRow, versions: VersionRow[]): DocumentView {
  return {
    id: d.id, concernId: d.concern_id, caseId: d.case_id, meetingId: d.meeting_id, title: d.title, sharedWithPartners: d.shared_with_partners,
    retentionClass: d.retention_class, currentVersion: d.current_version, version: d.version, createdAt: d.created_at.toISOString(),
    versions: versions.map(presentVersion),
  };
}

/**
 * After the reach check: an infected file is refused (audited) with 422 naming the scanner's finding; a type that is
 * not a PDF, an Office document or an image is refused with 415 naming the type detected from the content.
 */
function checkUpload(s: Scope, up: PreparedUpload, recordId: string): string {
  if (up.scan && !up.scan.clean) {
    s.refuse({ action: 'create', recordType: 'document', recordId, criterion: `malware: ${up.scan.finding}` },
      errors.unprocessable('body', `the malware scanner found ${up.scan.finding}; the file was not stored`));
  }
  if (!up.mediaType || !(up.mediaType in ACCEPTED_MEDIA_TYPES)) {
    const reason = `is not an accepted file type (detected from the content: ${up.mediaType ?? 'unknown'}); accepted: PDF, Office documents and images`;
    throw new AppError('unsupported_media_type', `body: ${reason}`, { fields: [{ field: 'body', reason }] });
  }
  return up.mediaType;
}

async function target(s: Scope, kind: DocumentTarget['kind'], id: string, forUpload: boolean): Promise<DocumentTarget> {
  if (kind === 'case') {
    const c = forUpload ? await getReachableCase(s, id, 'document.upload', 'create', 'document') : await getReachableCase(s, id, 'case.read', 'read', 'documents');
    return { kind, id: c.id, unitId: c.unit_id, personId: c.person_id };
  }
  if (kind === 'meeting') {
    // Uploading to a meeting is the unit's own (reach 'unit' of document.upload); reading its list follows meeting.read.
    return forUpload
      ? documentRepo(s).meetingTarget(id, s.reaches('document.upload').filter((r) => r === 'unit'), 'create')
      : documentRepo(s).meetingTarget(id, s.reaches('meeting.read'), 'read');
  }
  return forUpload ? documentRepo(s).concernTarget(id, 'document.upload', 'create') : documentRepo(s).concernTarget(id, 'concern.read', 'read');
}

export const documents = {
  /** The documents of a concern or case the actor reads, as far as the actor's document.read reach goes. */
  async list(s: Scope, kind: DocumentTarget['kind'], id: string): Promise<DocumentView[]> {
    const t = await target(s, kind, id, false);
    const rows = await documentRepo(s).listOf(t);
    return rows.map(({ doc, versions }) => present(doc, versions));
  },

  /** Stores a new document (version 1) on a concern or case, sealed for its id and version. */
  async upload(s: Scope, box: FileBox, kind: DocumentTarget['kind'], id: string, up: PreparedUpload): Promise<DocumentView> {
    const t = await target(s, kind, id, true);
    const mediaType = checkUpload(s, up, id);
    const docId = randomUUID();
    const title = up.title ?? up.fileName.replace(/\.[A-Za-z0-9]{1,5}$/, '');
    const repo = documentRepo(s);
    await repo.insert({
      id: docId, target: t, title, retentionClass: RETENTION_OF[kind],
      file: { name: up.fileName, mediaType, size: up.content.length, sealed: box.seal(up.content, `${docId}/1`), scanned: up.scan !== null },
    });
    return present(await repo.load(docId, 'document.upload', 'create'), await repo.versions(docId));
  },

  /** Adds a version to a document; the earlier versions are kept. 409 when the document changed since `version`. */
  async addVersion(s: Scope, box: FileBox, id: string, expected: string | string[] | undefined, up: PreparedUpload): Promise<DocumentView> {
    const repo = documentRepo(s);
    const d = await repo.load(id, 'document.upload', 'update');
    const version = Number(Array.isArray(expected) ? NaN : expected);
    if (!Number.isInteger(version) || version < 1) throw errors.invalidField('x-vink-version', 'is required: the document version the new file replaces');
    if (version !== d.version) throw errors.staleVersion(d.version);
    const mediaType = checkUpload(s, up, id);
    const next = d.current_version + 1;
    await repo.addVersion(d, version, next, {
      name: up.fileName, mediaType, size: up.content.length, sealed: box.seal(up.content, `${d.id}/${next}`), scanned: up.scan !== null,
    });
    return present(await repo.load(id, 'document.upload', 'update'), await repo.versions(id));
  },

  /** Marks the document shared with the partners and police who reach its record, or withdraws that. */
  async share(s: Scope, id: string, input: DocumentShareInput): Promise<DocumentView> {
    const repo = documentRepo(s);
    const d = await repo.load(id, 'document.share', 'update');
    if (input.version !== d.version) throw errors.staleVersion(d.version);
    await repo.setShared(d, input.shared, input.version);
    return present({ ...d, shared_with_partners: input.shared, version: d.version + 1, updated_at: s.now }, await repo.versions(id));
  },

  /** One version's content, decrypted; the download is audited. */
  async content(s: Scope, box: FileBox, id: string, versionNo: number | undefined) {
    const repo = documentRepo(s);
    const d = await repo.load(id, 'document.read', 'read');
    const wanted = versionNo ?? d.current_version;
    const found = await repo.content(d, wanted);
    if (!found) throw errors.invalidField('version', `no version ${wanted}; the document has versions 1 to ${d.current_version}`);
    return { fileName: found.version.file_name, mediaType: found.version.media_type, body: box.open(found.sealed, `${d.id}/${wanted}`) };
  },
};
