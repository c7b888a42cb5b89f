/** How long the tokens of a session live: a short access token, renewed from a rotating refresh token. */
export const ACCESS_TTL_SECONDS = 15 * 60;
export const REFRESH_TTL_SECONDS = 30 * 24 * 3600;
