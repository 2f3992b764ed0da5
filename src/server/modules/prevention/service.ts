import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { systemTransaction, type Scope, type ScopeDeps } from '../../access/scope.ts';
import type { Queryable } from '../../platform/db.ts';
import { errors } from '../../platform/errors.ts';
import { danishDate } from '../../../shared/intake.ts';
import { ANSWER_VALUES, type ActivityInput, type ActivityPatch, type ActivityQuery, type ForumMemberInput, type ForumMemberPatch, type QuestionKind,
  type SurveyInput, type SurveyResponseInput } from '../../../shared/prevention.ts';
import {
  ACTIVITY_COLUMNS, FORUM_COLUMNS, SURVEY_COLUMNS, getReachableActivity, getReachableForumMember, getReachableSurvey, suppressesSmallCounts, unitReachSql,
  type ActivityRow, type ForumMemberRow, type QuestionRow, type SurveyRow,
} from './policy.ts';
import { answerProblems, isAgreeing, isSurveyOpen, showCount, showShare } from './rules.ts';

/*
 * Audit choice for this module: prevention records hold no personal data (activities are counts, survey answers are
 * anonymous, forum members are organisations). Creates and updates still write exactly one audit row each, so the
 * unit can see who changed the figures that feed the action plan and the yearly report; successful reads and lists
 * write none, since the log of look-ups exists to protect people and there is nobody to protect here. Refused
 * attempts (403 for a role, 404 outside the unit) are audited like everywhere else, as a security signal.
 */

/** Bytes of randomness in a survey's public token: 192 bits, 32 characters of base64url. */
const TOKEN_BYTES = 24;

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string } | null;
  return e?.code === '23505' && (e.constraint === constraint || (e.message ?? '').includes(constraint));
}

// --- activities ------------------------------------------------------------------------------------------------

function presentActivity(a: ActivityRow) {
  return {
    id: a.id, unitId: a.unit_id, heldOn: a.held_on, kind: a.kind, title: a.title, targetGroup: a.target_group,
    preventionLevel: a.prevention_level, audienceSector: a.audience_sector, participants: a.participants, organisations: a.organisations,
    trackId: a.track_id, notes: a.notes, version: a.version, createdAt: a.created_at.toISOString(), updatedAt: a.updated_at.toISOString(),
  };
}

/**
 * Indicators are computed from work done (DOMAIN.md, "Action plans"), so an activity is recorded once held, never
 * ahead of time.
 */
function checkHeldOn(s: Scope, heldOn: string): void {
  if (heldOn > danishDate(s.now)) throw errors.invalidField('heldOn', 'must not be in the future: record an activity once it has been held');
}

/** A plan track must belong to the activity's own unit, or its figures would count in another unit's plan. */
async function checkTrack(s: Scope, trackId: string | null, unitId: string): Promise<void> {
  if (!trackId) return;
  const r = await s.tx.query('SELECT 1 FROM plan_tracks WHERE id = $1 AND unit_id = $2', [trackId, unitId]);
  if (r.rows.length === 0) throw errors.invalidField('trackId', "is not a track of one of the unit's action plans");
}

