// Account pages work on live data: rendered on request, never prerendered.
export const prerender = false;
