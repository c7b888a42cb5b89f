import { allModules } from '$lib/server/catalog';

export const prerender = true;

export const load = () => ({ modules: allModules() });
