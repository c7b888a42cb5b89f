import type { Component } from 'svelte';
import ChoiceInput from './ChoiceInput.svelte';
import ChoiceResult from './ChoiceResult.svelte';
import MatchingInput from './MatchingInput.svelte';
import MatchingResult from './MatchingResult.svelte';
import OrderingInput from './OrderingInput.svelte';
import OrderingResult from './OrderingResult.svelte';
import SpotInput from './SpotInput.svelte';
import SpotResult from './SpotResult.svelte';
import TextInput from './TextInput.svelte';
import TextResult from './TextResult.svelte';
import TrueFalseInput from './TrueFalseInput.svelte';
import TrueFalseResult from './TrueFalseResult.svelte';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = Component<any>;

/** How each item type is answered and how its result is shown; one entry per quiz-engine type. */
export const itemViews: Record<string, { input: Any; result: Any }> = {
  single: { input: ChoiceInput, result: ChoiceResult },
  multiple: { input: ChoiceInput, result: ChoiceResult },
  truefalse: { input: TrueFalseInput, result: TrueFalseResult },
  ordering: { input: OrderingInput, result: OrderingResult },
  matching: { input: MatchingInput, result: MatchingResult },
  text: { input: TextInput, result: TextResult },
  number: { input: TextInput, result: TextResult },
  spot: { input: SpotInput, result: SpotResult },
};
