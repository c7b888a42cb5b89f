import type { Page } from 'playwright-core';
import { keyResponses, type Quiz } from '@hvs/quiz-engine';

export type KeyItem = { id: string; type: string; response: unknown; explanation: string; unit?: string };

/** What the server will accept as fully right for each drawn item of this attempt (tests may know keys). */
export function keyFor(quiz: Quiz, attemptId: string): KeyItem[] {
  return Object.entries(keyResponses(quiz, attemptId)).map(([id, response]) => {
    const def = quiz.items.find((i) => i.id === id)!;
    return {
      id,
      type: def.type,
      response,
      explanation: def.explanation,
      ...('unit' in def && def.unit ? { unit: def.unit } : {}),
    };
  });
}

/**
 * Answers one item through the page the way a person would: tapping labels, picking, typing.
 * Without JavaScript, ordering steps get their positions from lists instead of the ↑ buttons.
 */
export async function answerItem(page: Page, item: KeyItem, { js = true }: { js?: boolean } = {}) {
  const q = `q.${item.id}`;
  const tap = (value: string) => page.locator(`label:has(input[name="${q}"][value="${value}"])`).click();
  switch (item.type) {
    case 'single':
      return tap(item.response as string);
    case 'multiple':
    case 'spot':
      for (const v of item.response as string[]) await tap(v);
      return;
    case 'truefalse':
      return tap(String(item.response));
    case 'text':
      return page.locator(`input[name="${q}"]`).fill(item.response as string);
    case 'number':
      // typed as people do: Vietnamese grouping and decimal comma, and the unit after it
      return page
        .locator(`input[name="${q}"]`)
        .fill(`${(item.response as number).toLocaleString('vi-VN')} ${item.unit ?? 'đ'}`);
    case 'matching':
      for (const [left, right] of Object.entries(item.response as Record<string, string>)) {
        await page.locator(`select[name="${q}.${left}"]`).selectOption(right);
      }
      return;
    case 'ordering': {
      const want = item.response as string[];
      if (!js) {
        for (const [i, id] of want.entries())
          await page.locator(`select[name="${q}.${id}"]`).selectOption(String(i + 1));
        return;
      }
      // Move each step up with its "↑" button until the list is in the right order; after each tap,
      // wait for the list to show the move (reading it too early would tap once too often).
      const list = page.locator(`section[data-item-id="${item.id}"]`);
      const order = () => list.locator('li.step').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
      for (let target = 0; target < want.length; target++) {
        for (;;) {
          const at = (await order()).indexOf(want[target]!);
          if (at <= target) break;
          await list.locator(`li[data-id="${want[target]}"] button.move`).first().click();
          for (let i = 0; i < 50 && (await order()).indexOf(want[target]!) === at; i++) await page.waitForTimeout(20);
        }
      }
      if (JSON.stringify(await order()) !== JSON.stringify(want)) throw new Error(`could not put ${item.id} in order`);
      return;
    }
    default:
      throw new Error(`no way to answer ${item.type} in the browser test`);
  }
}
