import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CertificateCodeParamsSchema,
  CertificateVerificationSchema,
  ErrorSchema,
  MyCertificateSchema,
  RevokeCertificateSchema,
} from '@hvs/contracts';
import { AppError } from '../errors.ts';
import { certificatePdf } from './pdf.ts';

const tags = ['certificates'];

const JwkSchema = z.object({
  kty: z.string(),
  crv: z.string(),
  x: z.string(),
  kid: z.string(),
  alg: z.string(),
  use: z.string(),
});
const EnvelopedSchema = z.object({
  '@context': z.array(z.string()),
  id: z
    .string()
    .describe('data:application/vc+jwt,<compact JWS>: the OpenBadgeCredential secured with VC-JOSE (EdDSA)'),
  type: z.literal('EnvelopedVerifiableCredential'),
});

const routes: FastifyPluginAsyncZod<{ verifyRateLimit: number }> = async (app, { verifyRateLimit }) => {
  const service = () => app.certificates;

  // Public look-ups by code, per client address: guessing codes costs time (50 random bits besides).
  const check = app.createRateLimit({
    max: verifyRateLimit,
    timeWindow: '1 minute',
    keyGenerator: (request) => `verify|${request.ip}`,
  });
  const limitLookups = async (request: FastifyRequest, reply: FastifyReply) => {
    const limit = await check(request);
    if (limit.isAllowed || !limit.isExceeded) return;
    reply.header('retry-after', limit.ttlInSeconds);
    throw new AppError(
      429,
      'rate_limited',
      `Too many look-ups from this address; try again in ${limit.ttlInSeconds} s`,
    );
  };

  app.get(
    '/me/certificate',
    {
      config: { access: 'user' },
      schema: {
        tags,
        summary: 'My certificate: name, curriculum and version, date, supervision, code, verification link',
        response: { 200: MyCertificateSchema, 401: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return (await service().mine(request.signedIn(), app.originOf(request))).view;
    },
  );

  app.get(
    '/me/certificate.pdf',
    {
      config: { access: 'user', renewSession: true },
      schema: {
        tags,
        summary: 'My certificate as an A4 PDF with its QR code (application/pdf)',
        response: { 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { view } = await service().mine(request.signedIn(), app.originOf(request));
      if (view.revoked) throw new AppError(409, 'certificate_revoked', 'This certificate was revoked');
      const pdf = await certificatePdf(view);
      reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="chung-nhan-${view.code}.pdf"`)
        .header('cache-control', 'private, no-store');
      // Not JSON: sent as it is (no response schema for 200).
      return reply.send(pdf as never);
    },
  );

  app.get(
    '/me/certificate/credential.json',
    {
      config: { access: 'user', renewSession: true },
      schema: {
        tags,
        summary: 'My certificate as an Open Badges 3.0 credential, signed by the platform (VC-JOSE, EdDSA)',
        response: { 200: EnvelopedSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const credential = await service().credential(request.signedIn(), app.originOf(request));
      reply
        .header('content-disposition', 'attachment; filename="chung-nhan-hoc-vu-so.json"')
        .header('cache-control', 'private, no-store');
      return credential as z.infer<typeof EnvelopedSchema>;
    },
  );

  app.get(
    '/verifications/:code',
    {
      config: { access: 'public' },
      onRequest: limitLookups,
      schema: {
        tags,
        summary: 'Check a certificate by its code: valid or revoked, with initials, birth year, date, curriculum',
        params: CertificateCodeParamsSchema,
        response: { 200: CertificateVerificationSchema, 404: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return service().verify(request.params.code);
    },
  );

  app.get(
    '/issuer',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The issuer profile (Open Badges 3.0 Profile) with every public key it signed with',
        response: { 200: z.looseObject({ id: z.string(), verificationMethod: z.array(z.unknown()) }) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return service().issuer(app.originOf(request));
    },
  );

  app.get(
    '/issuer/jwks.json',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "The issuer's public keys (JWK Set); old keys stay, so credentials signed before a rotation verify",
        response: { 200: z.object({ keys: z.array(JwkSchema) }) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return { keys: await service().publicKeys(app.originOf(request)) };
    },
  );

  app.get(
    '/credentials/status/1',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Revocation list: a Bitstring Status List credential, signed (application/vc+jwt)',
      },
    },
    async (request, reply) => {
      const jwt = await service().statusList(app.originOf(request));
      reply.header('content-type', 'application/vc+jwt').header('cache-control', 'public, max-age=60');
      return reply.send(jwt as never);
    },
  );

  app.post(
    '/certificates/:code/revocation',
    {
      config: { access: 'user' },
      schema: {
        tags,
        summary: "Revoke a certificate, with a reason (an administrator, or an official of the learner's province)",
        params: CertificateCodeParamsSchema,
        body: RevokeCertificateSchema,
        response: {
          200: CertificateVerificationSchema,
          401: ErrorSchema,
          403: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
        },
      },
    },
    async (request) => service().revoke(request.signedIn(), request.params.code, request.body.reason, request.ip),
  );
};
export default routes;
