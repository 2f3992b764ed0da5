import type { AppContext } from '../platform/context.ts';
import { systemTransaction } from '../access/scope.ts';
import { ensureUnitInTrx } from '../modules/users/units.ts';
import { insertUserInTrx } from '../modules/users/service.ts';
import type { Role } from '../../shared/roles.ts';

/** Fictitious demo staff: one per role in Copenhagen, one coordinator in Aarhus. */
const DEMO_STAFF: { username: string; displayName: string; role: Role; unit: '101' | '751'; organisation?: string }[] = [
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
];

const FIRST = ['Ali', 'Emma', 'Jonas', 'Sara', 'Mikkel', 'Fatima', 'Lucas', 'Ida', 'Omar', 'Freja', 'Noah', 'Amalie'];
const LAST = ['Testesen', 'Prøvemand', 'Eksempelsen', 'Demosen', 'Fiktivsen'];
export const DEMO_PASSWORD = 'demo-adgangskode-2026';

/**
 * Loads fictitious demo data (idempotent: does nothing the second time). People have names from a fixed list of
 * obviously invented surnames and no CPR numbers; the case-flow generator adds realistic volumes later.
 */
export async function loadDemoData(ctx: AppContext): Promise<{ usernames: string[]; password: string; persons: number; cases: number }> {
  return systemTransaction(ctx.db, async (tx) => {
    const usernames = DEMO_STAFF.map((s) => s.username);
    const done = await tx.query('SELECT 1 FROM users WHERE username = $1', [DEMO_STAFF[0]!.username]);
    if (done.rowCount > 0) return { usernames, password: DEMO_PASSWORD, persons: 0, cases: 0 };
    const now = ctx.clock.now();
    const units = {
      '101': await ensureUnitInTrx(tx, { name: 'VINK København', municipalityCode: '101', policeDistrictId: 11 }),
      '751': await ensureUnitInTrx(tx, { name: 'Aarhus Kommune, forebyggelse', municipalityCode: '751', policeDistrictId: 2 }),
    };
    const ids: Record<string, string> = {};
    for (const s of DEMO_STAFF) {
      ids[s.username] = await insertUserInTrx(tx, { ...s, unitId: units[s.unit], password: DEMO_PASSWORD }, now);
    }
    let cases = 0;
    for (let i = 0; i < 12; i++) {
      const unitId = i < 10 ? units['101'] : units['751'];
      const owner = i < 10 ? ids['demo.tovholder']! : ids['demo.aarhus']!;
      const birthYear = 1996 + (i % 12);
      const p = await tx.query<{ id: string }>(
        `INSERT INTO persons (unit_id, full_name, birth_date, gender, district, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
        [unitId, `${FIRST[i]} ${LAST[i % LAST.length]}`, `${birthYear}-0${(i % 9) + 1}-1${i % 9}`, i % 2 ? 'female' : 'male',
          ['Nørrebro', 'Amager', 'Valby', 'Bispebjerg'][i % 4], owner, now],
      );
      const c = await tx.query<{ id: string }>(
        `INSERT INTO cases (unit_id, person_id, title, prevention_level, owner_id, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5, $6, $6) RETURNING id`,
        [unitId, p.rows[0]!.id, `Forløb ${2026}-${String(i + 1).padStart(3, '0')}`, ['green', 'yellow', 'red'][i % 3], owner, now],
      );
      const caseId = c.rows[0]!.id;
      await tx.query(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at, added_by) VALUES ($1, $2, $3, 'owner', $4, $2)`, [
        caseId, owner, unitId, now,
      ]);
      if (i < 3) {
        await tx.query(
          `INSERT INTO case_members (case_id, user_id, unit_id, relation, legal_basis, added_at, added_by) VALUES ($1, $2, $3, 'police', 'retsplejeloven_115', $4, $5)`,
          [caseId, ids['demo.politi'], unitId, now, owner],
        );
      }
      if (i === 0) {
        await tx.query(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at, added_by) VALUES ($1, $2, $3, 'mentor', $4, $5)`, [
          caseId, ids['demo.mentor'], unitId, now, owner,
        ]);
      }
      await tx.query(`INSERT INTO case_notes (case_id, unit_id, author_id, written_at, body) VALUES ($1, $2, $3, $4, $5)`, [
        caseId, unitId, owner, now, 'Sagen er oprettet efter Infohus-vurdering (fiktive demodata).',
      ]);
      cases++;
    }
    return { usernames, password: DEMO_PASSWORD, persons: 12, cases };
  });
}
