import { repository } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';

/**
 * The handover module's repository: the only place where SQL on cover_periods lives (migration 0243). The memberships
 * a period gives are the cases module's (cases/index.ts syncCoverMembershipsInTrx).
 */
interface CoverRow {
  id: string;
  absent_user_id: string;
  absent_name: string;
  cover_user_id: string;
  cover_name: string;
  starts_on: string;
  ends_on: string;
}

const present = (c: CoverRow) => ({
  id: c.id, absent: { id: c.absent_user_id, displayName: c.absent_name }, cover: { id: c.cover_user_id, displayName: c.cover_name },
  startsOn: c.starts_on, endsOn: c.ends_on,
});

export const coverRepo = repository((tx, s) => ({
  /**
   * Records a cover period in the actor's unit: both colleagues active coordinators or advisers of the unit. Audited
   * as the creation of the period (staff data only; the memberships it gives are audited on each case).
   */
  async create(input: { absentUserId: string; coverUserId: string; startsOn: string; endsOn: string }) {
    s.requireRole('cover.manage', { action: 'create', recordType: 'cover_period' });
    if (input.absentUserId === input.coverUserId) throw errors.invalidField('coverUserId', 'must be another colleague than the one away');
    if (input.endsOn < input.startsOn) throw errors.invalidField('endsOn', 'must not be before startsOn');
    const users = await tx.query<{ id: string; unit_id: string }>(
      `SELECT id, unit_id FROM users WHERE id = ANY($1::uuid[]) AND unit_id = ANY($2::uuid[]) AND role IN ('coordinator', 'adviser') AND disabled_at IS NULL`,
      [[input.absentUserId, input.coverUserId], s.actor.unitIds]);
    const absent = users.rows.find((u) => u.id === input.absentUserId);
    const cover = users.rows.find((u) => u.id === input.coverUserId);
    if (!absent) throw errors.invalidField('absentUserId', 'must be an active coordinator or adviser of your unit');
    if (!cover || cover.unit_id !== absent.unit_id) throw errors.invalidField('coverUserId', 'must be an active coordinator or adviser of the same unit');
    const r = await tx.query<{ id: string }>(
      `INSERT INTO cover_periods (unit_id, absent_user_id, cover_user_id, starts_on, ends_on, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [absent.unit_id, input.absentUserId, input.coverUserId, input.startsOn, input.endsOn, s.actor.id, s.now]);
    const id = r.rows[0]!.id;
    s.audit({ action: 'create', recordType: 'cover_period', recordId: id, criterion: `${input.coverUserId} covers ${input.absentUserId} ${input.startsOn}..${input.endsOn}` });
    return (await this.list(false)).find((c) => c.id === id)!;
  },

  /** The unit's cover periods that have not ended, soonest first (staff names only). */
  async list(audit = true) {
    s.requireRole('cover.manage', { action: 'search', recordType: 'cover_period' });
    const r = await tx.query<CoverRow>(
      `SELECT p.id, p.absent_user_id, a.display_name AS absent_name, p.cover_user_id, c.display_name AS cover_name,
              p.starts_on, p.ends_on
       FROM cover_periods p JOIN users a ON a.id = p.absent_user_id JOIN users c ON c.id = p.cover_user_id
       WHERE p.unit_id = ANY($1::uuid[]) AND p.ends_on >= $2::date ORDER BY p.starts_on, p.id LIMIT 500`,
      [s.actor.unitIds, s.now]);
    if (audit) s.audit({ action: 'search', recordType: 'cover_period' });
    return r.rows.map(present);
  },

}));
