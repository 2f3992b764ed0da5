import { Rng } from './random.ts';
import { addDays, dateOnly, dayAt, iso, weekday } from './time.ts';
import type { Row } from './generate.ts';
import {
  ACTIVITY_TITLES, FORUM_ORGANISATIONS, OUTREACH_MILESTONES, SPENDING_TEXTS, SURVEY_QUESTIONS, TALK_AUDIENCES, type TalkSector,
} from './vocabulary.ts';

/**
 * The demo's prevention work (docs/domain.md, "Prevention work" and "Action plans, targets and budget"): activities,
 * anonymous surveys after theme days and parent courses, the citizen forum's member organisations, and spending
 * against the reference plans' budget lines. Pure, like generate.ts: it returns rows and does no I/O.
 *
 * The volumes follow VINK's two action plans so that every indicator of the 2016-17 and 2020-21 plans has a figure,
 * some targets are met and some are not (e.g. 84 parents at talks in 2016 against a target of 100; 1,870 pupils in
 * school courses in 2020 against 2,000). Each unit draws from its own seed, independent of the clock, so a past
 * year's figures are the same whenever the demo is loaded; only what lies after `now` is cut.
 */

export const PREVENTION_TABLES = ['forum_members', 'activities', 'surveys', 'survey_questions', 'survey_responses', 'survey_answers'] as const;
export type PreventionTable = (typeof PREVENTION_TABLES)[number];
export type PreventionDataset = Record<PreventionTable, Row[]>;

/** The tracks of the unit's installed reference plans: plan key → track position → track id. */
export type PlanTracks = Record<string, Record<number, string>>;

export interface PreventionUnit {
  unitId: string;
  code: '101' | '751';
  firstYear: number;
  /** Staff who register activities and surveys (coordinators and advisers: activity.manage). */
  staff: string[];
  tracks: PlanTracks;
}

/** How much of each kind of work a year holds. [count, total participants] where the total is the plan's figure. */
interface YearVolume {
  proTalks: number;
  themeDays: number;
  networkMeetings: number;
  conferences: number;
  pupilTalks: [number, number];
  parentTalks: [number, number];
  schoolCoursePupils: number;
  parentCourseParents: number;
  relativeCourses: number;
  forumMeetings: number;
  hearings: number;
  mosqueMeetings: number;
  outreach: number;
  /** Share agreeing on the plan's survey question after theme days and after parent courses. */
  themeDayAgree: number;
  parentCourseAgree: number;
}

/**
 * Copenhagen as the plans describe it: the 2016-17 plan's talks for front-line staff, pupils and parents, two and
 * then four citizen-forum meetings, one and then two hearings; school courses growing towards 2,000 pupils a year
 * by the 2020-21 plan; 2020 thinner (the pandemic); outreach from 2020, when the plan's concept was developed.
 */
const COPENHAGEN_YEARS: Record<number, YearVolume> = {
  2015: v(20, 2, 8, [5, 120], [3, 55], 0, 55, 2, 0, 0, 0, 0, 0.74, 0.78),
  2016: v(27, 3, 10, [8, 226], [4, 84], 0, 90, 2, 2, 1, 3, 0, 0.77, 0.82),
  2017: v(31, 3, 11, [9, 248], [6, 118], 0, 104, 3, 4, 2, 4, 0, 0.84, 0.79),
  2018: v(30, 3, 10, [6, 160], [4, 80], 620, 98, 3, 4, 2, 4, 0, 0.81, 0.83),
  2019: v(29, 3, 10, [5, 130], [4, 78], 1160, 101, 3, 4, 1, 4, 0, 0.83, 0.84),
  2020: v(17, 1, 8, [2, 50], [2, 35], 1870, 92, 2, 3, 1, 3, 3, 0.79, 0.81),
  2021: v(25, 2, 10, [3, 80], [3, 60], 2140, 108, 3, 4, 2, 4, 5, 0.85, 0.83),
};

