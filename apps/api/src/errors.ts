import type { ErrorCode } from '@hvs/contracts';

/** An error a caller can act on: it reaches the client as `{ code, message }` with this status. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    /** rows or fields at fault, for errors that list them all (a population file) */
    readonly problems?: { line: number; column: string; reason: string }[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (code: ErrorCode, message: string) => new AppError(404, code, message);
export const conflict = (code: ErrorCode, message: string) => new AppError(409, code, message);
export const badRequest = (code: ErrorCode, message: string) => new AppError(400, code, message);
