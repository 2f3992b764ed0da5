import type { AppContext } from '../platform/context.ts';
import type { Queryable } from '../platform/db.ts';
import { systemTransaction } from '../access/scope.ts';
import { ensureUnitInTrx } from '../modules/users/units.ts';
import { hashPassword } from '../modules/auth/credentials.ts';
import type { Role } from '../../shared/roles.ts';
import { Rng } from './random.ts';
import { iso } from './time.ts';
import { AARHUS_VOLUME, COPENHAGEN_VOLUME, generateDemoData, type DemoUnit, type Table } from './generate.ts';
import { insertDatasetInTrx, insertRows } from './insert.ts';

type UnitCode = '101' | '751';

/** Fictitious demo staff: one per role in Copenhagen, more advisers, mentors and coaches, and a small Aarhus unit. */
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
  rows: Record<Table | 'users', number>;
  alreadyLoaded: boolean;
}

/**
 * Loads fictitious demo data: the demo staff and, in Copenhagen (unit 101) and Aarhus (751), years of generated
 * work as of ctx.clock.now() (see generate.ts and README.md beside this file). Idempotent: staff already present are
 * kept, and the case-flow data is generated only when no demo staff member has registered a concern yet. Runs in
 * system context (it is not an actor's request) and writes no audit rows; the CLI reports what it did.
 */
export async function loadDemoData(ctx: AppContext): Promise<DemoSummary> {
  return systemTransaction(ctx.db, async (tx) => {
    const now = ctx.clock.now();
    const usernames = DEMO_STAFF.map((s) => s.username);
    const units: Record<UnitCode, string> = {
      '101': await ensureUnitInTrx(tx, { name: 'VINK København', municipalityCode: '101', policeDistrictId: 11 }),
      '751': await ensureUnitInTrx(tx, { name: 'Aarhus Kommune, forebyggelse', municipalityCode: '751', policeDistrictId: 2 }),
    };
    const { ids, inserted } = await ensureStaffInTrx(tx, units, now);
    const rows = { users: inserted } as DemoSummary['rows'];

    const loaded = await tx.query('SELECT 1 FROM concerns WHERE registered_by = ANY($1::uuid[]) LIMIT 1', [Object.values(ids)]);
    if (loaded.rowCount > 0) {
      return { usernames, password: DEMO_PASSWORD, persons: 0, cases: 0, rows: { ...zeroRows(), users: inserted }, alreadyLoaded: true };
    }

    const dims = await tx.query<{ code: string }>(
      `SELECT code FROM assessment_dimensions WHERE instrument_id = 'national-v1' ORDER BY position`,
    );
    const id = (u: string) => ids[u]!;
    const copenhagen: DemoUnit = {
      unitId: units['101'], code: '101', firstYear: 2015, concernsIn: COPENHAGEN_VOLUME, scenario: true,
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
      unitId: units['751'], code: '751', firstYear: Math.max(2015, now.getUTCFullYear() - 3), concernsIn: AARHUS_VOLUME, scenario: false,
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
    const data = generateDemoData([copenhagen, aarhus], now, dims.rows.map((d) => d.code));
    Object.assign(rows, await insertDatasetInTrx(tx, data));
    return { usernames, password: DEMO_PASSWORD, persons: data.persons.length, cases: data.cases.length, rows, alreadyLoaded: false };
  });
}

/**
 * Inserts the demo staff that do not exist yet. The password is hashed once and shared: every demo account has the
 * same published password anyway, and one Argon2 hash instead of eighteen keeps the load fast.
 */
async function ensureStaffInTrx(tx: Queryable, units: Record<UnitCode, string>, now: Date): Promise<{ ids: Record<string, string>; inserted: number }> {
  const existing = await tx.query<{ id: string; username: string }>('SELECT id, username FROM users WHERE username = ANY($1::text[])', [
    DEMO_STAFF.map((s) => s.username),
  ]);
  const ids: Record<string, string> = Object.fromEntries(existing.rows.map((r) => [r.username, r.id]));
  const missing = DEMO_STAFF.filter((s) => !ids[s.username]);
  if (missing.length === 0) return { ids, inserted: 0 };
  const hash = await hashPassword(DEMO_PASSWORD);
  const rng = new Rng(now.getTime() % 2147483647);
  const rows = missing.map((s) => {
    const id = rng.uuid();
    ids[s.username] = id;
    return {
      id, unit_id: units[s.unit], username: s.username, display_name: s.displayName, role: s.role,
      organisation: s.organisation ?? null, password_hash: hash, created_at: iso(now), updated_at: iso(now),
    };
  });
  await insertRows(tx, 'users', rows);
  return { ids, inserted: rows.length };
}

function zeroRows(): DemoSummary['rows'] {
  return {
    users: 0, persons: 0, cases: 0, calls: 0, concerns: 0, concern_behaviours: 0, concern_shares: 0, infohus_assessments: 0,
    disclosures: 0, case_members: 0, case_status_changes: 0, case_notes: 0, assessments: 0, assessment_ratings: 0, offers: 0,
    courses: 0, course_sessions: 0, follow_ups: 0,
  };
}
