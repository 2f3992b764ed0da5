import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from './helpers/db.ts';
import { systemTransaction } from './helpers/sql.ts';
import { migrate } from '../src/server/platform/migrate.ts';
import { FakeClock } from '../src/server/platform/clock.ts';
import type { Database } from '../src/server/platform/db.ts';
import { verifyAuditChain } from '../src/server/audit/audit.ts';
import { createUnitCommand, createUserCommand, resetSecondFactorCommand, UsageError } from '../src/server/cli.ts';

/**
 * The operator's CLI changes accounts outside any request, so its changes must show in the audit trail as the
 * CLI's: actor role 'system:cli', no actor id, purpose 'administration', the record named.
 */
let db: Database;
let drop: () => Promise<void>;
const clock = new FakeClock('2026-03-02T09:00:00Z');
const ctx = () => ({ db, clock });

interface AuditRow {
  actor_id: string | null;
  actor_role: string | null;
  unit_id: string | null;
  action: string;
  outcome: string;
  record_type: string | null;
  record_id: string | null;
  purpose: string | null;
}
const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> =>
  (await systemTransaction(db, (tx) => tx.query<T>(text, params))).rows;
const auditCount = async () => (await sql<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))[0]!.n;
const lastAudit = async () =>
  (await sql<AuditRow>('SELECT actor_id, actor_role, unit_id, action, outcome, record_type, record_id, purpose FROM audit_log ORDER BY seq DESC LIMIT 1'))[0];

beforeAll(async () => {
  ({ db, drop } = await freshDatabase());
  await migrate(db);
});
afterAll(async () => {
  await drop?.();
});

describe('CLI commands write audit rows', () => {
  let unitId: string;

  it('create-unit audits a created unit, and a second run for the same code writes nothing', async () => {
    const before = await auditCount();
    unitId = await createUnitCommand(ctx(), { name: 'Testkommune', code: '101', district: '11' });
    expect(await auditCount()).toBe(before + 1);
    expect(await lastAudit()).toEqual({
      actor_id: null, actor_role: 'system:cli', unit_id: unitId, action: 'create', outcome: 'ok', record_type: 'unit', record_id: unitId,
      purpose: 'administration',
    });
    expect(await createUnitCommand(ctx(), { name: 'Testkommune', code: '101', district: '11' })).toBe(unitId);
    expect(await auditCount()).toBe(before + 1);
  });

  it('create-user audits the new account as a create by the CLI', async () => {
    const before = await auditCount();
    const user = await createUserCommand(ctx(), { username: 'cli.adviser', role: 'adviser', name: 'CLI Adviser', unit: '101' });
    expect(user.enrolmentCode).toMatch(/^[a-z1-9]{4}(-[a-z1-9]{4}){3}$/);
    expect(await auditCount()).toBe(before + 1);
    expect(await lastAudit()).toEqual({
      actor_id: null, actor_role: 'system:cli', unit_id: unitId, action: 'create', outcome: 'ok', record_type: 'user', record_id: user.id,
      purpose: 'administration',
    });
    const [row] = await sql<{ username: string; role: string; unit_id: string }>('SELECT username, role, unit_id FROM users WHERE id = $1', [user.id]);
    expect(row).toEqual({ username: 'cli.adviser', role: 'adviser', unit_id: unitId });
  });

  it('a refused create-user creates nothing and audits nothing', async () => {
    const before = await auditCount();
    await expect(createUserCommand(ctx(), { username: 'cli.nobody', role: 'adviser', name: 'Nobody', unit: '999' }))
      .rejects.toBeInstanceOf(UsageError);
    await expect(createUserCommand(ctx(), { username: 'cli.adviser', role: 'adviser', name: 'Again', unit: '101' }))
      .rejects.toThrow(/already exists/);
    expect(await auditCount()).toBe(before);
    expect(await sql('SELECT 1 FROM users WHERE username = $1', ['cli.nobody'])).toHaveLength(0);
  });

  it('reset-2fa audits the reset and ends the user\'s sessions', async () => {
    const [user] = await sql<{ id: string }>('SELECT id FROM users WHERE username = $1', ['cli.adviser']);
    await sql(`INSERT INTO sessions (id, user_id, stage, auth_method, csrf_token, created_at, last_seen_at) VALUES ('cli-test-session', $1, 'active', 'password', 'x', $2, $2)`,
      [user!.id, clock.now()]);
    const before = await auditCount();
    expect((await resetSecondFactorCommand(ctx(), { username: 'CLI.Adviser' })).id).toBe(user!.id);
    expect(await auditCount()).toBe(before + 1);
    expect(await lastAudit()).toEqual({
      actor_id: null, actor_role: 'system:cli', unit_id: unitId, action: 'second_factor_reset', outcome: 'ok', record_type: 'user',
      record_id: user!.id, purpose: 'administration',
    });
    const [session] = await sql<{ end_reason: string }>(`SELECT end_reason FROM sessions WHERE id = 'cli-test-session'`);
    expect(session!.end_reason).toBe('second_factor_reset');
    await expect(resetSecondFactorCommand(ctx(), { username: 'nobody.here' })).rejects.toBeInstanceOf(UsageError);
    expect(await auditCount()).toBe(before + 1);
  });

  it('keeps the audit chain intact', async () => {
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
