import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHarness, type Client, type Harness, type TestUser } from './helpers/harness.ts';
import { systemTransaction } from './helpers/sql.ts';
import { SESSION_COOKIE } from '../src/server/http/app.ts';
import { PDF } from './helpers/documents.ts';
import { EICAR, startClamd } from './helpers/clamd.ts';

/**
 * Documents (docs/security.md, "Documents"): upload to a concern and a case, the type from the content, the size
 * limit, encryption at rest, versions, audited downloads, partners refused until the document is shared, and the
 * malware scanner (a real clamd started by this test with a local EICAR signature).
 */

const PDF_V2 = Buffer.concat([PDF, Buffer.from('% version 2\n')]);

type Actor = Client & { user: TestUser };

/** Sends a raw upload as the web app does: the file as the body, its name percent-encoded in a header. */
async function upload(h: Harness, c: Client, url: string, body: Buffer, fileName: string, extra: Record<string, string> = {}) {
  const res = await h.app.inject({
    method: 'POST', url, payload: body,
    headers: {
      'content-type': 'application/octet-stream', cookie: `${SESSION_COOKIE}=${c.cookie}`, 'x-csrf-token': c.csrfToken ?? '',
      'x-vink-file-name': encodeURIComponent(fileName), ...extra,
    },
  });
  return { status: res.statusCode, body: res.headers['content-type']?.toString().includes('json') ? res.json() : res.body, headers: res.headers, raw: res.rawPayload };
}

const concernBody = (h: Harness, name: string) => ({
  receivedAt: h.clock.now().toISOString(), channel: 'professional',
  reporter: { anonymous: false, name: 'Lærer Lone', contact: 'lone@skole.dk', organisation: 'Valby Skole', sector: 'school' },
  person: { fullName: name, birthDate: '1999-04-04' }, ideologyArea: 'right_wing', severity: 'medium',
  behaviourIndicators: ['propaganda_sharing'], behaviourDescription: 'Deler nazistiske memes i klassens chat og truer en klassekammerat.', minor: 'no',
});

