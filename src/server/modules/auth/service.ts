import QRCode from 'qrcode';
import type { AppContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db.ts';
import { systemTransaction } from '../../access/scope.ts';
import type { Actor } from '../../access/actor.ts';
import { appendAuditInTrx, type AuditEntry } from '../../audit/audit.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { randomToken, sha256 } from '../../platform/secrets.ts';
import type { Role } from '../../../shared/roles.ts';
import {
  burnPasswordCheck, checkTotp, newRecoveryCodes, newTotpSecret, recoveryCodeDigest, totpUri, verifyPassword,
} from './credentials.ts';

type Stage = 'second_factor' | 'enrolment' | 'active';

interface UserRow {
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
}

interface SessionRow {
  id: string;
  user_id: string;
  stage: Stage;
  auth_method: 'password' | 'oidc';
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

export interface AuthenticatedSession {
  actor: Actor;
  csrfToken: string;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

const invalidCredentials = () => errors.unauthenticated('Wrong username or password, or the account cannot sign in.');

const USER_COLUMNS = `u.id, u.unit_id, un.name AS unit_name, u.username, u.display_name, u.role, u.password_hash,
  u.totp_secret_enc, u.totp_enabled_at, u.totp_last_step::bigint AS totp_last_step, u.failed_attempts, u.locked_until, u.disabled_at`;

/**
 * Sign-in, second factor and sessions. Runs in system context (there is no actor yet); every outcome is audited.
 * Sessions: idle timeout and absolute lifetime from configuration, checked against the injected clock on every
 * request; the cookie token is rotated when a session becomes fully signed in (no fixation).
 */
export class AuthService {
  private readonly ctx: AppContext;
  constructor(ctx: AppContext) {
    this.ctx = ctx;
  }

  private now(): Date {
    return this.ctx.clock.now();
  }

  private async audit(tx: Queryable, user: Pick<UserRow, 'id' | 'role' | 'unit_id'> | null, entry: AuditEntry): Promise<void> {
    await appendAuditInTrx(
      tx,
      { at: this.now(), actorId: user?.id ?? null, actorRole: user?.role ?? null, unitId: user?.unit_id ?? null, purpose: 'administration' },
      [{ recordType: 'user', recordId: user?.id ?? null, ...entry }],
    );
  }

  private async findUserByUsername(tx: Queryable, username: string): Promise<UserRow | undefined> {
    const r = await tx.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u JOIN units un ON un.id = u.unit_id WHERE u.username = $1`, [
      username.trim().toLowerCase(),
    ]);
    return r.rows[0];
  }

  private async findUserById(tx: Queryable, id: string): Promise<UserRow | undefined> {
    const r = await tx.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u JOIN units un ON un.id = u.unit_id WHERE u.id = $1`, [id]);
    return r.rows[0];
  }

  private isLocked(user: UserRow): boolean {
    return user.locked_until !== null && user.locked_until.getTime() > this.now().getTime();
  }

  /** Counts a failure and locks the account when the limit is reached. Committed even though sign-in fails. */
  private async recordFailure(user: UserRow): Promise<void> {
    const { LOGIN_MAX_FAILURES, LOGIN_LOCKOUT_MINUTES } = this.ctx.config;
    await systemTransaction(this.ctx.db, async (tx) => {
      const r = await tx.query<{ failed_attempts: number }>(
        'UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = $1 RETURNING failed_attempts',
        [user.id],
      );
      await this.audit(tx, user, { action: 'sign_in_failed', outcome: 'denied' });
      if ((r.rows[0]?.failed_attempts ?? 0) >= LOGIN_MAX_FAILURES) {
        const until = new Date(this.now().getTime() + LOGIN_LOCKOUT_MINUTES * 60_000);
        await tx.query('UPDATE users SET failed_attempts = 0, locked_until = $2 WHERE id = $1', [user.id, until]);
        await this.audit(tx, user, { action: 'account_locked', outcome: 'denied' });
      }
    });
  }

  private async createSession(tx: Queryable, userId: string, stage: Stage, method: 'password' | 'oidc'): Promise<SessionView> {
    const token = randomToken();
    const csrfToken = randomToken();
    const now = this.now();
    await tx.query(
      `INSERT INTO sessions (id, user_id, stage, auth_method, csrf_token, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`,
      [sha256(token), userId, stage, method, csrfToken, now],
    );
    return { token, csrfToken, stage };
  }

  /** Step one: username and password. The answer never tells whether the username exists. */
  async login(username: string, password: string): Promise<SessionView> {
    const user = await systemTransaction(this.ctx.db, (tx) => this.findUserByUsername(tx, username));
    if (!user || !user.password_hash) {
      await burnPasswordCheck(password);
      await systemTransaction(this.ctx.db, (tx) => this.audit(tx, null, { action: 'sign_in_failed', outcome: 'denied' }));
      throw invalidCredentials();
    }
    const ok = await verifyPassword(user.password_hash, password);
    if (!ok || this.isLocked(user) || user.disabled_at) {
      if (!ok) await this.recordFailure(user);
      else await systemTransaction(this.ctx.db, (tx) => this.audit(tx, user, { action: 'sign_in_failed', outcome: 'denied' }));
      throw invalidCredentials();
    }
    return systemTransaction(this.ctx.db, (tx) =>
      this.createSession(tx, user.id, user.totp_enabled_at ? 'second_factor' : 'enrolment', 'password'),
    );
  }

  private async pendingSession(token: string | undefined, stage: Stage): Promise<{ session: SessionRow; user: UserRow }> {
    if (!token) throw errors.unauthenticated();
    const found = await systemTransaction(this.ctx.db, async (tx) => {
      const s = (await tx.query<SessionRow>('SELECT * FROM sessions WHERE id = $1', [sha256(token)])).rows[0];
      if (!s) return undefined;
      const u = await this.findUserById(tx, s.user_id);
      return u ? { session: s, user: u } : undefined;
    });
    if (!found || found.session.ended_at || found.session.stage !== stage) throw errors.unauthenticated();
    // A half-finished sign-in lasts no longer than the idle timeout.
    if (this.now().getTime() - found.session.created_at.getTime() > this.ctx.config.SESSION_IDLE_MINUTES * 60_000) {
      throw errors.unauthenticated('The sign-in took too long. Start again.');
    }
    if (found.user.disabled_at || this.isLocked(found.user)) throw invalidCredentials();
    return found;
  }

  /** Starts TOTP enrolment: a new secret, kept encrypted on the pending session until confirmed. */
  async startEnrolment(token: string | undefined): Promise<{ secret: string; otpauthUri: string; qrSvg: string }> {
    const { session, user } = await this.pendingSession(token, 'enrolment');
    const secret = newTotpSecret();
    await systemTransaction(this.ctx.db, (tx) =>
      tx.query('UPDATE sessions SET pending_totp_secret_enc = $2 WHERE id = $1', [session.id, this.ctx.secretBox.seal(secret)]),
    );
    const otpauthUri = totpUri(secret, user.username);
    const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { secret, otpauthUri, qrSvg };
  }

  /** Confirms enrolment with a first code; activates the second factor and issues recovery codes once. */
  async confirmEnrolment(token: string | undefined, code: string): Promise<{ view: SessionView; recoveryCodes: string[] }> {
    const { session, user } = await this.pendingSession(token, 'enrolment');
    if (!session.pending_totp_secret_enc) throw errors.conflict('Start the enrolment first.');
    const secret = this.ctx.secretBox.open(session.pending_totp_secret_enc);
    const step = await checkTotp(secret, code, this.now(), null);
    if (step === null) {
      await this.recordFailure(user);
      throw errors.invalidField('code', 'the code does not match; check the time on your phone and try the next code');
    }
    const recoveryCodes = newRecoveryCodes();
    const view = await systemTransaction(this.ctx.db, async (tx) => {
      await tx.query(
        `UPDATE users SET totp_secret_enc = $2, totp_enabled_at = $3, totp_last_step = $4, failed_attempts = 0, locked_until = NULL,
           version = version + 1, updated_at = $3 WHERE id = $1`,
        [user.id, session.pending_totp_secret_enc, this.now(), step],
      );
      await tx.query('DELETE FROM recovery_codes WHERE user_id = $1', [user.id]);
      for (const c of recoveryCodes) {
        await tx.query('INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)', [user.id, recoveryCodeDigest(c)]);
      }
      return this.activate(tx, session, user);
    });
    return { view, recoveryCodes };
  }

  /** Step two for an enrolled user: a TOTP code or one unused recovery code. */
  async verifySecondFactor(token: string | undefined, input: { code?: string; recoveryCode?: string }): Promise<SessionView> {
    const { session, user } = await this.pendingSession(token, 'second_factor');
    let accepted = false;
    if (input.code && user.totp_secret_enc) {
      const step = await checkTotp(this.ctx.secretBox.open(user.totp_secret_enc), input.code, this.now(), user.totp_last_step);
      if (step !== null) {
        accepted = true;
        await systemTransaction(this.ctx.db, (tx) => tx.query('UPDATE users SET totp_last_step = $2 WHERE id = $1', [user.id, step]));
      }
    } else if (input.recoveryCode) {
      const used = await systemTransaction(this.ctx.db, (tx) =>
        tx.query(
          'UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id',
          [user.id, recoveryCodeDigest(input.recoveryCode!), this.now()],
        ),
      );
      accepted = used.rowCount > 0;
    }
    if (!accepted) {
      await this.recordFailure(user);
      throw errors.unauthenticated('The code was not accepted.');
    }
    return systemTransaction(this.ctx.db, (tx) => this.activate(tx, session, user));
  }

  /** Ends the pending session and opens a fully signed-in one under a new token. */
  private async activate(tx: Queryable, pending: SessionRow, user: UserRow): Promise<SessionView> {
    await tx.query(`UPDATE sessions SET ended_at = $2, end_reason = 'upgraded' WHERE id = $1`, [pending.id, this.now()]);
    await tx.query('UPDATE users SET failed_attempts = 0 WHERE id = $1', [user.id]);
    await this.audit(tx, user, { action: 'sign_in', outcome: 'ok' });
    return this.createSession(tx, user.id, 'active', pending.auth_method);
  }

  /** Opens a signed-in session for a user identified by single sign-on (the identity provider did the second factor). */
  async signInWithOidcSubject(subject: string): Promise<SessionView> {
    return systemTransaction(this.ctx.db, async (tx) => {
      const r = await tx.query<{ id: string }>('SELECT id FROM users WHERE oidc_subject = $1', [subject]);
      const user = r.rows[0] ? await this.findUserById(tx, r.rows[0].id) : undefined;
      if (!user || user.disabled_at || this.isLocked(user)) {
        await this.audit(tx, user ?? null, { action: 'sign_in_failed', outcome: 'denied' });
        return null;
      }
      await this.audit(tx, user, { action: 'sign_in', outcome: 'ok' });
      return this.createSession(tx, user.id, 'active', 'oidc');
    }).then((v) => {
      if (!v) throw invalidCredentials();
      return v;
    });
  }

  /**
   * Checks the session cookie of a request. Ends sessions that passed their idle or absolute limit, or whose user
   * was disabled, and slides the idle window on success.
   */
  async authenticate(token: string | undefined): Promise<AuthenticatedSession> {
    if (!token) throw errors.unauthenticated();
    const { SESSION_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS } = this.ctx.config;
    const now = this.now();
    const result = await systemTransaction(this.ctx.db, async (tx) => {
      const s = (await tx.query<SessionRow>('SELECT * FROM sessions WHERE id = $1', [sha256(token)])).rows[0];
      if (!s || s.ended_at || s.stage !== 'active') return { error: errors.unauthenticated() };
      const user = await this.findUserById(tx, s.user_id);
      const idleEnd = s.last_seen_at.getTime() + SESSION_IDLE_MINUTES * 60_000;
      const absoluteEnd = s.created_at.getTime() + SESSION_ABSOLUTE_HOURS * 3_600_000;
      let reason: string | null = null;
      if (!user || user.disabled_at) reason = 'disabled';
      else if (now.getTime() >= absoluteEnd) reason = 'absolute_timeout';
      else if (now.getTime() >= idleEnd) reason = 'idle_timeout';
      if (reason) {
        await tx.query('UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE id = $1', [s.id, now, reason]);
        return { error: errors.unauthenticated('Your session has ended. Sign in again.') };
      }
      await tx.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1', [s.id, now]);
      const u = user!;
      return {
        value: {
          actor: {
            id: u.id, role: u.role, username: u.username, displayName: u.display_name, unitId: u.unit_id, unitName: u.unit_name,
            unitIds: [u.unit_id], sessionId: s.id,
          },
          csrfToken: s.csrf_token,
          idleExpiresAt: new Date(Math.min(now.getTime() + SESSION_IDLE_MINUTES * 60_000, absoluteEnd)),
          absoluteExpiresAt: new Date(absoluteEnd),
        } satisfies AuthenticatedSession,
      };
    });
    if ('error' in result) throw result.error as AppError;
    return result.value;
  }

  /** Reads the CSRF token of a pending or active session (for the state-changing requests of the sign-in steps). */
  async csrfTokenOf(token: string | undefined): Promise<string | null> {
    if (!token) return null;
    const r = await systemTransaction(this.ctx.db, (tx) =>
      tx.query<{ csrf_token: string }>('SELECT csrf_token FROM sessions WHERE id = $1 AND ended_at IS NULL', [sha256(token)]),
    );
    return r.rows[0]?.csrf_token ?? null;
  }

  async logout(token: string | undefined): Promise<void> {
    if (!token) return;
    await systemTransaction(this.ctx.db, async (tx) => {
      const r = await tx.query<{ user_id: string }>(
        `UPDATE sessions SET ended_at = $2, end_reason = 'logout' WHERE id = $1 AND ended_at IS NULL RETURNING user_id`,
        [sha256(token), this.now()],
      );
      const userId = r.rows[0]?.user_id;
      if (userId) {
        const user = await this.findUserById(tx, userId);
        if (user) await this.audit(tx, user, { action: 'sign_out', outcome: 'ok' });
      }
    });
  }
}

/** Ends every open session of a user at once (used when an account is disabled or its second factor reset). */
export async function endSessionsOfUserInTrx(tx: Queryable, userId: string, at: Date, reason: string): Promise<void> {
  await tx.query('UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE user_id = $1 AND ended_at IS NULL', [userId, at, reason]);
}
