import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useClient } from "urql";
import type { SuggestionInfoFragment, TicketCategory, TicketPriority, TicketRowFragment } from "../../gql/graphql";
import { CATEGORIES, PRIORITIES, label, percent } from "../../lib/format";
import { ClassifyTicketMutation, CreateTicketMutation } from "./operations";
import { EMPTY_CHOICES, applySuggestion, chooseCategory, choosePriority, worthClassifying, type ChoiceState } from "./suggestion";

export const TITLE_MAX = 200;
export const SUGGEST_DEBOUNCE_MS = 400;

type FieldErrors = Partial<Record<"title" | "description" | "category" | "priority" | "form", string>>;

/** A random idempotency key (crypto.randomUUID needs a secure context; this does not). */
function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export function NewTicketForm({ onCreated }: { onCreated: (ticket: TicketRowFragment) => void }) {
  const client = useClient();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [choices, setChoices] = useState<ChoiceState>(EMPTY_CHOICES);
  const [suggestion, setSuggestion] = useState<SuggestionInfoFragment | null>(null);
  const [suggesting, setSuggesting] = useState(false);
  const [suggestError, setSuggestError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitting, setSubmitting] = useState(false);
  const [notice, setNotice] = useState("");
  const request = useRef(0);
  // One idempotency key per ticket: resubmitting the same input after a lost answer gets the
  // ticket the first attempt created, not a duplicate (docs/api.md).
  const attempt = useRef<{ input: string; key: string } | null>(null);
  const ids = { title: useId(), titleHelp: useId(), description: useId(), category: useId(), priority: useId(), suggestion: useId() };

  // Debounced suggestion while the description is typed (past a few words).
  useEffect(() => {
    const ticket = ++request.current;
    if (!worthClassifying(description)) {
      setSuggesting(false);
      return;
    }
    const timer = setTimeout(() => {
      setSuggesting(true);
      setSuggestError(null);
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
            setSuggestError(result.data?.classifyTicket.errors[0]?.message ?? "No suggestion right now.");
          }
        })
        .finally(() => {
          if (ticket === request.current) setSuggesting(false);
        });
    }, SUGGEST_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [client, title, description]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems: FieldErrors = {};
    if (!title.trim()) problems.title = "Give the ticket a title.";
    if (!description.trim()) problems.description = "Describe the problem.";
    setErrors(problems);
    if (Object.keys(problems).length) return;
    setSubmitting(true);
    setNotice("");
    try {
      const input = {
        title: title.trim(),
        description,
        category: choices.category || null,
        priority: choices.priority || null,
      };
      const signature = JSON.stringify(input);
      if (attempt.current?.input !== signature) attempt.current = { input: signature, key: newIdempotencyKey() };
      const result = await client
        .mutation(CreateTicketMutation, { input: { ...input, idempotencyKey: attempt.current.key } })
        .toPromise();
      const payload = result.data?.createTicket;
      if (payload?.ticket) {
        attempt.current = null;
        request.current++;
        setTitle("");
        setDescription("");
        setChoices(EMPTY_CHOICES);
        setSuggestion(null);
        setSuggesting(false);
        setErrors({});
        setNotice(`Ticket “${payload.ticket.title}” submitted.`);
        onCreated(payload.ticket);
        return;
      }
      const next: FieldErrors = {};
      for (const error of payload?.errors ?? []) {
        const field = error.field && ["title", "description", "category", "priority"].includes(error.field) ? (error.field as keyof FieldErrors) : "form";
        next[field] = next[field] ? `${next[field]} ${error.message}` : error.message;
      }
      if (!payload) next.form = "The ticket could not be submitted. Try again.";
      setErrors(next);
    } catch {
      setErrors({ form: "The desk cannot be reached. Try again." });
    } finally {
      setSubmitting(false);
    }
  }

  const describedBy = (id: string, field: keyof FieldErrors) => [id, errors[field] ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;

  return (
    <section className="panel new-ticket" aria-labelledby="new-ticket-heading">
      <h2 id="new-ticket-heading">New ticket</h2>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={ids.title}>Title</label>
          <input
            id={ids.title}
            name="title"
            value={title}
            maxLength={TITLE_MAX}
            required
            aria-invalid={errors.title ? true : undefined}
            aria-describedby={[ids.titleHelp, errors.title ? `${ids.title}-error` : ""].filter(Boolean).join(" ")}
            onChange={(e) => setTitle(e.target.value)}
          />
          <div className="field-meta">
            <span id={ids.titleHelp} className={title.length >= TITLE_MAX ? "counter full" : "counter"}>
              {title.length}/{TITLE_MAX}
            </span>
          </div>
          {errors.title && <FieldError id={`${ids.title}-error`} message={errors.title} />}
        </div>
        <div className="field">
          <label htmlFor={ids.description}>Description</label>
          <textarea
            id={ids.description}
            name="description"
            rows={5}
            value={description}
            required
            aria-invalid={errors.description ? true : undefined}
            aria-describedby={describedBy(ids.suggestion, "description")}
            onChange={(e) => setDescription(e.target.value)}
          />
          {errors.description && <FieldError id={`${ids.suggestion}-error`} message={errors.description} />}
        </div>
        <SuggestionNote id={ids.suggestion} suggestion={suggestion} loading={suggesting} error={suggestError} />
        <div className="selects">
          <div className="field">
            <label htmlFor={ids.category}>Category</label>
            <select
              id={ids.category}
              name="category"
              value={choices.category}
              aria-invalid={errors.category ? true : undefined}
              aria-describedby={errors.category ? `${ids.category}-error` : undefined}
              onChange={(e) => setChoices((current) => chooseCategory(current, e.target.value as TicketCategory | ""))}
            >
              <option value="">Desk suggests</option>
              {CATEGORIES.map((value) => (
                <option key={value} value={value}>
                  {label(value)}
                </option>
              ))}
            </select>
            {errors.category && <FieldError id={`${ids.category}-error`} message={errors.category} />}
          </div>
          <div className="field">
            <label htmlFor={ids.priority}>Priority</label>
            <select
              id={ids.priority}
              name="priority"
              value={choices.priority}
              aria-invalid={errors.priority ? true : undefined}
              aria-describedby={errors.priority ? `${ids.priority}-error` : undefined}
              onChange={(e) => setChoices((current) => choosePriority(current, e.target.value as TicketPriority | ""))}
            >
              <option value="">Desk suggests</option>
              {PRIORITIES.map((value) => (
                <option key={value} value={value}>
                  {label(value)}
                </option>
              ))}
            </select>
            {errors.priority && <FieldError id={`${ids.priority}-error`} message={errors.priority} />}
          </div>
        </div>
        {errors.form && <FieldError id="new-ticket-form-error" message={errors.form} />}
        <div className="actions">
          <button type="submit" className="primary" disabled={submitting}>
            {submitting ? "Submitting…" : "Submit ticket"}
          </button>
          <span role="status" className="notice">
            {notice}
          </span>
        </div>
      </form>
    </section>
  );
}

function FieldError({ id, message }: { id: string; message: string }) {
  return (
    <p className="field-error" id={id} role="alert">
      {message}
    </p>
  );
}

function SuggestionNote({ id, suggestion, loading, error }: { id: string; suggestion: SuggestionInfoFragment | null; loading: boolean; error: string | null }) {
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
          Suggested: <strong>{label(suggestion.category)}</strong> ({percent(suggestion.categoryConfidence)}) ·{" "}
          <strong>{label(suggestion.priority)}</strong> ({percent(suggestion.priorityConfidence)}){" "}
          <span className="source" title={suggestion.fallbackReason ?? undefined}>
            by the {suggestion.source === "LLM" ? "AI model" : "local model"} {suggestion.model}
          </span>
        </span>
      ) : (
        <span className="muted">Type a few words of description for a suggested category and priority.</span>
      )}
    </div>
  );
}
