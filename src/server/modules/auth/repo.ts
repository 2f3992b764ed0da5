import { sharedRepository, systemRepository, type Scope, type SystemScope } from '../../access/scope.ts';
import type { AuditAction } from '../../audit/audit.ts';
import { randomToken, sha256 } from '../../platform/secrets.ts';
import type { Role } from '../../../shared/roles.ts';

/**
 * The auth module's repository: the only place where SQL on sessions, recovery_codes, oidc_flows and the users'
 * credential columns lives (docs/architecture.md, "Where SQL lives"). Sign-in runs before there is an actor, so it
 * is a system repository entered through runAsSystem(ctx, 'sign_in', ...). Session tokens are stored only as their
 * SHA-256 digest: a leaked sessions table does not let anyone sign in.
 */

export type Stage = 'second_factor' | 'enrolment' | 'active';
export type AuthMethod = 'password' | 'oidc';
/** Why a session ended, as recorded in sessions.end_reason. */
export type SessionEndReason = 'upgraded' | 'logout' | 'disabled' | 'idle_timeout' | 'absolute_timeout' | 'second_factor_reset';

export interface UserRow {
  id: string;
  unit_id: string;
  unit_name: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string | null;
  totp_secret_enc: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
  failed_attempts: number;
  locked_until: Date | null;
  disabled_at: Date | null;
  /** The role awaits a manager's or the DPO's approval: the account signs in to nothing (migration 0110). */
  role_pending: boolean;
}

export interface SessionRow {
  id: string;
  user_id: string;
  stage: Stage;
  auth_method: AuthMethod;
  csrf_token: string;
  pending_totp_secret_enc: string | null;
  created_at: Date;
  last_seen_at: Date;
  ended_at: Date | null;
}

export interface SessionView {
  token: string;
  csrfToken: string;
  stage: Stage;
}

export interface OidcFlow {
  state: string;
  nonce: string;
  code_verifier: string;
  created_at: Date;
}

const USER_COLUMNS = `u.id, u.unit_id, un.name AS unit_name, u.username, u.display_name, u.role, u.password_hash,
  u.totp_secret_enc, u.totp_enabled_at, u.totp_last_step::bigint AS totp_last_step, u.failed_attempts, u.locked_until, u.disabled_at, u.role_pending`;

/** A UserRow's fields; in the session check they come under a u_ prefix, beside the session's own columns. */
const USER_FIELDS = ['id', 'unit_id', 'unit_name', 'username', 'display_name', 'role', 'password_hash', 'totp_secret_enc', 'totp_enabled_at',
  'totp_last_step', 'failed_attempts', 'locked_until', 'disabled_at', 'role_pending'] as const satisfies readonly (keyof UserRow)[];
/** Every field of UserRow is read by the session check: a field added to UserRow but not here fails to compile. */
const USER_FIELDS_COMPLETE: [Exclude<keyof UserRow, (typeof USER_FIELDS)[number]>] extends [never] ? true : never = true;
void USER_FIELDS_COMPLETE;
const PREFIXED_USER_COLUMNS = USER_FIELDS.map((f) => f === 'unit_name' ? 'un.name AS u_unit_name'
  : f === 'totp_last_step' ? 'u.totp_last_step::bigint AS u_totp_last_step' : `u.${f} AS u_${f}`).join(', ');

/** A session and its user (with the unit's name) as one row: the session check of every request is one statement. */
const SESSION_OF = `SELECT s.id, s.user_id, s.stage, s.auth_method, s.csrf_token, s.pending_totp_secret_enc, s.created_at, s.last_seen_at,
    s.ended_at, ${PREFIXED_USER_COLUMNS}
  FROM sessions s LEFT JOIN users u ON u.id = s.user_id LEFT JOIN units un ON un.id = u.unit_id WHERE s.id = $1`;

