import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../../platform/db.ts';
import { confineTransactionInTrx } from '../../platform/db.ts';
import { errors } from '../../platform/errors.ts';
import type { Action, Reach } from '../../access/policy.ts';
import { reachSql, repository, systemRepository, type ReachRules, type Scope, type SystemScope } from '../../access/scope.ts';
import type { AuditAction } from '../../audit/audit.ts';
import {
  AGREEING_VALUES, ANSWER_VALUES, type ActivityKind, type ActivityQuery, type AudienceSector, type ForumMemberInput, type QuestionKind, type SurveyInput,
  type TargetGroup,
} from '../../../shared/prevention.ts';
import { suppressesSmallCounts } from './policy.ts';
import { isAgreeing, isSurveyOpen, showCount, showShare } from './rules.ts';

/**
 * The prevention module's repository: the only place where SQL on activities, surveys, survey_questions,
 * survey_responses, survey_answers, survey_tickets and forum_members lives (docs/architecture.md). Each method applies the actor's
 * reach, the field rules (small-count suppression of survey results) and the audit entry itself.
 *
 * Audit choice for this module: prevention records hold no personal data (activities are counts, survey answers are
 * anonymous, forum members are organisations). Creates and updates still write exactly one audit row each, so the
 * unit can see who changed the figures that feed the action plan and the yearly report; successful reads and lists
 * write none, since the log of look-ups exists to protect people and there is nobody to protect here. Refused
 * attempts (403 for a role, 404 outside the unit) are audited like everywhere else, as a security signal.
 */

// Every prevention action in the policy table reaches records by 'unit' only: activities, surveys and forum members
// belong to the unit that does the work, so the default unit rule is the only one.
const PREVENTION_RULES: ReachRules = {};

function unitReachSql(s: Scope, reaches: readonly Reach[], params: unknown[], alias: string): string {
  return reachSql(reaches, s.actor, params, alias, PREVENTION_RULES);
}

export interface ActivityRow {
  id: string;
  unit_id: string;
  held_on: string;
  kind: ActivityKind;
  title: string;
  target_group: TargetGroup;
  prevention_level: 'green' | 'yellow' | 'red';
  audience_sector: AudienceSector;
  participants: number;
  organisations: number;
  track_id: string | null;
  notes: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}
const ACTIVITY_COLUMNS = `ac.id, ac.unit_id, ac.held_on, ac.kind, ac.title, ac.target_group, ac.prevention_level, ac.audience_sector,
  ac.participants, ac.organisations, ac.track_id, ac.notes, ac.version, ac.created_at, ac.updated_at`;

/** An activity's recorded fields as written by create and update (validated by the service). */
export interface ActivityFields {
  heldOn: string;
  kind: ActivityKind;
  title: string;
  targetGroup: TargetGroup;
  preventionLevel: 'green' | 'yellow' | 'red';
  audienceSector: AudienceSector;
  participants: number;
  organisations: number;
  trackId: string | null;
  notes: string | null;
}

export interface SurveyRow {
  id: string;
  unit_id: string;
  activity_id: string | null;
  title: string;
  public_token: string;
  opens_on: string;
  closes_on: string;
  created_at: Date;
}
const SURVEY_COLUMNS = 'sv.id, sv.unit_id, sv.activity_id, sv.title, sv.public_token, sv.opens_on, sv.closes_on, sv.created_at';

export interface QuestionRow {
  id: string;
  position: number;
  text_da: string;
  text_en: string | null;
  kind: QuestionKind;
  indicator_key: string | null;
}
const QUESTION_COLUMNS = 'q.id, q.position, q.text_da, q.text_en, q.kind, q.indicator_key';

export interface ForumMemberRow {
  id: string;
  unit_id: string;
  organisation: string;
  kind: 'association' | 'religious_community' | 'housing' | 'sports' | 'education' | 'other';
  joined_on: string;
  charter_signed_on: string | null;
  left_on: string | null;
  version: number;
}
const FORUM_COLUMNS = 'fm.id, fm.unit_id, fm.organisation, fm.kind, fm.joined_on, fm.charter_signed_on, fm.left_on, fm.version';

/** Bytes of randomness in a survey's public token: 192 bits, 32 characters of base64url. */
const TOKEN_BYTES = 24;

