import { repository } from '../../access/scope.ts';
import { getReachableCase, reachesCase } from '../cases/index.ts';

/**
 * The case summary's repository (docs/domain.md, "The case summary"): one read of everything the printable summary
 * holds, behind the case's reach for case.summary.export, audited as one export of the case's person. It reads the
 * records of several modules' tables in one transaction because the summary is one document; it writes nothing.
 */
export interface SummaryData {
  title: string; status: string; preventionLevel: string; createdAt: Date; closedAt: Date | null; closureReason: string | null;
  owner: string | null; person: { fullName: string; birthDate: string | null };
  changes: { from: string; to: string; at: Date; by: string; reason: string | null }[];
  assessments: { kind: string; on: string; summary: string | null; ratings: { label: string; risk: number | null; resources: number | null }[] }[];
  offers: { type: string; at: Date; response: string; respondedAt: Date | null }[];
  courses: { kind: string; mentor: string; startedOn: string; endedOn: string | null; endReason: string | null; sessions: number }[];
  disclosures: { organisation: string; legalBasis: string; at: Date; content: string }[];
  goals: { title: string; ownerName: string; ownerKind: string; actions: string; status: string; dimensions: string[] }[];
  reviews: { on: string; by: string; summary: string | null; next: string | null; progress: { goal: string; progress: string; note: string | null }[] }[];
  /**
   * Supervision given to the case's resource persons and SSP members (docs/domain.md, "Resource persons and SSP"); null
   * (left out of the summary) when the actor may not read it for this case (case.supervision.read).
   */
  supervision: { on: string; member: string; relation: string | null; minutes: number; topic: string }[] | null;
}

