import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHarness, PASSWORD, type Client, type TestUser } from './helpers/harness.ts';
import { SESSION_COOKIE } from '../src/server/http/app.ts';
import { PURPOSES } from '../src/shared/roles.ts';

/**
 * Fuzzed requests built from the app's own OpenAPI description never give a 5xx.
 *
 * For every operation in GET /api/v1/openapi.json we turn its JSON schemas (request body, path parameters,
 * querystring) into fast-check arbitraries that are mostly valid and sometimes mutated at any level (missing required
 * fields, wrong types, extra properties, huge strings, æøå/emoji/NUL, boundary and out-of-range numbers, null, deep
 * nesting, arrays for objects). Path ids are real fixture records, random uuids or junk. Each generated request is sent
 * as several actors and must answer < 500; a 4xx must be application/problem+json with a `code`, and a 400 must name
 * the offending field in `errors`.
 *
 * New routes are fuzzed automatically: the list of operations comes from the app at collection time.
 *
 * `npm test` runs a short pass (VINK_FUZZ_RUNS, default 8 generated requests per operation) so the suite stays quick;
 * `npm run test:fuzz` runs only this file with many more (scripts/test-fuzz.ts). Each run draws a new seed and
 * reports it with any failure; VINK_FUZZ_SEED (with the same VINK_FUZZ_RUNS) generates the same requests again.
 */

// ---------------------------------------------------------------------------------------------------------------
// Setup (top-level await: the operations to fuzz are read from the running app before the tests are declared)

const h = await createHarness();
afterAll(async () => h.close());

/** Test-only instrumentation (before the app boots): the error behind each 5xx, by request id, for the failure report. */
const serverErrors = new Map<string, string>();
h.app.addHook('onError', async (req, _reply, err) => {
  const code = (err as { code?: string }).code;
  const frames = (err.stack ?? '').split('\n').slice(1).filter((l) => l.includes('/src/')).slice(0, 3).map((l) => l.trim()).join(' | ');
  serverErrors.set(req.id, `${err.name}${code ? ` [${code}]` : ''}: ${err.message}${frames ? ` @ ${frames}` : ''}`);
});

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  nullable?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
};
interface Parameter { in: 'path' | 'query' | 'header' | 'cookie'; name: string; required?: boolean; schema: JsonSchema }
interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema: JsonSchema }> };
}
interface OpenApi { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, JsonSchema> } }

const spec = JSON.parse((await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).body) as OpenApi;

// Actors. They must stay signed in for the whole file, so no fuzzed request may sign them out, disable them, reset
// their second factor or change their role: see the id pools and SPECIAL_ROUTES below.
const coordinator = await h.signIn('coordinator', 'a');
const adviser = await h.signIn('adviser', 'a');
const admin = await h.signIn('admin', 'a');
const anonymous = h.client();
/** Half signed in (password only) as a throwaway user: the sign-in steps are fuzzed with this session. */
const pendingUser = await h.createUser('partner', 'a');
const pending = h.client();
await pending.post('/api/v1/auth/login', { username: pendingUser.username, password: PASSWORD });
/** A fully signed-in throwaway actor that may also hit the sign-in steps (which could rotate or end its session). */
const bystander = await h.signIn('adviser', 'a');

// Real records, created through the API by the coordinator, so some requests hit them.
const persons: string[] = [];
const cases: string[] = [];
for (const body of [{ fullName: 'Fuzz Æblegrød Østergård' }, { fullName: 'Fuzz Åse', cpr: '010203-1234', gender: 'female' }]) {
  const p = await coordinator.post('/api/v1/persons', body);
  if (p.status !== 201) throw new Error(`fixture person: ${p.status} ${JSON.stringify(p.body)}`);
  persons.push(p.body.id);
  const c = await coordinator.post('/api/v1/cases', { personId: p.body.id, title: `Sag for ${body.fullName}` });
  if (c.status !== 201) throw new Error(`fixture case: ${c.status} ${JSON.stringify(c.body)}`);
  cases.push(c.body.id);
}
await coordinator.post(`/api/v1/cases/${cases[0]}/notes`, { body: 'Første notat.' });
/** Throwaway staff: the only user ids used in /users/{id} paths, so disable/reset/role changes never hit an actor. */
const targets: TestUser[] = [await h.createUser('partner', 'a'), await h.createUser('mentor', 'a'), await h.createUser('adviser', 'b')];
const actorIds = [coordinator, adviser, admin].map((c) => c.user.id);