/** Bytes of randomness in a public survey's answer ticket: 256 bits, 43 characters of base64url. */
const TICKET_BYTES = 32;
/** How long an answer ticket stays valid once the page has fetched it (a closed survey takes no answer anyway). */
export const TICKET_HOURS = 24;

function ticketHash(ticket: string): Buffer {
  return createHash('sha256').update(ticket, 'utf8').digest();
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string } | null;
  return e?.code === '23505' && (e.constraint === constraint || (e.message ?? '').includes(constraint));
}

/** The 409 for an organisation that is already in the unit's citizen forum. */
function duplicateOrganisation(organisation: string) {
  return errors.conflict(`"${organisation}" is already a member of the citizen forum.`);
}

/**
 * Loads a record of table (alias) the actor may reach for action, or refuses with an audited 404 — also when the
 * actor's role may not do the action at all: for a record, 404 and never 403, so its existence does not leak.
 */
async function getReachable<T extends object>(
  tx: Queryable, s: Scope, sql: { table: string; alias: string; columns: string }, id: string, action: Action, audit: AuditAction, recordType: string,
): Promise<T> {
  const params: unknown[] = [id];
  const r = await tx.query<T>(
    `SELECT ${sql.columns} FROM ${sql.table} ${sql.alias} WHERE ${sql.alias}.id = $1 AND ${unitReachSql(s, s.reaches(action), params, sql.alias)}`,
    params,
  );
  if (!r.rows[0]) s.refuse({ action: audit, recordType, recordId: id });
  return r.rows[0];
}

/** The version a concurrent writer left behind (for the 409), or fallback if the row cannot be read. */
async function currentVersion(tx: Queryable, table: 'activities' | 'forum_members', id: string, fallback: number): Promise<number> {
  const r = await tx.query<{ version: number }>(`SELECT version FROM ${table} WHERE id = $1`, [id]);
  return r.rows[0]?.version ?? fallback;
}

async function questionsOf(tx: Queryable, surveyId: string): Promise<QuestionRow[]> {
  const r = await tx.query<QuestionRow>(`SELECT ${QUESTION_COLUMNS} FROM survey_questions q WHERE q.survey_id = $1 ORDER BY q.position`, [surveyId]);
  return r.rows;
}

/**
 * A plan track must belong to the activity's own unit, or its figures would count in another unit's plan. This reads
 * the plans module's plan_tracks as a validation only (plans imports this module for its indicators, so the check
 * cannot go through plans/index.ts without an import cycle).
 */
async function checkTrack(tx: Queryable, trackId: string | null, unitId: string): Promise<void> {
  if (!trackId) return;
  const r = await tx.query('SELECT 1 FROM plan_tracks WHERE id = $1 AND unit_id = $2', [trackId, unitId]);
  if (r.rows.length === 0) throw errors.invalidField('trackId', "is not a track of one of the unit's action plans");
}

// --- activities ------------------------------------------------------------------------------------------------

