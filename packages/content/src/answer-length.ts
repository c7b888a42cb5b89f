import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * Questions no pattern can pass (issue 13). A learner who always picks the longest choice should do
 * no better than one who reads. When the key of most single-choice items is the longest option, the
 * length gives the answer away: before this rule, 78 of the curriculum's 110 single-choice keys were
 * the longest option, in every module. The share is counted per module, because that is the unit a
 * learner works through and what a final assessment draws from.
 */
export const ANSWER_LENGTH_RULES = {
  // Share of a module's single-choice items whose key is the longest option (ties count as longest:
  // a learner guessing by length cannot tell them apart). With four options chance is about 25%.
  maxLongestKeyShare: 0.4,
  // Share of a module's multiple-choice items that length answers: every right option is at least as
  // long as every wrong one ("tick all but the shortest"), or the only wrong option is at least as long
  // as every right one ("tick all but the longest"). Ties count, as above. Before the content-fix
  // rewrite, 27 of the 47 multiple-choice items were like this.
  maxLengthCuedMultipleShare: 0.4,
} as const;

/** "Tất cả các ý trên", "Cả hai ý trên": the format forbids them (docs/content-format.md). */
const ALL_OF_THE_ABOVE =
  /(tất cả|cả (hai|ba|bốn)) (các )?(ý|đáp án|phương án|lựa chọn|câu)( trả lời)? (trên|đều đúng)/iu;

type Add = (file: string, field: string, message: string) => void;
type Option = { text?: unknown; correct?: unknown };

/** Characters a reader sees: code points of the NFC form, so a letter with its tone marks counts once. */
const length = (text: unknown) => (typeof text === 'string' ? [...text.trim().normalize('NFC')].length : 0);

/**
 * Reads every quiz of one module folder and reports, on its `module.yaml`, a share of longest keys
 * (single choice) or of length-cued items (multiple choice) above the limit, naming the items to
 * rewrite; and, on the option, an "all of the above" choice.
 * Quizzes that do not parse are skipped here: the quiz checks report them.
 */
export function checkAnswerLength(folder: string, add: Add): void {
  let single = 0;
  const longest: string[] = [];
  let multiple = 0;
  const cued: string[] = [];
  for (const name of readdirSync(folder)
    .filter((n) => n.endsWith('.quiz.yaml'))
    .sort()) {
    const path = join(folder, name);
    let raw: unknown;
    try {
      raw = parse(readFileSync(path, 'utf8'));
    } catch {
      continue;
    }
    const items = (raw as { items?: unknown } | null)?.items;
    if (!Array.isArray(items)) continue;
    (items as (Record<string, unknown> | null)[]).forEach((item, i) => {
      const options = Array.isArray(item?.options) ? (item.options as Option[]) : [];
      options.forEach((o, j) => {
        if (typeof o?.text === 'string' && ALL_OF_THE_ABOVE.test(o.text)) {
          add(
            path,
            `items[${i}].options[${j}].text`,
            'không dùng lựa chọn kiểu "Tất cả các ý trên": người học đoán được mà không cần biết từng ý',
          );
        }
      });
      const keys = options.filter((o) => o?.correct === true);
      const others = options.filter((o) => o?.correct !== true);
      const label = `${name.replace(/\.quiz\.yaml$/, '')} ${typeof item?.id === 'string' ? item.id : `items[${i}]`}`;
      if (item?.type === 'multiple') {
        // Without a right and a wrong option there is nothing to tell apart (the quiz checks report
        // an item without a key).
        if (keys.length === 0 || others.length === 0) return;
        multiple++;
        const right = keys.map((o) => length(o.text));
        const wrong = others.map((o) => length(o.text));
        const rightAllLonger = Math.min(...right) >= Math.max(...wrong);
        const onlyWrongLongest = wrong.length === 1 && wrong[0]! >= Math.max(...right);
        if (rightAllLonger || onlyWrongLongest) cued.push(label);
        return;
      }
      if (item?.type !== 'single') return;
      // An item without exactly one key is reported by the quiz checks, not counted here.
      if (keys.length !== 1 || others.length === 0) return;
      single++;
      if (length(keys[0]!.text) >= Math.max(...others.map((o) => length(o.text)))) longest.push(label);
    });
  }
  const allowed = Math.floor(single * ANSWER_LENGTH_RULES.maxLongestKeyShare);
  if (longest.length > allowed) {
    const share = Math.round((longest.length / single) * 100);
    add(
      join(folder, 'module.yaml'),
      'quizzes',
      `đáp án đúng là lựa chọn dài nhất ở ${longest.length}/${single} câu một lựa chọn của module (${share}%), tối đa ${ANSWER_LENGTH_RULES.maxLongestKeyShare * 100}%: chọn câu dài nhất là đoán trúng; viết lại ít nhất ${longest.length - allowed} câu sao cho đáp án không dài nhất (các câu đang như vậy: ${longest.join(', ')})`,
    );
  }
  const allowedCued = Math.floor(multiple * ANSWER_LENGTH_RULES.maxLengthCuedMultipleShare);
  if (cued.length > allowedCued) {
    const share = Math.round((cued.length / multiple) * 100);
    add(
      join(folder, 'module.yaml'),
      'quizzes',
      `độ dài lộ đáp án ở ${cued.length}/${multiple} câu nhiều lựa chọn của module (${share}%), tối đa ${ANSWER_LENGTH_RULES.maxLengthCuedMultipleShare * 100}%: mọi lựa chọn đúng dài bằng hoặc hơn mọi lựa chọn sai, hoặc lựa chọn sai duy nhất là dài nhất, nên đánh dấu theo độ dài là đoán trúng; viết lại ít nhất ${cued.length - allowedCued} câu (các câu đang như vậy: ${cued.join(', ')})`,
    );
  }
}