// ---------------------------------------------------------------------------------------------------------------
// Value arbitraries

/** Characters for strings: mostly plain, with Danish letters, emoji, invisible and control characters, NUL, lone surrogate. */
const CHAR = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789-._@') },
  { weight: 5, arbitrary: fc.constantFrom('æ', 'ø', 'å', 'Æ', 'Ø', 'Å', 'é', 'ü') },
  { weight: 2, arbitrary: fc.constantFrom('😀', '🇩🇰', '👩‍👩‍👧', '\u200b', '\u202e', '\t', '\n', '\r', '\ufeff') },
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\ud800', '\udfff', "'", '"', '\\', '%', '_', '*', ';', '\u0085') },
);
const text = (minLength = 0, maxLength = 40) => fc.string({ unit: CHAR, minLength, maxLength });

const NASTY_STRINGS = [
  '', ' ', '   ', '\u0000', 'a\u0000b', 'null', 'undefined', 'true', '0', '-1', '1e309', 'NaN',
  "'; DROP TABLE persons;--", "' OR '1'='1", '../../etc/passwd', '<script>alert(1)</script>', '%00', '${jndi:ldap://x}',
  '2024-13-45', '0000-00-00', '9999-99-99', '2024-02-30', '-001-01-01', '310299-1234', '000000-0000',
  '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'Ærø Ålborg Øresund', '👩‍👩‍👧🇩🇰',
];
const NASTY_NUMBERS = [
  -1, 0, -0, 0.5, 1.5, -1.5, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 32, 2 ** 53, Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER, 1e21, 1e308, -1e308, 1e-300, 5e-324,
];

function nested(depth: number, asArray: boolean): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

/** A value of any wrong shape. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(...NASTY_NUMBERS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  text(0, 30),
  fc.constantFrom(...NASTY_STRINGS),
  fc.tuple(fc.constantFrom('a', 'æ', '😀', '\u0000', ' '), fc.constantFrom(1_000, 20_001, 100_000, 300_000)).map(([c, n]) => c.repeat(n)),
  fc.array(fc.oneof(fc.integer(), text(0, 8), fc.constant(null)), { maxLength: 4 }),
  fc.dictionary(text(0, 6), fc.oneof(fc.integer(), text(0, 8)), { maxKeys: 3 }),
  fc.tuple(fc.integer({ min: 5, max: 3_000 }), fc.boolean()).map(([d, arr]) => nested(d, arr)),
);

/** Extra property names: plausible server-owned fields and prototype-pollution keys. */
const EXTRA_KEY = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('id', 'unitId', 'unit_id', 'role', 'version', 'ownerId', 'createdAt', 'isAdmin', 'status', 'cpr', 'deleted') },
  { weight: 3, arbitrary: text(1, 12) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype') },
);
const extraProps = fc.array(fc.tuple(EXTRA_KEY, junk), { minLength: 1, maxLength: 3 });

/** Real ids first, then random and boundary uuids. */
const bodyUuid = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...persons, ...cases, ...actorIds, ...targets.map((t) => t.id), h.units.a, h.units.b) },
  { weight: 3, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', persons[0]!.toUpperCase()) },
);

class SchemaArbitraries {
  private readonly doc: OpenApi;
  constructor(doc: OpenApi) {
    this.doc = doc;
  }

