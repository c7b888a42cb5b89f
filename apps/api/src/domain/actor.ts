import type { Role } from '@hvs/contracts';

/**
 * Who is calling. A signed-in user (access JWT in a cookie or `Authorization: Bearer`), or a guest:
 * the device-held id in an httpOnly cookie. A user's learner id is their user id. Services take it as
 * their first argument and check scope against it; how it is read from a request is the learner
 * plugin's business (plugins/learner.ts).
 */
export type Actor = GuestActor | UserActor;
export type GuestActor = { kind: 'guest'; learnerId: string };
export type UserActor = { kind: 'user'; learnerId: string; userId: string; roles: Role[] };