function v(proTalks: number, themeDays: number, networkMeetings: number, pupilTalks: [number, number], parentTalks: [number, number],
  schoolCoursePupils: number, parentCourseParents: number, relativeCourses: number, forumMeetings: number, hearings: number, mosqueMeetings: number,
  outreach: number, themeDayAgree: number, parentCourseAgree: number): YearVolume {
  return { proTalks, themeDays, networkMeetings, conferences: 1, pupilTalks, parentTalks, schoolCoursePupils, parentCourseParents, relativeCourses,
    forumMeetings, hearings, mosqueMeetings, outreach, themeDayAgree, parentCourseAgree };
}

function volume(code: PreventionUnit['code'], year: number, rng: Rng): YearVolume {
  if (code === '101') {
    return COPENHAGEN_YEARS[year] ?? v(rng.int(24, 30), rng.int(2, 3), rng.int(9, 11), [3, rng.int(70, 100)], [3, rng.int(50, 70)],
      rng.int(2000, 2300), rng.int(95, 115), rng.int(2, 3), 4, rng.int(1, 2), rng.int(3, 5), rng.int(5, 8), rng.between(0.78, 0.86), rng.between(0.78, 0.86));
  }
  // A smaller unit: a handful of talks, one theme day, school courses for a few hundred pupils, no citizen forum.
  return { ...v(rng.int(8, 11), 1, rng.int(4, 5), [2, rng.int(40, 60)], [1, rng.int(15, 25)], rng.int(250, 350), rng.int(20, 30), 1, 0, 0,
    rng.int(1, 2), rng.int(2, 3), rng.between(0.75, 0.85), rng.between(0.75, 0.85)), conferences: 0 };
}

const MONTHS_BUT_JULY = [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11];
const EVENT_MONTHS = [2, 3, 4, 8, 9, 10];

/** A weekday in one of the months of year (before the Christmas break in December). */
function workday(rng: Rng, year: number, months: readonly number[] = MONTHS_BUT_JULY): Date {
  const month = rng.pick(months);
  return weekday(new Date(Date.UTC(year, month, rng.int(1, month === 11 ? 16 : 26))));
}

/** n whole parts within [min, max] that add up to total (clamped into what n parts can hold). */
export function split(rng: Rng, total: number, n: number, min: number, max: number): number[] {
  if (n <= 0) return [];
  const parts = new Array<number>(n).fill(min);
  let rest = Math.min(Math.max(total, n * min), n * max) - n * min;
  while (rest > 0) {
    const i = rng.int(0, n - 1);
    if (parts[i]! < max) {
      parts[i]!++;
      rest--;
    }
  }
  return parts;
}

/** Generates a unit's prevention work from its first year to now. Same unit and now: same rows. */
export function generatePreventionWork(unit: PreventionUnit, now: Date): PreventionDataset {
  return new PreventionGenerator(unit, now).run();
}

interface Draft {
  heldOn: Date;
  kind: string;
  title: string;
  targetGroup: 'society' | 'group_risk_environment' | 'individual' | 'professionals';
  level: 'green' | 'yellow' | 'red';
  sector: string;
  participants: number;
  organisations: number;
  /** Which plan track it serves, as [plan key, position], when a plan covers the year. */
  track: [string, number] | null;
  survey: null | { kind: keyof typeof SURVEY_QUESTIONS; agree: number };
}

class PreventionGenerator {
  private readonly rng: Rng;
  private readonly u: PreventionUnit;
  private readonly now: Date;
  private readonly today: string;
  private readonly data: PreventionDataset = Object.fromEntries(PREVENTION_TABLES.map((t) => [t, [] as Row[]])) as PreventionDataset;

  constructor(unit: PreventionUnit, now: Date) {
    this.u = unit;
    this.now = now;
    this.today = dateOnly(now);
    this.rng = new Rng(unit.code === '101' ? 20160401 : 20200101);
  }

  run(): PreventionDataset {
    const members = this.u.code === '101' ? this.forum() : [];
    for (let year = this.u.firstYear; year <= this.now.getUTCFullYear(); year++) {
      const drafts = this.year(year, volume(this.u.code, year, this.rng), members);
      drafts.sort((a, b) => a.heldOn.getTime() - b.heldOn.getTime());
      for (const d of drafts) this.activity(d);
    }
    return this.data;
  }

