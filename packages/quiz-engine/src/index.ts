/** @hvs/quiz-engine — pure quiz engine: validation, seeded selection, public view, grading. */
export {
  QuizSchema,
  validateQuiz,
  parseQuiz,
  quizVersion,
  selectItems,
  publicQuiz,
  gradeAttempt,
  gradeStoredAttempt,
  responsesFromStored,
  keyResponses,
  responsesFromForm,
  QuizValidationError,
  ResponseError,
} from './quiz.ts';
export type { Quiz, QuizItem, QuizIssue, Selection, PublicQuiz, PublicItem, ItemResult, AttemptGrade } from './quiz.ts';
export { normalizeText, normalizeTonePlacement, type NormalizeOptions } from './normalize.ts';
export { itemTypeNames, ItemSchema, type PublicItemOf as AnyPublicItem } from './items/registry.ts';
export type { Feedback } from './items/item-type.ts';
export type { PublicOption } from './items/choice.ts';
export { parseNumberAnswer, parseVietnameseNumber } from './items/number/parse.ts';

export type { SingleItem, PublicSingleItem, SingleSolution, SingleResponse } from './items/single/index.ts';
export type { MultipleItem, PublicMultipleItem, MultipleSolution, MultipleResponse } from './items/multiple/index.ts';
export type {
  TrueFalseItem,
  PublicTrueFalseItem,
  TrueFalseSolution,
  TrueFalseResponse,
} from './items/truefalse/index.ts';
export type { OrderingItem, PublicOrderingItem, OrderingSolution, OrderingResponse } from './items/ordering/index.ts';
export type { MatchingItem, PublicMatchingItem, MatchingSolution, MatchingResponse } from './items/matching/index.ts';
export type { TextItem, PublicTextItem, TextSolution, TextResponse } from './items/text/index.ts';
export type { NumberItem, PublicNumberItem, NumberSolution, NumberResponse } from './items/number/index.ts';
export type { SpotItem, PublicSpotItem, SpotSolution, SpotResponse } from './items/spot/index.ts';
