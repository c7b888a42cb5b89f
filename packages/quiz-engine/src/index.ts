export {
  QuizSchema,
  validateQuiz,
  parseQuiz,
  quizVersion,
  selectItems,
  publicQuiz,
  gradeAttempt,
  responsesFromForm,
  QuizValidationError,
  ResponseError,
} from './quiz.ts';
export type { Quiz, QuizItem, QuizIssue, Selection, PublicQuiz, PublicItem, ItemResult, AttemptGrade } from './quiz.ts';
export { normalizeText, type NormalizeOptions } from './normalize.ts';
export { itemTypeNames, ItemSchema } from './items/registry.ts';
export type { Feedback } from './items/item-type.ts';
export type { PublicSingleItem, SingleSolution, SingleItem, SingleResponse } from './items/single/index.ts';
export type { PublicOption } from './items/choice.ts';
