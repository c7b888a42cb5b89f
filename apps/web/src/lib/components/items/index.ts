import type { Component } from 'svelte';
import MatchingInput from './MatchingInput.svelte';
import MatchingResult from './MatchingResult.svelte';
import MultipleInput from './MultipleInput.svelte';
import MultipleResult from './MultipleResult.svelte';
import NumberInput from './NumberInput.svelte';
import NumberResult from './NumberResult.svelte';
import OrderingInput from './OrderingInput.svelte';
import OrderingResult from './OrderingResult.svelte';
import SingleInput from './SingleInput.svelte';
import SingleResult from './SingleResult.svelte';
import SpotInput from './SpotInput.svelte';
import SpotResult from './SpotResult.svelte';
import TextInput from './TextInput.svelte';
import TextResult from './TextResult.svelte';
import TrueFalseInput from './TrueFalseInput.svelte';
import TrueFalseResult from './TrueFalseResult.svelte';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = Component<any>;

/** How each item type is answered and how its result is shown: one pair of components per quiz-engine type. */
export const itemViews: Record<string, { input: Any; result: Any }> = {
  single: { input: SingleInput, result: SingleResult },
  multiple: { input: MultipleInput, result: MultipleResult },
  truefalse: { input: TrueFalseInput, result: TrueFalseResult },
  ordering: { input: OrderingInput, result: OrderingResult },
  matching: { input: MatchingInput, result: MatchingResult },
  text: { input: TextInput, result: TextResult },
  number: { input: NumberInput, result: NumberResult },
  spot: { input: SpotInput, result: SpotResult },
};

export type { ItemFields } from './types';
