import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ed25519 } from '@noble/curves/ed25519.js';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { sql } from 'drizzle-orm';
import { CONSENT_VERSION } from '@hvs/contracts';
import { roleGrant } from '../src/db/schema/index.ts';
import { checkRollups } from '../src/services/indicator-rollup.ts';
import { answersFromAuthored, buildTestApp, openTestDatabase, type TestDatabase } from './helper.ts';

const KEY: Record<string, string> = { otp: 'khong', 'mat-khau': 'dai', link: 'xoa', 'cap-nhat': 'lua' };
const ORIGIN = 'https://hocvuso.example.vn';
// one secret for every app built on this database, so a token stays good across a key rotation
const JWT_SECRET = 'x'.repeat(40);

let database: TestDatabase;
let app: FastifyInstance;
let commune = '';
let province = '';
let otherProvince = '';

type Jwk = { kty: string; crv: string; x: string; kid: string };

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database, {
    AUTH_RATE_LIMIT: '1000',
    AUTH_IP_RATE_LIMIT: '1000',
    PUBLIC_ORIGIN: ORIGIN,
    JWT_SECRET,
  });
  const communes = (await app.inject({ url: '/api/v1/communes?q=xa&limit=50' })).json() as {
    code: string;
    provinceCode: string;
  }[];
  commune = communes[0]!.code;
  province = communes[0]!.provinceCode;
  otherProvince = communes.find((c) => c.provinceCode !== province)!.provinceCode;
}, 120_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function signup(displayName = 'Nguyễn Thị Ánh Dương', birthYear = 1968): Promise<{ token: string; id: string }> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/signup',
    payload: {
      login: `hv${randomUUID().slice(0, 8)}`,
      password: 'mat-khau-du-dai',
      displayName,
      birthYear,
      communeCode: commune,
      consentVersion: CONSENT_VERSION,
      tokens: 'body',
    },
  });
  expect(res.statusCode).toBe(201);
  return { token: res.json().accessToken, id: res.json().user.id };
}

/** A learner who passed every core lesson of the fixture curriculum: certified. */
async function certified(name?: string, birthYear?: number): Promise<{ token: string; id: string; code: string }> {
  const who = await signup(name, birthYear);
  for (const lessonId of ['demo-bai-thu', 'demo-bai-hai']) {
    const id = randomUUID();
    const quiz = (
      await app.inject({ url: `/api/v1/lessons/${lessonId}/quiz?attemptId=${id}`, headers: bearer(who.token) })
    ).json();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/attempts',
      payload: { id, lessonId, quizVersion: quiz.version, answers: answersFromAuthored(quiz, KEY, lessonId) },
      headers: bearer(who.token),
    });
    expect(res.statusCode).toBe(201);
  }
  const cert = await app.inject({ url: '/api/v1/me/certificate', headers: bearer(who.token) });
  expect(cert.statusCode).toBe(200);
  return { ...who, code: cert.json().code };
}

async function withRole(role: 'admin' | 'official', scope: string | null): Promise<string> {
  const who = await signup('Cán Bộ');
  await app.db.insert(roleGrant).values({ userId: who.id, role, scopeUnitCode: scope });
  return who.token;
}

async function downloadJwt(a: FastifyInstance, token: string): Promise<string> {
  const res = await a.inject({ url: '/api/v1/me/certificate/credential.json', headers: bearer(token) });
  expect(res.statusCode).toBe(200);
  const body = res.json();
  expect(body.type).toBe('EnvelopedVerifiableCredential');
  expect(body.id).toMatch(/^data:application\/vc\+jwt,/);
  return body.id.slice('data:application/vc+jwt,'.length);
}

async function jwks(a: FastifyInstance = app): Promise<Jwk[]> {
  const res = await a.inject({ url: '/api/v1/issuer/jwks.json' });
  expect(res.statusCode).toBe(200);
  return res.json().keys;
}

/**
 * An Ed25519 check by a second, independent implementation (@noble/curves, not jose which signed):
 * the key is found by the header's kid among the published keys.
 */
