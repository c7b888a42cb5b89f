import type { AttemptResult, SubmitAttempt } from '@hvs/contracts';
import { ApiError, submitAttempt } from './api.ts';
import { OUTBOX_KEY as KEY } from './outbox-key.ts';

/**
 * Answers stay on the device until the API has acknowledged them. An attempt is written here before
 * it is sent and removed only when the server answered (with a result, or with a refusal that
 * sending again cannot change). Sending again is safe: the attempt id makes it idempotent.
 */

type Entry = { body: SubmitAttempt; queuedAt: string };

function read(): Entry[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as Entry[];
  } catch {
    return [];
  }
}

function write(entries: Entry[]) {
  localStorage.setItem(KEY, JSON.stringify(entries));
}

export function queued(): SubmitAttempt[] {
  return read().map((e) => e.body);
}

export function enqueue(body: SubmitAttempt) {
  const entries = read().filter((e) => e.body.id !== body.id);
  entries.push({ body, queuedAt: new Date().toISOString() });
  write(entries);
}

function remove(id: string) {
  write(read().filter((e) => e.body.id !== id));
}

/** Sends in flight, by attempt id: the same attempt is never on the wire twice at once. */
const inFlight = new Map<string, Promise<AttemptResult>>();

/**
 * Sends one attempt through the outbox. Throws NetworkError when it stays queued. A second call for
 * an attempt that is already being sent (the learner taps "send again" while the outbox flushes on
 * reconnect) waits for that send instead of racing it.
 */
export function send(body: SubmitAttempt): Promise<AttemptResult> {
  const pending = inFlight.get(body.id);
  if (pending) return pending;
  const sending = deliver(body).finally(() => inFlight.delete(body.id));
  inFlight.set(body.id, sending);
  return sending;
}

async function deliver(body: SubmitAttempt): Promise<AttemptResult> {
  enqueue(body);
  try {
    const result = await submitAttempt(body);
    remove(body.id);
    return result;
  } catch (e) {
    // A refusal (4xx) will not change by sending again; a 5xx or no answer may, and so may a 401:
    // once the learner signs in again, the attempt goes out as theirs.
    if (e instanceof ApiError && e.status < 500 && e.status !== 401) remove(body.id);
    throw e;
  }
}

/** Announced on `window` for each queued attempt that `flush` delivered; the detail is its result. */
export const SENT_EVENT = 'hvs:attempt-sent';

/** Sends whatever is still queued (on start, and when the device comes back online). */
export async function flush(): Promise<number> {
  let sent = 0;
  for (const { body } of read()) {
    try {
      const result = await send({ ...body, source: 'offline_sync' });
      dispatchEvent(new CustomEvent<AttemptResult>(SENT_EVENT, { detail: result }));
      sent++;
    } catch {
      // still offline or refused: stop for now, try again on the next chance
      break;
    }
  }
  return sent;
}
