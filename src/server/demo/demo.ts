import type { AppContext } from '../platform/context.ts';
import { runAsSystem, type SystemScope } from '../access/scope.ts';
import { userSystemRepo } from '../modules/users/index.ts';
import { hashPassword } from '../modules/auth/index.ts';
import type { Role } from '../../shared/roles.ts';
import { Rng } from './random.ts';
import { iso } from './time.ts';
import { AARHUS_VOLUME, COPENHAGEN_VOLUME, generateDemoData, type DemoUnit, type Table } from './generate.ts';
import { demoRepo } from './repo.ts';
import { installReferencePlansInTrx } from '../modules/plans/index.ts';
import {
  generatePreventionWork, generateSpending, PREVENTION_TABLES, type PreventionTable, type PreventionUnit,
} from './prevention.ts';

type UnitCode = '101' | '751';

/** The 2020-21 plan's outreach milestones as the committee decided them (invented journal numbers). */
const MILESTONE_DECISIONS = [
  { milestone_key: 'outreach_concept_developed', decided_on: '2020-11-24', approved_by: 'Beskæftigelses- og Integrationsudvalget',
    document_ref: 'Koncept for opsøgende dialog med risikomiljøer (sag 2020-0871)' },
  { milestone_key: 'outreach_concept_implemented', decided_on: '2021-12-07', approved_by: 'Beskæftigelses- og Integrationsudvalget',
    document_ref: 'Status på implementering af opsøgende dialog (sag 2021-1143)' },
];

/** Fictitious demo staff: one per role in Copenhagen, more advisers, mentors and coaches, and a small Aarhus unit. */
/**
 * Copenhagen's published figures from before its records begin (handleplan 2016-17, "Håndtering af bekymringer"):
 * "100 henvendelser ... mod 60 i 2014 og samlet set 49 henvendelser i årene 2010-2013", and courses "i 2014 på 22".
 * The 2010-13 figure is kept as the period it was published for (docs/domain.md, "History before the records").
 */
export const COPENHAGEN_HISTORY = [
  { measure: 'concerns_received', first_year: 2010, last_year: 2013, value: 49, source: 'Handleplan 2016-17: "samlet set 49 henvendelser i årene 2010-2013"' },
  { measure: 'concerns_received', first_year: 2014, last_year: 2014, value: 60, source: 'Handleplan 2016-17: "100 henvendelser ... mod 60 i 2014"' },
  { measure: 'courses_started', first_year: 2014, last_year: 2014, value: 22, source: 'Handleplan 2016-17: igangsatte forløb, "Det tal lå i 2014 på 22"' },
];

export const DEMO_STAFF: { username: string; displayName: string; role: Role; unit: UnitCode; organisation?: string }[] = [
  { username: 'demo.raadgiver', displayName: 'Rikke Rådgiver', role: 'adviser', unit: '101' },
  { username: 'demo.tovholder', displayName: 'Tobias Tovholder', role: 'coordinator', unit: '101' },
  { username: 'demo.politi', displayName: 'Pia Politi', role: 'police_liaison', unit: '101', organisation: 'Københavns Politi' },
  { username: 'demo.partner', displayName: 'Per Psykiatri', role: 'partner', unit: '101', organisation: 'Region Hovedstadens Psykiatri' },
  { username: 'demo.mentor', displayName: 'Mona Mentor', role: 'mentor', unit: '101' },
  { username: 'demo.leder', displayName: 'Lene Leder', role: 'manager', unit: '101' },
  { username: 'demo.analytiker', displayName: 'Anders Analytiker', role: 'analyst', unit: '101' },
  { username: 'demo.dpo', displayName: 'Dorthe DPO', role: 'dpo', unit: '101' },
  { username: 'demo.admin', displayName: 'Adam Admin', role: 'admin', unit: '101' },
  { username: 'demo.aarhus', displayName: 'Aase Aarhus', role: 'coordinator', unit: '751' },
  { username: 'demo.raadgiver2', displayName: 'Signe Samtale', role: 'adviser', unit: '101' },
  { username: 'demo.raadgiver3', displayName: 'Henrik Hotline', role: 'adviser', unit: '101' },
  { username: 'demo.mentor2', displayName: 'Malik Mentor', role: 'mentor', unit: '101' },
  { username: 'demo.mentor3', displayName: 'Marie Mentorsen', role: 'mentor', unit: '101' },
  { username: 'demo.coach', displayName: 'Camilla Coach', role: 'mentor', unit: '101', organisation: 'Pårørendecoach' },
  { username: 'demo.coach2', displayName: 'Carsten Coach', role: 'mentor', unit: '101', organisation: 'Pårørendecoach' },
  { username: 'demo.aarhus.raadgiver', displayName: 'Aksel Aarhus', role: 'adviser', unit: '751' },
  { username: 'demo.aarhus.mentor', displayName: 'Asta Aarhus', role: 'mentor', unit: '751' },
];