function nobleVerify(jwt: string, keys: Jwk[]): boolean {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
  const key = keys.find((k) => k.kid === header.kid);
  if (!key || header.alg !== 'EdDSA') return false;
  return ed25519.verify(
    Buffer.from(s, 'base64url'),
    new TextEncoder().encode(`${h}.${p}`),
    Buffer.from(key.x, 'base64url'),
  );
}

const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));

/** Reads bit `index` of the published status list as the W3C spec defines it (left-most bit first). */
async function statusBit(index: number, a: FastifyInstance = app): Promise<number> {
  const res = await a.inject({ url: '/api/v1/credentials/status/1' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('application/vc+jwt');
  const jwt = res.body;
  expect(nobleVerify(jwt, await jwks(a))).toBe(true);
  const list = payloadOf(jwt);
  expect(list.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
  expect(list.credentialSubject.statusPurpose).toBe('revocation');
  const encoded: string = list.credentialSubject.encodedList;
  expect(encoded[0]).toBe('u');
  const bytes = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
  expect(bytes.length * 8).toBeGreaterThanOrEqual(131_072);
  return (bytes[index >> 3]! >> (7 - (index & 7))) & 1;
}

async function nationTotal(metric: string): Promise<number> {
  const r = (await app.db.execute(
    sql`select coalesce(sum(n), 0)::int as n from indicator_total where unit_code = 'VN' and metric = ${metric}`,
  )) as unknown as { rows: { n: number }[] };
  return Number(r.rows[0]!.n);
}

describe('the learner’s certificate', () => {
  it('shows name, curriculum and version, date, code and the verification link, to its owner only', async () => {
    const me = await certified();
    const res = await app.inject({ url: '/api/v1/me/certificate', headers: bearer(me.token) });
    expect(res.json()).toMatchObject({
      code: me.code,
      name: 'Nguyễn Thị Ánh Dương',
      birthYear: 1968,
      curriculum: { version: '2026.11', group: 'adult', groupTitle: 'Người dân' },
      supervised: null,
      revoked: false,
      verifyUrl: `${ORIGIN}/xac-minh/${me.code}`,
    });
    const stranger = await signup();
    const theirs = await app.inject({ url: '/api/v1/me/certificate', headers: bearer(stranger.token) });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().code).toBe('certificate_not_found');
    expect((await app.inject({ url: '/api/v1/me/certificate.pdf', headers: bearer(stranger.token) })).statusCode).toBe(
      404,
    );
  });

  it('gives an A4 PDF with the font embedded', async () => {
    const me = await certified();
    const res = await app.inject({ url: '/api/v1/me/certificate.pdf', headers: bearer(me.token) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload.toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    expect(pdf).toContain('/FontFile2');
    expect(pdf).toContain('BeVietnamPro');
  });
});

describe('Open Badges 3.0 credential', () => {
  it('verifies with an independent Ed25519 implementation and with jose, against the published keys', async () => {
    const me = await certified('Trần Văn Bình');
    const jwt = await downloadJwt(app, me.token);
    const keys = await jwks();
    expect(nobleVerify(jwt, keys)).toBe(true);
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet({ keys }), {
      issuer: `${ORIGIN}/api/v1/issuer`,
      typ: 'vc+jwt',
      algorithms: ['EdDSA'],
    });
    expect(protectedHeader.kid).toMatch(new RegExp(`^${ORIGIN}/api/v1/issuer#[\\w-]{43}$`));
    expect(payload).toMatchObject({
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      ],
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: `${ORIGIN}/api/v1/issuer`, type: ['Profile'], name: 'Học vụ số' },
      credentialSubject: {
        type: ['AchievementSubject'],
        identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'Trần Văn Bình' }],
        achievement: { type: ['Achievement'], achievementType: 'Certificate', version: '2026.11' },
      },
      credentialStatus: {
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListCredential: `${ORIGIN}/api/v1/credentials/status/1`,
      },
    });
    const achievement = (payload as { credentialSubject: { achievement: { alignment: { targetCode: string }[] } } })
      .credentialSubject.achievement;
    expect(achievement.alignment.length).toBeGreaterThan(0);
    // The issuer profile names the same key as a verification method.
    const profile = (await app.inject({ url: '/api/v1/issuer' })).json();
    expect(profile.id).toBe(`${ORIGIN}/api/v1/issuer`);
    expect(profile.assertionMethod).toContain(protectedHeader.kid);
    // not revoked
    const index = Number(
      (payload as { credentialStatus: { statusListIndex: string } }).credentialStatus.statusListIndex,
    );
    expect(await statusBit(index)).toBe(0);
  });

  it('detects a tampered credential', async () => {
    const me = await certified('Lê Thị Hoa');
    const jwt = await downloadJwt(app, me.token);
    const [h, , s] = jwt.split('.');
    const forged = payloadOf(jwt);
    forged.credentialSubject.identifier[0].identityHash = 'Người Khác';
    const tampered = `${h}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${s}`;
    const keys = await jwks();
    expect(nobleVerify(tampered, keys)).toBe(false);
    await expect(jwtVerify(tampered, createLocalJWKSet({ keys }))).rejects.toThrow(/signature/);
    // a signature from another key under the platform's kid is refused as well
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
    const kid = decodeProtectedHeader(jwt).kid!;
    expect(nobleVerify(jwt, [{ kty: 'OKP', crv: 'Ed25519', x: other.x!, kid }])).toBe(false);
  });

  it('keeps old credentials verifiable after the key is rotated (old public keys stay published)', async () => {
    const me = await certified();
    const before = await downloadJwt(app, me.token);
    const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
    const rotated = await buildTestApp(database, {
      PUBLIC_ORIGIN: ORIGIN,
      JWT_SECRET,
      CREDENTIAL_SIGNING_KEY: JSON.stringify(jwk),
      VERIFY_RATE_LIMIT: '3',
    });
    try {
      const after = await downloadJwt(rotated, me.token);
      expect(decodeProtectedHeader(after).kid).not.toBe(decodeProtectedHeader(before).kid);
      const keys = await jwks(rotated);
      expect(nobleVerify(before, keys)).toBe(true);
      expect(nobleVerify(after, keys)).toBe(true);
      await jwtVerify(before, createLocalJWKSet({ keys }));

      // public look-ups are rate limited per address (this app allows 3 a minute)
      const codes = [me.code, 'HVS-0000-0000-00', 'nonsense', me.code];
      const statuses = [];
      for (const code of codes)
        statuses.push((await rotated.inject({ url: `/api/v1/verifications/${code}` })).statusCode);
      expect(statuses).toEqual([200, 404, 404, 429]);
    } finally {
      await rotated.close();
    }
  });
});

