/**
 * Which items an attempt shows, in which order, each arranged: all from the attempt id alone (the
 * recipe is pinned by test/rng.test.ts; changing it changes what stored attempts showed).
 */
import type { AnyItemType } from './items/registry.ts';
import { itemTypeOf } from './items/registry.ts';
import { rngForAttempt, shuffle, type Rng } from './rng.ts';
import type { Quiz, QuizItem } from './schema.ts';

export type Selection = { seed: string; items: { id: string; arrangement: unknown }[] };

/** A drawn item with what every step after the draw needs: its definition, its type, its arrangement. */
export type DrawnItem = { id: string; def: QuizItem; type: AnyItemType; arrangement: unknown };

function drawCount(quiz: Pick<Quiz, 'draw' | 'items'>): number {
  if (quiz.draw === undefined) return quiz.items.length;
  return typeof quiz.draw === 'number' ? quiz.draw : quiz.draw.count;
}

function distinctTags(items: readonly { tags?: string[] | undefined }[]): string[] {
  return [...new Set(items.flatMap((item) => item.tags ?? []))];
}

/** Indices of the drawn items, in authoring order. */
function drawIndices(quiz: Quiz, rng: Rng): number[] {
  const total = quiz.items.length;
  const count = Math.min(drawCount(quiz), total);
  const chosen = new Set<number>();
  if (typeof quiz.draw === 'object' && quiz.draw.coverTags) {
    // One random item per distinct tag (tags in order of first appearance), skipping tags that an
    // earlier pick already covers.
    for (const tag of distinctTags(quiz.items)) {
      if (chosen.size >= count) break;
      if ([...chosen].some((i) => quiz.items[i]?.tags?.includes(tag))) continue;
      const candidates = quiz.items.flatMap((item, i) => (item.tags?.includes(tag) && !chosen.has(i) ? [i] : []));
      chosen.add(candidates[rng.int(candidates.length)] as number);
    }
  }
  const rest = shuffle(
    quiz.items.map((_, i) => i).filter((i) => !chosen.has(i)),
    rng,
  );
  for (const i of rest) {
    if (chosen.size >= count) break;
    chosen.add(i);
  }
  return [...chosen].sort((a, b) => a - b);
}

/**
 * The draw of an attempt. Order of random draws: items drawn, item order shuffled (if
 * shuffleItems), then each item's arrangement in presented order.
 */
export function draw(quiz: Quiz, attemptId: string): { seed: string; items: DrawnItem[] } {
  const { seed, rng } = rngForAttempt(attemptId);
  const drawn = drawIndices(quiz, rng);
  const order = quiz.shuffleItems ? shuffle(drawn, rng) : drawn;
  const items = order.map((i): DrawnItem => {
    const def = quiz.items[i] as QuizItem;
    const type = itemTypeOf(def.type);
    return { id: def.id, def, type, arrangement: type.arrange(def, rng, quiz.shuffleOptions) };
  });
  return { seed, items };
}

/** What an attempt shows, from the attempt id alone: which items, in which order, and each item's arrangement. */
export function selectItems(quiz: Quiz, attemptId: string): Selection {
  const { seed, items } = draw(quiz, attemptId);
  return { seed, items: items.map(({ id, arrangement }) => ({ id, arrangement })) };
}