export const DEMO_PASSWORD = 'demo-adgangskode-2026';

export interface DemoSummary {
  usernames: string[];
  password: string;
  persons: number;
  cases: number;
  /** Rows written per table (all zero when the demo was already loaded). */
  rows: Record<Table | PreventionTable | 'users' | 'spending_entries' | 'history_aggregates', number>;
  /** Reference plans installed now, per unit code (empty when they were there already). */
  plansInstalled: Record<string, string[]>;
  alreadyLoaded: boolean;
}

/**
 * Loads fictitious demo data: the demo staff and, in Copenhagen (unit 101) and Aarhus (751), years of generated
 * work as of ctx.clock.now() (see generate.ts, prevention.ts and README.md beside this file): the case flow, VINK's
 * reference action plans (2016-17 and 2020-21), prevention work feeding their indicators and spending against their
 * budget lines. Idempotent, part by part: staff already present are kept, the case flow is generated only when no
 * demo staff member has registered a concern in the units yet, the reference plans install once, prevention work only
 * when no demo staff member has registered an activity in the unit, and spending only on lines that have none. So an
 * installation loaded before a part existed gets that part on the next load. Runs in system context (it is not an
 * actor's request) and writes no audit rows; the CLI reports what it did.
 */
export async function loadDemoData(ctx: AppContext): Promise<DemoSummary> {
  return runAsSystem(ctx, 'demo', async (s) => {
    const now = s.now;
    const repo = demoRepo(s);
    const usernames = DEMO_STAFF.map((m) => m.username);
    const unitsRepo = userSystemRepo(s);
    const units: Record<UnitCode, string> = {
      '101': await unitsRepo.ensureUnit({ name: 'VINK København', municipalityCode: '101', policeDistrictId: 11 }, { audit: false }),
      '751': await unitsRepo.ensureUnit({ name: 'Aarhus Kommune, forebyggelse', municipalityCode: '751', policeDistrictId: 2 }, { audit: false }),
    };
    // Randers uses the shared hotline without case work of its own in VINK; it has no staff and no generated data.
    const randers = await unitsRepo.ensureUnit({ name: 'Randers Kommune (hotline)', municipalityCode: '730', policeDistrictId: 2 }, { audit: false });
    await repo.ensureHotline('Den nationale hotline', [
      { unitId: units['101'], caseWork: true }, { unitId: units['751'], caseWork: true }, { unitId: randers, caseWork: false },
    ]);
    const { ids, inserted } = await ensureStaffInTrx(s, units, now);
    const national = await ensureNationalDemoInTrx(s, now);
    usernames.push(...NATIONAL_DEMO_STAFF.map((m) => m.username));
    const rows: DemoSummary['rows'] = { ...zeroRows(), users: inserted + national };
    const id = (u: string) => ids[u]!;
    const staffIds = Object.values(ids);
    let cases = 0;
    let persons = 0;

    const aarhusFirstYear = Math.max(2015, now.getUTCFullYear() - 3);
    if (!(await repo.anyConcernBy(staffIds))) {
      const copenhagen: DemoUnit = {
        unitId: units['101'], code: '101', firstYear: 2015, concernsIn: COPENHAGEN_VOLUME, scenario: true, takenOverCases: 15,
        staff: {
          coordinators: [id('demo.tovholder')],
          advisers: [id('demo.raadgiver'), id('demo.raadgiver2'), id('demo.raadgiver3')],
          mentors: [id('demo.mentor'), id('demo.mentor2'), id('demo.mentor3')],
          coaches: [id('demo.coach'), id('demo.coach2')],
          police: id('demo.politi'),
          partner: id('demo.partner'),
        },
        policeOrganisation: 'Københavns Politi',
        partnerOrganisation: 'Region Hovedstadens Psykiatri',
        infohusParticipants: ['VINK (kommunal tovholder)', 'Københavns Politi', 'Kriminalforsorgen'],
      };
      const aarhus: DemoUnit = {
        unitId: units['751'], code: '751', firstYear: aarhusFirstYear, concernsIn: AARHUS_VOLUME, scenario: false,
        staff: {
          coordinators: [id('demo.aarhus')],
          advisers: [id('demo.aarhus.raadgiver')],
          mentors: [id('demo.aarhus.mentor')],
          coaches: [],
          police: null,
          partner: null,
        },
        policeOrganisation: 'Østjyllands Politi',
        partnerOrganisation: 'Region Midtjylland, Psykiatrien',
        infohusParticipants: ['Aarhus Kommune', 'Østjyllands Politi'],
      };
      const data = generateDemoData([copenhagen, aarhus], now, await repo.assessmentDimensions());
      Object.assign(rows, await repo.insertDataset(data));
      cases = data.cases.length;
      persons = data.persons.length;
    }

    // VINK's reference plans in each demo unit; Copenhagen ran them, so only Copenhagen has spending against them.
    const plansInstalled: Record<string, string[]> = {};
    const prevention: (PreventionUnit & { manager: string | null })[] = [
      { unitId: units['101'], code: '101', firstYear: 2015, staff: [id('demo.tovholder'), id('demo.raadgiver'), id('demo.raadgiver2'), id('demo.raadgiver3')],
        tracks: {}, manager: id('demo.leder') },
      { unitId: units['751'], code: '751', firstYear: aarhusFirstYear, staff: [id('demo.aarhus'), id('demo.aarhus.raadgiver')], tracks: {}, manager: null },
    ];
    for (const unit of prevention) {
      plansInstalled[unit.code] = await installReferencePlansInTrx(s, unit.unitId);
      unit.tracks = await repo.referenceTracks(unit.unitId);
      if (!(await repo.anyActivityBy(unit.unitId, staffIds))) {
        const work = generatePreventionWork(unit, now);
        for (const table of PREVENTION_TABLES) {
          await repo.insertRows(table, work[table]);
          rows[table] += work[table].length;
        }
      }
      // The 2020-21 plan's milestones are met by recorded decisions (docs/domain.md): the unit that ran the plan
      // recorded them when the plan was installed here, once, and only those whose date has come.
      const plan2020 = plansInstalled[unit.code]!.includes('vink-2020-21') && unit.manager ? await repo.referencePlanId(unit.unitId, 'vink-2020-21') : null;
      if (plan2020 && unit.manager) {
        const decisions = MILESTONE_DECISIONS.filter((d) => d.decided_on <= now.toISOString().slice(0, 10)).map((d) => ({
          unit_id: unit.unitId, plan_id: plan2020, ...d, created_by: unit.manager, created_at: now.toISOString(),
        }));
        await repo.insertRows('milestone_decisions', decisions);
      }
      if (unit.manager) {
        const spending = generateSpending(unit.unitId, await repo.unspentReferenceLines(unit.unitId), unit.manager, now);
        await repo.insertRows('spending_entries', spending);
        rows.spending_entries += spending.length;
      }
    }
    // Copenhagen's history before its records begin, as published (handleplan 2016-17): yearly aggregates.
    rows.history_aggregates += await repo.ensureHistory(units['101'], COPENHAGEN_HISTORY, now);
    const alreadyLoaded = Object.values(rows).every((n) => n === 0) && Object.values(plansInstalled).every((k) => k.length === 0);
    return { usernames, password: DEMO_PASSWORD, persons, cases, rows, plansInstalled, alreadyLoaded };
  });
}