  /** The plan track a kind of work serves in a plan year (2016-17: three tracks; 2020-21: four target groups). */
  private track(year: number, area: 'professionals' | 'citizens' | 'youth' | 'risk'): [string, number] | null {
    if (year === 2016 || year === 2017) return ['vink-2016-17', { professionals: 2, youth: 2, citizens: 3, risk: 3 }[area]];
    if (year === 2020 || year === 2021) return ['vink-2020-21', { professionals: 4, youth: 1, citizens: 1, risk: 2 }[area]];
    return null;
  }

  private year(year: number, vol: YearVolume, members: ForumMember[]): Draft[] {
    const { rng } = this;
    const out: Draft[] = [];
    const base = { organisations: 0, survey: null, level: 'green' as const };
    const sectors: Record<TalkSector, number> = { school: 35, social_services: 25, club: 12, housing: 10, psychiatry: 8, police: 5, other: 5 };
    for (let i = 0; i < vol.proTalks; i++) {
      const sector = rng.weighted(sectors);
      out.push({ ...base, heldOn: workday(rng, year), kind: 'awareness_talk', title: `${rng.pick(ACTIVITY_TITLES.awareness_talk)} – for ${TALK_AUDIENCES[sector]}`,
        targetGroup: 'professionals', sector, participants: rng.int(15, 60), track: this.track(year, 'professionals') });
    }
    for (let i = 0; i < vol.themeDays; i++) {
      const participants = rng.int(35, 90);
      out.push({ ...base, heldOn: workday(rng, year, EVENT_MONTHS), kind: 'theme_day', title: rng.pick(ACTIVITY_TITLES.theme_day), targetGroup: 'professionals',
        sector: rng.pick(['school', 'social_services', 'club', 'other']), participants, organisations: rng.int(6, 20), track: this.track(year, 'professionals'),
        survey: { kind: 'theme_day', agree: vol.themeDayAgree } });
    }
    for (let i = 0; i < vol.networkMeetings; i++) {
      out.push({ ...base, heldOn: workday(rng, year), kind: 'network_meeting', title: rng.pick(ACTIVITY_TITLES.network_meeting), targetGroup: 'professionals',
        sector: rng.pick(['club', 'housing', 'school', 'social_services', 'police']), participants: rng.int(8, 25), organisations: rng.int(4, 10),
        track: this.track(year, 'professionals') });
    }
    for (let i = 0; i < vol.conferences; i++) {
      out.push({ ...base, heldOn: weekday(new Date(Date.UTC(year, 10, rng.int(3, 24)))), kind: 'conference', title: ACTIVITY_TITLES.conference[0],
        targetGroup: 'professionals', sector: 'other', participants: rng.int(120, 260), organisations: rng.int(20, 40), track: this.track(year, 'professionals') });
    }
    split(rng, vol.pupilTalks[1], vol.pupilTalks[0], 18, 35).forEach((participants) => out.push({ ...base, heldOn: workday(rng, year), kind: 'awareness_talk',
      title: rng.pick(ACTIVITY_TITLES.pupil_talk), targetGroup: 'society', sector: 'pupils', participants, track: this.track(year, 'youth') }));
    split(rng, vol.parentTalks[1], vol.parentTalks[0], 10, 30).forEach((participants) => out.push({ ...base, heldOn: workday(rng, year), kind: 'awareness_talk',
      title: rng.pick(ACTIVITY_TITLES.parent_talk), targetGroup: 'society', sector: 'parents', participants, track: this.track(year, 'youth') }));
    const classes = Math.round(vol.schoolCoursePupils / 24);
    split(rng, vol.schoolCoursePupils, classes, 18, 30).forEach((participants) => out.push({ ...base, heldOn: workday(rng, year), kind: 'school_course',
      title: rng.pick(ACTIVITY_TITLES.school_course), targetGroup: 'society', sector: 'pupils', participants, track: this.track(year, 'youth') }));
    split(rng, vol.parentCourseParents, Math.round(vol.parentCourseParents / 12), 8, 16).forEach((participants) => out.push({ ...base,
      heldOn: workday(rng, year), kind: 'parent_course', title: rng.pick(ACTIVITY_TITLES.parent_course), targetGroup: 'society', level: 'yellow',
      sector: 'parents', participants, track: this.track(year, year <= 2017 ? 'citizens' : 'youth'),
      survey: { kind: 'parent_course', agree: vol.parentCourseAgree } }));
    for (let i = 0; i < vol.relativeCourses; i++) {
      out.push({ ...base, heldOn: workday(rng, year), kind: 'relative_course', title: ACTIVITY_TITLES.relative_course[0], targetGroup: 'individual',
        level: 'yellow', sector: 'parents', participants: rng.int(6, 12), track: this.track(year, year <= 2017 ? 'citizens' : 'risk') });
    }
    const spread = (n: number): number[] => ({ 0: [], 1: [8], 2: [4, 10], 3: [2, 8, 10], 4: [2, 4, 8, 10] } as Record<number, number[]>)[n] ?? [];
    for (const month of spread(vol.forumMeetings)) {
      const heldOn = weekday(new Date(Date.UTC(year, month, rng.int(5, 24))));
      const present = members.filter((m) => m.joinedOn <= heldOn && (!m.leftOn || m.leftOn > heldOn)).length;
      out.push({ ...base, heldOn, kind: 'citizen_forum_meeting', title: ACTIVITY_TITLES.citizen_forum_meeting[0], targetGroup: 'society',
        sector: 'civil_society', participants: Math.round(present * rng.between(1.2, 1.8)) + 3, organisations: present, track: this.track(year, 'citizens') });
    }
    for (const month of spread(vol.hearings).map((m) => (m === 4 ? 3 : m))) {
      out.push({ ...base, heldOn: weekday(new Date(Date.UTC(year, month, rng.int(5, 24)))), kind: 'hearing', title: rng.pick(ACTIVITY_TITLES.hearing),
        targetGroup: 'society', sector: 'civil_society', participants: rng.int(60, 150), organisations: rng.int(8, 18), track: this.track(year, 'citizens') });
    }
    for (let i = 0; i < vol.mosqueMeetings; i++) {
      out.push({ ...base, heldOn: workday(rng, year), kind: 'mosque_network_meeting', title: rng.pick(ACTIVITY_TITLES.mosque_network_meeting),
        targetGroup: 'society', sector: 'religious_communities', participants: rng.int(6, 15), organisations: rng.int(4, 9),
        track: this.track(year, year <= 2017 ? 'citizens' : 'risk') });
    }
    for (let i = 0; i < vol.outreach; i++) {
      // The first outreach of a plan year carries the milestone's wording; the milestone itself is met by a recorded decision.
      const milestone = i === 0 ? OUTREACH_MILESTONES[year] : undefined;
      out.push({ ...base, heldOn: workday(rng, year), kind: 'outreach', title: milestone ?? rng.pick(ACTIVITY_TITLES.outreach),
        targetGroup: 'group_risk_environment', level: 'yellow', sector: rng.pick(['club', 'housing', 'civil_society']), participants: rng.int(5, 25),
        track: this.track(year, 'risk') });
    }
    return out;
  }

