// The build-time lesson catalog made by the content plugin in vite.config.ts (an ambient module, so
// this file must have no top-level import or export).
declare module 'virtual:hvs-catalog' {
  export const modules: import('@hvs/content').ModuleMeta[];
}