  private resolve(s: JsonSchema): JsonSchema {
    let cur = s;
    for (let i = 0; cur.$ref && i < 20; i++) {
      const name = cur.$ref.replace(/^#\/components\/schemas\//, '');
      const target = this.doc.components?.schemas?.[name];
      if (!target) throw new Error(`unresolved $ref ${cur.$ref}`);
      cur = target;
    }
    return cur;
  }

  /** Mostly a valid value, sometimes a mutated one: applied at every level, so mutations appear deep inside bodies too. */
  fuzz(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
    return fc.oneof({ weight: 8, arbitrary: this.valid(schema, depth) }, { weight: 1, arbitrary: junk });
  }

  valid(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    if (s.allOf?.length) return this.valid(Object.assign({}, ...s.allOf.map((x) => this.resolve(x))), depth);
    const alternatives = s.anyOf ?? s.oneOf;
    let arb: fc.Arbitrary<unknown>;
    if (alternatives?.length) arb = fc.oneof(...alternatives.map((a) => this.valid(a, depth)));
    else if (s.const !== undefined) arb = fc.constant(s.const);
    else if (s.enum?.length) arb = fc.constantFrom(...s.enum);
    else {
      const types = [s.type ?? (s.properties ? 'object' : undefined)].flat().filter((t): t is string => !!t);
      const nonNull = types.filter((t) => t !== 'null');
      const arbs = nonNull.map((t) => this.ofType(t, s, depth));
      if (types.includes('null')) arbs.push(fc.constant(null));
      arb = arbs.length ? fc.oneof(...arbs) : junk; // {} accepts anything
    }
    return s.nullable ? fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) }) : arb;
  }

  private ofType(type: string, s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    switch (type) {
      case 'string': return this.string(s);
      case 'integer': return this.number(s, true);
      case 'number': return this.number(s, false);
      case 'boolean': return fc.boolean();
      case 'array': {
        const items = s.items ? this.fuzz(s.items, depth + 1) : junk;
        return fc.array(items, { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 5, 5) });
      }
      case 'object': return this.object(s, depth);
      default: return junk;
    }
  }

  private string(s: JsonSchema): fc.Arbitrary<string> {
    if (s.format === 'uuid') return bodyUuid;
    const min = s.minLength ?? 0;
    const max = s.maxLength ?? 500;
    const fits = (v: string) => v.length >= min && v.length <= max;
    if (s.pattern) {
      const re = new RegExp(s.pattern);
      return fc.oneof(fc.stringMatching(re).filter(fits), fc.stringMatching(re)); // mostly within length, sometimes not
    }
    return fc.oneof(
      { weight: 6, arbitrary: text(Math.min(min, 40), Math.max(Math.min(max, 40), Math.min(min, 40))) },
      { weight: 1, arbitrary: fc.constantFrom(...CHAR_EDGES).map((c) => c.repeat(Math.max(min, 1))) }, // at the lower bound
      { weight: 1, arbitrary: fc.constantFrom(...CHAR_EDGES).map((c) => c.repeat(max)) }, // at the upper bound
      { weight: 1, arbitrary: fc.constantFrom(...CHAR_EDGES).map((c) => c.repeat(max + 1)) }, // one over
    );
  }

  private number(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
    const lo = typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : (s.minimum ?? -Number.MAX_SAFE_INTEGER);
    const hi = typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - 1 : (s.maximum ?? Number.MAX_SAFE_INTEGER);
    const near = integer
      ? fc.integer({ min: Math.max(lo, -1_000_000), max: Math.min(hi, 1_000_000) })
      : fc.double({ min: Math.max(lo, -1e6), max: Math.min(hi, 1e6), noNaN: true });
    const bounds = [lo, lo + 1, hi, hi - 1, lo - 1, hi + 1].filter((n) => Number.isFinite(n));
    return fc.oneof(
      { weight: 3, arbitrary: integer ? fc.integer({ min: lo, max: Math.min(hi, lo + 3) }) : near }, // small, likely valid (e.g. a current version)
      { weight: 3, arbitrary: near },
      { weight: 2, arbitrary: fc.constantFrom(...bounds) },
      { weight: 1, arbitrary: fc.constantFrom(...NASTY_NUMBERS) },
    );
  }

  private object(s: JsonSchema, depth: number): fc.Arbitrary<unknown> {
    const props = s.properties ?? {};
    const required = (s.required ?? []).filter((k) => k in props);
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [k, p] of Object.entries(props)) record[k] = depth > 6 ? junk : this.fuzz(p, depth + 1);
    const base = fc.record(record, { requiredKeys: required });
    const dropOne = required.length
      ? fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...required) })
      : fc.constant(undefined);
    const extras = fc.oneof({ weight: 6, arbitrary: fc.constant([] as [string, unknown][]) }, { weight: 1, arbitrary: extraProps });
    return fc.tuple(base, dropOne, extras).map(([obj, drop, more]) => {
      const o: Record<string, unknown> = { ...(obj as Record<string, unknown>) };
      if (drop) delete o[drop];
      // defineProperty, not assignment: '__proto__' must become an own key that JSON.stringify sends.
      for (const [k, v] of more) Object.defineProperty(o, k, { value: v, enumerable: true, configurable: true, writable: true });
      return o;
    });
  }
}
const CHAR_EDGES = ['a', 'æ', 'Ø', '😀', ' ', '\u0000'];

