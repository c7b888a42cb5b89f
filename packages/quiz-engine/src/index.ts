/** @hvs/quiz-engine — pure quiz engine: validation, seeded selection, public view, grading. */
export { QuizSchema, validateQuiz, parseQuiz, quizVersion, type Quiz, type QuizItem } from './schema.ts';
export { QuizValidationError, ResponseError, type QuizIssue } from './issues.ts';
export { selectItems, type Selection } from './selection.ts';
export {
  openAttempt,
  OpenAttempt,
  publicQuiz,
  gradeAttempt,
  gradeStoredAttempt,
  responsesFromStored,
  keyResponses,
  responsesFromForm,
  type PublicQuiz,
  type PublicItem,
  type ItemResult,
  type AttemptGrade,
} from './attempt.ts';
export { canonicalJson } from './version.ts';
export { normalizeText, normalizeTonePlacement, type NormalizeOptions } from './normalize.ts';
export {
  itemTypeNames,
  itemCodeFields,
  unreadItemFields,
  ItemSchema,
  type PublicItemOf as AnyPublicItem,
} from './items/registry.ts';
export type { AnswerWords, Feedback } from './items/item-type.ts';
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
