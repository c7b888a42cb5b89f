import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { CONSENT_VERSION } from '@hvs/contracts';
import { roleGrant } from '../src/db/schema/index.ts';
import { buildTestApp, openTestDatabase, type TestDatabase } from './helper.ts';

/**
 * Fuzzing every operation of the OpenAPI document the app serves: fast-check draws path parameters,
 * query strings and bodies from each operation's own JSON schema (valid shapes with hostile values:
 * NUL, lone surrogates, huge and negative numbers, far dates) and plain garbage, sent by callers of
 * every kind. Any 5xx fails. Bounded: RUNS per operation and caller, and a time budget.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 6);
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 120_000);

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  additionalProperties?: boolean | Schema;
};

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfff',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    "'; drop table app_user; --",
    '../../etc/passwd',
    '%00',
    '101.5',
    '0x10',
    '',
  ),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

function arbitraryFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.anything({ maxDepth: 1 });
  const options: fc.Arbitrary<unknown>[] = [];
  if (schema.enum) options.push(fc.constantFrom(...schema.enum));
  for (const s of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) options.push(arbitraryFor(s, depth + 1));
  const types = [schema.type ?? []].flat();
  for (const type of types) {
    if (type === 'string') {
      if (schema.format === 'uuid') options.push(fc.uuid());
      if (schema.format === 'date-time') options.push(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
      if (schema.pattern) options.push(fc.stringMatching(new RegExp(schema.pattern)).map((s) => s.slice(0, 200)));
      options.push(hostileString);
    }
    if (type === 'integer' || type === 'number')
      options.push(
        fc.integer({ min: schema.minimum ?? -1_000_000, max: Math.min(schema.maximum ?? 1_000_000, 2 ** 31) }),
        fc.constantFrom(-1, 0, 1e300, -1e300, 2 ** 53, 101.5),
      );
    if (type === 'boolean') options.push(fc.boolean());
    if (type === 'null') options.push(fc.constant(null));
    if (type === 'array') options.push(fc.array(arbitraryFor(schema.items, depth + 1), { maxLength: 4 }));
    if (type === 'object') {
      const props = Object.entries(schema.properties ?? {});
      options.push(
        fc.record(Object.fromEntries(props.map(([k, s]) => [k, arbitraryFor(s, depth + 1)])), {
          requiredKeys: (schema.required ?? []).filter((k) => schema.properties?.[k]),
        }),
      );
    }
  }
  options.push(fc.anything({ maxDepth: 2 }));
  return fc.oneof(...options);
}

/** Percent-encodes a path segment; a lone surrogate goes out as the invalid UTF-8 bytes ED A0 80. */
/** A generated value as text; an object without a prototype (fast-check makes those) has no toString. */
const asText = (v: unknown): string => (typeof v === 'string' ? v : String(JSON.stringify(v)));
const pathSegment = (s: string) =>
  s
    .split(/([\uD800-\uDFFF])/)
    .map((part) => (/^[\uD800-\uDFFF]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');

let database: TestDatabase;
let app: FastifyInstance;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database, {
    AUTH_RATE_LIMIT: '100000',
    AUTH_IP_RATE_LIMIT: '100000',
    AUTH_ACCOUNT_RATE_LIMIT: '100000',
  });
  const commune = (await app.inject({ url: '/api/v1/communes?q=xa&limit=1' })).json()[0];
  for (const [who, role, scope] of [
    ['learner', null, null],
    ['teacher', 'teacher', null],
    ['official', 'official', commune.provinceCode],
    ['admin', 'admin', null],
  ] as const) {
    const login = `fz${randomUUID().slice(0, 8)}`;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: {
        login,
        password: 'mat-khau-du-dai',
        displayName: who,
        birthYear: 1980,
        communeCode: commune.code,
        consentVersion: CONSENT_VERSION,
        tokens: 'body',
      },
    });
    if (role) await app.db.insert(roleGrant).values({ userId: res.json().user.id, role, scopeUnitCode: scope });
    tokens[who] = res.json().accessToken;
  }
}, 180_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('fuzzing every operation of the OpenAPI document', () => {
  it('never answers 5xx', async () => {
    const doc = (await app.inject({ url: '/api/docs/json' })).json() as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { in: string; name: string; schema?: Schema }[];
            requestBody?: { content?: Record<string, { schema?: Schema }> };
          }
        >
      >;
    };
    const started = Date.now();
    const failures: string[] = [];
    let sent = 0;
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );
    expect(operations.length).toBeGreaterThan(40);
    for (const { path, method, op } of operations) {
      const params = op.parameters ?? [];
      const body = op.requestBody?.content?.['application/json']?.schema;
      const request = fc.record({
        path: fc.record(
          Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, arbitraryFor(p.schema)])),
        ),
        query: fc.record(
          Object.fromEntries(params.filter((p) => p.in === 'query').map((p) => [p.name, arbitraryFor(p.schema)])),
          { requiredKeys: [] },
        ),
        body: body ? arbitraryFor(body) : fc.constant(undefined),
        who: fc.constantFrom('none', 'learner', 'teacher', 'official', 'admin'),
      });
      for (const sample of fc.sample(request, RUNS)) {
        if (Date.now() - started > BUDGET_MS) break;
        const url =
          path.replace(/\{(\w+)\}/g, (_m, name: string) => pathSegment(asText(sample.path[name] ?? 'x'))) +
          '?' +
          new URLSearchParams(
            Object.entries(sample.query).map(([k, v]): [string, string] => [k, asText(v)]),
          ).toString();
        const res = await app.inject({
          method: method as InjectOptions['method'],
          url,
          ...(method === 'GET' || method === 'HEAD' ? {} : { payload: JSON.stringify(sample.body ?? {}) }),
          headers: {
            'content-type': 'application/json',
            ...(sample.who === 'none' ? {} : { authorization: `Bearer ${tokens[sample.who]}` }),
          },
        });
        sent++;
        if (res.statusCode >= 500)
          failures.push(
            `${sample.who} ${method} ${url} ${JSON.stringify(sample.body)?.slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 200)}`,
          );
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(operations.length);
  }, 600_000);
});
