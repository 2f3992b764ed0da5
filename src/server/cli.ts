import { parseArgs } from 'node:util';
import { createContext } from './platform/boot.ts';
import { systemTransaction } from './access/scope.ts';
import { insertUserInTrx, resetSecondFactorInTrx } from './modules/users/service.ts';
import { ensureUnitInTrx } from './modules/users/units.ts';
import { verifyAuditChain, appendAuditInTrx } from './audit/audit.ts';
import { generatePassword } from './bootstrap.ts';
import { loadDemoData } from './demo/demo.ts';
import { installReferencePlans } from './modules/plans/index.ts';
import { Username } from '../shared/contracts.ts';
import { ROLES, Role } from '../shared/roles.ts';

const HELP = `VINK administration (npm run vink -- <command> [options])

  migrate                               apply database migrations
  create-unit --name N --code 101 --district 11
                                        add a municipality's prevention unit (police district 1-12)
  create-user --username U --role R --name "Full Name" [--unit 101] [--password P] [--oidc-subject S]
                                        create a user; prints a generated password when none is given
                                        roles: ${ROLES.join(', ')}
  reset-2fa --username U                the user enrols a new authenticator at next sign-in
  verify-audit                          verify the audit trail's hash chain; exit 1 naming the first broken row
  demo-data                             load fictitious demo data
  reference-plans [--unit 101]          install the seeds' action plans 2016-17 and 2020-21 (targets, budgets)

Uses DATABASE_URL when set, else the embedded database in DATA_DIR (default ./data).`;

class UsageError extends Error {}

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
      password: { type: 'string' }, 'oidc-subject': { type: 'string' }, code: { type: 'string' }, district: { type: 'string' },
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
        if (!values.name || !values.code || !values.district) throw new UsageError('create-unit needs --name, --code and --district');
        if (!/^\d{3}$/.test(values.code)) throw new UsageError('--code must be a 3-digit municipality code');
        const district = Number(values.district);
        if (!Number.isInteger(district) || district < 1 || district > 12) throw new UsageError('--district must be 1-12');
        const id = await systemTransaction(ctx.db, (tx) => ensureUnitInTrx(tx, { name: values.name!, municipalityCode: values.code!, policeDistrictId: district }));
        console.log(`Unit ${values.code} ready (${id}).`);
        return 0;
      }
      case 'create-user': {
        const username = Username.safeParse(values.username);
        if (!username.success) throw new UsageError(`--username ${username.error.issues[0]?.message ?? 'is invalid'}`);
        const role = Role.safeParse(values.role);
        if (!role.success) throw new UsageError(`--role must be one of: ${ROLES.join(', ')}`);
        if (!values.name) throw new UsageError('--name is required');
        if (values.password && values.password.length < 12) throw new UsageError('--password must be at least 12 characters');
        const password = values.password ?? (values['oidc-subject'] ? undefined : generatePassword());
        await systemTransaction(ctx.db, async (tx) => {
          const unit = await tx.query<{ id: string }>(
            values.unit ? 'SELECT id FROM units WHERE municipality_code = $1' : 'SELECT id FROM units ORDER BY created_at LIMIT 1',
            values.unit ? [values.unit] : [],
          );
          if (!unit.rows[0]) throw new UsageError(values.unit ? `No unit with code ${values.unit}` : 'No unit exists yet; start VINK once or use create-unit');
          await insertUserInTrx(tx, { username: username.data, displayName: values.name!, role: role.data, unitId: unit.rows[0].id, password, oidcSubject: values['oidc-subject'] }, ctx.clock.now());
        });
        console.log(`User ${username.data} created${password && !values.password ? ` with password: ${password}` : ''}. A second factor is enrolled at first sign-in.`);
        return 0;
      }
      case 'reset-2fa': {
        if (!values.username) throw new UsageError('--username is required');
        await systemTransaction(ctx.db, async (tx) => {
          const u = await tx.query<{ id: string; role: string; unit_id: string }>('SELECT id, role, unit_id FROM users WHERE username = $1', [values.username!.toLowerCase()]);
          const user = u.rows[0];
          if (!user) throw new UsageError(`No user named ${values.username}`);
          const now = ctx.clock.now();
          await resetSecondFactorInTrx(tx, user.id, now);
          await appendAuditInTrx(tx, { at: now, actorId: null, actorRole: 'cli', unitId: user.unit_id, purpose: 'administration' }, [
            { action: 'second_factor_reset', outcome: 'ok', recordType: 'user', recordId: user.id },
          ]);
        });
        console.log(`Second factor of ${values.username} reset; sessions ended. They enrol again at next sign-in.`);
        return 0;
      }
      case 'verify-audit': {
        const result = await verifyAuditChain(ctx.db);
        if (result.ok) {
          console.log(`Audit chain intact: ${result.checked} rows verified.`);
          return 0;
        }
        console.error(`Audit chain BROKEN at row ${result.firstBroken!.seq}: ${result.firstBroken!.reason} (${result.checked} rows before it verified).`);
        return 1;
      }
      case 'reference-plans': {
        const installed = await systemTransaction(ctx.db, async (tx) => {
          const unit = await tx.query<{ id: string }>(
            values.unit ? 'SELECT id FROM units WHERE municipality_code = $1' : 'SELECT id FROM units ORDER BY created_at LIMIT 1',
            values.unit ? [values.unit] : [],
          );
          if (!unit.rows[0]) throw new UsageError(values.unit ? `No unit with code ${values.unit}` : 'No unit exists yet; start VINK once or use create-unit');
          return installReferencePlans(tx, unit.rows[0].id, ctx.clock.now());
        });
        console.log(installed.length ? `Installed reference plans: ${installed.join(', ')}.` : 'Reference plans were already installed.');
        return 0;
      }
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

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err instanceof UsageError ? `Error: ${err.message}` : `Error: ${err.message}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
