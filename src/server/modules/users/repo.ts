import { repository, systemRepository, type Scope, type SystemScope } from '../../access/scope.ts';
import type { Queryable } from '../../platform/db.ts';
import { errors } from '../../platform/errors.ts';
import { endSessionsOfUserInTrx, hashPassword } from '../auth/index.ts';
import type { AuditAction } from '../../audit/audit.ts';
import type { Role } from '../../../shared/roles.ts';
import type { User } from '../../../shared/contracts.ts';

/**
 * The users module's repository: the only place where SQL on users (their administration) and units lives
 * (docs/architecture.md, "Where SQL lives"). Credentials and sessions belong to the auth module.
 */

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

export interface NewUnit {
  name: string;
  municipalityCode: string;
  policeDistrictId: number;
}

export interface UserPatch {
  version: number;
  displayName?: string;
  role?: Role;
  organisation?: string | null;
}

/**
 * Inserts a staff account in the caller's transaction. Shared by the administration routes, the CLI, the first-start
 * bootstrap and the tests' owner transactions (which is why it takes a raw transaction).
 */
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

/** Finds or creates a unit by municipality code; created tells which. */
async function ensureUnit(tx: Queryable, unit: NewUnit): Promise<{ id: string; created: boolean }> {
  const found = await tx.query<{ id: string }>('SELECT id FROM units WHERE municipality_code = $1', [unit.municipalityCode]);
  if (found.rows[0]) return { id: found.rows[0].id, created: false };
  const r = await tx.query<{ id: string }>('INSERT INTO units (name, municipality_code, police_district_id) VALUES ($1, $2, $3) RETURNING id', [
    unit.name, unit.municipalityCode, unit.policeDistrictId,
  ]);
  return { id: r.rows[0]!.id, created: true };
}

/** Finds or creates a unit by municipality code in the caller's transaction (bootstrap, CLI, demo data, tests). */
export async function ensureUnitInTrx(tx: Queryable, unit: NewUnit): Promise<string> {
  return (await ensureUnit(tx, unit)).id;
}

/**
 * Clears a user's second factor and recovery codes and ends their sessions: they enrol again at next sign-in.
 * units confines the change to those units (an administrator's request); false when no such user was changed.
 */
async function clearSecondFactor(tx: Queryable, s: Scope | SystemScope, id: string, units: string[] | null): Promise<boolean> {
  const r = await tx.query(
    `UPDATE users SET totp_secret_enc = NULL, totp_enabled_at = NULL, totp_last_step = NULL, failed_attempts = 0, locked_until = NULL,
       version = version + 1, updated_at = $2 WHERE id = $1 AND ($3::uuid[] IS NULL OR unit_id = ANY($3::uuid[]))`,
    [id, s.now, units],
  );
  if (r.rowCount === 0) return false;
  await tx.query('DELETE FROM recovery_codes WHERE user_id = $1', [id]);
  await endSessionsOfUserInTrx(s, id, 'second_factor_reset');
  return true;
}

/**
 * An administrator's request: staff accounts of their own unit(s) only. Every method checks the role
 * ('users.manage'), confines its SQL to the actor's units and audits what it did, so no caller can skip either.
 */
export const userRepo = repository((tx, s) => {
  const inUnit = async (id: string): Promise<UserRow | undefined> =>
    (await tx.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1 AND unit_id = ANY($2::uuid[])`, [id, s.actor.unitIds])).rows[0];
  const manage = (action: AuditAction, recordId?: string) =>
    s.requireRole('users.manage', { action, recordType: 'user', ...(recordId ? { recordId } : {}) });

  /**
   * The account if the administrator may act on it: a 403 (audited) without the role, an audited 404 for an
   * account outside their units, so other units' accounts do not show they exist.
   */
  const reachable = async (id: string, action: AuditAction): Promise<UserRow> => {
    manage(action, id);
    const row = await inUnit(id);
    if (!row) return s.refuse({ action, recordType: 'user', recordId: id });
    return row;
  };

  return {
    reachable,

    async list(): Promise<User[]> {
      manage('search');
      const r = await tx.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE unit_id = ANY($1::uuid[]) ORDER BY display_name`, [s.actor.unitIds]);
      s.audit({ action: 'search', recordType: 'user', criterion: 'all users of unit' });
      return r.rows.map((row) => present(row, s.now));
    },

    async get(id: string): Promise<User> {
      const row = await reachable(id, 'read');
      s.audit({ action: 'read', recordType: 'user', recordId: id });
      return present(row, s.now);
    },

    /** Creates an account in one of the administrator's own units (their own unit when none is given). */
    async create(input: NewUser): Promise<User> {
      manage('create');
      const unitId = input.unitId ?? s.actor.unitId;
      if (!s.actor.unitIds.includes(unitId)) throw errors.invalidField('unitId', 'you can create users in your own unit only');
      const id = await insertUserInTrx(tx, { ...input, unitId }, s.now);
      s.audit({ action: 'create', recordType: 'user', recordId: id });
      return present((await inUnit(id))!, s.now);
    },

    /** Applies a patch at the given version; null when the version is stale (or the account is not reachable). */
    async update(id: string, patch: UserPatch): Promise<User | null> {
      manage('update', id);
      const r = await tx.query<UserRow>(
        `UPDATE users SET display_name = coalesce($3, display_name), role = coalesce($4, role),
           organisation = CASE WHEN $5::boolean THEN $6 ELSE organisation END, version = version + 1, updated_at = $7
         WHERE id = $1 AND version = $2 AND unit_id = ANY($8::uuid[]) RETURNING ${COLUMNS}`,
        [id, patch.version, patch.displayName ?? null, patch.role ?? null, patch.organisation !== undefined, patch.organisation ?? null, s.now,
          s.actor.unitIds],
      );
      if (!r.rows[0]) return null;
      s.audit({ action: 'update', recordType: 'user', recordId: id });
      return present(r.rows[0], s.now);
    },

    /** Disables the account and ends its sessions at once. */
    async disable(id: string): Promise<User> {
      manage('update', id);
      const r = await tx.query<UserRow>(
        `UPDATE users SET disabled_at = coalesce(disabled_at, $2), version = version + 1, updated_at = $2
         WHERE id = $1 AND unit_id = ANY($3::uuid[]) RETURNING ${COLUMNS}`,
        [id, s.now, s.actor.unitIds],
      );
      const row = r.rows[0];
      if (!row) return s.refuse({ action: 'update', recordType: 'user', recordId: id });
      await endSessionsOfUserInTrx(s, id, 'disabled');
      s.audit({ action: 'update', recordType: 'user', recordId: id, criterion: 'disabled' });
      return present(row, s.now);
    },

    /** The user enrols a new authenticator at next sign-in; recovery codes and sessions end now. */
    async resetSecondFactor(id: string): Promise<User> {
      manage('second_factor_reset', id);
      if (!(await clearSecondFactor(tx, s, id, s.actor.unitIds))) s.refuse({ action: 'second_factor_reset', recordType: 'user', recordId: id });
      s.audit({ action: 'second_factor_reset', recordType: 'user', recordId: id });
      return present((await inUnit(id))!, s.now);
    },
  };
});

