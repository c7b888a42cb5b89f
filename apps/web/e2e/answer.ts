import type { Page } from 'playwright-core';
import { gradeAttempt, type NumberSolution, type Quiz } from '@hvs/quiz-engine';

/** What the server will accept as fully right for each drawn item of this attempt (tests may know keys). */
export function keyFor(quiz: Quiz, attemptId: string) {
  return gradeAttempt(quiz, attemptId, {}).items.map((i) => ({ id: i.id, type: i.type, solution: i.solution, explanation: i.explanation }));
}

/** Answers one item through the page the way a person would: tapping labels, picking, typing. */
export async function answerItem(page: Page, item: { id: string; type: string; solution: unknown }) {
  const q = `q.${item.id}`;
  const tap = (value: string) => page.locator(`label:has(input[name="${q}"][value="${value}"])`).click();
  switch (item.type) {
    case 'single':
      return tap(item.solution as string);
    case 'multiple':
    case 'spot':
      for (const v of item.solution as string[]) await tap(v);
      return;
    case 'truefalse':
      return tap(String(item.solution));
    case 'text':
      return page.locator(`input[name="${q}"]`).fill(item.solution as string);
    case 'number': {
      const { answer } = item.solution as NumberSolution;
      return page.locator(`input[name="${q}"]`).fill(String(answer).replace('.', ','));
    }
    case 'matching':
      for (const [left, right] of Object.entries(item.solution as Record<string, string>)) {
        await page.locator(`select[name="${q}.${left}"]`).selectOption(right);
      }
      return;
    case 'ordering': {
      // Move each step up with its "↑" button until the list is in the right order.
      const want = item.solution as string[];
      const list = page.locator(`section[data-item-id="${item.id}"]`);
      for (let target = 0; target < want.length; target++) {
        for (;;) {
          const ids = await list.locator('li.step').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
          const at = ids.indexOf(want[target]!);
          if (at <= target) break;
          await list.locator(`li[data-id="${want[target]}"] button.move`).first().click();
        }
      }
      return;
    }
    default:
      throw new Error(`no way to answer ${item.type} in the browser test`);
  }
}
