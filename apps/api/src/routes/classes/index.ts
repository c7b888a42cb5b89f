import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { stringify } from 'csv-stringify/sync';
import QRCode from 'qrcode';
import {
  AssignInputSchema,
  AssignmentSchema,
  BoardSchema,
  BulkStudentsSchema,
  ClassDetailSchema,
  ClassInputSchema,
  ClassParamsSchema,
  ClassSummarySchema,
  ErrorSchema,
  JoinSchema,
  LoginCardsSchema,
  MemberParamsSchema,
  MyAssignmentsSchema,
  MyClassesSchema,
} from '@hvs/contracts';
import { boardCsvRows } from '../../domain/class-board.ts';

const tags = ['classes'];
const errors = { 400: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };

const routes: FastifyPluginAsyncZod = async (app) => {
  const classes = () => app.services.classes;
  const joinUrl = (request: FastifyRequest, code: string) =>
    `${app.originOf(request)}/vao-lop?ma=${encodeURIComponent(code)}`;

  app.get(
    '/classes',
    {
      config: { access: 'teacher' },
      schema: { tags, summary: 'My classes', response: { 200: z.array(ClassSummarySchema) } },
    },
    async (request) => classes().list(request.signedIn()),
  );

  app.post(
    '/classes',
    {
      config: { access: 'teacher' },
      schema: {
        tags,
        summary: 'Create a class with a join code',
        body: ClassInputSchema,
        response: { 201: ClassSummarySchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await classes().create(request.signedIn(), request.body)),
  );

  app.get(
    '/classes/:id',
    {
      config: { access: 'teacher' },
      schema: {
        tags,
        summary: 'One of my classes: students and assignments',
        params: ClassParamsSchema,
        response: { 200: ClassDetailSchema, ...errors },
      },
    },
    async (request) => {
      const detail = await classes().detail(request.signedIn(), request.params.id);
      return { ...detail, joinUrl: detail.joinCode ? joinUrl(request, detail.joinCode) : null };
    },
  );

  app.post(
    '/classes/:id/join-code',
    {
      config: { access: 'teacher' },
      schema: {
        tags,
        summary: 'Make a new join code (the old one stops working)',
        params: ClassParamsSchema,
        response: { 200: z.object({ joinCode: z.string() }), ...errors },
      },
    },
    async (request) => classes().newJoinCode(request.signedIn(), request.params.id),
  );

  app.delete(
    '/classes/:id/join-code',
    {
      config: { access: 'teacher' },
      schema: {
        tags,
        summary: 'Revoke the join code',
        params: ClassParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await classes().revokeJoinCode(request.signedIn(), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/classes/:id/join-qr.svg',
    {
      config: { access: 'teacher' },
      schema: {
        tags,
        summary: 'QR code of the join link, to print or project',
        params: ClassParamsSchema,
        response: { 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const detail = await classes().detail(request.signedIn(), request.params.id);
      if (!detail.joinCode)
        return reply.status(409).send({ code: 'join_code_invalid', message: 'This class has no join code' });
      const url = joinUrl(request, detail.joinCode);
      reply.header('content-type', 'image/svg+xml').header('cache-control', 'private, no-store');
      // Not JSON: sent as it is (no response schema for 200).
      return reply.send((await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })) as never);
    },
  );

  app.post(
    '/classes/:id/archive',
    {
      config: { access: 'teacher' },
      schema: {
        tags,
        summary: 'Archive the class (history is kept, read-only)',
        params: ClassParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await classes().archive(request.signedIn(), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/classes/:id/unarchive',
    {
      config: { access: 'teacher' },
      schema: {
        tags,
        summary: 'Open an archived class again (it gets no join code until the teacher makes one)',
        params: ClassParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await classes().unarchive(request.signedIn(), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/classes/:id/students',
    {
      config: { access: 'teacher' },
      bodyLimit: 64 * 1024,
      schema: {
        tags,
        summary: 'Create accounts for a list of pupils; the passwords are returned once, for login cards',
        params: ClassParamsSchema,
        body: BulkStudentsSchema,
        response: { 201: LoginCardsSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { consent: _consent, ...input } = request.body;
      reply.header('cache-control', 'no-store');
      return reply.status(201).send(await classes().createStudents(request.signedIn(), request.params.id, input));
    },
  );

  app.delete(
    '/classes/:id/students/:userId',
    {
      config: { access: 'teacher' },
      schema: {
        tags,
        summary: 'Remove a student from the class (their own record stays theirs)',
        params: MemberParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await classes().removeStudent(request.signedIn(), request.params.id, request.params.userId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/classes/:id/assignments',
    {
      config: { access: 'teacher' },
      schema: {
        tags,
        summary: 'Assign a module or chosen lessons with a due date',
        params: ClassParamsSchema,
        body: AssignInputSchema,
        response: { 201: AssignmentSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await classes().assign(request.signedIn(), request.params.id, request.body)),
  );

  app.get(
    '/classes/:id/board',
    {
      config: { access: 'teacher' },
      schema: {
        tags,
        summary: 'Each student × each assigned lesson, and the questions the class found hardest',
        params: ClassParamsSchema,
        response: { 200: BoardSchema, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return classes().board(request.signedIn(), request.params.id);
    },
  );

  app.get(
    '/classes/:id/board.csv',
    {
      config: { access: 'teacher', renewSession: true },
      schema: {
        tags,
        summary: 'The board as CSV (UTF-8 with BOM, for Excel)',
        params: ClassParamsSchema,
        response: { 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const board = await classes().board(request.signedIn(), request.params.id);
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="bang-theo-doi-lop.csv"')
        .header('cache-control', 'no-store');
      // The same rows as the board the teacher sees (domain/class-board.ts), as CSV. A cell that
      // starts like a formula (=, +, -, @: a pupil's name is typed by anyone) gets a leading ' so
      // Excel shows it as text instead of running it.
      return reply.send(stringify(boardCsvRows(board), { bom: true, escape_formulas: true }) as never);
    },
  );

  app.post(
    '/classes/join',
    {
      config: { access: 'user' },
      schema: {
        tags,
        summary: 'Join a class with its code',
        body: JoinSchema,
        response: { 200: z.object({ classId: z.uuid(), name: z.string() }), ...errors },
      },
    },
    async (request) => classes().join(request.signedIn(), request.body.code),
  );

  app.post(
    '/classes/:id/leave',
    {
      config: { access: 'user' },
      schema: { tags, summary: 'Leave a class', params: ClassParamsSchema, response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      await classes().leave(request.signedIn(), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me/classes',
    {
      config: { access: 'user' },
      schema: { tags, summary: 'The classes I am in', response: { 200: MyClassesSchema } },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return classes().myClasses(request.signedIn());
    },
  );

  app.get(
    '/me/assignments',
    {
      config: { access: 'user' },
      schema: {
        tags,
        summary: 'Bài được giao: my assignments with due dates and what I passed',
        response: { 200: MyAssignmentsSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return classes().myAssignments(request.signedIn());
    },
  );
};
export default routes;
