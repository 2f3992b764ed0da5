import { courseFollowUpDueOn, offerFollowUpDueOn, reassessmentDueOn, triageDeadline } from '../../shared/rules.ts';
import { Rng } from './random.ts';
import { fictitiousCpr } from './cpr.ts';
import {
  addDays, addHours, DAY, dateOnly, dayAt, daysBetween, iso, maxDate, minDate, weekday,
} from './time.ts';
import {
  ASSESSMENT_COMMENTS, BEHAVIOUR_SENTENCES, CALL_TOPICS, CONTEXT_SENTENCES, DISTRICTS, FEMALE_NAMES, GENERAL_TOPICS,
  INDICATOR_WEIGHTS, INFOHUS_JUSTIFIED, INFOHUS_UNFOUNDED, MALE_NAMES, OFFER_LABELS, ORGANISATIONS, PARTNER_REPORTERS,
  PROFESSION_TITLES, SESSION_NOTES, SURNAMES,
  type CallerType, type IdeologyArea, type Indicator, type OfferType, type Sector,
} from './vocabulary.ts';
import { createHash } from 'node:crypto';
import type { ReporterSector } from '../../shared/watch.ts';

/** A version-4-shaped uuid derived from a key: ids the demo needs without drawing from its random stream. */
function derivedUuid(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The bias watch's reporter sector (docs/domain.md, "Bias watch") of the demo's professional sectors. */
const REPORTER_SECTOR: Record<Sector, ReporterSector> = {
  school: 'school', club: 'ssp', social_services: 'social_services', psychiatry: 'psychiatry', housing: 'housing', police: 'police', other: 'health',
};
/** ... and of the partners who report. */
const PARTNER_SECTOR: Record<(typeof PARTNER_REPORTERS)[number], ReporterSector> = {
  Kriminalforsorgen: 'police', 'Region Hovedstadens Psykiatri': 'psychiatry', Socialforvaltningen: 'social_services', SSP: 'ssp',
};

/**
 * The demo generator: several years of fictitious work in a unit, in the proportions the seeds report (docs/domain.md,
 * "Figures to expect"). Pure: it returns rows (snake_case, ready to insert) and does no I/O. Every record's story is
 * drawn in full first and then cut at `now`, so recent records are naturally in progress (a triage clock running,
 * an offer unanswered, a course active, a follow-up due) exactly as they would be in a live unit.
 */

export type Row = Record<string, unknown>;

export const TABLES = [
  'persons', 'cases', 'calls', 'concerns', 'concern_behaviours', 'concern_shares', 'infohus_assessments', 'consents', 'disclosures',
  'case_members', 'case_status_changes', 'case_notes', 'assessments', 'assessment_ratings', 'offers', 'courses',
  'course_sessions', 'follow_ups', 'coach_assessments', 'coach_assessment_ratings',
] as const;
export type Table = (typeof TABLES)[number];
export type Dataset = Record<Table, Row[]>;

export type Severity = 'acute' | 'high' | 'medium' | 'low';
type Fate = 'justified' | 'unfounded' | 'police_took_over';
type Gender = 'female' | 'male' | 'unknown';
type LegalBasis = 'retsplejeloven_115' | 'serviceloven' | 'consent';
type Response = 'accepted' | 'declined' | 'no_answer';
type EndReason = 'completed' | 'dropped_out' | 'moved' | 'other';
type Occupation = 'education' | 'employment' | 'neither' | 'unknown';


/**
 * Share of first mentor and coach offers accepted: the plan's "minimum 60 % af de unge/forældre, som tilbydes frivillige
 * 1-1 forløb med mentor eller forældrecoach, ... tager imod tilbuddet" (handleplan 2016-17), as the plan's indicator
 * counts it (offer_acceptance_rate). Drawn by a running quota in time order, not by chance, so the share stays near
 * it whatever the clock; the taken-over cases (all accepted) come first and count in it.
 */
export const FIRST_OFFER_ACCEPTED = 0.6;

/** Concerns a year in Copenhagen as reported (handleplan 2016-17, docs/domain.md); later years are drawn near them. */
const COPENHAGEN_CONCERNS: Record<number, number> = { 2015: 100, 2016: 104, 2017: 85 };

/** Share of assessed concerns the Infohus finds justified: about 10% in 2016 rising to about 25% from 2018. */
export function justifiedRate(year: number): number {
  if (year <= 2015) return 0.12;
  if (year === 2016) return 0.1;
  if (year === 2017) return 0.16;
  return 0.23;
}

/** Share of concerns the police take over (acute or their own matter) before the Infohus. */
const POLICE_TAKE_OVER = 0.04;

function ideologyWeights(year: number): Record<IdeologyArea, number> {
  if (year <= 2016) return { militant_islamism: 70, right_wing: 11, left_wing: 5, other_unclear: 14 };
  if (year <= 2018) return { militant_islamism: 56, right_wing: 18, left_wing: 6, other_unclear: 20 };
  if (year <= 2020) return { militant_islamism: 44, right_wing: 26, left_wing: 7, other_unclear: 23 };
  return { militant_islamism: 38, right_wing: 28, left_wing: 6, other_unclear: 28 };
}

function inTimeRate(year: number): number {
  if (year <= 2015) return 0.78;
  if (year === 2016) return 0.83;
  if (year === 2017) return 0.87;
  return 0.9;
}

export interface DemoUnit {
  unitId: string;
  code: '101' | '751';
  /** Full-year volume of concerns for year (the current year is scaled to the part that has passed). */
  concernsIn(year: number, rng: Rng): number;
  firstYear: number;
  staff: {
    coordinators: string[];
    advisers: string[];
    mentors: string[];
    coaches: string[];
    police: string | null;
    partner: string | null;
  };
  policeOrganisation: string;
  partnerOrganisation: string;
  infohusParticipants: string[];
  /** Add the handful of current items (running and overdue triage clocks, due re-offers and follow-ups). */
  scenario: boolean;
  /**
   * Cases the unit took over when its records begin (1 January of firstYear): persons already in a mentor or coach
   * course agreed before, so the first year's courses are in the seeds' proportion (18 started in 2015, against 22 in
   * 2014, when only 12% of the year's 100 concerns were justified). They have no concern record: the concerns behind
   * them were received before the records begin (history as yearly aggregates, docs/domain.md "Figures to expect").
   */
  takenOverCases?: number;
}

export const COPENHAGEN_VOLUME = (year: number, rng: Rng): number => COPENHAGEN_CONCERNS[year] ?? rng.int(86, 104);
export const AARHUS_VOLUME = (_year: number, rng: Rng): number => rng.int(26, 36);

interface ConcernPlan {
  receivedAt: Date;
  fate: Fate;
  severity: Severity;
  ideology: IdeologyArea;
  channel: 'call' | 'professional' | 'partner' | 'web_form';
  repeatPerson: boolean;
  /**
   * Hours from receipt to: passing the concern on to the police check, the police check, and the Infohus decision
   * (Infinity: not yet). The decision, or the police taking over, ends triage (shared/concern-workflow.ts), so
   * decideHours against the 24/48/72 h deadline decides handled_in_time.
   */
  passOnHours: number;
  policeHours: number;
  decideHours: number;
  partnerInvited: boolean;
  caseOverrides?: (daysToNow: number) => Partial<CasePlan>;
}

interface OfferStep {
  offeredDay: number;
  response: Response;
  respondDay: number;
}

/** A follow-up's answer: 6 months after a course asks "still at risk?", 12 months after an offer asks occupation. */
interface FollowUpPlan {
  answerDelay: number;
  stillAtRisk: boolean | null;
  occupation: Occupation | null;
}

interface CasePlan {
  ownerIsAdviser: boolean;
  preventionLevel: 'green' | 'yellow' | 'red';
  policeMember: boolean;
  partnerBasis: LegalBasis | null;
  adviserMember: boolean;
  startAssessmentDay: number;
  offerType: OfferType | null;
  steps: OfferStep[];
  course: null | { startDay: number; lengthDays: number; endReason: EndReason; intervalDays: number; paused: boolean; mentorPick: number };
  /** Days after the reassessment's due date that it is taken (Infinity: not taken). */
  sixMonthsDelay: number;
  progress: 'improve' | 'stable' | 'worse';
  followUpStartDay: number;
  fu6: FollowUpPlan | null;
  fu12: FollowUpPlan | null;
  closeDelay: number;
  noOfferCloseDay: number;
}

interface PersonRec {
  id: string;
  caseId: string | null;
  caseClosedAt: Date | null;
}

const COURSE_KIND: Partial<Record<OfferType, 'mentor' | 'relative_coach' | 'exit_course'>> = {
  mentor: 'mentor', relative_coach: 'relative_coach', exit_course: 'exit_course',
};

/** Generates the demo data for the given units, as of now. Same seed and same now: same data. */
export function generateDemoData(units: DemoUnit[], now: Date, dimensions: string[], seed = 20150101): Dataset {
  const data = Object.fromEntries(TABLES.map((t) => [t, [] as Row[]])) as Dataset;
  const rng = new Rng(seed);
  for (const unit of units) new UnitGenerator(rng, unit, now, data, dimensions).run();
  return data;
}

class UnitGenerator {
  private readonly rng: Rng;
  private readonly u: DemoUnit;
  private readonly now: Date;
  private readonly data: Dataset;
  private readonly dims: string[];
  private readonly people: PersonRec[] = [];
  private readonly caseSeq = new Map<number, number>();
  private readonly usedCpr = new Set<string>();
  /** First mentor and coach offers drawn so far, and how many of them accepted (the quota, FIRST_OFFER_ACCEPTED). */
  private firstOffers = { drawn: 0, accepted: 0 };
  /** The next drawn case is a taken-over one: its first offer is accepted (and counts in the quota). */
  private forceAccepted = false;

  constructor(rng: Rng, unit: DemoUnit, now: Date, data: Dataset, dims: string[]) {
    this.rng = rng;
    this.u = unit;
    this.now = now;
    this.data = data;
    this.dims = dims;
  }

  run(): void {
    const { rng, now } = this;
    const thisYear = now.getUTCFullYear();
    // Cases taken over when the records begin come first, so the offer quota counts their accepted offers in time order.
    this.takenOver(this.u.takenOverCases ?? 0);
    const receipts: { at: Date; fate: Fate }[] = [];
    for (let year = this.u.firstYear; year <= thisYear; year++) {
      let n = this.u.concernsIn(year, rng);
      if (year === thisYear) n = Math.round(n * this.passedOfYear(year));
      // Outcomes by quota, so each year's justified share is the reported one rather than a random walk around it.
      const police = Math.round(n * POLICE_TAKE_OVER);
      const justified = Math.round((n - police) * justifiedRate(year));
      const fates = rng.shuffle(Array.from({ length: n }, (_, i): Fate => (i < police ? 'police_took_over' : i < police + justified ? 'justified' : 'unfounded')));
      for (const fate of fates) receipts.push({ at: this.receiptTime(year), fate });
      const calls = Math.round(n * rng.between(1.3, 1.7));
      for (let i = 0; i < calls; i++) this.adviceCall(this.receiptTime(year));
    }
    receipts.sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const r of receipts) this.concern(this.drawConcern(r.at, r.fate));
    if (this.u.scenario) this.scenario();
  }

  /**
   * Cases taken over when the records begin (DemoUnit.takenOverCases): opened in the first weeks of firstYear without
   * a concern record, each with a mentor or coach offer accepted at once and its course starting within weeks.
   */
  private takenOver(n: number): void {
    const { rng, u } = this;
    for (let i = 0; i < n; i++) {
      const t0 = weekday(dayAt(new Date(Date.UTC(u.firstYear, 0, 5)), rng.int(0, 40), rng.between(8, 14)));
      if (t0 > this.now) return;
      const coordinator = rng.pick(u.staff.coordinators);
      const person = this.newPerson(t0, coordinator);
      const offerType: OfferType = rng.chance(0.7) ? 'mentor' : 'relative_coach';
      const offeredDay = rng.int(2, 10);
      const respondDay = offeredDay + rng.int(2, 8);
      const plan: ConcernPlan = {
        ...this.drawConcern(t0, 'justified'),
        caseOverrides: () => ({
          offerType, startAssessmentDay: rng.int(1, 6), steps: [{ offeredDay, response: 'accepted', respondDay }],
          course: { startDay: respondDay + rng.int(5, 30), lengthDays: rng.int(150, 400), endReason: 'completed', intervalDays: 14, paused: false, mentorPick: rng.next() },
        }),
      };
      this.forceAccepted = true;
      this.caseFor(plan, person, t0, coordinator, coordinator);
    }
  }

  // --- the current situation: guaranteed items relative to now ---------------------------------------------------

  private scenario(): void {
    const { now } = this;
    const pending = (hoursAgo: number, severity: Severity, stage: 'received' | 'police_check' | 'infohus') =>
      this.concern({ ...this.drawConcern(addHours(now, -hoursAgo - this.rng.between(0, 0.9))), severity, fate: 'unfounded', repeatPerson: false,
        passOnHours: stage === 'received' ? Infinity : 2, policeHours: stage === 'infohus' ? 10 : Infinity, decideHours: Infinity });
    // Triage clocks still running (deadline ahead).
    pending(5, 'high', 'received');
    pending(20, 'medium', 'police_check');
    pending(51, 'low', 'infohus');
    // Overdue: not qualified within the deadline.
    pending(30, 'high', 'received');
    pending(98, 'medium', 'police_check');
    pending(60, 'high', 'infohus');

    const justified = (daysAgo: number, severity: Severity, caseOverrides: (d: number) => Partial<CasePlan>) =>
      this.concern({ ...this.drawConcern(addDays(now, -daysAgo)), severity, fate: 'justified', repeatPerson: false,
        passOnHours: 1, policeHours: 4, decideHours: 20, caseOverrides });
    const noFollowUp = { followUpStartDay: Infinity, closeDelay: Infinity };
    // A fresh case from this week's Infohus decision: nothing done yet.
    justified(3, 'high', () => ({ startAssessmentDay: 6, offerType: 'mentor', steps: [{ offeredDay: 12, response: 'accepted', respondDay: 18 }], course: null, ...noFollowUp }));
    // Declined 95 days ago, not re-offered: the 3-month re-offer is overdue.
    justified(150, 'medium', (d) => ({ offerType: 'mentor', steps: [{ offeredDay: d - 105, response: 'declined', respondDay: d - 95 }], course: null, ...noFollowUp }));
    // Declined 80 days ago: the 3-month re-offer falls due in about ten days.
    justified(130, 'high', (d) => ({ offerType: 'relative_coach', steps: [{ offeredDay: d - 88, response: 'declined', respondDay: d - 80 }], course: null, ...noFollowUp }));
    // Declined, re-offered and declined again; the 6-month re-offer is due within weeks.
    justified(230, 'medium', (d) => ({ offerType: 'mentor', steps: [
      { offeredDay: d - 180, response: 'declined', respondDay: d - 172 },
      { offeredDay: d - 100, response: 'declined', respondDay: d - 93 },
    ], course: null, ...noFollowUp }));
    // The course ended six and a half months ago: the 6-month follow-up is due and unanswered.
    justified(460, 'high', (d) => ({ offerType: 'mentor', steps: [{ offeredDay: 20, response: 'accepted', respondDay: 27 }],
      course: { startDay: 35, lengthDays: Math.round(d - 196 - 35), endReason: 'completed', intervalDays: 14, paused: false, mentorPick: 0 },
      followUpStartDay: Math.round(d - 196), fu6: { answerDelay: Infinity, stillAtRisk: false, occupation: null }, closeDelay: Infinity }));
    // An education effort was offered a year ago: the 12-month follow-up is due.
    justified(390, 'low', (d) => ({ offerType: 'employment_education', steps: [
      { offeredDay: d - 372, response: 'accepted', respondDay: d - 360 },
    ], course: null, followUpStartDay: d - 330, fu12: { answerDelay: Infinity, stillAtRisk: null, occupation: 'unknown' }, closeDelay: Infinity }));
    // An active course whose six-month reassessment is due and not yet taken.
    justified(200, 'high', (d) => ({ offerType: 'mentor', startAssessmentDay: Math.round(d - 186), steps: [{ offeredDay: 15, response: 'accepted', respondDay: 20 }],
      course: { startDay: 30, lengthDays: 600, endReason: 'completed', intervalDays: 14, paused: false, mentorPick: 0 },
      sixMonthsDelay: Infinity, ...noFollowUp }));
    // An active relative-coach course with sessions every week.
    justified(120, 'medium', (d) => ({ offerType: 'relative_coach', steps: [{ offeredDay: 14, response: 'accepted', respondDay: 19 }],
      course: { startDay: 28, lengthDays: Math.round(d + 120), endReason: 'completed', intervalDays: 7, paused: false, mentorPick: 0 }, ...noFollowUp }));
  }

  // --- time ------------------------------------------------------------------------------------------------------

  private passedOfYear(year: number): number {
    const start = Date.UTC(year, 0, 1);
    return Math.min(1, (this.now.getTime() - start) / (Date.UTC(year + 1, 0, 1) - start));
  }

  /** Hours after from, between min and max, that land in office hours on a weekday when such a time exists. */
  private officeHoursAfter(from: Date, min: number, max: number): number {
    for (let i = 0; i < 30; i++) {
      const h = this.rng.between(min, max);
      const t = addHours(from, h);
      const hour = t.getUTCHours() + t.getUTCMinutes() / 60;
      if (t.getUTCDay() >= 1 && t.getUTCDay() <= 5 && hour >= 7 && hour < 15.5) return h;
    }
    return this.rng.between(min, max);
  }

  /** A time in office hours on a weekday of year, before now. */
  private receiptTime(year: number): Date {
    const start = Date.UTC(year, 0, 1);
    const end = Math.min(Date.UTC(year + 1, 0, 1), this.now.getTime() - 2 * 3_600_000);
    for (;;) {
      const day = new Date(start + Math.floor(this.rng.next() * Math.max(1, (end - start) / DAY)) * DAY);
      const t = weekday(dayAt(day, 0, this.rng.between(7, 15.5)));
      if (t.getTime() < end && t.getUTCFullYear() === year) return t;
    }
  }

  // --- people -----------------------------------------------------------------------------------------------------

  private name(gender: Gender): string {
    const { rng } = this;
    const first = gender === 'male' ? rng.pick(MALE_NAMES) : gender === 'female' ? rng.pick(FEMALE_NAMES)
      : rng.pick([...MALE_NAMES, ...FEMALE_NAMES]);
    const last = rng.pick(SURNAMES);
    return rng.chance(0.3) ? `${first} ${rng.pick(SURNAMES.filter((s) => s !== last))} ${last}` : `${first} ${last}`;
  }

  private newPerson(receivedAt: Date, createdBy: string): PersonRec {
    const { rng } = this;
    const gender: Gender = rng.weighted({ male: 78, female: 19, unknown: 3 });
    const band = rng.weighted({ a: 10, b: 30, c: 38, d: 16, e: 6 });
    const age = { a: rng.int(12, 14), b: rng.int(15, 17), c: rng.int(18, 24), d: rng.int(25, 34), e: rng.int(35, 55) }[band];
    const birth = dateOnly(addDays(receivedAt, -(age * 365.25 + rng.int(0, 364))));
    let cpr: string | null = null;
    if (rng.chance(0.45)) {
      do cpr = fictitiousCpr(rng, birth, gender);
      while (this.usedCpr.has(cpr));
      this.usedCpr.add(cpr);
    }
    const id = rng.uuid();
    this.data.persons.push({
      id, unit_id: this.u.unitId, full_name: this.name(gender), cpr, birth_date: birth, gender,
      district: rng.chance(0.9) ? rng.pick(DISTRICTS[this.u.code]) : null, created_by: createdBy,
      version: 1, created_at: iso(receivedAt), updated_at: iso(receivedAt),
    });
    const rec = { id, caseId: null, caseClosedAt: null };
    this.people.push(rec);
    return rec;
  }

  private contact(name: string): string {
    const ascii = name.toLowerCase().replaceAll('æ', 'ae').replaceAll('ø', 'oe').replaceAll('å', 'aa').replace(/[^a-z]+/g, '.');
    return `${ascii}@eksempel.invalid`;
  }

  // --- calls ------------------------------------------------------------------------------------------------------

  private caller(): { type: CallerType; sector: Sector | null } {
    const type: CallerType = this.rng.weighted({ professional: 60, parent: 16, relative: 8, citizen: 6, anonymous: 10 });
    const sector: Sector | null = type === 'professional'
      ? this.rng.weighted({ school: 35, social_services: 20, club: 10, psychiatry: 8, housing: 10, police: 7, other: 10 })
      : null;
    return { type, sector };
  }

  private handler(): string {
    return this.rng.chance(0.8) ? this.rng.pick(this.u.staff.advisers) : this.rng.pick(this.u.staff.coordinators);
  }

  private callRow(at: Date, who: { type: CallerType; sector: Sector | null }, ideology: string, outcome: string, handledBy: string, general: boolean): Row {
    const { rng } = this;
    const topics = general ? GENERAL_TOPICS : CALL_TOPICS[who.sector ?? (who.type as Exclude<CallerType, 'professional'>)];
    return {
      id: rng.uuid(), unit_id: this.u.unitId, received_at: iso(at),
      channel: rng.weighted({ vink_line: 55, national_hotline: 30, email: 10, web: 5 }),
      caller_type: who.type, caller_sector: who.sector, topic: rng.pick(topics), ideology_area: ideology, outcome,
      duration_minutes: rng.int(5, 45), concern_id: null, handled_by: handledBy, version: 1,
      created_at: iso(at), updated_at: iso(at),
    };
  }

  /** A call that did not become a concern: advice only, or a referral (child at risk, acute to police). */
  private adviceCall(at: Date): void {
    const { rng } = this;
    const outcome = rng.weighted({ advice_only: 88, child_at_risk_report: 8, acute_police: 4 });
    const ideology = rng.chance(0.12) ? 'none' : rng.weighted(ideologyWeights(at.getUTCFullYear()));
    this.data.calls.push(this.callRow(at, this.caller(), ideology, outcome, this.handler(), outcome === 'advice_only' && rng.chance(0.2)));
  }

  // --- concerns ---------------------------------------------------------------------------------------------------

  private drawConcern(receivedAt: Date, fate: Fate = 'unfounded'): ConcernPlan {
    const { rng } = this;
    const year = receivedAt.getUTCFullYear();
    const severity: Severity = fate === 'justified' ? rng.weighted({ acute: 4, high: 44, medium: 40, low: 12 })
      : fate === 'police_took_over' ? rng.weighted({ acute: 45, high: 45, medium: 10, low: 0 })
        : rng.weighted({ acute: 1, high: 16, medium: 45, low: 38 });
    const window = triageDeadline(receivedAt, severity).getTime() - receivedAt.getTime();
    const inTime = rng.chance(inTimeRate(year));
    let passOnHours: number;
    let policeHours: number;
    let decideHours: number;
    if (severity === 'acute') {
      // Acute goes to the police at once (its deadline is the moment of receipt); if they take over, that is triage.
      passOnHours = 0;
      policeHours = fate === 'police_took_over' ? 0 : rng.between(0.05, 0.5);
      decideHours = fate === 'police_took_over' ? 0 : policeHours + rng.between(4, 72);
    } else {
      // The Infohus decides in office hours: within the deadline mostly, after it sometimes.
      const hours = window / 3_600_000;
      decideHours = inTime ? this.officeHoursAfter(receivedAt, 0.15 * hours, hours) : this.officeHoursAfter(receivedAt, 1.02 * hours, 2.3 * hours);
      passOnHours = decideHours * rng.between(0.03, 0.2);
      policeHours = decideHours * rng.between(0.3, 0.75);
      if (fate === 'police_took_over') decideHours = policeHours;
    }
    return {
      receivedAt, fate, severity,
      ideology: rng.weighted(ideologyWeights(year)),
      channel: rng.weighted({ call: 65, professional: 20, partner: 10, web_form: 5 }),
      repeatPerson: rng.chance(0.07),
      passOnHours, policeHours, decideHours,
      partnerInvited: rng.chance(0.2),
    };
  }

  private reporter(plan: ConcernPlan, handledBy: string): {
    call: Row | null; anonymous: boolean; name: string | null; contact: string | null; organisation: string | null; sector: ReporterSector;
  } {
    const { rng } = this;
    const named = (title?: string) => {
      const n = this.name(rng.chance(0.6) ? 'female' : 'male');
      return { name: title ? `${n} (${title})` : n, contact: rng.chance(0.85) ? this.contact(n) : null };
    };
    if (plan.channel === 'call') {
      const who = this.caller();
      const call = this.callRow(addHours(plan.receivedAt, -rng.between(0.2, 1)), who, plan.ideology, 'forwarded_concern', handledBy, false);
      call.version = 2;
      call.updated_at = iso(plan.receivedAt);
      this.data.calls.push(call);
      if (who.type === 'anonymous') return { call, anonymous: true, name: null, contact: null, organisation: null, sector: 'anonymous' };
      if (who.sector) {
        return { call, anonymous: false, ...named(PROFESSION_TITLES[who.sector]), organisation: rng.pick(ORGANISATIONS[who.sector]), sector: REPORTER_SECTOR[who.sector] };
      }
      const family = who.type === 'parent' || who.type === 'relative';
      return {
        call, anonymous: false, ...named(who.type === 'parent' ? 'forælder' : who.type === 'relative' ? 'pårørende' : undefined), organisation: null,
        sector: family ? 'relative' : 'citizen',
      };
    }
    if (plan.channel === 'professional') {
      const sector: Sector = rng.weighted({ school: 40, social_services: 25, club: 10, psychiatry: 8, housing: 12, other: 5, police: 0 });
      return { call: null, anonymous: false, ...named(PROFESSION_TITLES[sector]), organisation: rng.pick(ORGANISATIONS[sector]), sector: REPORTER_SECTOR[sector] };
    }
    if (plan.channel === 'partner') {
      // Same draws in the same order as before the sector was recorded, so the demo data stays the same.
      const who = named();
      const organisation = rng.pick(PARTNER_REPORTERS);
      return { call: null, anonymous: false, ...who, organisation, sector: PARTNER_SECTOR[organisation] };
    }
    if (rng.chance(0.4)) return { call: null, anonymous: true, name: null, contact: null, organisation: null, sector: 'anonymous' };
    const parent = rng.chance(0.6);
    return { call: null, anonymous: false, ...named(parent ? 'forælder' : undefined), organisation: null, sector: parent ? 'relative' : 'citizen' };
  }

  private indicators(ideology: IdeologyArea, year: number): Indicator[] {
    const { rng } = this;
    const weights = { ...INDICATOR_WEIGHTS[ideology] };
    if (ideology === 'militant_islamism' && year <= 2016) weights.travel_conflict_zone *= 2.5;
    const n = rng.weighted({ one: 50, two: 35, three: 15 });
    const count = n === 'one' ? 1 : n === 'two' ? 2 : 3;
    const chosen: Indicator[] = [];
    while (chosen.length < count) {
      const i = rng.weighted(weights);
      if (!chosen.includes(i)) chosen.push(i);
      weights[i] = 0;
    }
    return chosen;
  }

  private concern(plan: ConcernPlan): void {
    const { rng, now, u, data } = this;
    const coordinator = rng.pick(u.staff.coordinators);
    const handledBy = this.handler();
    const registeredBy = plan.channel === 'call' ? handledBy : rng.chance(0.55) ? coordinator : rng.pick(u.staff.advisers);
    const r = plan.receivedAt;
    const year = r.getUTCFullYear();

    let person: PersonRec;
    if (plan.repeatPerson && this.people.length > 20) person = rng.pick(this.people.slice(-200));
    else person = this.newPerson(r, registeredBy);

    const reporter = this.reporter(plan, handledBy);
    const indicators = this.indicators(plan.ideology, year);
    const description = [...indicators.map((i) => rng.pick(BEHAVIOUR_SENTENCES[i])), rng.pick(CONTEXT_SENTENCES)].join(' ');

    const deadline = triageDeadline(r, plan.severity);
    const passedOnAt = addHours(r, plan.passOnHours);
    const checkedAt = addHours(r, plan.policeHours);
    const outcome = plan.fate === 'police_took_over' ? (plan.severity === 'acute' ? 'acute' : 'police_take_over') : 'clear';
    const decidedAt = outcome === 'clear' ? addHours(r, plan.decideHours) : checkedAt;

    // The concern as it stands now: each step is recorded only once its time has come.
    const passedOn = plan.severity === 'acute' || passedOnAt <= now;
    const checked = passedOn && checkedAt <= now;
    const decided = checked && outcome === 'clear' && decidedAt <= now;
    let status = plan.severity === 'acute' ? 'police_check' : 'received';
    let version = 1;
    let updatedAt = r;
    if (passedOn && status === 'received') { status = 'police_check'; version++; updatedAt = passedOnAt; }
    if (checked) { status = outcome === 'clear' ? 'infohus' : 'police_took_over'; version++; updatedAt = checkedAt; }
    if (decided) { status = plan.fate; version++; updatedAt = decidedAt; }
    const triagedAt = status === 'police_took_over' ? checkedAt : decided ? decidedAt : null;

    const concernId = rng.uuid();
    const row: Row = {
      id: concernId, unit_id: u.unitId, received_at: iso(r),
      channel: plan.channel, call_id: reporter.call?.id ?? null, reporter_anonymous: reporter.anonymous,
      reporter_name: reporter.name, reporter_contact: reporter.contact, reporter_organisation: reporter.organisation, reporter_sector: reporter.sector,
      person_id: person.id, ideology_area: plan.ideology, severity: plan.severity, behaviour_description: description,
      status, triage_deadline_at: iso(deadline), triaged_at: triagedAt ? iso(triagedAt) : null,
      handled_in_time: triagedAt ? triagedAt <= deadline : null,
      police_check_outcome: checked ? outcome : null, police_checked_at: checked ? iso(checkedAt) : null,
      police_checked_by: checked ? u.staff.police : null, coordinator_id: coordinator, registered_by: registeredBy,
      case_id: null, version, created_at: iso(r), updated_at: iso(updatedAt),
    };
    data.concerns.push(row);
    if (reporter.call) reporter.call.concern_id = concernId;
    for (const code of indicators) data.concern_behaviours.push({ concern_id: concernId, unit_id: u.unitId, indicator_code: code });

    if (passedOn) {
      // Passing the concern on for the police check is a disclosure under retsplejeloven § 115.
      if (u.staff.police) {
        data.concern_shares.push({ concern_id: concernId, user_id: u.staff.police, unit_id: u.unitId, legal_basis: 'retsplejeloven_115',
          shared_at: iso(passedOnAt), shared_by: coordinator });
      }
      data.disclosures.push({
        id: rng.uuid(), unit_id: u.unitId, concern_id: concernId, case_id: null, partner_organisation: u.policeOrganisation,
        recipient_user_id: u.staff.police, legal_basis: 'retsplejeloven_115', legal_basis_text: null,
        content_summary: 'Bekymringshenvendelsen med beskrevet adfærd videregivet til politiets tjek før Infohus-mødet.',
        disclosed_at: iso(passedOnAt), disclosed_by: coordinator, consent_id: null,
      });
    }
    const partnerAt = addHours(checkedAt, Math.min(2, (decidedAt.getTime() - checkedAt.getTime()) / 7_200_000));
    if (checked && outcome === 'clear' && plan.partnerInvited && partnerAt <= now && partnerAt < decidedAt) {
      if (u.staff.partner) {
        data.concern_shares.push({ concern_id: concernId, user_id: u.staff.partner, unit_id: u.unitId, legal_basis: 'retsplejeloven_115',
          shared_at: iso(partnerAt), shared_by: coordinator });
      }
      data.disclosures.push({
        id: rng.uuid(), unit_id: u.unitId, concern_id: concernId, case_id: null, partner_organisation: u.partnerOrganisation,
        recipient_user_id: u.staff.partner, legal_basis: 'retsplejeloven_115', legal_basis_text: null,
        content_summary: 'Oplysninger til brug for Infohusets kvalificering af bekymringen (psykiatrisk faglighed inddraget).',
        disclosed_at: iso(partnerAt), disclosed_by: coordinator, consent_id: null,
      });
    }
    if (!decided) return;

    const justified = plan.fate === 'justified';
    const participants = [...u.infohusParticipants];
    if (plan.partnerInvited) participants.push(u.partnerOrganisation);
    data.infohus_assessments.push({
      id: rng.uuid(), concern_id: concernId, unit_id: u.unitId, meeting_date: dateOnly(decidedAt), participants,
      decision: justified ? 'justified' : 'unfounded', reasoning: rng.pick(justified ? INFOHUS_JUSTIFIED : INFOHUS_UNFOUNDED),
      decided_by: coordinator, decided_at: iso(decidedAt),
    });
    if (!justified) return;

    if (person.caseId && (!person.caseClosedAt || person.caseClosedAt > decidedAt)) {
      // The same person reported again while their case is open: link the concern to it (duplicate detection).
      row.case_id = person.caseId;
      data.case_notes.push({ id: rng.uuid(), case_id: person.caseId, unit_id: u.unitId, author_id: coordinator,
        written_at: iso(addHours(decidedAt, 1)), body: 'Ny begrundet bekymringshenvendelse om borgeren er knyttet til sagen efter Infohus-mødet.',
        shared_with_partners: false });
      return;
    }
    // The Infohus decision opens the case in the same step (concerns service, assess).
    const caseId = this.caseFor(plan, person, decidedAt, coordinator, registeredBy);
    row.case_id = caseId;
  }

  // --- cases ------------------------------------------------------------------------------------------------------

  private followUpPlan(kind: 'six' | 'twelve', goodCourse: boolean, progress: CasePlan['progress']): FollowUpPlan {
    const { rng } = this;
    if (kind === 'six') {
      const atRisk = progress === 'improve' ? 0.12 : progress === 'stable' ? 0.4 : 0.7;
      return { answerDelay: rng.int(0, 30), stillAtRisk: rng.chance(atRisk), occupation: null };
    }
    // Some people cannot be reached a year on: the answer is recorded as unknown.
    if (rng.chance(0.1)) return { answerDelay: rng.int(20, 50), stillAtRisk: null, occupation: 'unknown' };
    const occupation: Occupation = goodCourse ? rng.weighted({ education: 42, employment: 31, neither: 21, unknown: 6 })
      : rng.weighted({ education: 30, employment: 24, neither: 38, unknown: 8 });
    return { answerDelay: rng.int(0, 30), stillAtRisk: null, occupation };
  }

  private drawCase(): CasePlan {
    const { rng } = this;
    const offerType: OfferType | null = rng.chance(0.9)
      ? rng.weighted({ mentor: 45, relative_coach: 20, exit_course: 5, psychiatry: 8, employment_education: 12, trauma_treatment: 5, other_service: 5 })
      : null;
    const steps: OfferStep[] = [];
    const d0 = rng.int(10, 35);
    let r0: Response;
    if (this.forceAccepted || offerType === 'mentor' || offerType === 'relative_coach') {
      const q = this.firstOffers;
      const accept = this.forceAccepted || Math.round(FIRST_OFFER_ACCEPTED * (q.drawn + 1)) > q.accepted;
      q.drawn++;
      if (accept) q.accepted++;
      this.forceAccepted = false;
      r0 = accept ? 'accepted' : rng.weighted({ declined: 80, no_answer: 20 });
    } else {
      r0 = rng.weighted({ accepted: 60, declined: 32, no_answer: 8 });
    }
    steps.push({ offeredDay: d0, response: r0, respondDay: d0 + rng.int(3, 21) });
    if (r0 !== 'accepted') {
      // Declined: offered again within 3 and within 6 months (handleplan 2016-17) — mostly on time, some late, some not.
      const declined = steps[0]!.respondDay;
      const r3 = rng.weighted({ on_time: 80, late: 12, missing: 8 });
      let accepted = false;
      if (r3 !== 'missing') {
        const d1 = declined + (r3 === 'on_time' ? rng.int(45, 88) : rng.int(95, 130));
        const r1: Response = rng.weighted({ accepted: 45, declined: 45, no_answer: 10 });
        steps.push({ offeredDay: d1, response: r1, respondDay: d1 + rng.int(3, 21) });
        accepted = r1 === 'accepted';
      }
      if (!accepted) {
        const r6 = rng.weighted({ on_time: 80, late: 10, missing: 10 });
        if (r6 !== 'missing') {
          const last = steps[steps.length - 1]!.respondDay;
          const d2 = Math.max(last + 7, declined + (r6 === 'on_time' ? rng.int(140, 178) : rng.int(185, 220)));
          const r2: Response = rng.weighted({ accepted: 35, declined: 55, no_answer: 10 });
          steps.push({ offeredDay: d2, response: r2, respondDay: d2 + rng.int(3, 21) });
        }
      }
    }
    const acceptedStep = steps.find((s) => s.response === 'accepted');
    let course: CasePlan['course'] = null;
    const endReason: EndReason = rng.weighted({ completed: 70, dropped_out: 18, moved: 7, other: 5 });
    const lengthDays = { completed: rng.int(150, 420), dropped_out: rng.int(30, 200), moved: rng.int(40, 250), other: rng.int(60, 300) }[endReason];
    const startDay = (acceptedStep?.respondDay ?? 0) + rng.int(5, 21);
    const intervalDays = rng.pick([7, 14, 14, 21]);
    const paused = rng.chance(0.06);
    const mentorPick = rng.next();
    if (offerType && acceptedStep && COURSE_KIND[offerType]) course = { startDay, lengthDays, endReason, intervalDays, paused, mentorPick };
    const progress = course?.endReason === 'completed' ? rng.weighted({ improve: 80, stable: 15, worse: 5 })
      : rng.weighted({ improve: 35, stable: 45, worse: 20 });
    const lastRespond = steps[steps.length - 1]!.respondDay;
    const followUpStartDay = course ? course.startDay + course.lengthDays
      : acceptedStep ? acceptedStep.respondDay + rng.int(20, 60) : lastRespond + rng.int(14, 40);
    const fu6 = this.followUpPlan('six', course?.endReason === 'completed', progress);
    const fu12 = this.followUpPlan('twelve', !!course, progress);
    const sixMonthsMode = rng.weighted({ on_time: 85, late: 10, missing: 5 });
    return {
      ownerIsAdviser: rng.chance(0.25),
      preventionLevel: rng.weighted({ green: 15, yellow: 68, red: 17 }),
      policeMember: rng.chance(0.5),
      partnerBasis: rng.chance(0.15) ? rng.weighted({ retsplejeloven_115: 50, serviceloven: 25, consent: 25 }) : null,
      adviserMember: rng.chance(0.3),
      startAssessmentDay: rng.int(5, 20),
      offerType: offerType, steps, course,
      sixMonthsDelay: sixMonthsMode === 'on_time' ? rng.int(-7, 10) : sixMonthsMode === 'late' ? rng.int(20, 60) : Infinity,
      progress, followUpStartDay,
      fu6: course ? fu6 : null,
      fu12: offerType ? fu12 : null,
      closeDelay: rng.int(3, 20),
      noOfferCloseDay: rng.int(30, 120),
    };
  }

  private caseFor(concern: ConcernPlan, person: PersonRec, t0: Date, coordinator: string, registeredBy: string): string {
    const { rng, now, u, data } = this;
    const drawn = this.drawCase();
    const plan: CasePlan = { ...drawn, ...(concern.caseOverrides?.(daysBetween(t0, now)) ?? {}) };
    if (!plan.offerType) { plan.steps = []; plan.course = null; plan.fu6 = null; plan.fu12 = null; }
    if (plan.offerType && !plan.fu12) plan.fu12 = drawn.fu12 ?? this.followUpPlan('twelve', false, plan.progress);
    if (plan.course && !plan.fu6) plan.fu6 = drawn.fu6 ?? this.followUpPlan('six', true, plan.progress);
    if (!plan.course) plan.fu6 = null;

    const at = (day: number, hour = rng.between(8, 15)) => (Number.isFinite(day) ? dayAt(t0, day, hour) : new Date(8.64e15));
    const past = (d: Date) => d <= now;
    const caseId = rng.uuid();
    const year = t0.getUTCFullYear();
    const seq = (this.caseSeq.get(year) ?? 0) + 1;
    this.caseSeq.set(year, seq);
    const owner = plan.ownerIsAdviser && registeredBy !== coordinator && u.staff.advisers.includes(registeredBy)
      ? registeredBy : plan.ownerIsAdviser ? rng.pick(u.staff.advisers) : coordinator;
    const label = plan.offerType ? OFFER_LABELS[plan.offerType] : '';
    const mentorPool = plan.offerType === 'relative_coach' && u.staff.coaches.length > 0 ? u.staff.coaches : u.staff.mentors;
    // The first mentor carries the largest caseload, so the demo mentor account has several courses to show.
    const mentorId = plan.course ? mentorPool[Math.min(mentorPool.length - 1, Math.floor(plan.course.mentorPick ** 1.6 * mentorPool.length))]! : null;

    const changes: { at: Date; to: string; reason: string }[] = [];
    const notes: { at: Date; author: string; body: string; shared?: boolean }[] = [];
    const note = (when: Date, author: string, body: string, shared = false) => notes.push({ at: when, author, body, shared });
    note(addHours(t0, 0.5), owner, `Sag oprettet efter Infohus-vurdering ${dateOnly(t0)}. Borgeren kontaktes med henblik på et frivilligt tilbud.`);

    // Members: owner; the adviser who took the concern; police and partner with the legal basis of the disclosure.
    const members: Row[] = [{ case_id: caseId, user_id: owner, unit_id: u.unitId, relation: 'owner', legal_basis: null, added_at: iso(t0), added_by: coordinator }];
    const memberIds = new Set([owner]);
    const addMember = (userId: string | null, relation: string, legalBasis: string | null, when: Date) => {
      if (!userId || memberIds.has(userId) || !past(when)) return;
      memberIds.add(userId);
      members.push({ case_id: caseId, user_id: userId, unit_id: u.unitId, relation, legal_basis: legalBasis, added_at: iso(when), added_by: owner });
    };
    if (plan.adviserMember && u.staff.advisers.includes(registeredBy)) addMember(registeredBy, 'adviser', null, addHours(t0, 1));
    if (plan.policeMember) {
      addMember(u.staff.police, 'police', 'retsplejeloven_115', addHours(t0, 2));
      if (u.staff.police && rng.chance(0.5)) note(at(rng.int(3, 20)), u.staff.police, 'Politiets oplysninger er gennemgået; intet nyt af betydning for indsatsen.');
    }
    if (plan.partnerBasis && u.staff.partner) {
      const when = at(rng.int(2, 15));
      addMember(u.staff.partner, 'partner', plan.partnerBasis, when);
      if (past(when)) {
        // A disclosure on consent rests on a consent record (docs/domain.md, "Consent"): the person consented that day.
        // Its id is derived from the case's, so the demo's random draws, and with them the rest of the data, stay the same.
        const consentId = plan.partnerBasis === 'consent' ? derivedUuid(`consent:${caseId}`) : null;
        if (consentId) {
          data.consents.push({
            id: consentId, unit_id: u.unitId, case_id: caseId, person_id: person.id,
            consented_to: 'Videregivelse af sagens resumé og vurdering til psykiatrien', scope: `${u.partnerOrganisation}: resumé og vurdering`,
            given_by: 'person', guardian_name: null, given_at: iso(addHours(when, -1)), recorded_by: owner, recorded_at: iso(addHours(when, -1)),
          });
        }
        data.disclosures.push({
          id: rng.uuid(), unit_id: u.unitId, concern_id: null, case_id: caseId, partner_organisation: u.partnerOrganisation,
          recipient_user_id: u.staff.partner, legal_basis: plan.partnerBasis, legal_basis_text: null,
          content_summary: 'Sagens resumé og vurdering videregivet, så psykiatrien kan indgå i den koordinerede indsats.',
          disclosed_at: iso(when), disclosed_by: owner, consent_id: consentId,
        });
      }
    }

    // Assessments on the national tool: start, after six months of course, at the end.
    const assessment = (kind: 'start' | 'six_months' | 'end', on: Date, by: string, step: number) => {
      if (!past(on)) return;
      this.assessment(caseId, kind, on, by, plan, step);
      note(addHours(on, 1), by, kind === 'start' ? 'Startvurdering foretaget på det nationale vurderingsværktøj.'
        : kind === 'six_months' ? 'Vurdering efter seks måneder foretaget; progression drøftet med borgeren.' : 'Slutvurdering foretaget ved forløbets afslutning.');
    };
    const startAssessedOn = at(plan.startAssessmentDay);
    assessment('start', startAssessedOn, owner, 0);

    // Offers and re-offers (a re-offer links to the first offer).
    let firstOfferId: string | null = null;
    let acceptedOfferId: string | null = null;
    for (const step of plan.steps) {
      const offeredAt = at(step.offeredDay);
      if (!past(offeredAt)) break;
      const respondedAt = at(step.respondDay);
      const responded = past(respondedAt);
      const id = rng.uuid();
      data.offers.push({
        id, case_id: caseId, unit_id: u.unitId, type: plan.offerType, offered_at: iso(offeredAt), offered_by: owner,
        response: responded ? step.response : 'pending', responded_at: responded ? iso(respondedAt) : null,
        reoffer_of: firstOfferId, version: responded ? 2 : 1,
      });
      if (!firstOfferId) {
        firstOfferId = id;
        changes.push({ at: offeredAt, to: 'offer', reason: `Tilbud om ${label}` });
      }
      note(addHours(offeredAt, 0.5), owner, firstOfferId === id ? `Borgeren er tilbudt ${label}.` : `Borgeren er igen tilbudt ${label} (genbud).`);
      if (!responded) break;
      note(addHours(respondedAt, 0.5), owner, step.response === 'accepted' ? `Borgeren har takket ja til ${label}.`
        : step.response === 'declined' ? `Borgeren har takket nej til ${label}. Genbud inden for 3 og 6 måneder.`
          : 'Intet svar på tilbuddet trods flere forsøg på kontakt.');
      if (step.response === 'accepted') { acceptedOfferId = id; break; }
    }

    // The course, its sessions and assessments.
    let courseId: string | null = null;
    let courseEnd: Date | null = null;
    if (plan.course && acceptedOfferId && mentorId) {
      const c = plan.course;
      const start = at(c.startDay, 9);
      if (past(start)) {
        courseId = rng.uuid();
        const end = at(c.startDay + c.lengthDays, 9);
        const ended = past(end);
        if (ended) courseEnd = end;
        data.courses.push({
          id: courseId, case_id: caseId, unit_id: u.unitId, offer_id: acceptedOfferId, kind: COURSE_KIND[plan.offerType!],
          mentor_id: mentorId, status: ended ? 'ended' : c.paused ? 'paused' : 'active', started_on: dateOnly(start),
          ended_on: ended ? dateOnly(end) : null, end_reason: ended ? c.endReason : null, version: ended || c.paused ? 2 : 1,
          created_at: iso(addDays(start, -rng.int(1, 4))),
        });
        changes.push({ at: start, to: 'course', reason: `Forløb startet (${label})` });
        addMember(mentorId, 'mentor', null, addDays(start, -1));
        note(addHours(start, 1), owner, 'Forløb startet; første møde mellem borger og mentor/coach er holdt.');
        const last = minDate(end, now);
        for (let day = 0; ; day += c.intervalDays + rng.int(-2, 2)) {
          const held = dayAt(start, day, 0);
          if (held > last) break;
          const loggedAt = dayAt(held, rng.int(0, 2), rng.between(13, 16));
          if (!past(loggedAt)) break;
          data.course_sessions.push({
            id: rng.uuid(), course_id: courseId, unit_id: u.unitId, held_on: dateOnly(held),
            duration_minutes: rng.pick([30, 45, 60, 60, 75, 90, 120]), form: rng.weighted({ in_person: 65, phone: 20, video: 12, other: 3 }),
            note: rng.chance(0.7) ? rng.pick(SESSION_NOTES) : null, logged_by: mentorId, logged_at: iso(loggedAt),
          });
          if (day > 0 && day % 60 < c.intervalDays + 2 && rng.chance(0.6)) {
            note(addHours(loggedAt, 1), owner, rng.pick(['Status fra mentor: stabilt fremmøde og god dialog.', 'Koordinerende møde med mentor og familie.',
              'Mentor oplever, at borgeren tager afstand fra det tidligere miljø.', 'Aftalt tættere kontakt efter en svær periode.',
              'Borgeren er begyndt i skole igen efter en pause.']), rng.chance(0.2));
          }
        }
        // A relative-coach course is measured on the coached relative's own instrument (migration 0341).
        if (COURSE_KIND[plan.offerType!] === 'relative_coach') this.coachAssessments(courseId, caseId, start, ended ? end : null, c.endReason, mentorId, plan, past);
        if (ended) {
          changes.push({ at: end, to: 'follow_up', reason: `Forløb afsluttet (${c.endReason})` });
          note(addHours(end, 2), owner, `Forløbet er afsluttet (${{ completed: 'gennemført', dropped_out: 'afbrudt af borgeren', moved: 'fraflytning', other: 'andet' }[c.endReason]}).`);
          if (c.endReason === 'completed' || c.endReason === 'dropped_out') assessment('end', at(c.startDay + c.lengthDays + rng.int(0, 10)), mentorId, 2);
        }
      }
    } else if (plan.offerType && firstOfferId) {
      const start = at(plan.followUpStartDay);
      if (past(start) && plan.steps.every((s) => past(at(s.respondDay)))) {
        changes.push({ at: start, to: 'follow_up', reason: acceptedOfferId ? `Borgeren er i ${label}` : 'Tilbud og genbud afslået' });
      }
    }

    // Follow-ups: 6 months after the course, 12 months after the (first) offer.
    const answered: Date[] = [];
    let open = false;
    const followUp = (kind: 'six_months_after_course' | 'twelve_months_after_offer', due: Date, fu: FollowUpPlan, refs: { course_id: string | null; offer_id: string | null }) => {
      const answeredAt = Number.isFinite(fu.answerDelay) ? dayAt(due, fu.answerDelay, rng.between(8, 15)) : new Date(8.64e15);
      const isAnswered = past(answeredAt);
      if (isAnswered) answered.push(answeredAt);
      else open = true;
      data.follow_ups.push({
        id: rng.uuid(), case_id: caseId, unit_id: u.unitId, kind, ...refs, due_on: dateOnly(due),
        answered_at: isAnswered ? iso(answeredAt) : null, answered_by: isAnswered ? owner : null,
        still_at_risk: isAnswered ? fu.stillAtRisk : null, occupation: isAnswered ? fu.occupation : null,
      });
      if (isAnswered) note(addHours(answeredAt, 0.5), owner, kind === 'six_months_after_course' ? 'Opfølgning seks måneder efter forløbet er gennemført.' : 'Opfølgning tolv måneder efter tilbuddet er gennemført.');
    };
    const dueDate = (date: string) => dayAt(new Date(`${date}T00:00:00Z`), 0, 0);
    if (courseId && courseEnd && plan.fu6) {
      followUp('six_months_after_course', dueDate(courseFollowUpDueOn(dateOnly(courseEnd))), plan.fu6, { course_id: courseId, offer_id: null });
    }
    if (firstOfferId && plan.fu12) {
      followUp('twelve_months_after_offer', dueDate(offerFollowUpDueOn(at(plan.steps[0]!.offeredDay))), plan.fu12, { course_id: null, offer_id: firstOfferId });
    }

    // Closure: after the follow-ups are answered, or early when no offer was needed.
    let closedAt: Date | null = null;
    let closure: string | null = null;
    if (!plan.offerType) {
      const when = at(plan.noOfferCloseDay);
      if (past(when)) { closedAt = when; closure = 'Infohuset vurderede efter første samtale, at der ikke er behov for et forløb; sagen lukkes.'; }
    } else if (changes.some((c) => c.to === 'follow_up') && !open && answered.length > 0 && Number.isFinite(plan.closeDelay)) {
      const when = addDays(maxDate(...answered), plan.closeDelay);
      const atRisk = plan.fu6?.stillAtRisk === true;
      if (past(when)) {
        closedAt = when;
        closure = !acceptedOfferId ? 'Borgeren har takket nej til tilbud og genbud; sagen lukkes efter opfølgning.'
          : plan.course?.endReason === 'moved' ? 'Borgeren er fraflyttet kommunen; sagen er lukket efter opfølgning.'
            : atRisk ? 'Opfølgningen viser fortsat bekymring; borgeren er overgået til indsats i SSP-regi.'
              : plan.course?.endReason === 'dropped_out' ? 'Borgeren afbrød forløbet; sagen lukkes efter opfølgning.'
                : plan.course ? 'Forløbet er gennemført, og opfølgningen viser, at borgeren ikke længere vurderes radikaliseringstruet.'
                  : `Borgeren er i ${label}; sagen lukkes efter opfølgning.`;
      }
    }
    if (closedAt && closure) {
      changes.push({ at: closedAt, to: 'closed', reason: closure });
      note(addHours(closedAt, 0.2), owner, closure);
    }

    // The reassessment six months after the start assessment, while the case is open; by the mentor during a course.
    if (past(startAssessedOn) && Number.isFinite(plan.sixMonthsDelay)) {
      const on = dayAt(new Date(`${reassessmentDueOn(dateOnly(startAssessedOn))}T00:00:00Z`), plan.sixMonthsDelay, rng.between(8, 15));
      const inCourse = mentorId && courseId && plan.course && on >= at(plan.course.startDay) && (!courseEnd || on <= courseEnd);
      if (!closedAt || on < closedAt) assessment('six_months', on, inCourse ? mentorId : owner, 1);
    }

    // Status history as recorded, in time order.
    changes.sort((a, b) => a.at.getTime() - b.at.getTime());
    let from = 'open';
    for (const ch of changes) {
      data.case_status_changes.push({ id: rng.uuid(), case_id: caseId, unit_id: u.unitId, from_status: from, to_status: ch.to,
        reason: ch.reason, changed_at: iso(ch.at), changed_by: owner });
      from = ch.to;
    }
    const visibleNotes = notes.filter((n) => past(n.at)).sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const n of visibleNotes) {
      data.case_notes.push({ id: rng.uuid(), case_id: caseId, unit_id: u.unitId, author_id: n.author, written_at: iso(n.at), body: n.body,
        shared_with_partners: n.shared ?? false });
    }
    data.case_members.push(...members);
    const lastChange = changes[changes.length - 1]?.at ?? t0;
    data.cases.push({
      id: caseId, unit_id: u.unitId, person_id: person.id, title: `Borgersag ${year}-${String(seq).padStart(3, '0')}`,
      status: from, prevention_level: plan.preventionLevel, owner_id: owner, closure_reason: closure,
      closed_at: closedAt ? iso(closedAt) : null, created_by: coordinator, version: 1 + changes.length,
      created_at: iso(t0), updated_at: iso(lastChange), ideology_area: concern.ideology,
    });
    person.caseId = caseId;
    person.caseClosedAt = closedAt;
    return caseId;
  }

  /**
   * The coached relative's assessments on their own instrument (relative-coach-v1, migration 0341): at the course's
   * start, after six months while it runs, and at a completed or dropped-out end. Drawn from a generator of the
   * course's own (seeded by its id), so adding them leaves every other figure of the demo as it was. Relations mostly
   * grow where the case progresses.
   */
  private coachAssessments(courseId: string, caseId: string, start: Date, end: Date | null, endReason: EndReason, by: string, plan: CasePlan,
    past: (d: Date) => boolean): void {
    const r = new Rng(hashString(`coach:${courseId}`));
    const items = ['relation_young_person', 'conflict_handling', 'support_young_person', 'knows_where_help'];
    const startLevel = items.map(() => r.int(1, 2));
    const gain = { improve: 1, stable: 0.3, worse: -0.3 }[plan.progress];
    const record = (kind: 'start' | 'six_months' | 'end', on: Date, step: number) => {
      if (!past(on)) return;
      const id = r.uuid();
      this.data.coach_assessments.push({
        id, course_id: courseId, case_id: caseId, unit_id: this.u.unitId, instrument_id: 'relative-coach-v1', kind, assessed_on: dateOnly(on),
        assessed_by: by, created_at: iso(addHours(on, 1)),
      });
      items.forEach((item, i) => {
        const rating = step > 0 && r.chance(0.05) ? null : clamp(Math.round(startLevel[i]! + gain * step + (r.chance(0.3) ? r.pick([-1, 1]) * 0.5 : 0)), 1, 4);
        this.data.coach_assessment_ratings.push({ assessment_id: id, instrument_id: 'relative-coach-v1', dimension_code: item, rating });
      });
    };
    record('start', start, 0);
    const six = addDays(start, 182);
    if (!end || six < end) record('six_months', six, 1);
    if (end && (endReason === 'completed' || endReason === 'dropped_out')) record('end', addDays(end, r.int(0, 10)), 2);
  }

  /** One assessment with a rating per dimension; later steps mostly show progression (less risk, more resources). */
  private assessment(caseId: string, kind: 'start' | 'six_months' | 'end', on: Date, by: string, plan: CasePlan, step: number): void {
    const { rng, u, data } = this;
    const id = rng.uuid();
    const mean = { green: 1.1, yellow: 1.7, red: 2.3 }[plan.preventionLevel];
    const shift = { improve: -0.75, stable: 0, worse: 0.4 }[plan.progress] * step;
    data.assessments.push({
      id, case_id: caseId, unit_id: u.unitId, instrument_id: 'national-v1', kind, assessed_on: dateOnly(on),
      summary: kind === 'start' ? 'Startvurdering på baggrund af Infohusets oplysninger og første samtale.'
        : plan.progress === 'improve' ? 'Tydelig progression: færre bekymringstegn og flere ressourcer.'
          : plan.progress === 'stable' ? 'Uændret billede; indsatsen fortsætter.' : 'Skærpet bekymring; drøftes i Infohuset.',
      assessed_by: by, created_at: iso(addHours(on, 1)),
    });
    // A per-case base (from the case id's draw order) keeps each dimension's start level stable across steps.
    const base = new Rng(hashString(caseId));
    for (const dim of this.dims) {
      const offset = dim === 'violence' ? -0.5 : dim === 'criminal_history' ? -0.4 : dim === 'convictions_rhetoric' ? 0.3 : 0;
      const startRisk = base.normal(mean + offset, 0.7);
      const startRes = base.normal(3.2 - mean, 0.7);
      const unknownAtStart = base.chance(dim === 'criminal_history' ? 0.2 : 0.03);
      const noise = () => (rng.chance(0.25) ? rng.pick([-1, 1]) * 0.5 : 0);
      const risk = step === 0 && unknownAtStart ? null : clamp(Math.round(startRisk + shift + noise()), 0, 3);
      const resources = step === 0 && unknownAtStart ? null : clamp(Math.round(startRes - shift * 0.8 + noise()), 0, 3);
      const comments = ASSESSMENT_COMMENTS[dim];
      data.assessment_ratings.push({
        assessment_id: id, instrument_id: 'national-v1', dimension_code: dim, risk, resources,
        comment: comments && rng.chance(0.15) ? rng.pick(comments) : null,
      });
    }
  }
}

function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, n));
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
