// Indicator pages show live figures: rendered on request, never prerendered.
export const prerender = false;