/** Activities: the held prevention work of the actor's unit. */
export const activityRepo = repository((tx: Queryable, s: Scope) => ({
  /** Records a held activity in the actor's unit (activity.manage; one audit row: create). */
  async create(f: ActivityFields): Promise<ActivityRow> {
    s.requireRole('activity.manage', { action: 'create', recordType: 'activity' });
    await checkTrack(tx, f.trackId, s.actor.unitId);
    const r = await tx.query<ActivityRow>(
      `INSERT INTO activities AS ac (unit_id, held_on, kind, title, target_group, prevention_level, audience_sector, participants, organisations,
         track_id, notes, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING ${ACTIVITY_COLUMNS}`,
      [s.actor.unitId, f.heldOn, f.kind, f.title, f.targetGroup, f.preventionLevel, f.audienceSector, f.participants,
        f.organisations, f.trackId, f.notes, s.actor.id, s.now],
    );
    const row = r.rows[0]!;
    s.audit({ action: 'create', recordType: 'activity', recordId: row.id });
    return row;
  },

  /** The unit's activities (activity.read), newest first, filtered by year, kind and target group. Not audited when it succeeds. */
  async list(q: ActivityQuery): Promise<ActivityRow[]> {
    const criterion = [q.year && `year=${q.year}`, q.kind && `kind=${q.kind}`, q.targetGroup && `targetGroup=${q.targetGroup}`].filter(Boolean).join('; ') || 'all';
    const reaches = s.requireRole('activity.read', { action: 'search', recordType: 'activity', criterion });
    const params: unknown[] = [];
    let where = unitReachSql(s, reaches, params, 'ac');
    if (q.year !== undefined) where += ` AND ac.held_on >= make_date($${params.push(q.year)}::int, 1, 1) AND ac.held_on < make_date($${params.length}::int + 1, 1, 1)`;
    if (q.kind) where += ` AND ac.kind = $${params.push(q.kind)}`;
    if (q.targetGroup) where += ` AND ac.target_group = $${params.push(q.targetGroup)}`;
    const r = await tx.query<ActivityRow>(`SELECT ${ACTIVITY_COLUMNS} FROM activities ac WHERE ${where} ORDER BY ac.held_on DESC, ac.id LIMIT 1000`, params);
    return r.rows;
  },

  /** An activity the actor reaches for action (activity.read / activity.manage), or an audited 404. Not audited when it succeeds. */
  get(id: string, action: Action, audit: AuditAction): Promise<ActivityRow> {
    return getReachable<ActivityRow>(tx, s, { table: 'activities', alias: 'ac', columns: ACTIVITY_COLUMNS }, id, action, audit, 'activity');
  },

  /**
   * Writes an activity's new fields if its version is still `version` (optimistic locking: otherwise 409 with the
   * current version). The row must be within the actor's activity.manage reach; trackChanged re-checks the track.
   * One audit row: update.
   */
  async update(cur: ActivityRow, version: number, f: ActivityFields, trackChanged: boolean): Promise<ActivityRow> {
    if (trackChanged) await checkTrack(tx, f.trackId, cur.unit_id);
    const params: unknown[] = [cur.id, version, f.heldOn, f.kind, f.title, f.targetGroup, f.preventionLevel, f.audienceSector, f.participants,
      f.organisations, f.trackId, f.notes, s.now];
    const reach = unitReachSql(s, s.reaches('activity.manage'), params, 'ac');
    const r = await tx.query<ActivityRow>(
      `UPDATE activities AS ac SET held_on = $3, kind = $4, title = $5, target_group = $6, prevention_level = $7, audience_sector = $8,
         participants = $9, organisations = $10, track_id = $11, notes = $12, version = version + 1, updated_at = $13
       WHERE ac.id = $1 AND ac.version = $2 AND ${reach} RETURNING ${ACTIVITY_COLUMNS}`,
      params,
    );
    if (!r.rows[0]) throw errors.staleVersion(await currentVersion(tx, 'activities', cur.id, cur.version));
    s.audit({ action: 'update', recordType: 'activity', recordId: cur.id });
    return r.rows[0];
  },
}));

// --- surveys ---------------------------------------------------------------------------------------------------

