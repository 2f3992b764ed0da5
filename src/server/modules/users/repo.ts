import { repository, systemRepository, type Scope, type SystemScope } from '../../access/scope.ts';
import type { Queryable } from '../../platform/db.ts';
import { errors } from '../../platform/errors.ts';
import { endSessionsOfUserInTrx, hashPassword, newEnrolmentCode, enrolmentCodeDigest, ENROLMENT_CODE_HOURS } from '../auth/index.ts';
import type { AuditAction } from '../../audit/audit.ts';
import type { Role } from '../../../shared/roles.ts';
import type { RoleGrant, User } from '../../../shared/contracts.ts';
import { grantNeedsApproval } from '../../../shared/policy.ts';

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
  role_pending: boolean;
  oidc_subject: string | null;
  pending_role: Role | null;
  version: number;
}

const COLUMNS = `id, unit_id, username, display_name, role, organisation, totp_enabled_at, disabled_at, locked_until, role_pending,
  oidc_subject, (SELECT g.requested_role FROM role_grants g WHERE g.user_id = users.id AND g.status = 'requested') AS pending_role, version`;

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
    roleAwaitingApproval: row.role_pending,
    pendingRole: row.pending_role,
    version: row.version,
  };
}

/** A one-time enrolment code as issued: shown once to whoever issued it, stored only as its digest. */
export interface IssuedCode {
  code: string;
  expiresAt: Date;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  unitId?: string | undefined;
  organisation?: string | undefined;
  /** Only the owner paths (tests, the demo loader) set a password; administrators and the CLI issue a code. */
  password?: string | undefined;
  oidcSubject?: string | undefined;
  /** Why a role that needs approval is asked for. */
  reason?: string | undefined;
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
  reason?: string;
}

/**
 * Inserts a staff account in the caller's transaction. Shared by the administration routes, the CLI, the first-start
 * bootstrap and the tests' owner transactions (which is why it takes a raw transaction).
 */
