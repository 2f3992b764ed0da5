import type { z } from 'zod';
import type {
  AuthConfig as AuthConfigSchema,
  Enrolment as EnrolmentSchema,
  EnrolmentConfirmed as EnrolmentConfirmedSchema,
  LoginResult as LoginResultSchema,
  Me as MeSchema,
  SignedIn as SignedInSchema,
} from '../../shared/contracts.ts';
import type { Role as RoleSchema } from '../../shared/roles.ts';
import { apiGet, apiPost, type ApiResponse } from './client.ts';

/** The auth API's wire types, inferred from the shared zod contracts (types only). */
export type Role = z.infer<typeof RoleSchema>;
export type Me = z.infer<typeof MeSchema>;
export type AuthConfig = z.infer<typeof AuthConfigSchema>;
export type LoginNext = z.infer<typeof LoginResultSchema>['next'];
export type EnrolmentSetup = z.infer<typeof EnrolmentSchema>;
type SignedInWire = z.infer<typeof SignedInSchema>;
type EnrolmentConfirmedWire = z.infer<typeof EnrolmentConfirmedSchema>;

/** The signed-in user and when the session ends, as local epoch ms (corrected for clock skew). */
export interface Session {
  user: Me;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
}

/** Where the browser goes to sign in with the municipality's identity provider. */
export const OIDC_START_PATH = '/api/v1/auth/oidc/start';

function toSession({ body, clockOffsetMs }: ApiResponse<SignedInWire>): Session {
  // A server timestamp minus the server's "now" is time left; add it to the local clock.
  const toLocal = (iso: string) => Date.parse(iso) - clockOffsetMs;
  return {
    user: body.user,
    idleExpiresAt: toLocal(body.session.idleExpiresAt),
    absoluteExpiresAt: toLocal(body.session.absoluteExpiresAt),
  };
}

export async function fetchAuthConfig(): Promise<AuthConfig> {
  return (await apiGet<AuthConfig>('/api/v1/auth/config')).body;
}

/** The current session; also counts as activity, so it moves the idle expiry. Throws ApiError 401 when signed out. */
export async function fetchSession(): Promise<Session> {
  return toSession(await apiGet<SignedInWire>('/api/v1/auth/me'));
}

export async function login(username: string, password: string): Promise<LoginNext> {
  return (await apiPost<z.infer<typeof LoginResultSchema>>('/api/v1/auth/login', { username, password })).body.next;
}

export async function startEnrolment(): Promise<EnrolmentSetup> {
  return (await apiPost<EnrolmentSetup>('/api/v1/auth/second-factor/enrolment')).body;
}

/** First sign-in with the administrator's one-time enrolment code and the user's own new password. */
export async function enrolWithCode(username: string, code: string, password: string): Promise<LoginNext> {
  return (await apiPost<z.infer<typeof LoginResultSchema>>('/api/v1/auth/enrolment-code', { username, code, password })).body.next;
}

/**
 * Confirms enrolment. session is null when the account's role awaits a manager's or the DPO's approval: the
 * recovery codes are issued, but there is no session yet.
 */
export async function confirmEnrolment(code: string): Promise<{ recoveryCodes: string[]; session: Session | null }> {
  const response = await apiPost<EnrolmentConfirmedWire>('/api/v1/auth/second-factor/enrolment/confirm', { code });
  const body = response.body;
  if ('awaitingApproval' in body) return { recoveryCodes: body.recoveryCodes, session: null };
  return { recoveryCodes: body.recoveryCodes, session: toSession({ ...response, body }) };
}

export async function verifySecondFactor(proof: { code: string } | { recoveryCode: string }): Promise<Session> {
  return toSession(await apiPost<SignedInWire>('/api/v1/auth/second-factor', proof));
}

export async function logout(): Promise<void> {
  await apiPost<undefined>('/api/v1/auth/logout');
}