/**
 * Inserts the demo staff that do not exist yet. The password is hashed once and shared: every demo account has the
 * same published password anyway, and one Argon2 hash instead of eighteen keeps the load fast.
 */
async function ensureStaffInTrx(s: SystemScope, units: Record<UnitCode, string>, now: Date): Promise<{ ids: Record<string, string>; inserted: number }> {
  const ids = await demoRepo(s).userIds(DEMO_STAFF.map((m) => m.username));
  const missing = DEMO_STAFF.filter((m) => !ids[m.username]);
  if (missing.length === 0) return { ids, inserted: 0 };
  const hash = await hashPassword(DEMO_PASSWORD);
  const rng = new Rng(now.getTime() % 2147483647);
  const rows = missing.map((m) => {
    const id = rng.uuid();
    ids[m.username] = id;
    return {
      id, unit_id: units[m.unit], username: m.username, display_name: m.displayName, role: m.role,
      organisation: m.organisation ?? null, password_hash: hash, created_at: iso(now), updated_at: iso(now),
    };
  });
  await demoRepo(s).insertRows('users', rows);
  return { ids, inserted: rows.length };
}

/** The national centre's demo staff (docs/domain.md, "The national view"): in the national unit, no case content. */
export const NATIONAL_DEMO_STAFF: { username: string; displayName: string; role: Role }[] = [
  { username: 'demo.ncfe', displayName: 'Nanna Nationalanalytiker', role: 'national_analyst' },
  { username: 'demo.landsadmin', displayName: 'Lars Landsadministrator', role: 'national_admin' },
];