describe('documents', () => {
  let h: Harness;
  let coordinator: Actor;
  let partner: Actor;
  let otherCoordinator: Actor;
  let adviser: Actor;
  let concern: { id: string; version: number; person: { id: string } };
  const sql = async <T,>(text: string, params: unknown[] = []) =>
    (await systemTransaction(h.ctx.db, (tx) => tx.query<T & Record<string, unknown>>(text, params))).rows;

  beforeAll(async () => {
    h = await createHarness({ DOCUMENT_MAX_BYTES: '4096' });
    coordinator = await h.signIn('coordinator', 'a');
    partner = await h.signIn('partner', 'a');
    adviser = await h.signIn('adviser', 'a');
    otherCoordinator = await h.signIn('coordinator', 'b');
    const c = await coordinator.post('/api/v1/concerns', concernBody(h, 'Dorte Dokument'));
    expect(c.status).toBe(201);
    const shared = await coordinator.post(`/api/v1/concerns/${c.body.id}/share`, { version: c.body.version, userId: partner.user.id, legalBasis: 'retsplejeloven_115' });
    expect(shared.status).toBe(200);
    concern = c.body;
  });
  afterAll(async () => h?.close());

  it('uploads a PDF to a concern, stores it encrypted, downloads it (audited), and refuses the partner until it is shared', async () => {
    const up = await upload(h, coordinator, `/api/v1/concerns/${concern.id}/documents`, PDF, 'Skolens brev – Dorte.pdf', { 'x-vink-title': encodeURIComponent('Skolens brev') });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      concernId: concern.id, caseId: null, title: 'Skolens brev', sharedWithPartners: false, retentionClass: 'concern_unfounded', currentVersion: 1,
      versions: [{ version: 1, fileName: 'Skolens brev – Dorte.pdf', mediaType: 'application/pdf', sizeBytes: PDF.length, scanned: false }],
    });
    const id = up.body.id as string;

    // At rest: ciphertext only, of the same length as the file (GCM), with no plaintext in it.
    const [row] = await sql<{ ciphertext: Uint8Array; iv: Uint8Array }>('SELECT ciphertext, iv FROM document_versions WHERE document_id = $1', [id]);
    const stored = Buffer.from(row!.ciphertext);
    expect(stored.length).toBe(PDF.length);
    expect(stored.includes(Buffer.from('%PDF'))).toBe(false);
    expect(stored.equals(PDF)).toBe(false);

    // Download: exact bytes, the name only in Content-Disposition, one audit row naming the person.
    const before = await h.auditCount();
    const down = await h.app.inject({ method: 'GET', url: `/api/v1/documents/${id}/content`, headers: { cookie: `${SESSION_COOKIE}=${coordinator.cookie}` } });
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.equals(PDF)).toBe(true);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(down.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('Skolens brev – Dorte.pdf')}`);
    expect(await h.auditCount()).toBe(before + 1);
    const [audit] = await sql<{ action: string; record_type: string; record_id: string; person_id: string; outcome: string }>(
      'SELECT action, record_type, record_id, person_id, outcome FROM audit_log ORDER BY seq DESC LIMIT 1');
    expect(audit).toMatchObject({ action: 'read', record_type: 'document', record_id: id, person_id: concern.person.id, outcome: 'ok' });

    // The partner reaches the concern (shared with them) but not the unshared document: absent from the list, 404 on download.
    const listed = await partner.get(`/api/v1/concerns/${concern.id}/documents`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([]);
    expect((await partner.get(`/api/v1/documents/${id}/content`)).status).toBe(404);
    const [denied] = await sql<{ outcome: string; record_id: string }>('SELECT outcome, record_id FROM audit_log ORDER BY seq DESC LIMIT 1');
    expect(denied).toEqual({ outcome: 'denied', record_id: id });
    // A coordinator of another unit does not learn it exists either.
    expect((await otherCoordinator.get(`/api/v1/documents/${id}/content`)).status).toBe(404);

    // Sharing: the coordinator marks it shared (stale version → 409), and the partner may read it.
    expect((await partner.post(`/api/v1/documents/${id}/share`, { shared: true, version: 1 })).status).toBe(404);
    expect((await coordinator.post(`/api/v1/documents/${id}/share`, { shared: true, version: 9 })).status).toBe(409);
    const share = await coordinator.post(`/api/v1/documents/${id}/share`, { shared: true, version: 1 });
    expect(share.status).toBe(200);
    expect(share.body).toMatchObject({ sharedWithPartners: true, version: 2 });
    expect((await partner.get(`/api/v1/concerns/${concern.id}/documents`)).body).toMatchObject([{ id }]);
    const partnerDown = await h.app.inject({ method: 'GET', url: `/api/v1/documents/${id}/content`, headers: { cookie: `${SESSION_COOKIE}=${partner.cookie}` } });
    expect(partnerDown.statusCode).toBe(200);
    expect(partnerDown.rawPayload.equals(PDF)).toBe(true);
    // Withdrawn again: refused again.
    expect((await coordinator.post(`/api/v1/documents/${id}/share`, { shared: false, version: 2 })).status).toBe(200);
    expect((await partner.get(`/api/v1/documents/${id}/content`)).status).toBe(404);
  });

  it('keeps versions: a new version needs the current document version (409 when stale) and the old one stays downloadable', async () => {
    const up = await upload(h, coordinator, `/api/v1/concerns/${concern.id}/documents`, PDF, 'samtykke.pdf');
    const id = up.body.id as string;
    expect(up.body.title).toBe('samtykke');
    const missing = await upload(h, coordinator, `/api/v1/documents/${id}/versions`, PDF_V2, 'samtykke v2.pdf');
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'x-vink-version' })]);
    expect((await upload(h, coordinator, `/api/v1/documents/${id}/versions`, PDF_V2, 'samtykke v2.pdf', { 'x-vink-version': '7' })).status).toBe(409);
    const v2 = await upload(h, coordinator, `/api/v1/documents/${id}/versions`, PDF_V2, 'samtykke v2.pdf', { 'x-vink-version': String(up.body.version) });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ currentVersion: 2, versions: [{ version: 2, fileName: 'samtykke v2.pdf' }, { version: 1, fileName: 'samtykke.pdf' }] });
    const get = (q: string) => h.app.inject({ method: 'GET', url: `/api/v1/documents/${id}/content${q}`, headers: { cookie: `${SESSION_COOKIE}=${coordinator.cookie}` } });
    expect((await get('')).rawPayload.equals(PDF_V2)).toBe(true);
    expect((await get('?version=1')).rawPayload.equals(PDF)).toBe(true);
    const none = await get('?version=3');
    expect(none.statusCode).toBe(400);
    expect(none.json().errors).toEqual([expect.objectContaining({ field: 'version' })]);
    // A ciphertext moved to another version's row does not open (the additional data binds it to its place).
    await sql(`UPDATE document_versions SET ciphertext = (SELECT ciphertext FROM document_versions WHERE document_id = $1 AND version_no = 2),
      iv = (SELECT iv FROM document_versions WHERE document_id = $1 AND version_no = 2), auth_tag = (SELECT auth_tag FROM document_versions WHERE document_id = $1 AND version_no = 2)
      WHERE document_id = $1 AND version_no = 1`, [id]);
    expect((await get('?version=1')).statusCode).toBe(500);
  });

  it('checks the type from the content, not the name, and refuses a file over the size limit', async () => {
    const text = await upload(h, coordinator, `/api/v1/concerns/${concern.id}/documents`, Buffer.from('just some text, not a PDF at all'), 'brev.pdf');
    expect(text.status).toBe(415);
    expect(text.body.errors).toEqual([expect.objectContaining({ field: 'body', reason: expect.stringContaining('detected from the content: unknown') })]);
    const html = await upload(h, coordinator, `/api/v1/concerns/${concern.id}/documents`, Buffer.from('<html><script>alert(1)</script></html>'), 'billede.png');
    expect(html.status).toBe(415);
    const big = await upload(h, coordinator, `/api/v1/concerns/${concern.id}/documents`, Buffer.concat([PDF, Buffer.alloc(5000, 32)]), 'stor.pdf');
    expect(big.status).toBe(413);
    const empty = await upload(h, coordinator, `/api/v1/concerns/${concern.id}/documents`, Buffer.alloc(0), 'tom.pdf');
    expect(empty.status).toBe(400);
    const noName = await h.app.inject({ method: 'POST', url: `/api/v1/concerns/${concern.id}/documents`, payload: PDF,
      headers: { 'content-type': 'application/octet-stream', cookie: `${SESSION_COOKIE}=${coordinator.cookie}`, 'x-csrf-token': coordinator.csrfToken ?? '' } });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().errors).toEqual([expect.objectContaining({ field: 'x-vink-file-name' })]);
    const badName = await upload(h, coordinator, `/api/v1/concerns/${concern.id}/documents`, PDF, 'x', { 'x-vink-file-name': '%E0%A4%A' });
    expect(badName.status).toBe(400);
    // Other routes still take JSON only.
    const raw = await h.app.inject({ method: 'POST', url: `/api/v1/concerns/${concern.id}/share`, payload: PDF,
      headers: { 'content-type': 'application/octet-stream', cookie: `${SESSION_COOKIE}=${coordinator.cookie}`, 'x-csrf-token': coordinator.csrfToken ?? '' } });
    expect(raw.statusCode).toBe(415);
  });

  it('uploads to a case the adviser is a member of (retention class of a case) and refuses one they are not on', async () => {
    const [c] = await sql<{ id: string }>(
      `INSERT INTO cases (unit_id, person_id, title, created_at, updated_at) VALUES ($1, $2, 'Dokumentsag', now(), now()) RETURNING id`, [h.units.a, concern.person.id]);
    expect((await upload(h, adviser, `/api/v1/cases/${c!.id}/documents`, PDF, 'handleplan.pdf')).status).toBe(404);
    await sql(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at) VALUES ($1, $2, $3, 'adviser', now())`, [c!.id, adviser.user.id, h.units.a]);
    const up = await upload(h, adviser, `/api/v1/cases/${c!.id}/documents`, PDF, 'handleplan.pdf');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ caseId: c!.id, retentionClass: 'case_closed' });
    expect((await adviser.get(`/api/v1/cases/${c!.id}/documents`)).body).toHaveLength(1);
  });
});