export const activities = {
  /** Records a held activity in the actor's unit (one audit row: create). */
  async create(s: Scope, input: ActivityInput) {
    s.requireRole('activity.manage', { action: 'create', recordType: 'activity' });
    checkHeldOn(s, input.heldOn);
    await checkTrack(s, input.trackId ?? null, s.actor.unitId);
    const r = await s.tx.query<ActivityRow>(
      `INSERT INTO activities AS ac (unit_id, held_on, kind, title, target_group, prevention_level, audience_sector, participants, organisations,
         track_id, notes, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING ${ACTIVITY_COLUMNS}`,
      [s.actor.unitId, input.heldOn, input.kind, input.title, input.targetGroup, input.preventionLevel, input.audienceSector, input.participants,
        input.organisations, input.trackId ?? null, input.notes || null, s.actor.id, s.now],
    );
    const row = r.rows[0]!;
    s.audit({ action: 'create', recordType: 'activity', recordId: row.id });
    return presentActivity(row);
  },

  /** The unit's activities, newest first, filtered by year, kind and target group. Not audited when it succeeds. */
  async list(s: Scope, q: ActivityQuery) {
    const criterion = [q.year && `year=${q.year}`, q.kind && `kind=${q.kind}`, q.targetGroup && `targetGroup=${q.targetGroup}`].filter(Boolean).join('; ') || 'all';
    const reaches = s.requireRole('activity.read', { action: 'search', recordType: 'activity', criterion });
    const params: unknown[] = [];
    let where = unitReachSql(reaches, s.actor, params, 'ac');
    if (q.year !== undefined) where += ` AND ac.held_on >= make_date($${params.push(q.year)}::int, 1, 1) AND ac.held_on < make_date($${params.length}::int + 1, 1, 1)`;
    if (q.kind) where += ` AND ac.kind = $${params.push(q.kind)}`;
    if (q.targetGroup) where += ` AND ac.target_group = $${params.push(q.targetGroup)}`;
    const r = await s.tx.query<ActivityRow>(`SELECT ${ACTIVITY_COLUMNS} FROM activities ac WHERE ${where} ORDER BY ac.held_on DESC, ac.id LIMIT 1000`, params);
    return r.rows.map(presentActivity);
  },

  /** One activity of the actor's unit. Not audited when it succeeds (no personal data). */
  async get(s: Scope, id: string) {
    return presentActivity(await getReachableActivity(s, id, 'activity.read', 'read'));
  },

  /**
   * Changes an activity (optimistic locking: a stale version answers 409 with the current one). Fields left out keep
   * their value; trackId and notes may be cleared with null. One audit row: update.
   */
  async update(s: Scope, id: string, patch: ActivityPatch) {
    const cur = await getReachableActivity(s, id, 'activity.manage', 'update');
    if (cur.version !== patch.version) throw errors.staleVersion(cur.version);
    const next = {
      heldOn: patch.heldOn ?? cur.held_on,
      kind: patch.kind ?? cur.kind,
      title: patch.title ?? cur.title,
      targetGroup: patch.targetGroup ?? cur.target_group,
      preventionLevel: patch.preventionLevel ?? cur.prevention_level,
      audienceSector: patch.audienceSector ?? cur.audience_sector,
      participants: patch.participants ?? cur.participants,
      organisations: patch.organisations ?? cur.organisations,
      trackId: patch.trackId === undefined ? cur.track_id : patch.trackId,
      notes: patch.notes === undefined ? cur.notes : patch.notes || null,
    };
    if (patch.heldOn !== undefined) checkHeldOn(s, next.heldOn);
    if (patch.trackId) await checkTrack(s, next.trackId, cur.unit_id);
    const r = await s.tx.query<ActivityRow>(
      `UPDATE activities AS ac SET held_on = $3, kind = $4, title = $5, target_group = $6, prevention_level = $7, audience_sector = $8,
         participants = $9, organisations = $10, track_id = $11, notes = $12, version = version + 1, updated_at = $13
       WHERE ac.id = $1 AND ac.version = $2 RETURNING ${ACTIVITY_COLUMNS}`,
      [id, patch.version, next.heldOn, next.kind, next.title, next.targetGroup, next.preventionLevel, next.audienceSector, next.participants,
        next.organisations, next.trackId, next.notes, s.now],
    );
    if (!r.rows[0]) throw errors.staleVersion(await currentVersion(s.tx, 'activities', id, cur.version));
    s.audit({ action: 'update', recordType: 'activity', recordId: id });
    return presentActivity(r.rows[0]);
  },
};

/** The version a concurrent writer left behind (for the 409), or fallback if the row cannot be read. */
async function currentVersion(tx: Queryable, table: 'activities' | 'forum_members', id: string, fallback: number): Promise<number> {
  const r = await tx.query<{ version: number }>(`SELECT version FROM ${table} WHERE id = $1`, [id]);
  return r.rows[0]?.version ?? fallback;
}

// --- surveys ---------------------------------------------------------------------------------------------------

const QUESTION_COLUMNS = 'q.id, q.position, q.text_da, q.text_en, q.kind, q.indicator_key';

function presentQuestion(q: QuestionRow) {
  return { id: q.id, position: q.position, textDa: q.text_da, textEn: q.text_en, kind: q.kind, indicatorKey: q.indicator_key };
}

function presentSurvey(sv: SurveyRow, questions: QuestionRow[]) {
  return {
    id: sv.id, unitId: sv.unit_id, activityId: sv.activity_id, title: sv.title, opensOn: sv.opens_on, closesOn: sv.closes_on,
    publicToken: sv.public_token, createdAt: sv.created_at.toISOString(), questions: questions.map(presentQuestion),
  };
}

