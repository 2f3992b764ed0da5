import QRCode from 'qrcode';
import { runAsSystem, type Scope, type ScopeDeps } from '../../access/scope.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { danishDateOf } from '../../../shared/rules.ts';
import type {
  ActivityInput, ActivityPatch, ActivityQuery, ForumMemberInput, ForumMemberPatch, QuestionKind, SurveyInput, SurveyResponseInput,
} from '../../../shared/prevention.ts';
import {
  activityRepo, forumRepo, publicSurveyRepo, surveyRepo, type ActivityFields, type ActivityRow, type ForumMemberRow, type QuestionRow, type SurveyRow,
} from './repo.ts';
import { answerProblems } from './rules.ts';
import { requireActive, requireKnown } from '../vocabularies/index.ts';

/*
 * Workflow rules of prevention work (dates, periods, answers); data access, reach and the audit entries are in
 * repo.ts (see its note on what this module audits).
 */

// --- activities ------------------------------------------------------------------------------------------------

function presentActivity(a: ActivityRow) {
  return {
    id: a.id, unitId: a.unit_id, heldOn: a.held_on, kind: a.kind, title: a.title, targetGroup: a.target_group,
    preventionLevel: a.prevention_level, audienceSector: a.audience_sector, participants: a.participants, organisations: a.organisations,
    trackId: a.track_id, notes: a.notes, version: a.version, createdAt: a.created_at.toISOString(), updatedAt: a.updated_at.toISOString(),
  };
}

/**
 * Indicators are computed from work done (docs/domain.md, "Action plans"), so an activity is recorded once held,
 * never ahead of time.
 */
function checkHeldOn(s: Scope, heldOn: string): void {
  if (heldOn > danishDateOf(s.now)) throw errors.invalidField('heldOn', 'must not be in the future: record an activity once it has been held');
}