const schemas = new SchemaArbitraries(spec);

/** A whole request body: mostly from the schema, sometimes absent or of an entirely wrong shape. */
function bodyArbitrary(op: Operation): fc.Arbitrary<{ body: unknown } | undefined> {
  const json = op.requestBody?.content?.['application/json']?.schema;
  if (!json) return fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: junk.map((body) => ({ body })) });
  return fc.oneof(
    { weight: 12, arbitrary: schemas.valid(json).map((body) => ({ body })) },
    { weight: 2, arbitrary: junk.map((body) => ({ body })) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** Path ids: real records of the right kind, other real records, random uuids and junk (URL-encoded, or raw). */
function pathIdArbitrary(path: string): fc.Arbitrary<string> {
  const own = path.startsWith('/api/v1/users/') ? targets.map((t) => t.id) : path.startsWith('/api/v1/persons/') ? persons : cases;
  const junkId = fc.oneof(
    fc.constantFrom('not-a-uuid', '123', '-1', '0', 'null', '%00', ' ', 'æøå', '😀', `${cases[0]}x`, `${cases[0]} `, `{${cases[0]}}`,
      cases[0]!.replace(/-/g, ''), '00000000-0000-0000-0000-000000000000', 'a'.repeat(99), 'a'.repeat(101)),
    text(1, 40),
  ).map((v) => encodeURIComponent(v.toWellFormed()));
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...own) },
    { weight: 1, arbitrary: fc.constantFrom(...persons, ...cases, ...targets.map((t) => t.id)) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.constant(own[0]!.toUpperCase()) },
    { weight: 2, arbitrary: junkId },
  );
}

/** Querystring from the query parameters: valid values, junk, repeated keys, unknown keys, raw malformed suffixes. */
function queryArbitrary(params: Parameter[]): fc.Arbitrary<string> {
  const pairs = params.map((p) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant([] as [string, string][]) },
      { weight: 6, arbitrary: schemas.valid(p.schema).map((v): [string, string][] => [[p.name, String(v)]]) },
      { weight: 1, arbitrary: junk.map((v): [string, string][] => (Array.isArray(v) ? v.map((x) => [p.name, String(x)]) : [[p.name, typeof v === 'object' ? JSON.stringify(v) : String(v)]])) },
    ),
  );
  const raw = fc.constantFrom('', '', '', '&limit=%', '&status[]=open', '&&&=', '&limit=1&limit=2', '&__proto__[x]=1', '&personId=%zz', '&limit=1e3', '&limit=0x10');
  return fc.tuple(fc.tuple(...pairs), raw).map(([groups, suffix]) => {
    const qs = new URLSearchParams(groups.flat()).toString() + suffix;
    return qs ? `?${qs}` : '';
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Sending and checking

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
interface Sent { who: string; method: Method; url: string; body: unknown; purpose?: string }
interface Got { status: number; contentType: string; text: string }

/** Sends with the actor's cookie and CSRF token, without letting the response change the client (unlike Client.request). */
async function send(who: Client | undefined, method: Method, url: string, body: { body: unknown } | undefined, headers: Record<string, string> = {}): Promise<Got> {
  const hs: Record<string, string> = { ...headers };
  if (who?.cookie) hs.cookie = `${SESSION_COOKIE}=${who.cookie}`;
  if (who?.csrfToken && method !== 'GET') hs['x-csrf-token'] = who.csrfToken;
  if (body) hs['content-type'] = 'application/json';
  const res = await h.app.inject({ method, url, headers: hs, ...(body ? { payload: JSON.stringify(body.body) ?? 'null' } : {}) });
  return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), text: res.body };
}