describe('public verification and revocation', () => {
  it('shows initials, birth year, date and curriculum, and answers unknown and malformed codes alike', async () => {
    const me = await certified('Phạm Đức Minh', 1990);
    const res = await app.inject({ url: `/api/v1/verifications/${me.code.toLowerCase().replaceAll('-', ' ')}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      code: me.code,
      status: 'valid',
      initials: 'P. Đ. M.',
      birthYear: 1990,
      earnedAt: expect.any(String),
      curriculum: { version: '2026.11', group: 'adult', groupTitle: 'Người dân' },
      supervised: null,
      revokedAt: null,
    });
    expect(JSON.stringify(res.json())).not.toContain('Minh');
    const answers = [];
    for (const code of ['HVS-ZZZZ-ZZZZ-ZZ', 'HVS-1234', '%27%20or%201%3D1', 'x'.repeat(40)]) {
      const r = await app.inject({ url: `/api/v1/verifications/${code}` });
      answers.push([r.statusCode, r.json()]);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toEqual([404, { code: 'certificate_not_found', message: expect.any(String) }]);
  });

  it('lets an admin or the province official revoke, with a reason; the page, the status list and indicator 8 follow', async () => {
    const me = await certified();
    const jwt = await downloadJwt(app, me.token);
    const index = Number(payloadOf(jwt).credentialStatus.statusListIndex);
    const revoke = (token: string, reason = 'Thi hộ, đã xác minh tại xã') =>
      app.inject({
        method: 'POST',
        url: `/api/v1/certificates/${me.code}/revocation`,
        payload: { reason },
        headers: bearer(token),
      });
    // refused: the learner, a commune official, an official of another province
    expect((await revoke(me.token)).statusCode).toBe(403);
    expect((await revoke(await withRole('official', commune))).statusCode).toBe(403);
    expect((await revoke(await withRole('official', otherProvince))).statusCode).toBe(403);
    const official = await withRole('official', province);
    expect((await revoke(official, 'x')).statusCode).toBe(400);

    const certificatesBefore = await nationTotal('certificates');
    const peopleBefore = await nationTotal('certified_people');
    const res = await revoke(official);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'revoked', initials: '', birthYear: null });
    expect((await revoke(await withRole('admin', null))).statusCode).toBe(409);

    expect((await app.inject({ url: `/api/v1/verifications/${me.code}` })).json().status).toBe('revoked');
    expect(await statusBit(index)).toBe(1);
    expect(await nationTotal('certificates')).toBe(certificatesBefore - 1);
    expect(await nationTotal('certified_people')).toBe(peopleBefore - 1);
    expect(await checkRollups(app.db)).toEqual([]);
    const audit = (await app.db.execute(
      sql`select reason, status_index from certificate_revocation where code = ${me.code}`,
    )) as unknown as { rows: { reason: string; status_index: number }[] };
    expect(audit.rows).toEqual([{ reason: 'Thi hộ, đã xác minh tại xã', status_index: index }]);
    const logged = (await app.db.execute(
      sql`select action, detail->>'code' as code, detail->>'reason' as reason from audit_event where action = 'certificate.revoked'`,
    )) as unknown as { rows: { action: string; code: string; reason: string }[] };
    expect(logged.rows).toEqual([
      { action: 'certificate.revoked', code: me.code, reason: 'Thi hộ, đã xác minh tại xã' },
    ]);
    // the learner sees it revoked and gets no new PDF or credential for it
    expect((await app.inject({ url: '/api/v1/me/certificate', headers: bearer(me.token) })).json().revoked).toBe(true);
    expect((await app.inject({ url: '/api/v1/me/certificate.pdf', headers: bearer(me.token) })).statusCode).toBe(409);
    expect(
      (await app.inject({ url: '/api/v1/me/certificate/credential.json', headers: bearer(me.token) })).statusCode,
    ).toBe(409);
  });

  it("after the learner deletes their account: the page says 'không tìm thấy', the status list says revoked", async () => {
    const me = await certified();
    const jwt = await downloadJwt(app, me.token);
    const index = Number(payloadOf(jwt).credentialStatus.statusListIndex);
    expect(await statusBit(index)).toBe(0);
    const del = await app.inject({
      method: 'DELETE',
      url: '/api/v1/me',
      payload: { password: 'mat-khau-du-dai' },
      headers: bearer(me.token),
    });
    expect(del.statusCode).toBe(204);
    const gone = await app.inject({ url: `/api/v1/verifications/${me.code}` });
    const unknown = await app.inject({ url: '/api/v1/verifications/HVS-ZZZZ-ZZZZ-ZZ' });
    expect([gone.statusCode, gone.json()]).toEqual([unknown.statusCode, unknown.json()]);
    // the list was cached for up to 30 s: a new app on the same database reads it fresh
    const fresh = await buildTestApp(database, { PUBLIC_ORIGIN: ORIGIN });
    try {
      expect(await statusBit(index, fresh)).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});

describe('documentation', () => {
  it('documents every certificate route in the OpenAPI document', async () => {
    const doc = (await app.inject({ url: '/api/docs/json' })).json() as { paths: Record<string, object> };
    for (const path of [
      '/api/v1/me/certificate',
      '/api/v1/me/certificate.pdf',
      '/api/v1/me/certificate/credential.json',
      '/api/v1/verifications/{code}',
      '/api/v1/issuer',
      '/api/v1/issuer/jwks.json',
      '/api/v1/credentials/status/1',
      '/api/v1/certificates/{code}/revocation',
    ])
      expect(Object.keys(doc.paths), path).toContain(path);
  });
});
