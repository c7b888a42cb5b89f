/**
 * The version of the consent text a learner agrees to at sign-up (the text itself is in the web's
 * messages). Its own module, free of zod, so the browser can import it cheaply.
 */
export const CONSENT_VERSION = '2026-11-22';
