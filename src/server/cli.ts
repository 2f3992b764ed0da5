import { parseArgs } from 'node:util';
import { createContext } from './platform/boot.ts';
import type { Database } from './platform/db.ts';
import type { Clock } from './platform/clock.ts';
import { runAsSystem } from './access/scope.ts';
import { userSystemRepo } from './modules/users/index.ts';
import { nationalSystemRepo } from './modules/national/index.ts';
import { auditAnchorKey, optionalAuditAnchorKey, readAnchorFiles, UNSEALED_ALARM_MS, verifyAuditTrail, type AnchorSet, type UnsealedState } from './audit/audit.ts';
import { runAuditSealer } from './jobs/audit-seal.ts';
import { writeAuditAnchor, type AnchorConfig } from './jobs/audit-anchor.ts';
import { loadDemoData } from './demo/demo.ts';
import { installReferencePlansInTrx } from './modules/plans/index.ts';
import { Username } from '../shared/contracts.ts';
import { runRetention, type RetentionRun } from './modules/retention/index.ts';
import { NATIONAL_ROLES, ROLES, Role } from '../shared/roles.ts';

const HELP = `VINK administration (npm run vink -- <command> [options])

  migrate                               apply database migrations
  create-unit --name N --code 101 --district 11 [--hotline NAME [--hotline-only]]
                                        add a municipality's prevention unit (police district 1-12), optionally as a
                                        member of a shared hotline (--hotline-only: it has no case work of its own)
  create-unit --national --name N       add the national centre's unit (for national_analyst, national_admin users;
                                        create them with create-user --unit national)
  hotline-member --unit 101 --hotline NAME [--hotline-only | --leave]
                                        put a unit in a shared hotline (or take it out)
  create-user --username U --role R --name "Full Name" [--unit 101|national] [--oidc-subject S]
                                        create a user; prints a one-time enrolment code (72 h) to hand over:
                                        the user sets their own password with it and enrols TOTP
                                        roles: ${ROLES.join(', ')}
  reset-2fa --username U                reset password and second factor; prints a new enrolment code
  verify-audit [--anchors FILE]...      seal committed audit rows, then verify the hash chain and its anchors (default:
                                        the AUDIT_ANCHOR_FILE); exit 1 listing every broken row and failed anchor, or
                                        when rows had waited over 60 s to be sealed (the sealer is not running)
  seal-audit                            link committed audit rows into the chain now (the scheduler does it each second)
  anchor-audit [--anchors FILE]         anchor the audit chain's sealed head now: append a signed line to the anchor file
  retention [--dry-run]                 run the retention schedule now (docs/retention.md): delete or anonymise what is
                                        past its period and write the receipts; --dry-run changes nothing and prints,
                                        per class, how many records would go in the next 30 days (counts only)
  demo-data                             load fictitious demo data
  reference-plans [--unit 101]          install the seeds' action plans 2016-17 and 2020-21 (targets, budgets)

Uses DATABASE_URL when set, else the embedded database in DATA_DIR (default ./data).`;

/** A mistake in the command line: reported without a stack trace, exit code 2. */
export class UsageError extends Error {}

/**
 * What the commands below need: the database and the clock (the full context in production, a test's in tests).
 * Each command is one system transaction labelled 'cli' (there is no signed-in actor). Changes to accounts and
 * units are audited as actor role 'system:cli' with purpose 'administration', so an operator's changes show in the
 * audit trail like an administrator's.
 */
export interface CliDeps {
  db: Database;
  clock: Clock;
}

/**
 * create-unit: adds a municipality's prevention unit, or finds it when its code exists already; with --hotline it
 * joins that shared hotline too (with case work, or --hotline-only without). With --national: the national centre's
 * unit (docs/domain.md, "The national view").
 */
export async function createUnitCommand(
  ctx: CliDeps, opts: { name?: string; code?: string; district?: string; national?: boolean; hotline?: string; 'hotline-only'?: boolean },
): Promise<string> {
  if (opts.national) {
    if (!opts.name) throw new UsageError('create-unit --national needs --name');
    if (opts.code || opts.district || opts.hotline) throw new UsageError('the national unit has no --code, --district or --hotline');
    const name = opts.name;
    return runAsSystem(ctx, 'cli', (s) => userSystemRepo(s).ensureNationalUnit(name, { audit: true }));
  }
  if (!opts.name || !opts.code || !opts.district) throw new UsageError('create-unit needs --name, --code and --district');
  if (!/^\d{3}$/.test(opts.code)) throw new UsageError('--code must be a 3-digit municipality code');
  const district = Number(opts.district);
  if (!Number.isInteger(district) || district < 1 || district > 12) throw new UsageError('--district must be 1-12');
  if (opts['hotline-only'] && !opts.hotline) throw new UsageError('--hotline-only needs --hotline');
  const unit = { name: opts.name, municipalityCode: opts.code, policeDistrictId: district };
  const hotline = opts.hotline;
  return runAsSystem(ctx, 'cli', async (s) => {
    const id = await userSystemRepo(s).ensureUnit(unit, { audit: true });
    if (hotline) await nationalSystemRepo(s).setHotlineMember(hotline, id, true, !opts['hotline-only']);
    return id;
  });
}

