import { reachSql, repository } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { findReachableCase, getReachableCase, type CaseRow } from '../cases/index.ts';
import { PLAN_INSTRUMENT, type GoalInput, type GoalPatch, type GoalProgress, type GoalStatus, type ReviewInput } from '../../../shared/support-plan.ts';

/**
 * The support-plan module's repository: the only place with SQL on support_plan_* (docs/architecture.md). The reach
 * of a plan is the reach of its case, which the cases module answers (../cases/index.ts).
 */
interface GoalRow {
  id: string;
  case_id: string;
  title: string;
  owner_kind: 'authority' | 'person';
  owner_name: string;
  actions: string;
  status: GoalStatus;
  updated_at: Date;
  version: number;
  dimensions: string[];
}
interface ReviewRow {
  id: string;
  case_id: string;
  reviewed_on: string;
  summary: string | null;
  next_review_on: string | null;
  reviewed_by: string;
  reviewed_by_name: string;
  recorded_at: Date;
  progress: { goalId: string; goalTitle: string; progress: GoalProgress; note: string | null }[];
}
const GOALS = `SELECT g.id, g.case_id, g.title, g.owner_kind, g.owner_name, g.actions, g.status, g.updated_at, g.version,
                      coalesce((SELECT array_agg(d.dimension_code ORDER BY d.dimension_code) FROM support_plan_goal_dimensions d WHERE d.goal_id = g.id), '{}') AS dimensions
                 FROM support_plan_goals g`;

const REVIEWS = `SELECT r.id, r.case_id, to_char(r.reviewed_on, 'YYYY-MM-DD') AS reviewed_on, r.summary, to_char(r.next_review_on, 'YYYY-MM-DD') AS next_review_on,
                        r.reviewed_by, u.display_name AS reviewed_by_name, r.recorded_at,
                        coalesce((SELECT json_agg(json_build_object('goalId', p.goal_id, 'goalTitle', g.title, 'progress', p.progress, 'note', p.note) ORDER BY g.created_at, g.id)
                                    FROM support_plan_progress p JOIN support_plan_goals g ON g.id = p.goal_id WHERE p.review_id = r.id), '[]') AS progress
                   FROM support_plan_reviews r JOIN users u ON u.id = r.reviewed_by`;

export function presentGoal(g: GoalRow) {
  return {
    id: g.id, caseId: g.case_id, title: g.title, ownerKind: g.owner_kind, ownerName: g.owner_name, actions: g.actions,
    dimensions: g.dimensions, status: g.status, updatedAt: g.updated_at.toISOString(), version: g.version,
  };
}

export function presentReview(r: ReviewRow) {
  return {
    id: r.id, caseId: r.case_id, reviewedOn: r.reviewed_on, summary: r.summary, nextReviewOn: r.next_review_on,
    reviewedBy: { id: r.reviewed_by, displayName: r.reviewed_by_name }, recordedAt: r.recorded_at.toISOString(), progress: r.progress,
  };
}

