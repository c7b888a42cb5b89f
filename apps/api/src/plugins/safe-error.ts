/**
 * An error as it may be written to the log. A failed database query carries its parameters (the
 * sign-up's argon2 hash, a login, a birth year, a commune) in its message and stack; a PostgreSQL
 * error's message and detail can quote a value ("Key (login)=(…) already exists"). Logs keep the
 * query text, the SQLSTATE and the names of the constraint, table and column, never the values.
 */
export function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const query = (err as { query?: unknown }).query;
  const stack = (err.stack ?? '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .join('\n');
  if (typeof query === 'string')
    return { type: err.name, query, cause: describeDbError((err as { cause?: unknown }).cause), stack };
  const db = describeDbError(err);
  if (db) return { ...db, stack };
  return { type: err.name, message: err.message, stack };
}

function describeDbError(err: unknown): Record<string, unknown> | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as Record<string, unknown>;
  if (typeof e.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code)) return undefined;
  return {
    type: 'DatabaseError',
    sqlState: e.code,
    ...(typeof e.constraint === 'string' ? { constraint: e.constraint } : {}),
    ...(typeof e.table === 'string' ? { table: e.table } : {}),
    ...(typeof e.column === 'string' ? { column: e.column } : {}),
    ...(typeof e.routine === 'string' ? { routine: e.routine } : {}),
  };
}
