import { resolve } from 'node:path';
import { defaultContentDir, loadCatalog } from './catalog.ts';
import { checkContent, formatIssue } from './check.ts';

// Usage: tsx src/cli.ts [content-dir]
const dir = process.argv[2] ? resolve(process.argv[2]) : defaultContentDir;
const issues = checkContent(dir);
if (issues.length > 0) {
  for (const issue of issues) console.error(formatIssue(issue));
  console.error(`\n${issues.length} lỗi nội dung.`);
  process.exit(1);
}
const catalog = loadCatalog(dir);
console.log(`Nội dung hợp lệ: ${catalog.modules.length} module, ${catalog.lessons.size} bài học.`);