describe('documents with the malware scanner configured (clamd)', () => {
  let h: Harness;
  let clamd: Awaited<ReturnType<typeof startClamd>>;
  let coordinator: Actor;
  let concernId: string;

  beforeAll(async () => {
    clamd = await startClamd();
    h = await createHarness({ CLAMD_SOCKET: clamd.socket });
    coordinator = await h.signIn('coordinator', 'a');
    const c = await coordinator.post('/api/v1/concerns', concernBody(h, 'Svend Scanner'));
    concernId = c.body.id;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await clamd?.stop();
  });

  it('refuses the EICAR test file with 422 naming the finding (audited, nothing stored) and accepts a clean PDF as scanned', async () => {
    const before = await h.auditCount();
    const bad = await upload(h, coordinator, `/api/v1/concerns/${concernId}/documents`, EICAR, 'eicar.pdf');
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'body', reason: expect.stringContaining('Eicar-Test-Signature') })]);
    expect(await h.auditCount()).toBe(before + 1);
    const [row] = await sql(h, 'SELECT outcome, criterion FROM audit_log ORDER BY seq DESC LIMIT 1');
    expect(row).toMatchObject({ outcome: 'denied', criterion: expect.stringContaining('malware: Eicar-Test-Signature') });
    expect(await sql(h, 'SELECT count(*)::int AS n FROM documents')).toEqual([{ n: 0 }]);

    const good = await upload(h, coordinator, `/api/v1/concerns/${concernId}/documents`, PDF, 'ren.pdf');
    expect(good.status).toBe(201);
    expect(good.body.versions[0]).toMatchObject({ scanned: true });
  });

  it('refuses an upload with 503 when the configured scanner cannot be reached (never stores an unscanned file)', async () => {
    const h2 = await createHarness({ CLAMD_SOCKET: path.join(tmpdir(), 'vink-no-clamd.sock') });
    try {
      const c = await h2.signIn('coordinator', 'a');
      const k = await c.post('/api/v1/concerns', concernBody(h2, 'Nina Nedetid'));
      const res = await upload(h2, c, `/api/v1/concerns/${k.body.id}/documents`, PDF, 'ren.pdf');
      expect(res.status).toBe(503);
      expect(await sql(h2, 'SELECT count(*)::int AS n FROM documents')).toEqual([{ n: 0 }]);
    } finally {
      await h2.close();
    }
  });
});

async function sql(h: Harness, text: string) {
  return (await systemTransaction(h.ctx.db, (tx) => tx.query(text))).rows;
}