export async function insertUserInTrx(
  tx: Queryable, input: NewUser & { unitId: string; rolePending?: boolean }, now: Date,
): Promise<string> {
  const exists = await tx.query('SELECT 1 FROM users WHERE username = $1 OR ($2::text IS NOT NULL AND oidc_subject = $2)', [
    input.username, input.oidcSubject ?? null,
  ]);
  if (exists.rowCount > 0) throw errors.conflict('A user with this username or single sign-on subject already exists.');
  const r = await tx.query<{ id: string }>(
    `INSERT INTO users (unit_id, username, display_name, role, organisation, oidc_subject, role_pending, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
    [input.unitId, input.username, input.displayName, input.role, input.organisation ?? null, input.oidcSubject ?? null, input.rolePending ?? false, now],
  );
  // Only the owner paths (tests, the demo loader) set a first password; the app role may not (migration 0110).
  if (input.password) await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [r.rows[0]!.id, await hashPassword(input.password)]);
  return r.rows[0]!.id;
}

/**
 * Issues a one-time enrolment code for a local account, revoking any earlier unused one. The code is returned to be
 * shown once; only its digest is stored.
 */
async function issueEnrolmentCode(tx: Queryable, userId: string, issuedBy: string | null, now: Date): Promise<IssuedCode> {
  const code = newEnrolmentCode();
  const expiresAt = new Date(now.getTime() + ENROLMENT_CODE_HOURS * 3_600_000);
  await tx.query('UPDATE enrolment_codes SET revoked_at = $2 WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL', [userId, now]);
  await tx.query('INSERT INTO enrolment_codes (user_id, code_hash, issued_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
    userId, enrolmentCodeDigest(code), issuedBy, now, expiresAt,
  ]);
  return { code, expiresAt };
}

type GrantKind = 'new_account' | 'role_change' | 'second_factor_reset';

/** Opens a role grant (status requested); the one-open-grant-per-account index refuses a second (caught by callers). */
async function requestGrant(
  tx: Queryable,
  g: { unitId: string; userId: string; previousRole: Role | null; requestedRole: Role; kind: GrantKind; reason: string; requestedBy: string | null },
  now: Date,
): Promise<string> {
  const r = await tx.query<{ id: string }>(
    `INSERT INTO role_grants (unit_id, user_id, previous_role, requested_role, kind, reason, requested_by, requested_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [g.unitId, g.userId, g.previousRole, g.requestedRole, g.kind, g.reason, g.requestedBy, now],
  );
  return r.rows[0]!.id;
}

async function hasOpenGrant(tx: Queryable, userId: string): Promise<boolean> {
  return (await tx.query(`SELECT 1 FROM role_grants WHERE user_id = $1 AND status = 'requested'`, [userId])).rowCount > 0;
}

/** The reason a role that needs approval must carry; a 400 naming the field without one. */
function requireReason(role: Role, reason: string | undefined): string | undefined {
  if (!grantNeedsApproval(role)) return undefined;
  if (!reason) throw errors.invalidField('reason', `is required: the role ${role} takes effect only when a manager or the DPO approves it`);
  return reason;
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
async function clearSecondFactor(
  tx: Queryable, s: Scope | SystemScope, id: string, units: string[] | null, requestedBy: string | null,
): Promise<{ code: IssuedCode | null; grantId: string | null } | null> {
  const found = await tx.query<{ unit_id: string; role: Role; oidc_subject: string | null }>(
    'SELECT unit_id, role, oidc_subject FROM users WHERE id = $1 AND ($2::uuid[] IS NULL OR unit_id = ANY($2::uuid[]))', [id, units],
  );
  const user = found.rows[0];
  if (!user) return null;
  // On the administrator's path a role that needs approval needs it again: whoever holds the new code must be
  // confirmed by a manager or the DPO, or the administrator could enrol the account themselves (docs/security.md).
  const reapprove = requestedBy !== null && grantNeedsApproval(user.role);
  await tx.query(
    `UPDATE users SET totp_secret_enc = NULL, totp_enabled_at = NULL, totp_last_step = NULL, failed_attempts = 0, locked_until = NULL,
       password_hash = NULL, role_pending = role_pending OR $3,
       version = version + 1, updated_at = $2 WHERE id = $1`,
    [id, s.now, reapprove],
  );
  await tx.query('DELETE FROM recovery_codes WHERE user_id = $1', [id]);
  await endSessionsOfUserInTrx(s, id, 'second_factor_reset');
  let grantId: string | null = null;
  if (reapprove && !(await hasOpenGrant(tx, id))) {
    grantId = await requestGrant(tx, {
      unitId: user.unit_id, userId: id, previousRole: user.role, requestedRole: user.role, kind: 'second_factor_reset',
      reason: 'second factor reset', requestedBy,
    }, s.now);
  }
  // Single sign-on accounts have no local password or second factor to enrol.
  const code = user.oidc_subject ? null : await issueEnrolmentCode(tx, id, requestedBy, s.now);
  return { code, grantId };
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
    async create(input: NewUser): Promise<User & { enrolment: IssuedCode | null }> {
      manage('create');
      const unitId = input.unitId ?? s.actor.unitId;
      if (!s.actor.unitIds.includes(unitId)) throw errors.invalidField('unitId', 'you can create users in your own unit only');
      const reason = requireReason(input.role, input.reason);
      const id = await insertUserInTrx(tx, { ...input, password: undefined, unitId, rolePending: reason !== undefined }, s.now);
      s.audit({ action: 'create', recordType: 'user', recordId: id, criterion: `role ${input.role}` });
      if (reason !== undefined) {
        const grantId = await requestGrant(tx, {
          unitId, userId: id, previousRole: null, requestedRole: input.role, kind: 'new_account', reason, requestedBy: s.actor.id,
        }, s.now);
        s.audit({ action: 'create', recordType: 'role_grant', recordId: grantId, criterion: `requested ${input.role} for a new account` });
      }
      const enrolment = input.oidcSubject ? null : await issueEnrolmentCode(tx, id, s.actor.id, s.now);
      return { ...present((await inUnit(id))!, s.now), enrolment };
    },

    /** Applies a patch at the given version; null when the version is stale (or the account is not reachable). */
    /**
     * A role that needs approval is not set here: it opens a role grant and the account keeps its role until a
     * manager or the DPO approves. Any other role takes effect at once (and releases an account awaiting approval).
     */
    async update(id: string, patch: UserPatch): Promise<User | null> {
      const current = await reachable(id, 'update');
      const changesRole = patch.role !== undefined && patch.role !== current.role;
      if (changesRole && id === s.actor.id) {
        s.refuse({ action: 'update', recordType: 'user', recordId: id, criterion: 'own role' }, errors.forbidden('No one may change their own role.'));
      }
      if (changesRole && current.pending_role) {
        throw errors.conflict('A role grant for this account is waiting for a decision; it must be decided or withdrawn first.');
      }
      const reason = changesRole ? requireReason(patch.role!, patch.reason) : undefined;
      const setRole = changesRole && reason === undefined ? patch.role! : null;
      const r = await tx.query<UserRow>(
        `UPDATE users SET display_name = coalesce($3, display_name), role = coalesce($4, role),
           role_pending = CASE WHEN $4::text IS NULL THEN role_pending ELSE false END,
           organisation = CASE WHEN $5::boolean THEN $6 ELSE organisation END, version = version + 1, updated_at = $7
         WHERE id = $1 AND version = $2 AND unit_id = ANY($8::uuid[]) RETURNING id`,
        [id, patch.version, patch.displayName ?? null, setRole, patch.organisation !== undefined, patch.organisation ?? null, s.now,
          s.actor.unitIds],
      );
      if (!r.rows[0]) return null;
      s.audit({ action: 'update', recordType: 'user', recordId: id, ...(setRole ? { criterion: `role ${current.role} -> ${setRole}` } : {}) });
      if (setRole) {
        // Recorded with the grants (approved, decided by no one), so managers and the DPO see every role change.
        const r2 = await tx.query<{ id: string }>(
          `INSERT INTO role_grants (unit_id, user_id, previous_role, requested_role, kind, reason, requested_by, requested_at, status, decided_at)
           VALUES ($1, $2, $3, $4, 'role_change', $5, $6, $7, 'approved', $7) RETURNING id`,
          [current.unit_id, id, current.role, setRole, patch.reason ?? 'role without case content', s.actor.id, s.now],
        );
        s.audit({ action: 'create', recordType: 'role_grant', recordId: r2.rows[0]!.id, criterion: `${current.role} -> ${setRole} without approval` });
      }
      if (reason !== undefined) {
        const grantId = await requestGrant(tx, {
          unitId: current.unit_id, userId: id, previousRole: current.role, requestedRole: patch.role!, kind: 'role_change', reason,
          requestedBy: s.actor.id,
        }, s.now);
        s.audit({ action: 'create', recordType: 'role_grant', recordId: grantId, criterion: `requested ${current.role} -> ${patch.role}` });
      }
      return present((await inUnit(id))!, s.now);
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
    async resetSecondFactor(id: string): Promise<User & { enrolment: IssuedCode | null }> {
      manage('second_factor_reset', id);
      const done = await clearSecondFactor(tx, s, id, s.actor.unitIds, s.actor.id);
      if (!done) return s.refuse({ action: 'second_factor_reset', recordType: 'user', recordId: id });
      s.audit({ action: 'second_factor_reset', recordType: 'user', recordId: id });
      if (done.grantId) s.audit({ action: 'create', recordType: 'role_grant', recordId: done.grantId, criterion: 'role confirmed again after a reset' });
      return { ...present((await inUnit(id))!, s.now), enrolment: done.code };
    },
  };
});

interface GrantRow {
  id: string;
  user_id: string;
  username: string;
  user_display_name: string;
  previous_role: Role | null;
  requested_role: Role;
  kind: GrantKind;
  reason: string;
  requested_by: string | null;
  requested_by_name: string | null;
  requested_at: Date;
  status: RoleGrant['status'];
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  note: string | null;
  version: number;
  unit_id: string;
}

const GRANT_SELECT = `SELECT g.id, g.unit_id, g.user_id, u.username, u.display_name AS user_display_name, g.previous_role, g.requested_role, g.kind,
  g.reason, g.requested_by, rb.display_name AS requested_by_name, g.requested_at, g.status, g.decided_by, db.display_name AS decided_by_name,
  g.decided_at, g.note, g.version
  FROM role_grants g JOIN users u ON u.id = g.user_id LEFT JOIN users rb ON rb.id = g.requested_by LEFT JOIN users db ON db.id = g.decided_by`;

function presentGrant(g: GrantRow): RoleGrant {
  return {
    id: g.id,
    user: { id: g.user_id, username: g.username, displayName: g.user_display_name },
    previousRole: g.previous_role,
    requestedRole: g.requested_role,
    kind: g.kind,
    reason: g.reason,
    requestedBy: g.requested_by ? { id: g.requested_by, displayName: g.requested_by_name ?? '' } : null,
    requestedAt: g.requested_at.toISOString(),
    status: g.status,
    decidedBy: g.decided_by ? { id: g.decided_by, displayName: g.decided_by_name ?? '' } : null,
    decidedAt: g.decided_at ? g.decided_at.toISOString() : null,
    note: g.note,
    version: g.version,
  };
}

/**
 * Role grants (four eyes, docs/security.md): administrators of the unit see them and withdraw their own; managers and
 * the DPO of the unit decide. Whoever asked, and whoever gets the role, never decides (also a CHECK and a trigger in
 * migration 0110). Every decision is audited.
 */
export const roleGrantRepo = repository((tx, s) => {
  const find = async (id: string): Promise<GrantRow | undefined> =>
    (await tx.query<GrantRow>(`${GRANT_SELECT} WHERE g.id = $1 AND g.unit_id = ANY($2::uuid[])`, [id, s.actor.unitIds])).rows[0];

  return {
    async list(status: RoleGrant['status'] | undefined): Promise<RoleGrant[]> {
      s.requireRole('role_grants.read', { action: 'search', recordType: 'role_grant' });
      const r = await tx.query<GrantRow>(
        `${GRANT_SELECT} WHERE g.unit_id = ANY($1::uuid[]) AND ($2::text IS NULL OR g.status = $2) ORDER BY g.requested_at DESC, g.id LIMIT 500`,
        [s.actor.unitIds, status ?? null],
      );
      s.audit({ action: 'search', recordType: 'role_grant', criterion: status ? `status ${status}` : 'all' });
      return r.rows.map(presentGrant);
    },

    /** Approves or rejects an open grant at the given version; an approval gives the account its role at once. */
    async decide(id: string, decision: 'approved' | 'rejected', version: number, note: string | undefined): Promise<RoleGrant> {
      const entry = { action: 'update' as const, recordType: 'role_grant', recordId: id };
      s.requireRole('role_grants.decide', entry);
      const g = await find(id);
      if (!g) return s.refuse(entry);
      if (g.requested_by === s.actor.id || g.user_id === s.actor.id) {
        s.refuse({ ...entry, criterion: 'own request or own account' },
          errors.forbidden('A role grant is decided by someone other than the one who asked and the one who gets the role.'));
      }
      if (g.status !== 'requested') throw errors.conflict(`This role grant was already ${g.status}.`, { current: g.status, allowed: [] });
      const r = await tx.query(
        `UPDATE role_grants SET status = $3, decided_by = $4, decided_at = $5, note = $6, version = version + 1
         WHERE id = $1 AND version = $2 AND status = 'requested' RETURNING id`,
        [id, version, decision, s.actor.id, s.now, note ?? null],
      );
      if (r.rowCount === 0) throw errors.staleVersion(g.version);
      if (decision === 'approved') await tx.query('SELECT vink_apply_role_grant($1, $2)', [id, s.now]);
      s.audit({ ...entry, criterion: `${decision}: ${g.previous_role ?? 'new account'} -> ${g.requested_role}` });
      return presentGrant((await find(id))!);
    },

    /** The administrator who asked takes the request back. */
    async withdraw(id: string, version: number): Promise<RoleGrant> {
      const entry = { action: 'update' as const, recordType: 'role_grant', recordId: id };
      s.requireRole('users.manage', entry);
      const g = await find(id);
      if (!g) return s.refuse(entry);
      if (g.requested_by !== s.actor.id) s.refuse(entry, errors.forbidden('Only the one who asked may withdraw a role grant.'));
      if (g.status !== 'requested') throw errors.conflict(`This role grant was already ${g.status}.`, { current: g.status, allowed: [] });
      const r = await tx.query(
        `UPDATE role_grants SET status = 'withdrawn', decided_by = $3, decided_at = $4, version = version + 1
         WHERE id = $1 AND version = $2 AND status = 'requested' RETURNING id`,
        [id, version, s.actor.id, s.now],
      );
      if (r.rowCount === 0) throw errors.staleVersion(g.version);
      s.audit({ ...entry, criterion: 'withdrawn' });
      return presentGrant((await find(id))!);
    },

    /** How many grants wait for a decision in the actor's units (the nav badge and the start page). */
    async countOpen(): Promise<number> {
      s.requireRole('role_grants.read', { action: 'search', recordType: 'role_grant' });
      const r = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM role_grants WHERE unit_id = ANY($1::uuid[]) AND status = 'requested'`, [s.actor.unitIds],
      );
      return r.rows[0]!.n;
    },
  };
});

/** Units are not personal data; listing them is not audited. */
export const unitRepo = repository((tx, s) => ({
  async list() {
    s.requireRole('units.read', { action: 'search', recordType: 'unit' });
    const r = await tx.query<{ id: string; name: string; municipality_code: string; police_district: string }>(
      // The municipalities' units only: the national unit (migration 0370) does no case work and takes no transfer.
      `SELECT u.id, u.name, u.municipality_code, d.name AS police_district FROM units u JOIN police_districts d ON d.id = u.police_district_id
        WHERE u.kind = 'municipality' ORDER BY u.name`,
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

    /**
     * Finds or creates the national centre's unit by name (docs/domain.md, "The national view"): no municipality, no
     * police district; a created one is audited when audit is set.
     */
    async ensureNationalUnit(name: string, opts: { audit: boolean }): Promise<string> {
      const found = await tx.query<{ id: string }>(`SELECT id FROM units WHERE kind = 'national' AND name = $1`, [name]);
      if (found.rows[0]) return found.rows[0].id;
      const r = await tx.query<{ id: string }>(`INSERT INTO units (name, kind) VALUES ($1, 'national') RETURNING id`, [name]);
      if (opts.audit) audit('create', 'unit', r.rows[0]!.id, r.rows[0]!.id);
      return r.rows[0]!.id;
    },

    /**
     * A unit by municipality code ('national': the national unit), or the oldest municipality's unit when no code is
     * given.
     */
    async findUnitId(municipalityCode: string | undefined): Promise<string | undefined> {
      const r = municipalityCode === 'national'
        ? await tx.query<{ id: string }>(`SELECT id FROM units WHERE kind = 'national' ORDER BY created_at LIMIT 1`)
        : municipalityCode
        ? await tx.query<{ id: string }>('SELECT id FROM units WHERE municipality_code = $1', [municipalityCode])
        : await tx.query<{ id: string }>(`SELECT id FROM units WHERE kind = 'municipality' ORDER BY created_at LIMIT 1`);
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

    /**
     * Creates an account with a one-time enrolment code (none for single sign-on); audited as a 'create' of the user
     * when audit is set. The operator's path: the role takes effect at once (docs/security.md, "Role grants").
     */
    async create(input: Omit<NewUser, 'password'> & { unitId: string }, opts: { audit: boolean }): Promise<{ id: string; enrolment: IssuedCode | null }> {
      const id = await insertUserInTrx(tx, input, s.now);
      if (opts.audit) audit('create', 'user', id, input.unitId);
      const enrolment = input.oidcSubject ? null : await issueEnrolmentCode(tx, id, null, s.now);
      return { id, enrolment };
    },

    /**
     * Resets a user's password and second factor by username and issues a new enrolment code (audited); undefined
     * when there is no such user.
     */
    async resetSecondFactor(username: string): Promise<{ id: string; enrolment: IssuedCode | null } | undefined> {
      const r = await tx.query<{ id: string; unit_id: string }>('SELECT id, unit_id FROM users WHERE username = $1', [username.toLowerCase()]);
      const user = r.rows[0];
      if (!user) return undefined;
      const done = await clearSecondFactor(tx, s, user.id, null, null);
      audit('second_factor_reset', 'user', user.id, user.unit_id);
      return { id: user.id, enrolment: done?.code ?? null };
    },
  };
});