/** The national centre's unit and its demo staff, when missing; returns how many accounts were added. */
async function ensureNationalDemoInTrx(s: SystemScope, now: Date): Promise<number> {
  const unitId = await userSystemRepo(s).ensureNationalUnit('Nationalt Center for Forebyggelse af Ekstremisme', { audit: false });
  const ids = await demoRepo(s).userIds(NATIONAL_DEMO_STAFF.map((m) => m.username));
  const missing = NATIONAL_DEMO_STAFF.filter((m) => !ids[m.username]);
  if (missing.length === 0) return 0;
  const hash = await hashPassword(DEMO_PASSWORD);
  const rng = new Rng((now.getTime() + 15) % 2147483647);
  await demoRepo(s).insertRows('users', missing.map((m) => ({
    id: rng.uuid(), unit_id: unitId, username: m.username, display_name: m.displayName, role: m.role,
    organisation: 'NCFE', password_hash: hash, created_at: iso(now), updated_at: iso(now),
  })));
  return missing.length;
}

function zeroRows(): DemoSummary['rows'] {
  return {
    users: 0, persons: 0, cases: 0, calls: 0, concerns: 0, concern_behaviours: 0, concern_shares: 0, infohus_assessments: 0,
    consents: 0, disclosures: 0, case_members: 0, case_status_changes: 0, case_notes: 0, assessments: 0, assessment_ratings: 0, offers: 0,
    courses: 0, course_sessions: 0, follow_ups: 0, forum_members: 0, activities: 0, surveys: 0, survey_questions: 0, survey_responses: 0,
    survey_answers: 0, spending_entries: 0, history_aggregates: 0, coach_assessments: 0, coach_assessment_ratings: 0,
  };
}
