import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { mdsvex } from 'mdsvex';
import { lessonImages } from './src/lib/markdown/lesson-images.js';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  extensions: ['.svelte', '.md'],
  preprocess: [vitePreprocess(), mdsvex({ extensions: ['.md'], remarkPlugins: [lessonImages] })],
  kit: {
    adapter: adapter({ precompress: true }),
    prerender: { handleHttpError: 'fail', handleMissingId: 'fail' },
    output: { preloadStrategy: 'modulepreload' },
    // registered by the learner pages' script (they ship no Kit client): lib/enhance/learner.ts
    serviceWorker: { register: false },
  },
  compilerOptions: { runes: true },
};

export default config;