const short = (v: unknown) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s && s.length > 600 ? `${s.slice(0, 600)}… (${s.length} chars)` : s;
};

/**
 * The property: no 5xx; 4xx in problem format with a code; 400 names a field. Returns null when it holds, else a
 * signature (what went wrong, without the request's random parts, to group failures) and a description of one example.
 */
function check(sent: Sent, got: Got): { signature: string; example: string } | null {
  const where = `${sent.who} ${sent.method} ${short(sent.url)} body=${short(sent.body)}${sent.purpose ? ` purpose=${sent.purpose}` : ''}`;
  const fail = (signature: string, detail: string) => ({ signature, example: `${got.status} for ${where}\n    ${detail}` });
  if (got.status >= 500) {
    let reference: string | undefined;
    try {
      reference = JSON.parse(got.text).reference;
    } catch { /* not JSON */ }
    const error = (reference && serverErrors.get(reference)) ?? short(got.text);
    return fail(`${got.status} ${error.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, '<uuid>').replace(/"[^"]*"/g, '"…"')}`, `server error: ${error}`);
  }
  if (got.status >= 400) {
    if (!got.contentType.startsWith('application/problem+json')) {
      return fail(`${got.status} without application/problem+json (got ${got.contentType})`, `response: ${short(got.text)}`);
    }
    let p: { code?: unknown; errors?: { field?: unknown }[] };
    try {
      p = JSON.parse(got.text);
    } catch {
      return fail(`${got.status} with a body that is not JSON`, `response: ${short(got.text)}`);
    }
    if (typeof p.code !== 'string') return fail(`${got.status} without code`, `response: ${short(got.text)}`);
    if (got.status === 400 && !(Array.isArray(p.errors) && p.errors.length > 0 && p.errors.every((e) => typeof e.field === 'string' && e.field.length > 0))) {
      return fail('400 without errors[].field', `response: ${short(got.text)}`);
    }
  }
  return null;
}

const purposeArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constantFrom(...PURPOSES) },
  { weight: 1, arbitrary: fc.constantFrom('', 'CASEWORK', 'audit ', 'x'.repeat(300), '__proto__') },
);

// Routes whose effect on the caller would break later runs get their own callers.
const SIGN_IN_STEPS = new Set(['POST /api/v1/auth/login', 'POST /api/v1/auth/second-factor/enrolment', 'POST /api/v1/auth/second-factor/enrolment/confirm', 'POST /api/v1/auth/second-factor']);
const SPECIAL_ROUTES: Record<string, string> = {
  // Ends the session: sent by a fresh throwaway user per run (and anonymously), never by the shared actors.
  'POST /api/v1/auth/logout': 'throwaway session per run',
  // A successful step would replace the caller's session: sent anonymously, by a half-signed-in throwaway user and by
  // a signed-in throwaway bystander, never by the shared actors.
  ...Object.fromEntries([...SIGN_IN_STEPS].map((r) => [r, 'anonymous, pending throwaway, signed-in bystander'])),
  // /users/{id} (patch, disable, reset-second-factor) may change role, disable or reset whoever it names: the path ids
  // are throwaway staff (`targets`), never the actors. (Ids in bodies may still name actors; those routes are harmless.)
};

const RUNS = Number(process.env.VINK_FUZZ_RUNS ?? 8);
const SEED = Number(process.env.VINK_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const operations = Object.entries(spec.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([m, op]) => ({ method: m.toUpperCase() as Method, path, op })),
);

