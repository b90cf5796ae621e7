import { useCallback, useEffect, useRef, useState } from "react";
import { useClient } from "urql";
import { graphql, type FragmentType } from "../../gql";
import type { TicketCategory, TicketPriority } from "../../gql/graphql";
import { firstMessage } from "../../lib/errors";
import {
  EMPTY_CHOICES,
  applySuggestion,
  chooseCategory,
  choosePriority,
  worthClassifying,
  type ChoiceState,
} from "./suggestion";
import type { SuggestionNoteFragment } from "./SuggestionNote";

export const SUGGEST_DEBOUNCE_MS = 400;

const ClassifyTicketMutation = graphql(`
  mutation ClassifyTicket($title: String, $description: String!) {
    classifyTicket(title: $title, description: $description) {
      suggestion {
        category
        priority
        ...SuggestionNote
      }
      errors {
        ...FieldError
      }
    }
  }
`);

export interface SuggestionHandle {
  /** The latest suggestion, for the note under the description. */
  suggestion: FragmentType<typeof SuggestionNoteFragment> | null;
  loading: boolean;
  error: string | null;
  /** The selects' values: the suggestion's until the user picks one (suggestion.ts). */
  choices: ChoiceState;
  chooseCategory: (category: TicketCategory | "") => void;
  choosePriority: (priority: TicketPriority | "") => void;
  /** Back to empty selects, dropping an answer still on its way (after a submit). */
  reset: () => void;
}

/**
 * The desk's suggestion for a ticket being written: asked 400 ms after the last change to
 * the title or description, once the description has a few words; an answer for an older
 * text is dropped.
 */
export function useSuggestion(title: string, description: string): SuggestionHandle {
  const client = useClient();
  const [choices, setChoices] = useState<ChoiceState>(EMPTY_CHOICES);
  const [suggestion, setSuggestion] = useState<SuggestionHandle["suggestion"]>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const request = useRef(0);

  useEffect(() => {
    const ticket = ++request.current;
    if (!worthClassifying(description)) {
      setLoading(false);
      return;
    }
    const timer = setTimeout(() => {
      setLoading(true);
      setError(null);
      void client
        .mutation(ClassifyTicketMutation, { title: title.trim() || null, description })
        .toPromise()
        .then((result) => {
          if (ticket !== request.current) return; // a newer text is on its way
          const found = result.data?.classifyTicket.suggestion;
          if (found) {
            setSuggestion(found);
            setChoices((current) => applySuggestion(current, found));
          } else {
            setError(firstMessage(result.data?.classifyTicket.errors, "No suggestion right now."));
          }
        })
        .finally(() => {
          if (ticket === request.current) setLoading(false);
        });
    }, SUGGEST_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [client, title, description]);

  const reset = useCallback(() => {
    request.current++;
    setChoices(EMPTY_CHOICES);
    setSuggestion(null);
    setLoading(false);
  }, []);

  return {
    suggestion,
    loading,
    error,
    choices,
    chooseCategory: useCallback(
      (category) => setChoices((current) => chooseCategory(current, category)),
      [],
    ),
    choosePriority: useCallback(
      (priority) => setChoices((current) => choosePriority(current, priority)),
      [],
    ),
    reset,
  };
}