/** Surveys on the staff side: creation, the results and the link of the actor's unit's surveys. */
export const surveyRepo = repository((tx: Queryable, s: Scope) => {
  const get = (id: string, action: Action, audit: AuditAction): Promise<SurveyRow> =>
    getReachable<SurveyRow>(tx, s, { table: 'surveys', alias: 'sv', columns: SURVEY_COLUMNS }, id, action, audit, 'survey');
  return {
    /**
     * The surveys made after one of the unit's activities, newest first (survey.manage), so their QR code and link can be
     * shown again for the next class (D30). An activity outside reach is an audited 404; the list itself holds no
     * personal data and is not audited.
     */
    async ofActivity(activityId: string): Promise<SurveyRow[]> {
      await getReachable(tx, s, { table: 'activities', alias: 'a', columns: 'a.id' }, activityId, 'survey.manage', 'read', 'activity');
      const r = await tx.query<SurveyRow>(`SELECT ${SURVEY_COLUMNS} FROM surveys sv WHERE sv.activity_id = $1 ORDER BY sv.created_at DESC, sv.id`, [activityId]);
      return r.rows;
    },

    /**
     * Creates an anonymous survey (survey.manage; optionally after one of the unit's activities) with its questions and
     * a random public token: the token is the only secret in the link, so it carries 192 bits from the operating
     * system's CSPRNG. One audit row: create.
     */
    async create(input: SurveyInput): Promise<{ survey: SurveyRow; questions: QuestionRow[] }> {
      s.requireRole('survey.manage', { action: 'create', recordType: 'survey' });
      if (input.activityId) {
        const a = await tx.query('SELECT 1 FROM activities WHERE id = $1 AND unit_id = $2', [input.activityId, s.actor.unitId]);
        if (a.rows.length === 0) throw errors.invalidField('activityId', "is not an activity of the actor's unit");
      }
      const token = randomBytes(TOKEN_BYTES).toString('base64url');
      const r = await tx.query<SurveyRow>(
        `INSERT INTO surveys AS sv (unit_id, activity_id, title, public_token, opens_on, closes_on, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${SURVEY_COLUMNS}`,
        [s.actor.unitId, input.activityId ?? null, input.title, token, input.opensOn, input.closesOn, s.actor.id, s.now],
      );
      const sv = r.rows[0]!;
      const questions: QuestionRow[] = [];
      for (const [i, q] of input.questions.entries()) {
        const qr = await tx.query<QuestionRow>(
          `INSERT INTO survey_questions AS q (survey_id, unit_id, position, text_da, text_en, kind, indicator_key)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${QUESTION_COLUMNS}`,
          [sv.id, sv.unit_id, i + 1, q.textDa, q.textEn ?? null, q.kind, q.indicatorKey ?? null],
        );
        questions.push(qr.rows[0]!);
      }
      s.audit({ action: 'create', recordType: 'survey', recordId: sv.id });
      return { survey: sv, questions };
    },

    /** A survey the actor reaches for action (survey.manage / survey.results), or an audited 404. Not audited when it succeeds. */
    get,

    /**
     * Results per question (survey.results): answers, the distribution over the scale and the share agreeing (agreement
     * 4-5, yes 1). Readers who get suppressed figures (analysts, policy.ts) get counts under 5 as "<5" and no share that
     * would give such a count back; the suppression is applied here so no caller can hand out exact counts. Not audited
     * (anonymous answers).
     */
    async results(id: string) {
      const sv = await get(id, 'survey.results', 'read');
      const suppress = suppressesSmallCounts(s.actor.role);
      const questions = await questionsOf(tx, id);
      const counts = await tx.query<{ question_id: string; value: number; n: number }>(
        `SELECT a.question_id, a.value, count(*)::int AS n FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id
         WHERE q.survey_id = $1 AND a.value IS NOT NULL GROUP BY a.question_id, a.value`,
        [id],
      );
      const responses = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM survey_responses WHERE survey_id = $1', [id]);
      const byQuestion = new Map<string, Map<number, number>>();
      for (const c of counts.rows) {
        const m = byQuestion.get(c.question_id) ?? new Map<number, number>();
        m.set(c.value, c.n);
        byQuestion.set(c.question_id, m);
      }
      return {
        survey: sv,
        responses: showCount(responses.rows[0]!.n, suppress),
        suppressed: suppress,
        questions: questions.map((q) => {
          const m = byQuestion.get(q.id) ?? new Map<number, number>();
          const values = ANSWER_VALUES[q.kind];
          const total = values.reduce((sum, v) => sum + (m.get(v) ?? 0), 0);
          const agreeing = values.filter((v) => isAgreeing(q.kind, v)).reduce((sum, v) => sum + (m.get(v) ?? 0), 0);
          return {
            question: q,
            responses: showCount(total, suppress),
            distribution: values.map((v) => ({ value: v, count: showCount(m.get(v) ?? 0, suppress) })),
            agreeing: showCount(agreeing, suppress),
            shareAgreeing: showShare(agreeing, total, suppress),
          };
        }),
      };
    },
  };
});

/** A survey as its public (anonymous) page sees it: only while it is open. */
export interface OpenSurvey {
  id: string;
  unit_id: string;
  title: string;
  closes_on: string;
}

/**
 * The public (anonymous) side of a survey, on the system path (runAsSystem 'survey'): nobody signs in, the public
 * token is the only key. open() resolves the token and then confines the transaction to the app role with row-level
 * security limited to that survey's unit, so everything after it in the request can touch nothing else.
 */