  private activity(d: Draft): void {
    const { rng, u, data } = this;
    const heldOn = dateOnly(d.heldOn);
    const createdAt = dayAt(d.heldOn, rng.int(0, 4), rng.between(7, 15));
    // Drawn either way, so a later clock does not shift what earlier years look like.
    const by = rng.pick(u.staff);
    const surveyRng = new Rng(rng.int(1, 2 ** 31 - 2));
    const id = rng.uuid();
    if (heldOn > this.today || createdAt > this.now) return;
    const trackId = d.track ? u.tracks[d.track[0]]?.[d.track[1]] ?? null : null;
    data.activities.push({
      id, unit_id: u.unitId, held_on: heldOn, kind: d.kind, title: d.title, target_group: d.targetGroup, prevention_level: d.level,
      audience_sector: d.sector, participants: d.participants, organisations: d.organisations, track_id: trackId, notes: null, created_by: by,
      version: 1, created_at: iso(createdAt), updated_at: iso(createdAt),
    });
    if (d.survey) this.survey(surveyRng, id, d, by, createdAt);
  }

  /**
   * An anonymous survey after the activity, answered by part of the audience within two weeks. The share agreeing
   * with the plan's question is drawn exactly (agreeing answers = round(share × answers)), so a year's figure lands
   * where the year's volume puts it.
   */
  private survey(rng: Rng, activityId: string, d: Draft, by: string, createdAt: Date): void {
    const { u, data } = this;
    const id = rng.uuid();
    const opens = d.heldOn;
    const closes = addDays(d.heldOn, 14);
    data.surveys.push({
      id, unit_id: u.unitId, activity_id: activityId, title: `Evaluering: ${d.title}`.slice(0, 200), public_token: token(rng),
      opens_on: dateOnly(opens), closes_on: dateOnly(closes), created_by: by, created_at: iso(createdAt),
    });
    const questions = SURVEY_QUESTIONS[d.survey!.kind].map((q, i) => ({
      id: rng.uuid(), survey_id: id, unit_id: u.unitId, position: i + 1, text_da: q.da, text_en: q.en, kind: q.kind, indicator_key: q.key,
    }));
    data.survey_questions.push(...questions);
    const share = d.kind === 'theme_day' ? rng.between(0.45, 0.7) : rng.between(0.6, 0.9);
    const n = Math.max(1, Math.round(d.participants * share));
    const agreeing = Math.round(n * d.survey!.agree);
    const agrees = rng.shuffle(Array.from({ length: n }, (_, i) => i < agreeing));
    for (const agree of agrees) {
      const answeredOn = dateOnly(addDays(d.heldOn, rng.int(0, 13)));
      const responseId = rng.uuid();
      if (answeredOn > this.today) continue;
      data.survey_responses.push({ id: responseId, survey_id: id, unit_id: u.unitId, answered_on: answeredOn });
      for (const q of questions) {
        let value: number | null;
        if (q.indicator_key) value = Number(agree ? rng.weighted({ '4': 55, '5': 45 }) : rng.weighted({ '3': 60, '2': 30, '1': 10 }));
        else if (rng.chance(0.05)) value = null; // left unanswered
        else if (q.kind === 'yes_no') value = rng.chance(0.85) ? 1 : 0;
        else value = Number(rng.weighted({ '5': 35, '4': 40, '3': 17, '2': 6, '1': 2 }));
        data.survey_answers.push({ response_id: responseId, question_id: q.id, unit_id: u.unitId, value });
      }
    }
  }

