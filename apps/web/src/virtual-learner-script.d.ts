declare module 'virtual:learner-script' {
  /** URL of the learner pages' script (see learnerScript() in vite.config.ts) */
  const url: string;
  export default url;
}