export const publicSurveyRepo = systemRepository((tx: Queryable, s: SystemScope) => {
  let confinedTo: string | null = null;
  /** Guards the methods that run after open(): the token must have been resolved and the transaction confined. */
  const confined = (sv: OpenSurvey) => {
    if (confinedTo !== sv.id) throw new Error('public survey used before open()');
  };
  return {
    /**
     * The survey behind token if it is open on the Danish date `today`; null for unknown, not yet open and closed
     * surveys alike (the caller answers the same 404 for all).
     */
    async open(token: string, today: string): Promise<OpenSurvey | null> {
      if (s.label !== 'survey') throw new Error('the public survey runs only as system:survey');
      const r = await tx.query<OpenSurvey & { opens_on: string }>('SELECT id, unit_id, title, opens_on, closes_on FROM surveys WHERE public_token = $1', [token]);
      const sv = r.rows[0];
      if (!sv || !isSurveyOpen(sv.opens_on, sv.closes_on, today)) return null;
      await confineTransactionInTrx(tx, 'vink_app', { 'vink.unit_ids': `{${sv.unit_id}}` });
      confinedTo = sv.id;
      return { id: sv.id, unit_id: sv.unit_id, title: sv.title, closes_on: sv.closes_on };
    },

    /** The questions of an open survey, in order. */
    async questions(sv: OpenSurvey): Promise<QuestionRow[]> {
      confined(sv);
      return questionsOf(tx, sv.id);
    },

    /**
     * Issues a single-use answer ticket for the survey (docs/security.md, threat model: someone on the internet may
     * not answer a survey again and again to move a plan target): random, only its SHA-256 stored, valid for
     * TICKET_HOURS. Nothing about who asked is kept. Expired tickets of the unit are swept on the way.
     */
    async issueTicket(sv: OpenSurvey): Promise<string> {
      confined(sv);
      await tx.query('DELETE FROM survey_tickets WHERE unit_id = $1 AND expires_at <= $2', [sv.unit_id, s.now]);
      const ticket = randomBytes(TICKET_BYTES).toString('base64url');
      await tx.query('INSERT INTO survey_tickets (ticket_hash, survey_id, unit_id, expires_at) VALUES ($1, $2, $3, $4)', [
        ticketHash(ticket), sv.id, sv.unit_id, new Date(s.now.getTime() + TICKET_HOURS * 3_600_000),
      ]);
      return ticket;
    },

    /**
     * Stores one anonymous response (answers already checked against the survey's questions), in exchange for an
     * unexpired answer ticket of this survey, which it deletes: one answer per ticket (409 when the ticket was used,
     * has expired or was never issued; concurrent uses of one ticket wait for each other on its row, and only one
     * finds it). Data minimisation (GDPR Art. 5(1)(c)): the row holds the survey, the answers and the date only — no
     * time of day, no IP address, no user agent, no cookie, and no ticket — so a response cannot be tied to a person.
     * Nothing is audited: there is nobody.
     */
    async respond(sv: OpenSurvey, today: string, ticket: string, answers: readonly { questionId: string; value: number | null }[]): Promise<void> {
      confined(sv);
      const used = await tx.query('DELETE FROM survey_tickets WHERE ticket_hash = $1 AND survey_id = $2 AND expires_at > $3 RETURNING survey_id', [
        ticketHash(ticket), sv.id, s.now,
      ]);
      if (used.rows.length === 0) {
        throw errors.conflict('This answer ticket has been used or has expired. Open the survey again to answer.');
      }
      const r = await tx.query<{ id: string }>('INSERT INTO survey_responses (survey_id, unit_id, answered_on) VALUES ($1, $2, $3) RETURNING id', [
        sv.id, sv.unit_id, today,
      ]);
      const params: unknown[] = [r.rows[0]!.id, sv.unit_id];
      const rows = answers.map((a) => `($1, $${params.push(a.questionId)}, $2, $${params.push(a.value)}::smallint)`);
      await tx.query(`INSERT INTO survey_answers (response_id, question_id, unit_id, value) VALUES ${rows.join(', ')}`, params);
    },
  };
});

// --- citizen forum -----------------------------------------------------------------------------------------------

/** The fields of a forum member that update may change (validated by the service). */
export interface ForumMemberFields {
  organisation: string;
  kind: ForumMemberRow['kind'];
  charterSignedOn: string | null;
  leftOn: string | null;
}