  /**
   * The citizen forum, founded in 2016: 14 organisations join that spring and summer and 11 sign the charter of
   * democratic values that year (short of the plan's 15), the rest early in 2017, when 5 more join and sign; after
   * that one or two join a year and a few leave.
   */
  private forum(): ForumMember[] {
    const { rng, u, data } = this;
    const members: ForumMember[] = [];
    FORUM_ORGANISATIONS.forEach(([organisation, kind], i) => {
      let joinedOn: Date;
      let signedOn: Date;
      if (i < 14) {
        joinedOn = weekday(new Date(Date.UTC(2016, rng.int(2, 8), rng.int(1, 26))));
        signedOn = i < 11 ? addDays(joinedOn, rng.int(7, 60)) : weekday(new Date(Date.UTC(2017, rng.int(1, 3), rng.int(1, 26))));
      } else if (i < 19) {
        joinedOn = weekday(new Date(Date.UTC(2017, rng.int(0, 8), rng.int(1, 26))));
        signedOn = addDays(joinedOn, rng.int(0, 45));
      } else {
        joinedOn = weekday(new Date(Date.UTC(2018 + (i - 19) * 2, rng.int(0, 10), rng.int(1, 26))));
        signedOn = addDays(joinedOn, rng.int(0, 45));
      }
      const leftOn = i === 4 ? new Date(Date.UTC(2019, 5, 30)) : i === 9 ? new Date(Date.UTC(2022, 11, 31)) : null;
      const id = rng.uuid();
      if (dateOnly(joinedOn) > this.today) return;
      members.push({ joinedOn, leftOn });
      data.forum_members.push({
        id, unit_id: u.unitId, organisation, kind, charter_signed_on: dateOnly(signedOn) <= this.today ? dateOnly(signedOn) : null,
        joined_on: dateOnly(joinedOn), left_on: leftOn && dateOnly(leftOn) <= this.today ? dateOnly(leftOn) : null, version: 1,
      });
    });
    return members;
  }
}