/** hotline-member: puts the unit with the given code in a shared hotline (created by name if new), or --leave. */
export async function hotlineMemberCommand(
  ctx: CliDeps, opts: { unit?: string; hotline?: string; 'hotline-only'?: boolean; leave?: boolean },
): Promise<boolean> {
  if (!opts.unit || !/^\d{3}$/.test(opts.unit)) throw new UsageError('hotline-member needs --unit with a 3-digit municipality code');
  if (!opts.hotline) throw new UsageError('hotline-member needs --hotline');
  if (opts.leave && opts['hotline-only']) throw new UsageError('--leave and --hotline-only exclude each other');
  const { unit, hotline } = opts;
  return runAsSystem(ctx, 'cli', async (s) => {
    const unitId = await userSystemRepo(s).findUnitId(unit);
    if (!unitId) throw new UsageError(`No unit with code ${unit}`);
    return nationalSystemRepo(s).setHotlineMember(hotline, unitId, !opts.leave, !opts['hotline-only']);
  });
}

/**
 * create-user: creates a staff account in the unit with the given municipality code (else the oldest unit). A local
 * account gets a one-time enrolment code, returned so it can be printed once; nobody chooses a password for someone
 * else (docs/security.md, "Role grants, four eyes and enrolment codes").
 */
export async function createUserCommand(
  ctx: CliDeps,
  opts: { username?: string; role?: string; name?: string; unit?: string; 'oidc-subject'?: string },
): Promise<{ id: string; username: string; enrolmentCode: string | undefined; expiresAt: Date | undefined }> {
  const username = Username.safeParse(opts.username);
  if (!username.success) throw new UsageError(`--username ${username.error.issues[0]?.message ?? 'is invalid'}`);
  const role = Role.safeParse(opts.role);
  if (!role.success) throw new UsageError(`--role must be one of: ${ROLES.join(', ')}`);
  const displayName = opts.name;
  if (!displayName) throw new UsageError('--name is required');
  const oidcSubject = opts['oidc-subject'];
  // The national roles sit in the national unit, and only they do (docs/domain.md, "The national view").
  if (NATIONAL_ROLES.includes(role.data) !== (opts.unit === 'national')) {
    throw new UsageError(`--role ${role.data} ${NATIONAL_ROLES.includes(role.data) ? 'needs --unit national' : 'belongs in a municipality\'s unit, not the national one'}`);
  }
  const { id, enrolment } = await runAsSystem(ctx, 'cli', async (s) => {
    const users = userSystemRepo(s);
    const unitId = await users.findUnitId(opts.unit);
    if (!unitId) throw new UsageError(opts.unit ? `No unit with code ${opts.unit}` : 'No unit exists yet; start VINK once or use create-unit');
    return users.create({ username: username.data, displayName, role: role.data, unitId, oidcSubject }, { audit: true });
  });
  return { id, username: username.data, enrolmentCode: enrolment?.code, expiresAt: enrolment?.expiresAt };
}

/**
 * reset-2fa: clears the user's password and second factor, ends their sessions and recovery codes, and returns a new
 * one-time enrolment code (none for a single sign-on account).
 */
export async function resetSecondFactorCommand(
  ctx: CliDeps, opts: { username?: string },
): Promise<{ id: string; enrolmentCode: string | undefined; expiresAt: Date | undefined }> {
  const username = opts.username;
  if (!username) throw new UsageError('--username is required');
  return runAsSystem(ctx, 'cli', async (s) => {
    const done = await userSystemRepo(s).resetSecondFactor(username);
    if (!done) throw new UsageError(`No user named ${username}`);
    return { id: done.id, enrolmentCode: done.enrolment?.code, expiresAt: done.enrolment?.expiresAt };
  });
}