/** The citizen forum's member organisations of the actor's unit. */
export const forumRepo = repository((tx: Queryable, s: Scope) => ({
  /** Adds a member organisation (forum.manage); a name already in the forum answers 409. One audit row: create. */
  async create(input: ForumMemberInput): Promise<ForumMemberRow> {
    s.requireRole('forum.manage', { action: 'create', recordType: 'forum_member' });
    const r = await tx.query<ForumMemberRow>(
      `INSERT INTO forum_members AS fm (unit_id, organisation, kind, joined_on, charter_signed_on) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT forum_members_organisation_uq DO NOTHING RETURNING ${FORUM_COLUMNS}`,
      [s.actor.unitId, input.organisation, input.kind, input.joinedOn, input.charterSignedOn ?? null],
    );
    if (!r.rows[0]) throw duplicateOrganisation(input.organisation);
    s.audit({ action: 'create', recordType: 'forum_member', recordId: r.rows[0].id });
    return r.rows[0];
  },

  /** A member the actor reaches for action (forum.manage), or an audited 404. */
  get(id: string, action: Action, audit: AuditAction): Promise<ForumMemberRow> {
    return getReachable<ForumMemberRow>(tx, s, { table: 'forum_members', alias: 'fm', columns: FORUM_COLUMNS }, id, action, audit, 'forum_member');
  },

  /**
   * Writes a member's new fields if its version is still `version` (optimistic locking: otherwise 409 with the current
   * one); a new name already in the unit's forum answers 409. Within forum.manage reach. One audit row: update.
   */
  async update(cur: ForumMemberRow, version: number, f: ForumMemberFields): Promise<ForumMemberRow> {
    if (f.organisation !== cur.organisation) {
      const dup = await tx.query('SELECT 1 FROM forum_members WHERE unit_id = $1 AND organisation = $2 AND id <> $3', [cur.unit_id, f.organisation, cur.id]);
      if (dup.rows.length > 0) throw duplicateOrganisation(f.organisation);
    }
    const params: unknown[] = [cur.id, version, f.organisation, f.kind, f.charterSignedOn, f.leftOn];
    const reach = unitReachSql(s, s.reaches('forum.manage'), params, 'fm');
    let r;
    try {
      r = await tx.query<ForumMemberRow>(
        `UPDATE forum_members AS fm SET organisation = $3, kind = $4, charter_signed_on = $5, left_on = $6, version = version + 1
         WHERE fm.id = $1 AND fm.version = $2 AND ${reach} RETURNING ${FORUM_COLUMNS}`,
        params,
      );
    } catch (err) {
      if (isUniqueViolation(err, 'forum_members_organisation_uq')) throw duplicateOrganisation(f.organisation);
      throw err;
    }
    if (!r.rows[0]) throw errors.staleVersion(await currentVersion(tx, 'forum_members', cur.id, cur.version));
    s.audit({ action: 'update', recordType: 'forum_member', recordId: cur.id });
    return r.rows[0];
  },

  /** The unit's forum members (forum.read), by organisation. Not audited when it succeeds. */
  async list(): Promise<ForumMemberRow[]> {
    const reaches = s.requireRole('forum.read', { action: 'search', recordType: 'forum_member', criterion: 'all' });
    const params: unknown[] = [];
    const r = await tx.query<ForumMemberRow>(
      `SELECT ${FORUM_COLUMNS} FROM forum_members fm WHERE ${unitReachSql(s, reaches, params, 'fm')} ORDER BY fm.organisation, fm.id LIMIT 2000`,
      params,
    );
    return r.rows;
  },
}));

// --- figures for the action plan's indicators ----------------------------------------------------------------------

type OneOrMany<T> = T | readonly T[];
const many = <T>(v: OneOrMany<T> | undefined): readonly T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v as T]);

/** Which activities a figure counts: one or more kinds, audience sectors, target groups (all when left out). */
export interface ActivityFilter {
  kind?: OneOrMany<ActivityKind> | undefined;
  audienceSector?: OneOrMany<AudienceSector> | undefined;
  targetGroup?: OneOrMany<TargetGroup> | undefined;
}