interface ForumMember { joinedOn: Date; leftOn: Date | null }

/** A survey's public token: 24 bytes as base64url, like the application's, but drawn from the demo's seed. */
function token(rng: Rng): string {
  const bytes = Buffer.alloc(24);
  for (let i = 0; i < 24; i++) bytes[i] = rng.int(0, 255);
  return bytes.toString('base64url');
}

// --- spending ---------------------------------------------------------------------------------------------------------

export interface BudgetLineRef {
  id: string;
  planKey: string;
  year: number;
  /** The track's position in its plan, or null for a line without a track. */
  track: number | null;
  fundingSource: string;
  amountDkk: number;
}

/** What kind of cost a budget line pays for, for the entries' descriptions. */
function costKind(line: BudgetLineRef): keyof typeof SPENDING_TEXTS {
  if (/hotline/i.test(line.fundingSource) || /satspulje/i.test(line.fundingSource)) return 'hotline';
  if (line.planKey === 'vink-2016-17') return line.track === 1 ? 'concerns' : line.track === 2 ? 'professionals' : line.track === 3 ? 'civil_society' : 'general';
  return 'general';
}

/**
 * Twelve monthly entries against each budget line of a past or current year, adding up to 86–104% of the line
 * (some lines under budget, a few a little over), with a smaller July and a larger December as in a municipal
 * year. Each line draws from its own seed (its plan, year, track and source), so the entries do not depend on
 * which other lines already have spending. Entries are recorded by the demo manager a few days after the month's
 * cost, and nothing after now is written.
 */
export function generateSpending(unitId: string, lines: readonly BudgetLineRef[], managerId: string, now: Date): Row[] {
  const out: Row[] = [];
  const seen = new Map<string, number>();
  for (const line of lines) {
    if (line.amountDkk <= 0) continue;
    // Lines that share plan, year, track and source (BI2 has two such) each get a seed of their own; the first keeps
    // the plain key, so the spending of plans without such lines is as before.
    const key = `${line.planKey}|${line.year}|${line.track ?? ''}|${line.fundingSource}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    const rng = new Rng(hash(n === 0 ? key : `${key}|${n}`));
    const total = Math.round(line.amountDkk * rng.between(0.86, 1.04) * 100);
    const weights = Array.from({ length: 12 }, (_, m) => rng.between(0.75, 1.25) * (m === 6 ? 0.4 : m === 11 ? 1.4 : 1));
    const sum = weights.reduce((s, w) => s + w, 0);
    const cents = weights.map((w) => Math.round((total * w) / sum));
    cents[11]! += total - cents.reduce((s, c) => s + c, 0);
    const texts = SPENDING_TEXTS[costKind(line)];
    cents.forEach((c, month) => {
      const spentOn = weekday(new Date(Date.UTC(line.year, month, rng.int(20, 27))));
      const createdAt = dayAt(spentOn, rng.int(1, 6), rng.between(7, 15));
      const description = texts[month % texts.length]!;
      const id = rng.uuid();
      if (createdAt > now || c === 0) return;
      out.push({ id, unit_id: unitId, budget_line_id: line.id, spent_on: dateOnly(spentOn), amount_dkk: (c / 100).toFixed(2), description,
        created_by: managerId, created_at: iso(createdAt) });
    });
  }
  return out;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
