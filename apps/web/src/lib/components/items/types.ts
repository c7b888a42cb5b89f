import type { ItemResult } from '@hvs/quiz-engine';

/** A graded item together with the public view the learner saw (texts of options, steps, segments). */
export type ItemResultView<P> = ItemResult & { item: P };
