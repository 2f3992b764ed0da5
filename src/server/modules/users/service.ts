import type { Scope } from '../../access/scope.ts';
import type { Queryable } from '../../platform/db.ts';
import { errors } from '../../platform/errors.ts';
import { hashPassword } from '../auth/credentials.ts';
import { endSessionsOfUserInTrx } from '../auth/service.ts';
import type { Role } from '../../../shared/roles.ts';
import type { User } from '../../../shared/contracts.ts';

interface UserRow {
  id: string;
  unit_id: string;
  username: string;
  display_name: string;
  role: Role;
  organisation: string | null;
  totp_enabled_at: Date | null;
  disabled_at: Date | null;
  locked_until: Date | null;
  version: number;
}

const COLUMNS = 'id, unit_id, username, display_name, role, organisation, totp_enabled_at, disabled_at, locked_until, version';

/** Presenter: the fields of a staff account that leave the server (never hashes or secrets). */
function present(row: UserRow, now: Date): User {
  return {
    id: row.id,
    unitId: row.unit_id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    organisation: row.organisation,
    secondFactorEnrolled: row.totp_enabled_at !== null,
    disabled: row.disabled_at !== null,
    locked: row.locked_until !== null && row.locked_until.getTime() > now.getTime(),
    version: row.version,
  };
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  unitId?: string | undefined;
  organisation?: string | undefined;
  password?: string | undefined;
  oidcSubject?: string | undefined;
}

/** Inserts a staff account. Shared by the administration routes, the CLI and the first-start bootstrap. */
export async function insertUserInTrx(tx: Queryable, input: NewUser & { unitId: string }, now: Date): Promise<string> {
  if (!input.password && !input.oidcSubject) {
    throw errors.invalidField('password', 'is required unless the user signs in with single sign-on (oidcSubject)');
  }
  const exists = await tx.query('SELECT 1 FROM users WHERE username = $1 OR ($2::text IS NOT NULL AND oidc_subject = $2)', [
    input.username, input.oidcSubject ?? null,
  ]);
  if (exists.rowCount > 0) throw errors.conflict('A user with this username or single sign-on subject already exists.');
  const r = await tx.query<{ id: string }>(
    `INSERT INTO users (unit_id, username, display_name, role, organisation, password_hash, oidc_subject, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
    [input.unitId, input.username, input.displayName, input.role, input.organisation ?? null,
      input.password ? await hashPassword(input.password) : null, input.oidcSubject ?? null, now],
  );
  return r.rows[0]!.id;
}

/** Administration of staff accounts, confined to the administrator's own unit. */
export const users = {
  async list(s: Scope): Promise<User[]> {
    s.requireRole('users.manage', { action: 'search', recordType: 'user' });
    const r = await s.tx.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE unit_id = ANY($1::uuid[]) ORDER BY display_name`, [s.actor.unitIds]);
    s.audit({ action: 'search', recordType: 'user', criterion: 'all users of unit' });
    return r.rows.map((row) => present(row, s.now));
  },

  async get(s: Scope, id: string): Promise<User> {
    s.requireRole('users.manage', { action: 'read', recordType: 'user', recordId: id });
    const row = await findInUnit(s, id);
    if (!row) s.refuse({ action: 'read', recordType: 'user', recordId: id });
    s.audit({ action: 'read', recordType: 'user', recordId: id });
    return present(row, s.now);
  },

  async create(s: Scope, input: NewUser): Promise<User> {
    s.requireRole('users.manage', { action: 'create', recordType: 'user' });
    const unitId = input.unitId ?? s.actor.unitId;
    if (!s.actor.unitIds.includes(unitId)) throw errors.invalidField('unitId', 'you can create users in your own unit only');
    const id = await insertUserInTrx(s.tx, { ...input, unitId }, s.now);
    s.audit({ action: 'create', recordType: 'user', recordId: id });
    return present((await findInUnit(s, id))!, s.now);
  },

  async update(s: Scope, id: string, patch: { version: number; displayName?: string; role?: Role; organisation?: string | null }): Promise<User> {
    s.requireRole('users.manage', { action: 'update', recordType: 'user', recordId: id });
    const current = await findInUnit(s, id);
    if (!current) s.refuse({ action: 'update', recordType: 'user', recordId: id });
    const r = await s.tx.query<UserRow>(
      `UPDATE users SET display_name = coalesce($3, display_name), role = coalesce($4, role),
         organisation = CASE WHEN $5::boolean THEN $6 ELSE organisation END, version = version + 1, updated_at = $7
       WHERE id = $1 AND version = $2 RETURNING ${COLUMNS}`,
      [id, patch.version, patch.displayName ?? null, patch.role ?? null, patch.organisation !== undefined, patch.organisation ?? null, s.now],
    );
    if (!r.rows[0]) throw errors.staleVersion(current.version);
    s.audit({ action: 'update', recordType: 'user', recordId: id });
    return present(r.rows[0], s.now);
  },

  /** Disabling ends the user's sessions at once. */
  async disable(s: Scope, id: string): Promise<User> {
    s.requireRole('users.manage', { action: 'update', recordType: 'user', recordId: id });
    const current = await findInUnit(s, id);
    if (!current) s.refuse({ action: 'update', recordType: 'user', recordId: id });
    if (id === s.actor.id) throw errors.conflict('You cannot disable your own account.');
    const r = await s.tx.query<UserRow>(
      `UPDATE users SET disabled_at = coalesce(disabled_at, $2), version = version + 1, updated_at = $2 WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, s.now],
    );
    await endSessionsOfUserInTrx(s.tx, id, s.now, 'disabled');
    s.audit({ action: 'update', recordType: 'user', recordId: id, criterion: 'disabled' });
    return present(r.rows[0]!, s.now);
  },

  /** The user enrols a new authenticator at next sign-in; recovery codes and sessions end now. */
  async resetSecondFactor(s: Scope, id: string): Promise<User> {
    s.requireRole('users.manage', { action: 'second_factor_reset', recordType: 'user', recordId: id });
    const current = await findInUnit(s, id);
    if (!current) s.refuse({ action: 'second_factor_reset', recordType: 'user', recordId: id });
    await resetSecondFactorInTrx(s.tx, id, s.now);
    s.audit({ action: 'second_factor_reset', recordType: 'user', recordId: id });
    return present((await findInUnit(s, id))!, s.now);
  },
};

export async function resetSecondFactorInTrx(tx: Queryable, id: string, now: Date): Promise<void> {
  await tx.query(
    `UPDATE users SET totp_secret_enc = NULL, totp_enabled_at = NULL, totp_last_step = NULL, failed_attempts = 0, locked_until = NULL,
       version = version + 1, updated_at = $2 WHERE id = $1`,
    [id, now],
  );
  await tx.query('DELETE FROM recovery_codes WHERE user_id = $1', [id]);
  await endSessionsOfUserInTrx(tx, id, now, 'second_factor_reset');
}

async function findInUnit(s: Scope, id: string): Promise<UserRow | undefined> {
  const r = await s.tx.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1 AND unit_id = ANY($2::uuid[])`, [id, s.actor.unitIds]);
  return r.rows[0];
}
