// Build-time only (mdsvex remark plugin). Lessons write images relative to their module folder
// (`img/x.svg`); the page lives at /bai-hoc/<id>, so the address must be rewritten to where the
// vite plugin in vite.config.ts publishes the module's images: /noi-dung/<module>/img/x.svg.
// The image is emitted as HTML that we escape ourselves: mdsvex copies alt text verbatim into a
// Svelte attribute, where a quote ends it and a brace starts an expression.
import { basename, dirname } from 'node:path';

/** @param {string} s */
const attr = (s) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/{/g, '&#123;')
    .replace(/}/g, '&#125;');

/** @returns {(tree: any, file: any) => void} */
export function lessonImages() {
  return (tree, file) => {
    const filename = file.filename ?? file.path ?? '';
    const moduleId = filename.includes('/content/lessons/') ? basename(dirname(filename)) : null;
    /** @param {any} node */
    const visit = (node) => {
      if (node.type === 'image' && typeof node.url === 'string') {
        const src =
          moduleId && !/^(\/|https?:)/.test(node.url)
            ? `/noi-dung/${moduleId}/${node.url.replace(/^\.\//, '')}`
            : node.url;
        node.type = 'html';
        node.value = `<img src="${attr(src)}" alt="${attr(node.alt ?? '')}" loading="lazy" decoding="async">`;
        delete node.url;
        delete node.alt;
      }
      for (const child of node.children ?? []) visit(child);
    };
    visit(tree);
  };
}
