/** A `tiep` (next page) parameter, if it is a path on this site. */
export function safeNext(next: string | null): string | null {
  if (!next?.startsWith('/')) return null;
  // Browsers drop tabs and newlines and read "\\" as "/": "/\t/x.com" would leave the site. The
  // URL parser says where it really goes.
  try {
    const url = new URL(next, 'http://this.site');
    return url.origin === 'http://this.site' ? url.pathname + url.search + url.hash : null;
  } catch {
    return null;
  }
}