describe(`${RUNS} fuzzed requests per operation, built from the OpenAPI schemas, get no 5xx`, () => {
  it('the OpenAPI description lists the API', () => {
    expect(operations.length).toBeGreaterThan(20);
    expect(operations.map((o) => `${o.method} ${o.path}`)).toContain('POST /api/v1/persons');
  });

  for (const { method, path, op } of operations) {
    const key = `${method} ${path}`;
    it(`${key}${SPECIAL_ROUTES[key] ? ` (${SPECIAL_ROUTES[key]})` : ''}`, async () => {
      const params = op.parameters ?? [];
      const pathParams = params.filter((p) => p.in === 'path');
      const queryParams = params.filter((p) => p.in === 'query');
      const request = fc.record({
        ids: fc.tuple(...pathParams.map(() => pathIdArbitrary(path))),
        query: queryParams.length ? queryArbitrary(queryParams) : fc.constantFrom('', '', '', '?x=1', '?__proto__=1'),
        body: bodyArbitrary(op),
        purpose: purposeArb,
      });
      // Every run is completed and failures are grouped by cause, so one bug does not hide another on the same route.
      // (fast-check therefore does not shrink; the examples are small enough to read.)
      const found = new Map<string, { count: number; example: string }>();
      await fc.assert(
        fc.asyncProperty(request, async ({ ids, query, body, purpose }) => {
          let url = path;
          pathParams.forEach((p, i) => (url = url.replace(`{${p.name}}`, ids[i]!)));
          url += query;
          let callers: [string, Client | undefined][];
          if (key === 'POST /api/v1/auth/logout') callers = [['anonymous', anonymous], ['throwaway', await h.signIn('coordinator', 'a')]];
          else if (SIGN_IN_STEPS.has(key)) callers = [['anonymous', anonymous], ['pending', pending], ['bystander', bystander]];
          else callers = [['coordinator', coordinator], ['adviser', adviser], ['admin', admin], ['anonymous', anonymous]];
          for (const [who, client] of callers) {
            const got = await send(client, method, url, body, purpose !== undefined ? { 'x-vink-purpose': purpose } : {});
            const failure = check({ who, method, url, body: body ? body.body : '(no body)', ...(purpose !== undefined ? { purpose } : {}) }, got);
            if (failure) {
              const seen = found.get(failure.signature);
              if (seen) seen.count++;
              else found.set(failure.signature, { count: 1, example: failure.example });
            }
          }
        }),
        { numRuns: key === 'POST /api/v1/auth/logout' ? Math.ceil(RUNS / 4) : RUNS, seed: SEED },
      );
      const report = [...found].map(([signature, { count, example }]) => `${signature} (${count}x), e.g.\n  ${example}`);
      expect(report, `${report.join('\n\n')}\n\nReplay with VINK_FUZZ_SEED=${SEED} VINK_FUZZ_RUNS=${RUNS}`).toEqual([]);
    });
  }

  it('the shared actors are still signed in (the fuzzing above really exercised the signed-in paths)', async () => {
    for (const c of [coordinator, adviser, admin]) expect((await send(c, 'GET', '/api/v1/auth/me', undefined)).status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Regressions: the cases the fuzzing found, pinned so they fail deterministically until fixed (see the fuzz report).

describe('inputs the schemas accept but the database refuses give a 4xx, not a 5xx', () => {
  const expect4xx = async (c: Client, method: Method, url: string, body: unknown) => {
    const got = await send(c, method, url, { body });
    const failure = check({ who: 'coordinator', method, url, body }, got);
    expect(failure?.example ?? null, failure?.example).toBeNull();
    expect(got.status).toBeGreaterThanOrEqual(400);
  };
  const version = async (c: Client, url: string) => (JSON.parse((await send(c, 'GET', url, undefined)).text) as { version: number }).version;

  it.each([
    ['version 2^31 on PATCH /cases/{id}', 'cases'],
    ['version 2^31 on PATCH /persons/{id}', 'persons'],
    ['version 2^31 on PATCH /users/{id}', 'users'],
  ])('%s (integer column overflow)', async (_name, kind) => {
    const id = kind === 'cases' ? cases[1]! : kind === 'persons' ? persons[1]! : targets[0]!.id;
    await expect4xx(kind === 'users' ? admin : coordinator, 'PATCH', `/api/v1/${kind}/${id}`, { version: 2 ** 31 });
  });

  it.each(['2024-13-45', '2023-02-29', '0000-00-00'])('birthDate %s on POST /persons and PATCH /persons/{id} (not a calendar date)', async (birthDate) => {
    await expect4xx(coordinator, 'POST', '/api/v1/persons', { fullName: 'Dato Test', birthDate });
    await expect4xx(coordinator, 'PATCH', `/api/v1/persons/${persons[0]}`, { version: await version(coordinator, `/api/v1/persons/${persons[0]}`), birthDate });
  });

  it.each([
    ['POST /persons/search', 'POST', (): string => '/api/v1/persons/search', { q: 'a\u0000' }],
    ['POST /persons (fullName)', 'POST', (): string => '/api/v1/persons', { fullName: 'Nul\u0000Byte' }],
    ['POST /cases/{id}/notes', 'POST', (): string => `/api/v1/cases/${cases[0]}/notes`, { body: 'Notat\u0000' }],
    ['POST /cases (title)', 'POST', (): string => '/api/v1/cases', { personId: persons[0], title: 'Sag\u0000' }],
  ] as const)('a NUL character in a string on %s', async (_name, method, url, body) => {
    await expect4xx(coordinator, method, url(), body);
  });

  it('a NUL character in the username on POST /auth/login (anonymous)', async () => {
    const body = { username: 'admin\u0000', password: 'x' };
    const got = await send(anonymous, 'POST', '/api/v1/auth/login', { body });
    const failure = check({ who: 'anonymous', method: 'POST', url: '/api/v1/auth/login', body }, got);
    expect(failure?.example ?? null, failure?.example).toBeNull();
  });

  it('an overlong path id (over the router\'s 100-character parameter limit) is a 4xx problem', async () => {
    const got = await send(coordinator, 'GET', `/api/v1/cases/${'a'.repeat(101)}`, undefined);
    expect(got.status).toBeLessThan(500);
    expect(check({ who: 'coordinator', method: 'GET', url: '/api/v1/cases/aaa…', body: undefined }, got)?.example ?? null).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Targeted cases on the body parser

describe('body parsing', () => {
  const raw = (payload: string | Buffer, contentType: string | undefined, url = '/api/v1/persons') =>
    h.app.inject({
      method: 'POST', url, payload,
      headers: {
        cookie: `${SESSION_COOKIE}=${coordinator.cookie}`, 'x-csrf-token': coordinator.csrfToken!,
        ...(contentType ? { 'content-type': contentType } : {}),
      },
    });
  const problem = (res: { statusCode: number; headers: Record<string, unknown>; body: string }) => {
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    return JSON.parse(res.body) as { code: string; errors?: { field: string }[] };
  };

  it('a body that is not JSON is a 400 naming the body', async () => {
    for (const payload of ['{"fullName":', 'fullName=x', '{fullName: "x"}', "{'fullName':'x'}", '\u0000', '{"fullName":"x"}}', 'NaN']) {
      const res = await raw(payload, 'application/json');
      expect(res.statusCode, payload).toBe(400);
      expect(problem(res).errors?.[0]?.field).toBe('body');
    }
  });

  it('an empty body with content-type application/json is a 400 naming the body', async () => {
    const res = await raw('', 'application/json');
    expect(res.statusCode).toBe(400);
    expect(problem(res).errors?.[0]?.field).toBe('body');
  });

  it('a prototype-poisoning body is a 400', async () => {
    for (const payload of ['{"fullName":"x","__proto__":{"isAdmin":true}}', '{"fullName":"x","constructor":{"prototype":{"isAdmin":true}}}']) {
      const res = await raw(payload, 'application/json');
      expect(res.statusCode, payload).toBe(400);
      expect(problem(res).code).toBe('validation');
    }
  });

  it('a 2 MB body is a 413', async () => {
    const res = await raw(JSON.stringify({ fullName: 'x', district: 'æ'.repeat(1_000_000) }), 'application/json');
    expect(res.statusCode).toBe(413);
    expect(problem(res).errors?.[0]?.field).toBe('body');
  });

  it('content-type text/plain (and other non-JSON types) is a 415', async () => {
    for (const ct of ['text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
      const res = await raw('{"fullName":"x"}', ct);
      expect(res.statusCode, ct).toBe(415);
      expect(problem(res).code).toBe('unsupported_media_type');
    }
  });

  it('a JSON body without any content-type is refused with a 4xx problem, not a 5xx', async () => {
    const res = await raw('{"fullName":"x"}', undefined);
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    problem(res);
  });
});
