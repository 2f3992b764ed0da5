import { apiGet, apiPost, type ApiResponse } from './client.ts';

// Types follow the auth API contract; replace with the zod contracts in src/shared once they exist.

export type Role =
  | 'adviser'
  | 'coordinator'
  | 'police_liaison'
  | 'partner'
  | 'mentor'
  | 'manager'
  | 'analyst'
  | 'dpo'
  | 'admin';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  unitName: string;
}

interface SessionWire {
  idleExpiresAt: string;
  absoluteExpiresAt: string;
}

interface SignedInWire {
  user: Me;
  csrfToken: string;
  session: SessionWire;
}

/** The signed-in user and when the session ends, as local epoch ms (corrected for clock skew). */
export interface Session {
  user: Me;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
}

export interface AuthConfig {
  oidc: { enabled: boolean; label: string };
}

export type LoginNext = 'second_factor' | 'enrolment';

export interface EnrolmentSetup {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
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
  return (await apiPost<{ next: LoginNext; csrfToken: string }>('/api/v1/auth/login', { username, password })).body
    .next;
}

export async function startEnrolment(): Promise<EnrolmentSetup> {
  return (await apiPost<EnrolmentSetup>('/api/v1/auth/second-factor/enrolment')).body;
}

export async function confirmEnrolment(code: string): Promise<{ recoveryCodes: string[]; session: Session }> {
  const response = await apiPost<SignedInWire & { recoveryCodes: string[] }>(
    '/api/v1/auth/second-factor/enrolment/confirm',
    { code },
  );
  return { recoveryCodes: response.body.recoveryCodes, session: toSession(response) };
}

export async function verifySecondFactor(proof: { code: string } | { recoveryCode: string }): Promise<Session> {
  return toSession(await apiPost<SignedInWire>('/api/v1/auth/second-factor', proof));
}

export async function logout(): Promise<void> {
  await apiPost<undefined>('/api/v1/auth/logout');
}