/** reference-plans: installs the seeds' reference action plans in a unit; returns the keys installed now. */
export async function referencePlansCommand(ctx: CliDeps, opts: { unit?: string }): Promise<string[]> {
  return runAsSystem(ctx, 'cli', async (s) => {
    const unitId = await userSystemRepo(s).findUnitId(opts.unit);
    if (!unitId) throw new UsageError(opts.unit ? `No unit with code ${opts.unit}` : 'No unit exists yet; start VINK once or use create-unit');
    return installReferencePlansInTrx(s, unitId);
  });
}

/** Where a command writes its lines (the console, or a test's collector). */
export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

/**
 * verify-audit: walks the whole chain and checks it against every valid-signature anchor in the anchor files
 * (docs/security.md, "Verifying the audit trail"). Prints every broken row, every anchor the trail does not match and
 * every anchor line that is not a valid anchor; returns the exit code, 1 if anything was found.
 */
export async function verifyAuditCommand(ctx: CliDeps & { config: AnchorConfig }, opts: { anchors?: string[] }, out: CliOutput = console): Promise<number> {
  const files = opts.anchors?.length ? opts.anchors : ctx.config.auditAnchorFile ? [ctx.config.auditAnchorFile] : [];
  let anchors: AnchorSet | undefined;
  if (files.length) {
    anchors = readAnchorFiles(auditAnchorKey(ctx.config), files);
    if (opts.anchors?.length && anchors.missing.length) throw new UsageError(`No anchor file ${anchors.missing.join(', ')}`);
  }
  const r = await verifyAuditTrail(ctx.db, { anchors, now: ctx.clock.now(), checkpointKey: optionalAuditAnchorKey(ctx.config) });
  const alarm = unsealedAlarm(r.unsealed);
  if (alarm) out.error(alarm);
  for (const b of r.broken) out.error(`BROKEN row ${b.seq}: ${b.reason}`);
  for (const f of r.anchors.findings) out.error(`ANCHOR ${f.source}:${f.line}${f.seq !== null ? ` (row ${f.seq})` : ''}: ${f.reason}`);
  const latest = r.anchors.latest;
  if (latest) {
    out.log(`Checked against ${r.anchors.checked} anchor(s); the latest anchors row ${latest.seq} (${latest.count} rows) at ${latest.at}.`);
    if (r.anchors.unanchoredRows) out.log(`${r.anchors.unanchoredRows} row(s) after it are covered by the chain only, until the next anchor.`);
  } else {
    out.error(`WARNING: no valid audit anchor${files.length ? ` in ${files.join(', ')}` : ' (no anchor file configured)'}: only the chain's links were`
      + ' checked, which cannot show rows removed from its end or a chain re-hashed by the database owner.');
  }
  if (r.ok) {
    out.log(`Audit trail intact: ${r.checked} rows verified.`);
    return alarm ? 1 : 0;
  }
  out.error(`Audit trail BROKEN: ${r.broken.length} broken row(s), ${r.anchors.findings.length} anchor finding(s); ${r.checked} rows read.`);
  return 1;
}

/** The alarm line for rows that waited longer than the bound to be sealed, or null. */
function unsealedAlarm(u: UnsealedState): string | null {
  return u.overdue > 0
    ? `ALARM: ${u.overdue} audit row(s) had waited over ${UNSEALED_ALARM_MS / 1000} s to be sealed (oldest written at ${u.oldestAt}); `
      + 'is the scheduler\'s sealer running? They were sealed now and verified with the chain.'
    : null;
}

/** seal-audit: links every committed unsealed row into the chain now (docs/security.md, "The audit trail"). */
export async function sealAuditCommand(ctx: CliDeps, out: CliOutput = console): Promise<number> {
  const r = await runAuditSealer(ctx, 'cli');
  const alarm = unsealedAlarm(r.before);
  if (alarm) out.error(alarm);
  out.log(r.locked ? `Sealed ${r.sealed} audit row(s); another instance is sealing the rest.` : `Sealed ${r.sealed} audit row(s).`);
  return alarm ? 1 : 0;
}

/** anchor-audit: anchors the chain's head now, to the given file or the AUDIT_ANCHOR_FILE. */
export async function anchorAuditCommand(ctx: CliDeps & { config: AnchorConfig }, opts: { anchors?: string[] }, out: CliOutput = console): Promise<number> {
  if ((opts.anchors?.length ?? 0) > 1) throw new UsageError('anchor-audit writes to one --anchors file');
  const file = opts.anchors?.[0] ?? ctx.config.auditAnchorFile;
  if (!file) throw new UsageError('No anchor file: set AUDIT_ANCHOR_FILE or give --anchors FILE');
  const r = await writeAuditAnchor(ctx, { label: 'cli', file, force: true });
  if (r.written) out.log(`Audit chain anchored: row ${r.anchor.seq} (${r.anchor.count} rows, hash ${r.anchor.hash}) appended to ${r.file}.`);
  else out.log('Nothing to anchor: the audit trail is empty.');
  return 0;
}

