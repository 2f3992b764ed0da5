import { repository } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { caseReachSql, findReachableCase, getReachableCase, type CaseRow } from '../cases/index.ts';
import type { ClosureStatus } from '../../../shared/closure-workflow.ts';

/**
 * The closures module's repository: the only place with SQL on case_closure_requests (docs/architecture.md). The
 * reach of a request is the reach of its case, which the cases module answers (../cases/index.ts).
 */
interface RequestRow {
  id: string;
  case_id: string;
  status: ClosureStatus;
  reason: string;
  requested_at: Date;
  requested_by: string;
  requested_by_name: string;
  decided_at: Date | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decision_note: string | null;
  version: number;
}
const SELECT = `SELECT r.id, r.case_id, r.status, r.reason, r.requested_at, r.requested_by, ru.display_name AS requested_by_name,
                       r.decided_at, r.decided_by, du.display_name AS decided_by_name, r.decision_note, r.version
                  FROM case_closure_requests r JOIN users ru ON ru.id = r.requested_by LEFT JOIN users du ON du.id = r.decided_by`;

export function presentRequest(r: RequestRow) {
  return {
    id: r.id, caseId: r.case_id, status: r.status, reason: r.reason, requestedAt: r.requested_at.toISOString(),
    requestedBy: { id: r.requested_by, displayName: r.requested_by_name },
    decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
    decidedBy: r.decided_by ? { id: r.decided_by, displayName: r.decided_by_name ?? '' } : null,
    decisionNote: r.decision_note, version: r.version,
  };
}

export const closureRepo = repository((tx, s) => {
  async function byId(id: string): Promise<RequestRow | undefined> {
    return (await tx.query<RequestRow>(`${SELECT} WHERE r.id = $1`, [id])).rows[0];
  }

  return {
    /**
     * Records a request to close a case the actor may move along the workflow (case.transition). One pending request
     * per case: a second answers 409. Audited as the creation of a closure request about the case's person.
     */
    async request(caseId: string, reason: string): Promise<RequestRow> {
      const c = await getReachableCase(s, caseId, 'case.transition', 'update', 'closure_request');
      if (c.status === 'closed') throw errors.conflict('The case is already closed.', { allowed: [], current: c.status });
      const pending = await tx.query<{ id: string }>(`SELECT id FROM case_closure_requests WHERE case_id = $1 AND status = 'pending'`, [caseId]);
      if (pending.rows[0]) throw errors.conflict('A closure request for this case is already waiting for a manager.', { allowed: [], current: 'pending' });
      const r = await tx.query<{ id: string }>(
        `INSERT INTO case_closure_requests (case_id, unit_id, reason, requested_by, requested_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [c.id, c.unit_id, reason, s.actor.id, s.now],
      );
      const id = r.rows[0]!.id;
      s.audit({ action: 'create', recordType: 'closure_request', recordId: id, personId: c.person_id });
      return (await byId(id))!;
    },

    /** A case's closure requests, newest first (case.closure.read). One audit row. */
    async forCase(caseId: string): Promise<RequestRow[]> {
      const c = await getReachableCase(s, caseId, 'case.closure.read', 'read', 'closure_request');
      const r = await tx.query<RequestRow>(`${SELECT} WHERE r.case_id = $1 ORDER BY r.requested_at DESC, r.id`, [caseId]);
      s.audit({ action: 'read', recordType: 'closure_request', recordId: caseId, personId: c.person_id });
      return r.rows;
    },

    /**
     * The pending requests the actor may decide (case.closure.decide: a manager, for the unit's cases), oldest
     * first, with the case's title: the manager's "I dag". Audited as one search.
     */
    async pending(): Promise<(RequestRow & { case_title: string })[]> {
      const reaches = s.requireRole('case.closure.decide', { action: 'search', recordType: 'closure_request', criterion: 'pending' });
      const params: unknown[] = [];
      const r = await tx.query<RequestRow & { case_title: string }>(
        `SELECT x.*, c.title AS case_title FROM (${SELECT} WHERE r.status = 'pending') x JOIN cases c ON c.id = x.case_id
          WHERE ${caseReachSql(reaches, s.actor, params)} ORDER BY x.requested_at, x.id LIMIT 500`,
        params,
      );
      s.audit({ action: 'search', recordType: 'closure_request', criterion: 'pending' });
      return r.rows;
    },

    /**
     * A request the actor may decide, locked until the decision is written, with its case; otherwise an audited
     * refusal answering 404 (existence does not leak).
     */
    async forDecision(id: string): Promise<{ request: RequestRow; c: CaseRow }> {
      const locked = await tx.query<{ case_id: string }>('SELECT case_id FROM case_closure_requests WHERE id = $1 FOR UPDATE', [id]);
      const caseId = locked.rows[0]?.case_id;
      const c = caseId ? await findReachableCase(s, caseId, 'case.closure.decide') : null;
      if (!caseId || !c) return s.refuse({ action: 'update', recordType: 'closure_request', recordId: id });
      return { request: (await byId(id))!, c };
    },

    /** Writes the decision on a request loaded with forDecision; audited as a change of it. */
    async decide(request: RequestRow, c: CaseRow, decision: 'approved' | 'rejected', note: string): Promise<RequestRow> {
      const u = await tx.query(
        `UPDATE case_closure_requests SET status = $3, decided_by = $4, decided_at = $5, decision_note = $6, version = version + 1
          WHERE id = $1 AND version = $2 AND status = 'pending' RETURNING id`,
        [request.id, request.version, decision, s.actor.id, s.now, note],
      );
      if (!u.rows[0]) throw errors.staleVersion(request.version + 1);
      s.audit({ action: 'update', recordType: 'closure_request', recordId: request.id, personId: c.person_id, criterion: `closure ${decision}` });
      return (await byId(request.id))!;
    },
  };
});
