import QRCode from 'qrcode';
import type { AppContext } from '../../platform/context.ts';
import { readAsSystem, runAsSystem } from '../../access/scope.ts';
import type { Actor } from '../../access/actor.ts';
import { errors } from '../../platform/errors.ts';
import {
  burnPasswordCheck, checkTotp, enrolmentCodeDigest, hashPassword, newRecoveryCodes, newTotpSecret, recoveryCodeDigest, totpUri, verifyPassword,
} from './credentials.ts';
import { authRepo, type SessionRow, type SessionView, type Stage, type UserRow } from './repo.ts';

export type { SessionView } from './repo.ts';

export interface AuthenticatedSession {
  actor: Actor;
  csrfToken: string;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

const invalidCredentials = () => errors.unauthenticated('Wrong username or password, or the account cannot sign in.');
const awaitingApproval = () =>
  errors.forbidden('Your account\'s role is waiting for approval by a manager or the data protection officer. Sign in again once it is approved.');

/** A session's last_seen_at is written at most this often: a read is not a write on every request. */
export const SESSION_TOUCH_MS = 60_000;

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

  /** Sign-in's one entry to the data: a system transaction labelled 'sign_in' (there is no actor yet). */
  private signIn<T>(fn: (repo: ReturnType<typeof authRepo>) => Promise<T>): Promise<T> {
    return runAsSystem(this.ctx, 'sign_in', (s) => fn(authRepo(s)));
  }

  private isLocked(user: UserRow): boolean {
    return user.locked_until !== null && user.locked_until.getTime() > this.now().getTime();
  }

  /** Counts a failure and locks the account when the limit is reached. Committed even though sign-in fails. */
  private async recordFailure(user: UserRow): Promise<void> {
    const { LOGIN_MAX_FAILURES, LOGIN_LOCKOUT_MINUTES } = this.ctx.config;
    await this.signIn((repo) => repo.recordFailure(user, LOGIN_MAX_FAILURES, LOGIN_LOCKOUT_MINUTES));
  }

  /**
   * Step one: username and password. The answer never tells whether the username exists. An account without a
   * password (new, or reset by an administrator) signs in only with its enrolment code (enrolWithCode).
   * The decision is taken on the user's row locked FOR UPDATE, after the (slow) password check, so an attempt
   * racing a burst of wrong passwords sees the lock they set.
   */
  async login(username: string, password: string): Promise<SessionView> {
    const user = await this.signIn((repo) => repo.findUserByUsername(username));
    if (!user || !user.password_hash) {
      await burnPasswordCheck(password);
      await this.signIn(async (repo) => repo.denied(user ?? null));
      throw invalidCredentials();
    }
    const ok = await verifyPassword(user.password_hash, password);
    const { LOGIN_MAX_FAILURES, LOGIN_LOCKOUT_MINUTES } = this.ctx.config;
    const view = await this.signIn(async (repo) => {
      const now = await repo.lockUserRow(user.id);
      if (!ok) {
        await repo.recordFailure(user, LOGIN_MAX_FAILURES, LOGIN_LOCKOUT_MINUTES);
        return null;
      }
      if (!now || now.disabled_at || (now.locked_until && now.locked_until.getTime() > this.now().getTime())) {
        repo.denied(user);
        return null;
      }
      return repo.openSession(user.id, user.totp_enabled_at ? 'second_factor' : 'enrolment', 'password');
    });
    if (!view) throw invalidCredentials();
    return view;
  }