/**
 * retention: runs the schedule now as the system actor 'cli' (docs/retention.md), or with --dry-run prints per class
 * what a run 30 days from now would take. Prints counts per record type only, never a record.
 */
export async function retentionCommand(ctx: CliDeps, opts: { 'dry-run'?: boolean }, out: CliOutput = console): Promise<number> {
  const r: RetentionRun = await runRetention(ctx, { trigger: 'cli', dryRun: opts['dry-run'] === true });
  if (!r.ran) {
    out.error('Another instance is running the retention job; try again in a moment.');
    return 1;
  }
  out.log(r.dryRun ? 'Dry run: nothing changed. Records past their period within the next 30 days, per class:' : 'Retention run done, per class:');
  for (const c of r.classes) {
    const counts = Object.entries(c.counts).map(([k, v]) => `${k}=${v}`).join(', ') || 'nothing';
    out.log(`  ${c.classKey} (${c.action} after ${c.periodMonths} months; cutoff ${c.cutoff}): ${counts}; held back by a legal hold: ${c.heldBack}`
      + (c.skipped ? ` [not run: ${c.skipped}]` : ''));
  }
  return 0;
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(HELP);
    return command ? 0 : 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      username: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, unit: { type: 'string' },
'oidc-subject': { type: 'string' }, code: { type: 'string' }, district: { type: 'string' },
      national: { type: 'boolean' }, hotline: { type: 'string' }, 'hotline-only': { type: 'boolean' }, leave: { type: 'boolean' },
      anchors: { type: 'string', multiple: true }, 'dry-run': { type: 'boolean' },
    },
    strict: true,
  });
  const ctx = await createContext();
  try {
    switch (command) {
      case 'migrate':
        console.log('Database is migrated.');
        return 0;
      case 'create-unit': {
        const id = await createUnitCommand(ctx, values);
        console.log(`Unit ${values.national ? values.name : values.code} ready (${id}).`);
        return 0;
      }
      case 'hotline-member': {
        const changed = await hotlineMemberCommand(ctx, values);
        console.log(changed ? `Hotline membership of unit ${values.unit} changed.` : `Nothing to change for unit ${values.unit}.`);
        return 0;
      }
      case 'create-user': {
        const user = await createUserCommand(ctx, values);
        console.log(user.enrolmentCode
          ? `User ${user.username} created. One-time enrolment code (shown once, valid until ${user.expiresAt!.toISOString()}): ${user.enrolmentCode}\n`
            + 'Hand it over separately; at first sign-in the user sets their own password with it and enrols an authenticator.'
          : `User ${user.username} created; they sign in with single sign-on.`);
        return 0;
      }
      case 'reset-2fa': {
        const done = await resetSecondFactorCommand(ctx, values);
        console.log(`Password and second factor of ${values.username} reset; sessions ended.`
          + (done.enrolmentCode ? ` New one-time enrolment code (shown once, valid until ${done.expiresAt!.toISOString()}): ${done.enrolmentCode}` : ''));
        return 0;
      }
      case 'verify-audit':
        return await verifyAuditCommand(ctx, values);
      case 'anchor-audit':
        return await anchorAuditCommand(ctx, values);
      case 'seal-audit':
        return await sealAuditCommand(ctx);
      case 'reference-plans': {
        const installed = await referencePlansCommand(ctx, values);
        console.log(installed.length ? `Installed reference plans: ${installed.join(', ')}.` : 'Reference plans were already installed.');
        return 0;
      }
      case 'retention':
        return await retentionCommand(ctx, values);
      case 'demo-data': {
        const s = await loadDemoData(ctx);
        console.log(`Demo data ready: ${s.cases} cases added. Demo users (password "${s.password}"): ${s.usernames.join(', ')}`);
        return 0;
      }
      default:
        throw new UsageError(`Unknown command "${command}". Run: npm run vink -- help`);
    }
  } finally {
    await ctx.db.close();
  }
}

// Run only as the program (npm run vink), not when a test imports the commands above.
if (import.meta.main) {
  run(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      console.error(`Error: ${err.message}`);
      process.exit(err instanceof UsageError ? 2 : 1);
    },
  );
}