async function questionsOf(tx: Queryable, surveyId: string): Promise<QuestionRow[]> {
  const r = await tx.query<QuestionRow>(`SELECT ${QUESTION_COLUMNS} FROM survey_questions q WHERE q.survey_id = $1 ORDER BY q.position`, [surveyId]);
  return r.rows;
}

/** The public link to a survey; the web app serves /s/<token>. */
export function publicSurveyUrl(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}/s/${token}`;
}

export const surveys = {
  /**
   * Creates an anonymous survey (optionally after one of the unit's activities) with a random public token: the
   * token is the only secret in the link, so it carries 192 bits from the operating system's CSPRNG.
   */
  async create(s: Scope, input: SurveyInput) {
    s.requireRole('survey.manage', { action: 'create', recordType: 'survey' });
    if (input.closesOn < input.opensOn) throw errors.invalidField('closesOn', 'must not be before opensOn');
    if (input.activityId) {
      const a = await s.tx.query('SELECT 1 FROM activities WHERE id = $1 AND unit_id = $2', [input.activityId, s.actor.unitId]);
      if (a.rows.length === 0) throw errors.invalidField('activityId', "is not an activity of the actor's unit");
    }
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const r = await s.tx.query<SurveyRow>(
      `INSERT INTO surveys AS sv (unit_id, activity_id, title, public_token, opens_on, closes_on, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${SURVEY_COLUMNS}`,
      [s.actor.unitId, input.activityId ?? null, input.title, token, input.opensOn, input.closesOn, s.actor.id, s.now],
    );
    const sv = r.rows[0]!;
    const questions: QuestionRow[] = [];
    for (const [i, q] of input.questions.entries()) {
      const qr = await s.tx.query<QuestionRow>(
        `INSERT INTO survey_questions AS q (survey_id, unit_id, position, text_da, text_en, kind, indicator_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${QUESTION_COLUMNS}`,
        [sv.id, sv.unit_id, i + 1, q.textDa, q.textEn ?? null, q.kind, q.indicatorKey ?? null],
      );
      questions.push(qr.rows[0]!);
    }
    s.audit({ action: 'create', recordType: 'survey', recordId: sv.id });
    return presentSurvey(sv, questions);
  },

  /**
   * Results per question: answers, the distribution over the scale and the share agreeing (agreement 4-5, yes 1).
   * Analysts get counts under 5 as "<5" and no share that would give such a count back. Not audited (anonymous).
   */
  async results(s: Scope, id: string) {
    const sv = await getReachableSurvey(s, id, 'survey.results', 'read');
    const suppress = suppressesSmallCounts(s.actor.role);
    const questions = await questionsOf(s.tx, id);
    const counts = await s.tx.query<{ question_id: string; value: number; n: number }>(
      `SELECT a.question_id, a.value, count(*)::int AS n FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id
       WHERE q.survey_id = $1 AND a.value IS NOT NULL GROUP BY a.question_id, a.value`,
      [id],
    );
    const responses = await s.tx.query<{ n: number }>('SELECT count(*)::int AS n FROM survey_responses WHERE survey_id = $1', [id]);
    const byQuestion = new Map<string, Map<number, number>>();
    for (const c of counts.rows) {
      const m = byQuestion.get(c.question_id) ?? new Map<number, number>();
      m.set(c.value, c.n);
      byQuestion.set(c.question_id, m);
    }
    return {
      surveyId: sv.id, title: sv.title, opensOn: sv.opens_on, closesOn: sv.closes_on,
      responses: showCount(responses.rows[0]!.n, suppress), suppressed: suppress,
      questions: questions.map((q) => {
        const m = byQuestion.get(q.id) ?? new Map<number, number>();
        const values = ANSWER_VALUES[q.kind];
        const total = values.reduce((sum, v) => sum + (m.get(v) ?? 0), 0);
        const agreeing = values.filter((v) => isAgreeing(q.kind, v)).reduce((sum, v) => sum + (m.get(v) ?? 0), 0);
        return {
          ...presentQuestion(q),
          responses: showCount(total, suppress),
          distribution: values.map((v) => ({ value: v, count: showCount(m.get(v) ?? 0, suppress) })),
          agreeing: showCount(agreeing, suppress),
          shareAgreeing: showShare(agreeing, total, suppress),
        };
      }),
    };
  },

  /** The public link and its QR code, for the staff who hand the survey out. Not audited (no personal data). */
  async qr(s: Scope, id: string, origin: string) {
    const sv = await getReachableSurvey(s, id, 'survey.manage', 'read');
    const url = publicSurveyUrl(origin, sv.public_token);
    const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { url, qrSvg };
  },
};

// --- the public (anonymous) side of a survey ---------------------------------------------------------------------

interface OpenSurvey {
  id: string;
  unit_id: string;
  title: string;
  closes_on: string;
}

/**
 * Runs fn for the survey behind a public token while it is open on the Danish date of the injected clock; unknown,
 * not yet open and closed surveys all answer the same 404. There is no actor: the token is resolved in a system
 * transaction (the named escape hatch), and everything after it runs as the app role with row-level security
 * confined to that survey's unit, so an anonymous request can touch nothing else.
 */
async function withOpenSurvey<T>(deps: ScopeDeps, token: string, fn: (tx: Queryable, sv: OpenSurvey, today: string) => Promise<T>): Promise<T> {
  const today = danishDate(deps.clock.now());
  return systemTransaction(deps.db, async (tx) => {
    const r = await tx.query<OpenSurvey & { opens_on: string }>(
      'SELECT id, unit_id, title, opens_on, closes_on FROM surveys WHERE public_token = $1', [token],
    );
    const sv = r.rows[0];
    if (!sv || !isSurveyOpen(sv.opens_on, sv.closes_on, today)) throw errors.notFound('Survey');
    await tx.query('SET LOCAL ROLE vink_app');
    await tx.query(`SELECT set_config('vink.unit_ids', $1, true)`, [`{${sv.unit_id}}`]);
    return fn(tx, sv, today);
  });
}

export const publicSurveys = {
  /** The questions of an open survey, for the anonymous answer page. */
  find(deps: ScopeDeps, token: string) {
    return withOpenSurvey(deps, token, async (tx, sv) => ({
      title: sv.title,
      closesOn: sv.closes_on,
      // The indicator key is internal to the action plan; the public page gets the questions only.
      questions: (await questionsOf(tx, sv.id)).map((q) => ({ id: q.id, position: q.position, textDa: q.text_da, textEn: q.text_en, kind: q.kind })),
    }));
  },

  /**
   * Stores one anonymous response. Data minimisation (GDPR Art. 5(1)(c)): the row holds the survey, the answers and
   * the date only — no time of day, no IP address, no user agent, no cookie — so a response cannot be tied to a
   * person. Each answer must be to a question of this survey and fit its scale (400 naming answers[i].value).
   */
  respond(deps: ScopeDeps, token: string, input: SurveyResponseInput) {
    return withOpenSurvey(deps, token, async (tx, sv, today) => {
      const kinds = new Map<string, QuestionKind>((await questionsOf(tx, sv.id)).map((q) => [q.id, q.kind]));
      const problems = answerProblems(input.answers, kinds);
      if (problems.length > 0) throw errors.validation(problems, problems.map((p) => `${p.field}: ${p.reason}`).join('; '));
      const r = await tx.query<{ id: string }>('INSERT INTO survey_responses (survey_id, unit_id, answered_on) VALUES ($1, $2, $3) RETURNING id', [
        sv.id, sv.unit_id, today,
      ]);
      const responseId = r.rows[0]!.id;
      const params: unknown[] = [responseId, sv.unit_id];
      const rows = input.answers.map((a) => `($1, $${params.push(a.questionId)}, $2, $${params.push(a.value)}::smallint)`);
      await tx.query(`INSERT INTO survey_answers (response_id, question_id, unit_id, value) VALUES ${rows.join(', ')}`, params);
      return { received: true as const };
    });
  },
};

// --- citizen forum -----------------------------------------------------------------------------------------------

function isActive(m: ForumMemberRow, today: string): boolean {
  return m.joined_on <= today && (m.left_on === null || m.left_on > today);
}

function presentMember(m: ForumMemberRow, today: string) {
  return {
    id: m.id, unitId: m.unit_id, organisation: m.organisation, kind: m.kind, joinedOn: m.joined_on, charterSignedOn: m.charter_signed_on,
    leftOn: m.left_on, signedCharter: m.charter_signed_on !== null, active: isActive(m, today), version: m.version,
  };
}

/**
 * Membership dates record what has happened (the forum counts towards the plan's "local actors"), so none lies in the
 * future; leaving cannot precede joining. Only the dates given in the request are checked.
 */
function checkForumDates(today: string, joinedOn: string, d: { joinedOn?: string | undefined; charterSignedOn?: string | null | undefined; leftOn?: string | null | undefined }): void {
  if (d.joinedOn && d.joinedOn > today) throw errors.invalidField('joinedOn', 'must not be in the future');
  if (d.charterSignedOn && d.charterSignedOn > today) throw errors.invalidField('charterSignedOn', 'must not be in the future');
  if (d.leftOn && d.leftOn < joinedOn) throw errors.invalidField('leftOn', 'must not be before joinedOn');
  if (d.leftOn && d.leftOn > today) throw errors.invalidField('leftOn', 'must not be in the future');
}

function duplicateOrganisation(organisation: string) {
  return errors.conflict(`"${organisation}" is already a member of the citizen forum.`);
}

export const forum = {
  /** Adds a member organisation to the unit's citizen forum (one audit row: create). */
  async create(s: Scope, input: ForumMemberInput) {
    s.requireRole('forum.manage', { action: 'create', recordType: 'forum_member' });
    const today = danishDate(s.now);
    checkForumDates(today, input.joinedOn, input);
    const r = await s.tx.query<ForumMemberRow>(
      `INSERT INTO forum_members AS fm (unit_id, organisation, kind, joined_on, charter_signed_on) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT forum_members_organisation_uq DO NOTHING RETURNING ${FORUM_COLUMNS}`,
      [s.actor.unitId, input.organisation, input.kind, input.joinedOn, input.charterSignedOn ?? null],
    );
    if (!r.rows[0]) throw duplicateOrganisation(input.organisation);
    s.audit({ action: 'create', recordType: 'forum_member', recordId: r.rows[0].id });
    return presentMember(r.rows[0], today);
  },

  /** Records the charter signature, leaving, or a correction (optimistic locking; one audit row: update). */
  async update(s: Scope, id: string, patch: ForumMemberPatch) {
    const cur = await getReachableForumMember(s, id, 'forum.manage', 'update');
    if (cur.version !== patch.version) throw errors.staleVersion(cur.version);
    const today = danishDate(s.now);
    const next = {
      organisation: patch.organisation ?? cur.organisation,
      kind: patch.kind ?? cur.kind,
      charterSignedOn: patch.charterSignedOn === undefined ? cur.charter_signed_on : patch.charterSignedOn,
      leftOn: patch.leftOn === undefined ? cur.left_on : patch.leftOn,
    };
    checkForumDates(today, cur.joined_on, patch);
    if (next.organisation !== cur.organisation) {
      const dup = await s.tx.query('SELECT 1 FROM forum_members WHERE unit_id = $1 AND organisation = $2 AND id <> $3', [cur.unit_id, next.organisation, id]);
      if (dup.rows.length > 0) throw duplicateOrganisation(next.organisation);
    }
    let r;
    try {
      r = await s.tx.query<ForumMemberRow>(
        `UPDATE forum_members AS fm SET organisation = $3, kind = $4, charter_signed_on = $5, left_on = $6, version = version + 1
         WHERE fm.id = $1 AND fm.version = $2 RETURNING ${FORUM_COLUMNS}`,
        [id, patch.version, next.organisation, next.kind, next.charterSignedOn, next.leftOn],
      );
    } catch (err) {
      if (isUniqueViolation(err, 'forum_members_organisation_uq')) throw duplicateOrganisation(next.organisation);
      throw err;
    }
    if (!r.rows[0]) throw errors.staleVersion(await currentVersion(s.tx, 'forum_members', id, cur.version));
    s.audit({ action: 'update', recordType: 'forum_member', recordId: id });
    return presentMember(r.rows[0], today);
  },

  /** The unit's forum members with the charter flag, and the counts the action plan asks for. Not audited. */
  async list(s: Scope) {
    const reaches = s.requireRole('forum.read', { action: 'search', recordType: 'forum_member', criterion: 'all' });
    const params: unknown[] = [];
    const r = await s.tx.query<ForumMemberRow>(
      `SELECT ${FORUM_COLUMNS} FROM forum_members fm WHERE ${unitReachSql(reaches, s.actor, params, 'fm')} ORDER BY fm.organisation, fm.id LIMIT 2000`,
      params,
    );
    const today = danishDate(s.now);
    const members = r.rows.map((m) => presentMember(m, today));
    const active = members.filter((m) => m.active);
    const byKind: Record<string, number> = {};
    for (const m of active) byKind[m.kind] = (byKind[m.kind] ?? 0) + 1;
    return {
      members,
      counts: { members: members.length, active: active.length, activeSignedCharter: active.filter((m) => m.signedCharter).length, byKind },
    };
  },
};