/** Units are not personal data; listing them is not audited. */
export const unitRepo = repository((tx, s) => ({
  async list() {
    s.requireRole('units.read', { action: 'search', recordType: 'unit' });
    const r = await tx.query<{ id: string; name: string; municipality_code: string; police_district: string }>(
      `SELECT u.id, u.name, u.municipality_code, d.name AS police_district FROM units u JOIN police_districts d ON d.id = u.police_district_id ORDER BY u.name`,
    );
    return r.rows.map((u) => ({ id: u.id, name: u.name, municipalityCode: u.municipality_code, policeDistrict: u.police_district }));
  },
}));

/**
 * Account administration on the system path (CLI, first-start bootstrap, demo loader). What the CLI does is audited
 * as 'system:cli' with purpose 'administration'; bootstrap and the demo loader write no audit rows, as before.
 */
export const userSystemRepo = systemRepository((tx, s) => {
  /** Audits an operator's change to an account or unit (the CLI only: other system callers pass audit false). */
  const audit = (action: AuditAction, recordType: 'user' | 'unit', recordId: string, unitId: string) =>
    s.audit({ action, outcome: 'ok', recordType, recordId }, { unitId, purpose: 'administration' });

  return {
    /** Finds or creates a unit; a created unit is audited when audit is set. */
    async ensureUnit(unit: NewUnit, opts: { audit: boolean }): Promise<string> {
      const { id, created } = await ensureUnit(tx, unit);
      if (created && opts.audit) audit('create', 'unit', id, id);
      return id;
    },

    /** A unit by municipality code, or the oldest unit when no code is given. */
    async findUnitId(municipalityCode: string | undefined): Promise<string | undefined> {
      const r = municipalityCode
        ? await tx.query<{ id: string }>('SELECT id FROM units WHERE municipality_code = $1', [municipalityCode])
        : await tx.query<{ id: string }>('SELECT id FROM units ORDER BY created_at LIMIT 1');
      return r.rows[0]?.id;
    },

    /**
     * Serialises first starts: two instances starting on an empty database must not both create an administrator.
     * Held until the transaction ends.
     */
    async lockFirstStart(): Promise<void> {
      await tx.query('SELECT pg_advisory_xact_lock(7357002)');
    },

    async anyUserExists(): Promise<boolean> {
      return (await tx.query('SELECT 1 FROM users LIMIT 1')).rowCount > 0;
    },

    /** Creates an account; audited as a 'create' of the user when audit is set. */
    async create(input: NewUser & { unitId: string }, opts: { audit: boolean }): Promise<string> {
      const id = await insertUserInTrx(tx, input, s.now);
      if (opts.audit) audit('create', 'user', id, input.unitId);
      return id;
    },

    /** Resets a user's second factor by username (audited); undefined when there is no such user. */
    async resetSecondFactor(username: string): Promise<string | undefined> {
      const r = await tx.query<{ id: string; unit_id: string }>('SELECT id, unit_id FROM users WHERE username = $1', [username.toLowerCase()]);
      const user = r.rows[0];
      if (!user) return undefined;
      await clearSecondFactor(tx, s, user.id, null);
      audit('second_factor_reset', 'user', user.id, user.unit_id);
      return user.id;
    },
  };
});