  /**
   * First sign-in, or the first after a reset: the one-time enrolment code the administrator handed over, and the
   * user's own new password. Leads to the enrolment of a new second factor. A wrong, used, revoked or expired code
   * answers exactly as a wrong password does (and counts towards the lockout), so nothing tells which part was wrong.
   */
  async enrolWithCode(username: string, code: string, password: string): Promise<SessionView> {
    const user = await this.signIn((repo) => repo.findUserByUsername(username));
    // Hashing the new password first keeps the time the same whether the username or the code was right.
    const passwordHash = await hashPassword(password);
    if (!user) {
      await this.signIn(async (repo) => repo.denied(null));
      throw invalidCredentials();
    }
    const digest = enrolmentCodeDigest(code);
    const { LOGIN_MAX_FAILURES, LOGIN_LOCKOUT_MINUTES } = this.ctx.config;
    const view = await this.signIn(async (repo) => {
      const now = await repo.lockUserRow(user.id);
      if (!now || now.disabled_at || (now.locked_until && now.locked_until.getTime() > this.now().getTime())) {
        repo.denied(user);
        return null;
      }
      if (!(await repo.takeEnrolmentCode(user.id, digest))) {
        await repo.recordFailure(user, LOGIN_MAX_FAILURES, LOGIN_LOCKOUT_MINUTES);
        return null;
      }
      await repo.setOwnPassword(user, passwordHash);
      return repo.openSession(user.id, 'enrolment', 'password');
    });
    if (!view) throw invalidCredentials();
    return view;
  }

  private async pendingSession(token: string | undefined, stage: Stage): Promise<{ session: SessionRow; user: UserRow }> {
    if (!token) throw errors.unauthenticated();
    const found = await this.signIn((repo) => repo.sessionOf(token));
    if (!found?.user || found.session.ended_at || found.session.stage !== stage) throw errors.unauthenticated();
    const { session, user } = found;
    // A half-finished sign-in lasts no longer than the idle timeout.
    if (this.now().getTime() - session.created_at.getTime() > this.ctx.config.SESSION_IDLE_MINUTES * 60_000) {
      throw errors.unauthenticated('The sign-in took too long. Start again.');
    }
    if (user.disabled_at || this.isLocked(user)) throw invalidCredentials();
    return { session, user };
  }

  /** Starts TOTP enrolment: a new secret, kept encrypted on the pending session until confirmed. */
  async startEnrolment(token: string | undefined): Promise<{ secret: string; otpauthUri: string; qrSvg: string }> {
    const { session, user } = await this.pendingSession(token, 'enrolment');
    const secret = newTotpSecret();
    await this.signIn((repo) => repo.holdPendingSecret(session.id, this.ctx.secretBox.seal(secret)));
    const otpauthUri = totpUri(secret, user.username);
    const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { secret, otpauthUri, qrSvg };
  }

  /** Confirms enrolment with a first code; activates the second factor and issues recovery codes once. */
  async confirmEnrolment(token: string | undefined, code: string): Promise<{ view: SessionView | null; recoveryCodes: string[] }> {
    const { session, user } = await this.pendingSession(token, 'enrolment');
    const sealed = session.pending_totp_secret_enc;
    if (!sealed) throw errors.conflict('Start the enrolment first.');
    const secret = this.ctx.secretBox.open(sealed);
    const step = await checkTotp(secret, code, this.now(), null);
    if (step === null) {
      await this.recordFailure(user);
      throw errors.invalidField('code', 'the code does not match; check the time on your phone and try the next code');
    }
    const recoveryCodes = newRecoveryCodes();
    const view = await this.signIn(async (repo) => {
      await repo.enableSecondFactor(user.id, sealed, step, recoveryCodes.map(recoveryCodeDigest));
      // Enrolled, but a role awaiting approval signs in to nothing: the half-finished session ends here.
      if (user.role_pending) {
        await repo.endSession(session.id, 'upgraded');
        repo.denied(user);
        return null;
      }
      return repo.activate(session, user);
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
        await this.signIn((repo) => repo.acceptTotpStep(user.id, step));
      }
    } else if (input.recoveryCode) {
      const digest = recoveryCodeDigest(input.recoveryCode);
      accepted = await this.signIn((repo) => repo.useRecoveryCode(user.id, digest));
    }
    if (!accepted) {
      await this.recordFailure(user);
      throw errors.unauthenticated('The code was not accepted.');
    }
    if (user.role_pending) {
      await this.signIn(async (repo) => {
        await repo.endSession(session.id, 'upgraded');
        repo.denied(user);
      });
      throw awaitingApproval();
    }
    // As for the password: the lock a parallel burst of wrong codes set is seen under the row lock.
    const view = await this.signIn(async (repo) => {
      const now = await repo.lockUserRow(user.id);
      if (!now || now.disabled_at || (now.locked_until && now.locked_until.getTime() > this.now().getTime())) {
        repo.denied(user);
        return null;
      }
      return repo.activate(session, user);
    });
    if (!view) throw invalidCredentials();
    return view;
  }

