import type { Add } from './report.ts';

/** A Markdown link (not an image): its target. */
export const LINK = /(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

/** Links in lessons: external ones over https, internal ones to a lesson or module that exists. */
export function checkLinks(
  links: readonly { file: string; href: string }[],
  lessonIds: ReadonlyMap<string, string>,
  moduleIds: ReadonlyMap<string, string>,
  add: Add,
) {
for (const { file, href } of links) {
  if (/^https?:\/\//.test(href)) {
    if (!href.startsWith('https://')) add(file, 'link', `liên kết ngoài phải dùng https: ${href}`);
    continue;
  }
  if (href.startsWith('mailto:') || href.startsWith('tel:') || href.startsWith('#')) continue;
  const lesson = /^\/bai-hoc\/([a-z0-9-]+)\/?$/.exec(href);
  const mod = /^\/hoc\/([a-z0-9-]+)\/?$/.exec(href);
  if (lesson) {
    if (!lessonIds.has(lesson[1]!)) add(file, 'link', `liên kết tới bài không tồn tại: ${href}`);
  } else if (mod) {
    if (!moduleIds.has(mod[1]!)) add(file, 'link', `liên kết tới module không tồn tại: ${href}`);
  } else {
    add(file, 'link', `liên kết trong phải có dạng /bai-hoc/<id> hoặc /hoc/<module>: ${href}`);
  }
}
}