export const supportPlanRepo = repository((tx, s) => {
  async function goal(id: string): Promise<GoalRow | undefined> {
    return (await tx.query<GoalRow>(`${GOALS} WHERE g.id = $1`, [id])).rows[0];
  }

  /** Refuses (400 naming the field) dimension codes the plan's instrument does not have. */
  async function checkDimensions(codes: readonly string[]): Promise<void> {
    if (codes.length === 0) return;
    const r = await tx.query<{ code: string }>('SELECT code FROM assessment_dimensions WHERE instrument_id = $1 AND code = ANY($2::text[])', [PLAN_INSTRUMENT, codes]);
    const known = new Set(r.rows.map((x) => x.code));
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length) throw errors.invalidField('dimensions', `unknown assessment dimension: ${unknown.join(', ')}`);
  }

  async function setDimensions(goalId: string, unitId: string, codes: readonly string[]): Promise<void> {
    await tx.query('DELETE FROM support_plan_goal_dimensions WHERE goal_id = $1', [goalId]);
    if (codes.length === 0) return;
    await tx.query(
      `INSERT INTO support_plan_goal_dimensions (goal_id, unit_id, instrument_id, dimension_code)
       SELECT $1, $2, $3, code FROM unnest($4::text[]) AS code ON CONFLICT DO NOTHING`,
      [goalId, unitId, PLAN_INSTRUMENT, [...new Set(codes)]],
    );
  }

  async function openReviewDate(caseId: string): Promise<{ id: string; due_on: string } | undefined> {
    return (await tx.query<{ id: string; due_on: string }>(
      `SELECT id, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM support_plan_review_dates WHERE case_id = $1 AND review_id IS NULL FOR UPDATE`, [caseId],
    )).rows[0];
  }

  function requireLive(c: CaseRow): void {
    if (c.status === 'closed') throw errors.conflict('A closed case has no support plan to change; reopen it first.', { allowed: [], current: c.status });
  }

  return {
    /** The case's plan (support_plan.read): goals, recorded reviews with progress, the next planned review. One audit row. */
    async plan(caseId: string) {
      const c = await getReachableCase(s, caseId, 'support_plan.read', 'read', 'support_plan');
      const goals = await tx.query<GoalRow>(`${GOALS} WHERE g.case_id = $1 ORDER BY g.created_at, g.id`, [caseId]);
      const reviews = await tx.query<ReviewRow>(`${REVIEWS} WHERE r.case_id = $1 ORDER BY r.reviewed_on, r.recorded_at, r.id`, [caseId]);
      const next = await tx.query<{ due_on: string }>(
        `SELECT to_char(due_on, 'YYYY-MM-DD') AS due_on FROM support_plan_review_dates WHERE case_id = $1 AND review_id IS NULL`, [caseId],
      );
      s.audit({ action: 'read', recordType: 'support_plan', recordId: caseId, personId: c.person_id });
      return { caseId, goals: goals.rows.map(presentGoal), reviews: reviews.rows.map(presentReview), nextReviewOn: next.rows[0]?.due_on ?? null };
    },

    /**
     * Adds a goal to a live case's plan (support_plan.manage). reviewOn plans (or moves) the next review; the plan's
     * first goal needs one, so a plan always has a review ahead. Audited as a creation.
     */
    async addGoal(caseId: string, input: GoalInput, today: string) {
      const c = await getReachableCase(s, caseId, 'support_plan.manage', 'create', 'support_plan');
      requireLive(c);
      await checkDimensions(input.dimensions);
      const open = await openReviewDate(caseId);
      if (input.reviewOn !== undefined && input.reviewOn < today) throw errors.invalidField('reviewOn', 'must be today or later');
      if (!open && input.reviewOn === undefined) throw errors.invalidField('reviewOn', 'is required while the plan has no review planned');
      const g = await tx.query<{ id: string }>(
        `INSERT INTO support_plan_goals (case_id, unit_id, title, owner_kind, owner_name, actions, created_by, created_at, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $8) RETURNING id`,
        [c.id, c.unit_id, input.title, input.ownerKind, input.ownerName, input.actions, s.actor.id, s.now],
      );
      const id = g.rows[0]!.id;
      await setDimensions(id, c.unit_id, input.dimensions);
      if (input.reviewOn !== undefined) {
        if (open) await tx.query('UPDATE support_plan_review_dates SET due_on = $2 WHERE id = $1', [open.id, input.reviewOn]);
        else {
          await tx.query('INSERT INTO support_plan_review_dates (case_id, unit_id, due_on, created_at) VALUES ($1, $2, $3, $4)', [c.id, c.unit_id, input.reviewOn, s.now]);
        }
      }
      s.audit({ action: 'create', recordType: 'support_plan_goal', recordId: id, personId: c.person_id });
      return presentGoal((await goal(id))!);
    },

    /** Changes a goal (support_plan.manage on its case); versioned, audited as a change. */
    async updateGoal(id: string, patch: GoalPatch) {
      const locked = await tx.query<{ case_id: string }>('SELECT case_id FROM support_plan_goals WHERE id = $1 FOR UPDATE', [id]);
      const caseId = locked.rows[0]?.case_id;
      const c = caseId ? await findReachableCase(s, caseId, 'support_plan.manage') : null;
      if (!caseId || !c) return s.refuse({ action: 'update', recordType: 'support_plan_goal', recordId: id });
      requireLive(c);
      const g = (await goal(id))!;
      if (g.version !== patch.version) throw errors.staleVersion(g.version);
      if (patch.dimensions) await checkDimensions(patch.dimensions);
      await tx.query(
        `UPDATE support_plan_goals SET title = coalesce($2, title), owner_kind = coalesce($3, owner_kind), owner_name = coalesce($4, owner_name),
                actions = coalesce($5, actions), status = coalesce($6, status), updated_by = $7, updated_at = $8, version = version + 1
          WHERE id = $1`,
        [id, patch.title ?? null, patch.ownerKind ?? null, patch.ownerName ?? null, patch.actions ?? null, patch.status ?? null, s.actor.id, s.now],
      );
      if (patch.dimensions) await setDimensions(id, c.unit_id, patch.dimensions);
      s.audit({ action: 'update', recordType: 'support_plan_goal', recordId: id, personId: c.person_id });
      return presentGoal((await goal(id))!);
    },

    /**
     * Records a review of a live case's plan: progress per goal (each a goal of this case), and the next review date,
     * which becomes the next task; the planned review it answers is done (its task completes at the next rules run).
     */
    async review(caseId: string, input: ReviewInput, today: string) {
      const c = await getReachableCase(s, caseId, 'support_plan.manage', 'create', 'support_plan');
      requireLive(c);
      if (input.reviewedOn > today) throw errors.invalidField('reviewedOn', 'cannot be in the future');
      if (input.nextReviewOn !== null && input.nextReviewOn <= input.reviewedOn) throw errors.invalidField('nextReviewOn', 'must be after reviewedOn');
      const ids = input.progress.map((p) => p.goalId);
      if (new Set(ids).size !== ids.length) throw errors.invalidField('progress', 'names a goal more than once');
      const known = await tx.query<{ id: string }>('SELECT id FROM support_plan_goals WHERE case_id = $1 AND id = ANY($2::uuid[])', [caseId, ids]);
      if (known.rows.length !== ids.length) throw errors.invalidField('progress', "names a goal that is not in this case's plan");
      const open = await openReviewDate(caseId);
      const r = await tx.query<{ id: string }>(
        `INSERT INTO support_plan_reviews (case_id, unit_id, reviewed_on, summary, next_review_on, reviewed_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [c.id, c.unit_id, input.reviewedOn, input.summary ?? null, input.nextReviewOn, s.actor.id, s.now],
      );
      const reviewId = r.rows[0]!.id;
      await tx.query(
        `INSERT INTO support_plan_progress (review_id, goal_id, unit_id, progress, note)
         SELECT $1, g, $2, p, n FROM unnest($3::uuid[], $4::text[], $5::text[]) AS x(g, p, n)`,
        [reviewId, c.unit_id, ids, input.progress.map((p) => p.progress), input.progress.map((p) => p.note ?? null)],
      );
      if (open) await tx.query('UPDATE support_plan_review_dates SET review_id = $2 WHERE id = $1', [open.id, reviewId]);
      if (input.nextReviewOn !== null) {
        await tx.query('INSERT INTO support_plan_review_dates (case_id, unit_id, due_on, created_at) VALUES ($1, $2, $3, $4)', [c.id, c.unit_id, input.nextReviewOn, s.now]);
      }
      s.audit({ action: 'create', recordType: 'support_plan_review', recordId: reviewId, personId: c.person_id });
      return presentReview((await tx.query<ReviewRow>(`${REVIEWS} WHERE r.id = $1`, [reviewId])).rows[0]!);
    },
  };
});

/**
 * Access requests (docs/security.md, "Access requests"): the support plans of the citizen's cases, goals and reviews
 * with the progress per goal, read with the purpose-bound reach access_request.compile (row kind support_plan,
 * platform/access-reach.ts). No staff names; a goal owned by a private person (a relative) names no one. The caller
 * audits its one read.
 */
export const supportPlanAccessRequestRepo = repository((tx, s) => ({
  async ofCases(caseIds: readonly string[]) {
    const gp: unknown[] = [caseIds];
    const goals = await tx.query<{ id: string; title: string; owner_kind: 'authority' | 'person'; owner_name: string; actions: string; status: GoalStatus; created_at: Date }>(
      `SELECT g.id, g.title, g.owner_kind, g.owner_name, g.actions, g.status, g.created_at FROM support_plan_goals g
        WHERE g.case_id = ANY($1::uuid[]) AND ${reachSql(s.accessRequestReaches(), s.actor, gp, 'g', {})} ORDER BY g.created_at, g.id`, gp);
    const rp: unknown[] = [caseIds];
    const reviews = await tx.query<{ id: string; reviewed_on: string; summary: string | null; next_review_on: string | null; progress: { goalTitle: string; progress: GoalProgress; note: string | null }[] }>(
      `SELECT r.id, to_char(r.reviewed_on, 'YYYY-MM-DD') AS reviewed_on, r.summary, to_char(r.next_review_on, 'YYYY-MM-DD') AS next_review_on,
              coalesce((SELECT json_agg(json_build_object('goalTitle', g.title, 'progress', p.progress, 'note', p.note) ORDER BY g.created_at, g.id)
                          FROM support_plan_progress p JOIN support_plan_goals g ON g.id = p.goal_id WHERE p.review_id = r.id), '[]') AS progress
         FROM support_plan_reviews r WHERE r.case_id = ANY($1::uuid[]) AND ${reachSql(s.accessRequestReaches(), s.actor, rp, 'r', {})}
        ORDER BY r.reviewed_on, r.id`, rp);
    return { goals: goals.rows, reviews: reviews.rows };
  },
}));