/**
 * The units a figure may count: those asked for, intersected with the actor's own units (the 'unit' reach every
 * plan and statistics action has). Row-level security confines the transaction the same way; this keeps the
 * figures correct by themselves.
 */
function unitsWithinReach(s: Scope, unitIds: readonly string[]): string[] {
  return unitIds.filter((u) => s.actor.unitIds.includes(u));
}

function activityWhere(units: readonly string[], from: string, to: string, f: ActivityFilter, params: unknown[]): string {
  params.push(units, from, to);
  let where = 'unit_id = ANY($1::uuid[]) AND held_on BETWEEN $2::date AND $3::date';
  const kinds = many(f.kind);
  const sectors = many(f.audienceSector);
  const groups = many(f.targetGroup);
  if (kinds) where += ` AND kind = ANY($${params.push(kinds)}::text[])`;
  if (sectors) where += ` AND audience_sector = ANY($${params.push(sectors)}::text[])`;
  if (groups) where += ` AND target_group = ANY($${params.push(groups)}::text[])`;
  return where;
}

/**
 * The prevention figures the action plan's indicators are computed from (docs/domain.md: indicators are computed from
 * the recorded work, never typed in by hand). Aggregates of non-personal records, so not audited (the plan's
 * dashboard or report that shows them is). Periods are Danish calendar dates, from and to both inclusive.
 */
export const preventionFigureRepo = repository((tx: Queryable, s: Scope) => ({
  /** Sum of participants of the activities held in the period matching the filter. */
  async peopleReached(unitIds: readonly string[], from: string, to: string, f: ActivityFilter): Promise<number> {
    const p: unknown[] = [];
    const r = await tx.query<{ n: number }>(
      `SELECT coalesce(sum(participants), 0)::int AS n FROM activities WHERE ${activityWhere(unitsWithinReach(s, unitIds), from, to, f, p)}`, p,
    );
    return r.rows[0]!.n;
  },

  /** Activities held in the period matching the filter. */
  async activitiesHeld(unitIds: readonly string[], from: string, to: string, f: ActivityFilter): Promise<number> {
    const p: unknown[] = [];
    const r = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM activities WHERE ${activityWhere(unitsWithinReach(s, unitIds), from, to, f, p)}`, p);
    return r.rows[0]!.n;
  },

  /** Forum members active in the period, and the largest organisation count of a non-forum activity held in it. */
  async localActors(unitIds: readonly string[], from: string, to: string): Promise<{ members: number; organisations: number }> {
    const r = await tx.query<{ members: number; organisations: number }>(
      `SELECT
         (SELECT count(DISTINCT organisation)::int FROM forum_members
           WHERE unit_id = ANY($1::uuid[]) AND joined_on <= $3::date AND (left_on IS NULL OR left_on >= $2::date)) AS members,
         (SELECT coalesce(max(organisations), 0)::int FROM activities
           WHERE unit_id = ANY($1::uuid[]) AND held_on BETWEEN $2::date AND $3::date AND kind <> 'citizen_forum_meeting') AS organisations`,
      [unitsWithinReach(s, unitIds), from, to],
    );
    return r.rows[0]!;
  },

  /** Answers agreeing and all non-empty answers to the questions marked indicatorKey, over responses in the period. */
  async shareAgreeing(unitIds: readonly string[], from: string, to: string, indicatorKey: string): Promise<{ numerator: number; denominator: number }> {
    const r = await tx.query<{ numerator: number; denominator: number }>(
      `SELECT count(*) FILTER (WHERE (q.kind = 'agreement' AND a.value = ANY($5::int[])) OR (q.kind = 'yes_no' AND a.value = ANY($6::int[])))::int AS numerator,
              count(*)::int AS denominator
         FROM survey_answers a
         JOIN survey_questions q ON q.id = a.question_id
         JOIN survey_responses sr ON sr.id = a.response_id
        WHERE sr.unit_id = ANY($1::uuid[]) AND sr.answered_on BETWEEN $2::date AND $3::date AND q.indicator_key = $4 AND a.value IS NOT NULL`,
      [unitsWithinReach(s, unitIds), from, to, indicatorKey, AGREEING_VALUES.agreement, AGREEING_VALUES.yes_no],
    );
    return r.rows[0]!;
  },
}));