  /** Opens a signed-in session for a user identified by single sign-on (the identity provider did the second factor). */
  async signInWithOidcSubject(subject: string): Promise<SessionView> {
    const view = await this.signIn(async (repo) => {
      const user = await repo.findUserByOidcSubject(subject);
      if (!user || user.disabled_at || user.role_pending || this.isLocked(user)) {
        repo.denied(user ?? null);
        return null;
      }
      return repo.signInBySso(user);
    });
    if (!view) throw invalidCredentials();
    return view;
  }

  /**
   * Checks the session cookie of a request: one statement reads the session and its user. Ends sessions that passed
   * their idle or absolute limit, or whose user was disabled, and slides the idle window on success, writing the
   * session row at most once a minute (SESSION_TOUCH_MS): the idle limit counts from the last write, so a session
   * ends after at most SESSION_IDLE_MINUTES without a request and never later, and at most a minute earlier.
   */
  async authenticate(token: string | undefined): Promise<AuthenticatedSession> {
    if (!token) throw errors.unauthenticated();
    const { SESSION_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS } = this.ctx.config;
    const now = this.now();
    // The one statement of the common case, sent on its own (no transaction round trips).
    const found = await readAsSystem(this.ctx, 'sign_in', (s) => authRepo(s).sessionOf(token));
    if (!found || found.session.ended_at || found.session.stage !== 'active') throw errors.unauthenticated();
    const { session: s, user } = found;
    const idleEnd = s.last_seen_at.getTime() + SESSION_IDLE_MINUTES * 60_000;
    const absoluteEnd = s.created_at.getTime() + SESSION_ABSOLUTE_HOURS * 3_600_000;
    let reason: 'disabled' | 'absolute_timeout' | 'idle_timeout' | null = null;
    // An account whose role awaits approval has no session (defence in depth: a reset ends them all anyway).
    if (!user || user.disabled_at || user.role_pending) reason = 'disabled';
    else if (now.getTime() >= absoluteEnd) reason = 'absolute_timeout';
    else if (now.getTime() >= idleEnd) reason = 'idle_timeout';
    if (reason) {
      await this.signIn((repo) => repo.endSession(s.id, reason));
      throw errors.unauthenticated('Your session has ended. Sign in again.');
    }
    const touch = now.getTime() - s.last_seen_at.getTime() >= SESSION_TOUCH_MS;
    if (touch) await this.signIn((repo) => repo.touchSession(s.id));
    const lastSeen = touch ? now.getTime() : s.last_seen_at.getTime();
    const u = user!;
    return {
      actor: {
        id: u.id, role: u.role, username: u.username, displayName: u.display_name, unitId: u.unit_id, unitName: u.unit_name,
        unitIds: [u.unit_id], sessionId: s.id,
      },
      csrfToken: s.csrf_token,
      idleExpiresAt: new Date(Math.min(lastSeen + SESSION_IDLE_MINUTES * 60_000, absoluteEnd)),
      absoluteExpiresAt: new Date(absoluteEnd),
    };
  }

  /** Reads the CSRF token of a pending or active session (for the state-changing requests of the sign-in steps). */
  async csrfTokenOf(token: string | undefined): Promise<string | null> {
    if (!token) return null;
    return this.signIn((repo) => repo.csrfTokenOf(token));
  }

  async logout(token: string | undefined): Promise<void> {
    if (!token) return;
    await this.signIn((repo) => repo.logout(token));
  }
}