export const caseSummaryRepo = repository((tx, s) => ({
  async collect(caseId: string): Promise<SummaryData> {
    const c = await getReachableCase(s, caseId, 'case.summary.export', 'export', 'case');
    const q = async <T>(text: string) => (await tx.query<T>(text, [caseId])).rows;
    const [head] = await q<{ owner: string | null; full_name: string; birth_date: string | null; created_at: Date }>(
      `SELECT (SELECT u.display_name FROM users u WHERE u.id = c.owner_id) AS owner, p.full_name, to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date, c.created_at
         FROM cases c JOIN persons p ON p.id = c.person_id WHERE c.id = $1`);
    const changes = await q<{ from_status: string; to_status: string; changed_at: Date; by: string; reason: string | null }>(
      `SELECT h.from_status, h.to_status, h.changed_at, u.display_name AS by, h.reason FROM case_status_changes h JOIN users u ON u.id = h.changed_by
        WHERE h.case_id = $1 ORDER BY h.changed_at, h.id`);
    const assessments = await q<{ kind: string; on: string; summary: string | null; ratings: { label: string; risk: number | null; resources: number | null }[] }>(
      `SELECT a.kind, to_char(a.assessed_on, 'YYYY-MM-DD') AS on, a.summary,
              coalesce((SELECT json_agg(json_build_object('label', d.label_da, 'risk', r.risk, 'resources', r.resources) ORDER BY d.position)
                          FROM assessment_ratings r JOIN assessment_dimensions d ON d.instrument_id = r.instrument_id AND d.code = r.dimension_code
                         WHERE r.assessment_id = a.id), '[]') AS ratings
         FROM assessments a WHERE a.case_id = $1 ORDER BY a.assessed_on, a.created_at`);
    const offers = await q<{ type: string; offered_at: Date; response: string; responded_at: Date | null }>(
      'SELECT o.type, o.offered_at, o.response, o.responded_at FROM offers o WHERE o.case_id = $1 ORDER BY o.offered_at, o.id');
    const courses = await q<{ kind: string; mentor: string; started_on: string; ended_on: string | null; end_reason: string | null; sessions: number }>(
      `SELECT co.kind, u.display_name AS mentor, to_char(co.started_on, 'YYYY-MM-DD') AS started_on, to_char(co.ended_on, 'YYYY-MM-DD') AS ended_on, co.end_reason,
              (SELECT count(*)::int FROM course_sessions cs WHERE cs.course_id = co.id) AS sessions
         FROM courses co JOIN users u ON u.id = co.mentor_id WHERE co.case_id = $1 ORDER BY co.started_on, co.id`);
    const disclosures = await q<{ partner_organisation: string; legal_basis: string; disclosed_at: Date; content_summary: string }>(
      'SELECT d.partner_organisation, d.legal_basis, d.disclosed_at, d.content_summary FROM disclosures d WHERE d.case_id = $1 ORDER BY d.disclosed_at, d.id');
    const goals = await q<{ title: string; owner_name: string; owner_kind: string; actions: string; status: string; dimensions: string[] }>(
      `SELECT g.title, g.owner_name, g.owner_kind, g.actions, g.status,
              coalesce((SELECT array_agg(d.label_da ORDER BY d.position) FROM support_plan_goal_dimensions gd
                          JOIN assessment_dimensions d ON d.instrument_id = gd.instrument_id AND d.code = gd.dimension_code WHERE gd.goal_id = g.id), '{}') AS dimensions
         FROM support_plan_goals g WHERE g.case_id = $1 ORDER BY g.created_at, g.id`);
    const reviews = await q<{ on: string; by: string; summary: string | null; next: string | null; progress: { goal: string; progress: string; note: string | null }[] }>(
      `SELECT to_char(r.reviewed_on, 'YYYY-MM-DD') AS on, u.display_name AS by, r.summary, to_char(r.next_review_on, 'YYYY-MM-DD') AS next,
              coalesce((SELECT json_agg(json_build_object('goal', g.title, 'progress', p.progress, 'note', p.note) ORDER BY g.created_at, g.id)
                          FROM support_plan_progress p JOIN support_plan_goals g ON g.id = p.goal_id WHERE p.review_id = r.id), '[]') AS progress
         FROM support_plan_reviews r JOIN users u ON u.id = r.reviewed_by WHERE r.case_id = $1 ORDER BY r.reviewed_on, r.recorded_at`);
    const maySupervision = (await reachesCase(s, caseId, ['case.supervision.read']))['case.supervision.read'];
    const supervision = !maySupervision ? null : await q<{ on: string; member: string; relation: string | null; minutes: number; topic: string }>(
      `SELECT to_char(x.held_on, 'YYYY-MM-DD') AS on, u.display_name AS member, m.relation, x.duration_minutes AS minutes, x.topic
         FROM supervision_sessions x JOIN users u ON u.id = x.member_user_id
         LEFT JOIN case_members m ON m.case_id = x.case_id AND m.user_id = x.member_user_id
        WHERE x.case_id = $1 ORDER BY x.held_on, x.recorded_at, x.id`);
    s.audit({ action: 'export', recordType: 'case', recordId: caseId, personId: c.person_id, criterion: 'summary pdf' });
    return {
      title: c.title, status: c.status, preventionLevel: c.prevention_level, createdAt: head!.created_at, closedAt: c.closed_at, closureReason: c.closure_reason,
      owner: head!.owner, person: { fullName: head!.full_name, birthDate: head!.birth_date },
      changes: changes.map((h) => ({ from: h.from_status, to: h.to_status, at: h.changed_at, by: h.by, reason: h.reason })),
      assessments,
      offers: offers.map((o) => ({ type: o.type, at: o.offered_at, response: o.response, respondedAt: o.responded_at })),
      courses: courses.map((x) => ({ kind: x.kind, mentor: x.mentor, startedOn: x.started_on, endedOn: x.ended_on, endReason: x.end_reason, sessions: x.sessions })),
      disclosures: disclosures.map((d) => ({ organisation: d.partner_organisation, legalBasis: d.legal_basis, at: d.disclosed_at, content: d.content_summary })),
      goals: goals.map((g) => ({ title: g.title, ownerName: g.owner_name, ownerKind: g.owner_kind, actions: g.actions, status: g.status, dimensions: g.dimensions })),
      reviews, supervision,
    };
  },
}));
