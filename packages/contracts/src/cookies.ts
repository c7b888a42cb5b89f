/**
 * The cookies the API sets for a browser, all httpOnly. The web's server code reads them too (to
 * renew a session before rendering, and to give a device its guest id before its first answer).
 */
export const COOKIE = {
  /** a guest's device-held learner id (a UUID), until they sign up or sign in */
  device: 'hvs_device',
  access: 'hvs_access',
  refresh: 'hvs_refresh',
} as const;

/** A device id lives a year; it is renewed whenever the learner signs up, in or out. */
export const DEVICE_COOKIE_MAX_AGE = 365 * 24 * 3600;

/**
 * The attributes of every cookie above, for the API (Fastify) and the web's server code (SvelteKit)
 * alike: httpOnly, SameSite=Lax, whole site, Secure when the page came over https.
 */
export const cookieAttributes = (secure: boolean, maxAge: number) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure,
  maxAge,
});

/** Set by the web server on its in-process calls to the API: the visitor's address (plugins/web.ts). */
export const CLIENT_ADDRESS_HEADER = 'x-hvs-client-address';
