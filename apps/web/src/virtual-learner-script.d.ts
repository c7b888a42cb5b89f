declare module 'virtual:learner-script' {
  /** URL of the learner pages' script (see learnerScript() in vite.config.ts) */
  const url: string;
  export default url;
}

declare module 'virtual:offline-script' {
  /** URL of the download and storage script of the module and stored-lessons pages (vite.config.ts) */
  const url: string;
  export default url;
}