export const activities = {
  /** Records a held activity in the actor's unit (one audit row: create). */
  async create(s: Scope, input: ActivityInput) {
    // The role is checked before the input, so a role without the right gets 403 whatever it sends.
    s.requireRole('activity.manage', { action: 'create', recordType: 'activity' });
    checkHeldOn(s, input.heldOn);
    // Activity kinds are data (docs/domain.md, "Vocabularies"): a new activity names an active one.
    await requireActive(s, 'activity_kind', 'kind', [input.kind]);
    const row = await activityRepo(s).create({
      heldOn: input.heldOn, kind: input.kind, title: input.title, targetGroup: input.targetGroup, preventionLevel: input.preventionLevel,
      audienceSector: input.audienceSector, participants: input.participants, organisations: input.organisations, trackId: input.trackId ?? null,
      notes: input.notes || null,
    });
    return presentActivity(row);
  },

  /** The unit's activities, newest first, filtered by year, kind and target group. Not audited when it succeeds. */
  async list(s: Scope, q: ActivityQuery) {
    // An unknown filter value is a 400 naming the field (docs/architecture.md, "Lists"); a retired kind still filters.
    if (q.kind) {
      s.requireRole('activity.read', { action: 'search', recordType: 'activity', criterion: `kind=${q.kind}` });
      await requireKnown(s, 'activity_kind', 'kind', q.kind);
    }
    return (await activityRepo(s).list(q)).map(presentActivity);
  },

  /** One activity of the actor's unit. Not audited when it succeeds (no personal data). */
  async get(s: Scope, id: string) {
    return presentActivity(await activityRepo(s).get(id, 'activity.read', 'read'));
  },

  /**
   * Changes an activity (optimistic locking: a stale version answers 409 with the current one). Fields left out keep
   * their value; trackId and notes may be cleared with null. One audit row: update.
   */
  async update(s: Scope, id: string, patch: ActivityPatch) {
    const repo = activityRepo(s);
    const cur = await repo.get(id, 'activity.manage', 'update');
    if (cur.version !== patch.version) throw errors.staleVersion(cur.version);
    const next: ActivityFields = {
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
    if (patch.kind !== undefined && patch.kind !== cur.kind) await requireActive(s, 'activity_kind', 'kind', [patch.kind]);
    return presentActivity(await repo.update(cur, patch.version, next, Boolean(patch.trackId)));
  },
};

// --- surveys ---------------------------------------------------------------------------------------------------

function presentQuestion(q: QuestionRow) {
  return { id: q.id, position: q.position, textDa: q.text_da, textEn: q.text_en, kind: q.kind, indicatorKey: q.indicator_key };
}

function presentSurvey(sv: SurveyRow, questions: QuestionRow[]) {
  return {
    id: sv.id, unitId: sv.unit_id, activityId: sv.activity_id, title: sv.title, opensOn: sv.opens_on, closesOn: sv.closes_on,
    publicToken: sv.public_token, createdAt: sv.created_at.toISOString(), questions: questions.map(presentQuestion),
  };
}

/** The public link to a survey; the web app serves /s/<token>. */
export function publicSurveyUrl(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}/s/${token}`;
}

export const surveys = {
  /** Creates an anonymous survey, optionally after one of the unit's activities (one audit row: create). */
  async create(s: Scope, input: SurveyInput) {
    s.requireRole('survey.manage', { action: 'create', recordType: 'survey' });
    if (input.closesOn < input.opensOn) throw errors.invalidField('closesOn', 'must not be before opensOn');
    const { survey, questions } = await surveyRepo(s).create(input);
    return presentSurvey(survey, questions);
  },

  /** The surveys of an activity, newest first, for showing a QR code and link again (D30). */
  async ofActivity(s: Scope, activityId: string) {
    return (await surveyRepo(s).ofActivity(activityId)).map((sv) => ({
      id: sv.id, title: sv.title, opensOn: sv.opens_on, closesOn: sv.closes_on, createdAt: sv.created_at.toISOString(),
    }));
  },

  /**
   * Results per question: answers, the distribution over the scale and the share agreeing (agreement 4-5, yes 1).
   * Analysts get counts under 5 as "<5" and no share that would give such a count back (applied by the repository).
   * Not audited (anonymous).
   */
  async results(s: Scope, id: string) {
    const r = await surveyRepo(s).results(id);
    return {
      surveyId: r.survey.id, title: r.survey.title, opensOn: r.survey.opens_on, closesOn: r.survey.closes_on,
      responses: r.responses, suppressed: r.suppressed,
      questions: r.questions.map(({ question, ...figures }) => ({ ...presentQuestion(question), ...figures })),
    };
  },

  /** The public link and its QR code, for the staff who hand the survey out. Not audited (no personal data). */
  async qr(s: Scope, id: string, origin: string) {
    const sv = await surveyRepo(s).get(id, 'survey.manage', 'read');
    const url = publicSurveyUrl(origin, sv.public_token);
    const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { url, qrSvg };
  },
};

// --- the public (anonymous) side of a survey ---------------------------------------------------------------------

/**
 * The public survey runs on the system path (runAsSystem 'survey'): there is no actor, only the token. Unknown, not
 * yet open and closed surveys all answer the same 404, on the Danish date of the injected clock.
 */
export const publicSurveys = {
  /**
   * The questions of an open survey, for the anonymous answer page, with a single-use answer ticket (repo.ts): one
   * page, one answer. `mayIssueTicket` is the caller's quota of tickets for this survey (routes.ts: per client
   * address); asked only once the survey is found open, and 429 when it says no.
   */
  find(deps: ScopeDeps, token: string, mayIssueTicket: () => boolean = () => true) {
    return runAsSystem(deps, 'survey', async (s) => {
      const repo = publicSurveyRepo(s);
      const sv = await repo.open(token, danishDateOf(s.now));
      if (!sv) throw errors.notFound('Survey');
      if (!mayIssueTicket()) throw new AppError('rate_limited', 'Too many answers to this survey from your network for now. Try again later.');
      return {
        title: sv.title,
        closesOn: sv.closes_on,
        // The indicator key is internal to the action plan; the public page gets the questions only.
        questions: (await repo.questions(sv)).map((q) => ({ id: q.id, position: q.position, textDa: q.text_da, textEn: q.text_en, kind: q.kind })),
        ticket: await repo.issueTicket(sv),
      };
    });
  },

  /**
   * Stores one anonymous response (nothing about who answers, see repo.ts) for an unused answer ticket of this survey
   * (else 409). Each answer must be to a question of this survey and fit its scale (400 naming answers[i].value);
   * a refused answer leaves the ticket unused.
   */
  respond(deps: ScopeDeps, token: string, input: SurveyResponseInput) {
    return runAsSystem(deps, 'survey', async (s) => {
      const repo = publicSurveyRepo(s);
      const today = danishDateOf(s.now);
      const sv = await repo.open(token, today);
      if (!sv) throw errors.notFound('Survey');
      const kinds = new Map<string, QuestionKind>((await repo.questions(sv)).map((q) => [q.id, q.kind]));
      const problems = answerProblems(input.answers, kinds);
      if (problems.length > 0) throw errors.validation(problems, problems.map((p) => `${p.field}: ${p.reason}`).join('; '));
      await repo.respond(sv, today, input.ticket, input.answers);
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

export const forum = {
  /** Adds a member organisation to the unit's citizen forum (one audit row: create). */
  async create(s: Scope, input: ForumMemberInput) {
    s.requireRole('forum.manage', { action: 'create', recordType: 'forum_member' });
    const today = danishDateOf(s.now);
    checkForumDates(today, input.joinedOn, input);
    return presentMember(await forumRepo(s).create(input), today);
  },

  /** Records the charter signature, leaving, or a correction (optimistic locking; one audit row: update). */
  async update(s: Scope, id: string, patch: ForumMemberPatch) {
    const repo = forumRepo(s);
    const cur = await repo.get(id, 'forum.manage', 'update');
    if (cur.version !== patch.version) throw errors.staleVersion(cur.version);
    const today = danishDateOf(s.now);
    const next = {
      organisation: patch.organisation ?? cur.organisation,
      kind: patch.kind ?? cur.kind,
      charterSignedOn: patch.charterSignedOn === undefined ? cur.charter_signed_on : patch.charterSignedOn,
      leftOn: patch.leftOn === undefined ? cur.left_on : patch.leftOn,
    };
    checkForumDates(today, cur.joined_on, patch);
    return presentMember(await repo.update(cur, patch.version, next), today);
  },

  /** The unit's forum members with the charter flag, and the counts the action plan asks for. Not audited. */
  async list(s: Scope) {
    const today = danishDateOf(s.now);
    const members = (await forumRepo(s).list()).map((m) => presentMember(m, today));
    const active = members.filter((m) => m.active);
    const byKind: Record<string, number> = {};
    for (const m of active) byKind[m.kind] = (byKind[m.kind] ?? 0) + 1;
    return {
      members,
      counts: { members: members.length, active: active.length, activeSignedCharter: active.filter((m) => m.signedCharter).length, byKind },
    };
  },
};
