import { graphql, readFragment, type FragmentType } from "../../gql";
import { label, percent } from "../../lib/format";

export const SuggestionNoteFragment = graphql(`
  fragment SuggestionNote on Suggestion {
    category
    priority
    categoryConfidence
    priorityConfidence
    source
    model
    fallbackReason
  }
`);

/** The new-ticket form's live note: asking, the desk's suggestion, or why there is none. */
export function SuggestionNote({
  id,
  suggestion: suggestionRef,
  loading,
  error,
}: {
  id: string;
  suggestion: FragmentType<typeof SuggestionNoteFragment> | null;
  loading: boolean;
  error: string | null;
}) {
  const suggestion = readFragment(SuggestionNoteFragment, suggestionRef);
  return (
    <div id={id} className="suggestion" role="status" aria-live="polite" aria-busy={loading}>
      {loading ? (
        <span className="suggesting">
          <span className="spinner" aria-hidden="true" /> Suggesting a category and priority…
        </span>
      ) : error ? (
        <span className="muted">{error}</span>
      ) : suggestion ? (
        <span data-testid="suggestion">
          Suggested: <strong>{label(suggestion.category)}</strong> (
          {percent(suggestion.categoryConfidence)}) · <strong>{label(suggestion.priority)}</strong>{" "}
          ({percent(suggestion.priorityConfidence)}){" "}
          <span className="source" title={suggestion.fallbackReason ?? undefined}>
            by the {suggestion.source === "LLM" ? "AI model" : "local model"} {suggestion.model}
          </span>
        </span>
      ) : (
        <span className="muted">
          Type a few words of description for a suggested category and priority.
        </span>
      )}
    </div>
  );
}
