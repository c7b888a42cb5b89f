// Teacher pages show live class data: rendered on request, never prerendered.
export const prerender = false;
