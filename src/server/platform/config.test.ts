import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('configuration', () => {
  it('has safe defaults for the embedded mode', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, DATA_DIR: './data', SESSION_IDLE_MINUTES: 15, SESSION_ABSOLUTE_HOURS: 12, secureCookies: false, oidcEnabled: false });
  });
  it('names each bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url' })).toThrow(/PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/);
  });
  it('requires a shared secret key in production with PostgreSQL', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x@h/db' })).toThrow(/VINK_SECRET_KEY/);
  });
  it('marks cookies Secure behind a TLS proxy and enables OIDC only when configured', () => {
    const c = loadConfig({ TRUST_PROXY: 'true', OIDC_ISSUER: 'https://idp.example/', OIDC_CLIENT_ID: 'vink' });
    expect(c.secureCookies).toBe(true);
    expect(c.oidcEnabled).toBe(true);
    expect(() => loadConfig({ OIDC_ISSUER: 'https://idp.example/' })).toThrow(/OIDC_CLIENT_ID/);
  });
});