/** Sign-in, second factor, sessions and the single sign-on flow, on the system path (no actor yet). */
export const authRepo = systemRepository((tx, s) => {
  /**
   * Every sign-in outcome is audited as the user it concerns (actor, role and unit of that user; all null when the
   * username is unknown), so the audit trail shows every attempt on an account.
   */
  const audit = (user: Pick<UserRow, 'id' | 'role' | 'unit_id'> | null, action: AuditAction, outcome: 'ok' | 'denied') =>
    s.audit(
      { action, outcome, recordType: 'user', recordId: user?.id ?? null },
      { actorId: user?.id ?? null, actorRole: user?.role ?? null, unitId: user?.unit_id ?? null, purpose: 'administration' },
    );

  const findUserById = async (id: string): Promise<UserRow | undefined> =>
    (await tx.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u JOIN units un ON un.id = u.unit_id WHERE u.id = $1`, [id])).rows[0];

  const openSession = async (userId: string, stage: Stage, method: AuthMethod): Promise<SessionView> => {
    const token = randomToken();
    const csrfToken = randomToken();
    await tx.query(
      `INSERT INTO sessions (id, user_id, stage, auth_method, csrf_token, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`,
      [sha256(token), userId, stage, method, csrfToken, s.now],
    );
    return { token, csrfToken, stage };
  };

  return {
    findUserById,
    openSession,

    async findUserByUsername(username: string): Promise<UserRow | undefined> {
      const r = await tx.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u JOIN units un ON un.id = u.unit_id WHERE u.username = $1`, [
        username.trim().toLowerCase(),
      ]);
      return r.rows[0];
    },

    async findUserByOidcSubject(subject: string): Promise<UserRow | undefined> {
      const r = await tx.query<{ id: string }>('SELECT id FROM users WHERE oidc_subject = $1', [subject]);
      return r.rows[0] ? findUserById(r.rows[0].id) : undefined;
    },

    /** Audits a refused sign-in that does not count towards the lockout (unknown user, locked or disabled account). */
    denied(user: UserRow | null): void {
      audit(user, 'sign_in_failed', 'denied');
    },

    /**
     * Locks the user's row until the transaction ends and returns its lock and disabled state as they are now. Every
     * sign-in decision (accept, count a failure, lock) is taken under this row lock, so a burst of parallel attempts
     * is decided one at a time: an attempt that finished checking its password after the account was locked sees the
     * lock (finding 10: the correct password answered 200 inside a parallel burst of wrong ones).
     */
    async lockUserRow(userId: string): Promise<{ locked_until: Date | null; disabled_at: Date | null } | undefined> {
      const r = await tx.query<{ locked_until: Date | null; disabled_at: Date | null }>(
        'SELECT locked_until, disabled_at FROM users WHERE id = $1 FOR UPDATE', [userId],
      );
      return r.rows[0];
    },

    /** Spends the user's one valid enrolment code with this digest; false when none matches (wrong, used, revoked or expired). */
    async takeEnrolmentCode(userId: string, digest: string): Promise<boolean> {
      const r = await tx.query(
        `UPDATE enrolment_codes SET used_at = $3
         WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $3 RETURNING id`,
        [userId, digest, s.now],
      );
      return r.rowCount > 0;
    },

    /**
     * Sets the password the user chose with their enrolment code, and clears any second factor so that the code always
     * leads to a fresh enrolment; audited as the user's own change.
     */
    async setOwnPassword(user: UserRow, passwordHash: string): Promise<void> {
      await tx.query(
        `UPDATE users SET password_hash = $2, totp_secret_enc = NULL, totp_enabled_at = NULL, totp_last_step = NULL, failed_attempts = 0,
           version = version + 1, updated_at = $3 WHERE id = $1`,
        [user.id, passwordHash, s.now],
      );
      await tx.query('DELETE FROM recovery_codes WHERE user_id = $1', [user.id]);
      s.audit(
        { action: 'update', outcome: 'ok', recordType: 'user', recordId: user.id, criterion: 'own password set with an enrolment code' },
        { actorId: user.id, actorRole: user.role, unitId: user.unit_id, purpose: 'administration' },
      );
    },

    /** Counts a failed attempt and locks the account for lockoutMinutes once maxFailures is reached; both audited. */
    async recordFailure(user: UserRow, maxFailures: number, lockoutMinutes: number): Promise<void> {
      const r = await tx.query<{ failed_attempts: number }>(
        'UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = $1 RETURNING failed_attempts',
        [user.id],
      );
      audit(user, 'sign_in_failed', 'denied');
      if ((r.rows[0]?.failed_attempts ?? 0) >= maxFailures) {
        const until = new Date(s.now.getTime() + lockoutMinutes * 60_000);
        await tx.query('UPDATE users SET failed_attempts = 0, locked_until = $2 WHERE id = $1', [user.id, until]);
        audit(user, 'account_locked', 'denied');
      }
    },

    /**
     * The session behind a cookie token (ended or not) and its user, in one statement (every request runs it; named,
     * so it is prepared once per connection).
     */
    async sessionOf(token: string): Promise<{ session: SessionRow; user: UserRow | undefined } | undefined> {
      const r = await tx.query<Record<string, unknown>>({ name: 'vink_session_of', text: SESSION_OF }, [sha256(token)]);
      const row = r.rows[0];
      if (!row) return undefined;
      const session = Object.fromEntries(Object.entries(row).filter(([k]) => !k.startsWith('u_'))) as unknown as SessionRow;
      const user = row.u_id === null ? undefined : Object.fromEntries(USER_FIELDS.map((f) => [f, row[`u_${f}`]])) as unknown as UserRow;
      return { session, user };
    },

    /** Keeps a new TOTP secret (sealed) on the pending session until the user confirms it with a first code. */
    async holdPendingSecret(sessionId: string, sealedSecret: string): Promise<void> {
      await tx.query('UPDATE sessions SET pending_totp_secret_enc = $2 WHERE id = $1', [sessionId, sealedSecret]);
    },

    /** Activates the user's second factor and replaces their recovery codes (stored as digests only). */
    async enableSecondFactor(userId: string, sealedSecret: string, step: number, recoveryDigests: string[]): Promise<void> {
      await tx.query(
        `UPDATE users SET totp_secret_enc = $2, totp_enabled_at = $3, totp_last_step = $4, failed_attempts = 0, locked_until = NULL,
           version = version + 1, updated_at = $3 WHERE id = $1`,
        [userId, sealedSecret, s.now, step],
      );
      await tx.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
      for (const digest of recoveryDigests) {
        await tx.query('INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)', [userId, digest]);
      }
    },

    /** Remembers the accepted TOTP time step so the same code cannot be replayed. */
    async acceptTotpStep(userId: string, step: number): Promise<void> {
      await tx.query('UPDATE users SET totp_last_step = $2 WHERE id = $1', [userId, step]);
    },

    /** Spends one unused recovery code; false when there is none with that digest. */
    async useRecoveryCode(userId: string, digest: string): Promise<boolean> {
      const used = await tx.query(
        'UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id',
        [userId, digest, s.now],
      );
      return used.rowCount > 0;
    },

    /** Ends the pending session and opens a fully signed-in one under a new token (no session fixation); audited. */
    async activate(pending: SessionRow, user: UserRow): Promise<SessionView> {
      await tx.query(`UPDATE sessions SET ended_at = $2, end_reason = 'upgraded' WHERE id = $1`, [pending.id, s.now]);
      await tx.query('UPDATE users SET failed_attempts = 0 WHERE id = $1', [user.id]);
      audit(user, 'sign_in', 'ok');
      return openSession(user.id, 'active', pending.auth_method);
    },

    /** Opens a signed-in session after single sign-on (the identity provider did the second factor); audited. */
    async signInBySso(user: UserRow): Promise<SessionView> {
      audit(user, 'sign_in', 'ok');
      return openSession(user.id, 'active', 'oidc');
    },

    async endSession(sessionId: string, reason: SessionEndReason): Promise<void> {
      await tx.query('UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE id = $1', [sessionId, s.now, reason]);
    },

    /** Slides the idle window of an active session (the service does it at most once a minute per session). */
    async touchSession(sessionId: string): Promise<void> {
      await tx.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1 AND ended_at IS NULL', [sessionId, s.now]);
    },

    async csrfTokenOf(token: string): Promise<string | null> {
      const r = await tx.query<{ csrf_token: string }>('SELECT csrf_token FROM sessions WHERE id = $1 AND ended_at IS NULL', [sha256(token)]);
      return r.rows[0]?.csrf_token ?? null;
    },

    /** Ends the session of a token if it is open, audited as its user's sign-out. */
    async logout(token: string): Promise<void> {
      const r = await tx.query<{ user_id: string }>(
        `UPDATE sessions SET ended_at = $2, end_reason = 'logout' WHERE id = $1 AND ended_at IS NULL RETURNING user_id`,
        [sha256(token), s.now],
      );
      const userId = r.rows[0]?.user_id;
      if (!userId) return;
      const user = await findUserById(userId);
      if (user) audit(user, 'sign_out', 'ok');
    },

    /** Stores a started single sign-on flow under the digest of its cookie id. */
    async startOidcFlow(flowId: string, flow: Omit<OidcFlow, 'created_at'>): Promise<void> {
      await tx.query('INSERT INTO oidc_flows (id, state, nonce, code_verifier, created_at) VALUES ($1, $2, $3, $4, $5)', [
        sha256(flowId), flow.state, flow.nonce, flow.code_verifier, s.now,
      ]);
    },

    /** Takes a started flow once: a second callback with the same cookie finds nothing. */
    async takeOidcFlow(flowId: string): Promise<OidcFlow | undefined> {
      const r = await tx.query<OidcFlow>(
        'UPDATE oidc_flows SET used_at = $2 WHERE id = $1 AND used_at IS NULL RETURNING state, nonce, code_verifier, created_at',
        [sha256(flowId), s.now],
      );
      return r.rows[0];
    },
  };
});

/** Session bookkeeping both paths need: an administrator's request and the CLI end a user's sessions. */
const sessionsRepo = sharedRepository((tx, s) => ({
  async endAllOf(userId: string, reason: SessionEndReason): Promise<void> {
    await tx.query('UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE user_id = $1 AND ended_at IS NULL', [userId, s.now, reason]);
  },
}));

/**
 * Ends every open session of a user at once, in the caller's transaction (an account disabled or its second factor
 * reset must not stay signed in anywhere).
 */
export function endSessionsOfUserInTrx(s: Scope | SystemScope, userId: string, reason: SessionEndReason): Promise<void> {
  return sessionsRepo(s).endAllOf(userId, reason);
}
