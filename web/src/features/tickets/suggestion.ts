import type { TicketCategory, TicketPriority } from "../../gql/graphql";

// The form's category and priority: a suggestion fills a select only while the user has
// not picked a value there themselves, and never replaces what they picked.
export interface ChoiceState {
  category: TicketCategory | "";
  priority: TicketPriority | "";
  categoryByUser: boolean;
  priorityByUser: boolean;
}

export const EMPTY_CHOICES: ChoiceState = {
  category: "",
  priority: "",
  categoryByUser: false,
  priorityByUser: false,
};

export function applySuggestion(
  state: ChoiceState,
  suggestion: { category: TicketCategory; priority: TicketPriority },
): ChoiceState {
  return {
    ...state,
    category: state.categoryByUser ? state.category : suggestion.category,
    priority: state.priorityByUser ? state.priority : suggestion.priority,
  };
}

export function chooseCategory(state: ChoiceState, category: TicketCategory | ""): ChoiceState {
  // Choosing "let the desk decide" hands the field back to the suggestion.
  return { ...state, category, categoryByUser: category !== "" };
}

export function choosePriority(state: ChoiceState, priority: TicketPriority | ""): ChoiceState {
  return { ...state, priority, priorityByUser: priority !== "" };
}

/** Ask for a suggestion only past a few words. */
export function worthClassifying(description: string, minWords = 3): boolean {
  return description.trim().split(/\s+/).filter(Boolean).length >= minWords;
}
