import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Add } from './report.ts';
import { RULES } from './rules.ts';

export const IMAGE = /!\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
export const HTML_IMG = /<img\b[^>]*>/gi;
export const HTML_ATTR = /\b([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;

export function checkImage(folder: string, file: string, field: string, src: string, alt: string, add: Add, tag?: string) {
  if (!alt.trim()) add(file, field, `ảnh thiếu mô tả (alt): ${src || tag}`);
  if (!src.trim()) {
    add(file, field, `ảnh thiếu đường dẫn (src): ${tag}`);
    return;
  }
  if (/^https?:/.test(src)) {
    add(file, field, `ảnh phải nằm trong thư mục img/ của module, không lấy từ mạng: ${src}`);
    return;
  }
  const path = resolve(dirname(file), src);
  // Containment by path, not by prefix: "an-toan-x/img/…" starts with "an-toan" but is another folder.
  const inside = relative(join(folder, 'img'), path);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    add(file, field, `ảnh phải nằm trong thư mục img/ của module: ${src}`);
  } else if (!existsSync(path)) {
    add(file, field, `không tìm thấy ảnh: ${src}`);
  } else if (statSync(path).size > RULES.maxImageBytes) {
    add(file, field, `ảnh ${src} nặng ${Math.round(statSync(path).size / 1024)} KB, tối đa ${RULES.maxImageBytes / 1024} KB`);
  } else if (!/\.(svg|webp|png|jpe?g)$/.test(src)) {
    add(file, field, `định dạng ảnh không hỗ trợ: ${src}`);
  }
}

