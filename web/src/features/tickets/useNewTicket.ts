import { useRef, useState, type FormEvent } from "react";
import { useClient } from "urql";
import { graphql } from "../../gql";
import { readErrors } from "../../lib/errors";
import type { CreatedTicketRef } from "./TicketsPage";
import { useSuggestion, type SuggestionHandle } from "./useSuggestion";

export const TITLE_MAX = 200;

const CreateTicketMutation = graphql(`
  mutation CreateTicket($input: CreateTicketInput!) {
    createTicket(input: $input) {
      ticket {
        title
        ...CreatedTicket
      }
      errors {
        ...FieldError
      }
    }
  }
`);

const FIELDS = ["title", "description", "category", "priority"] as const;
export type FieldErrors = Partial<Record<(typeof FIELDS)[number] | "form", string>>;

/** A random idempotency key (crypto.randomUUID needs a secure context; this does not). */
function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, "0"),
  ).join("");
}

export interface NewTicketHandle {
  title: string;
  setTitle: (title: string) => void;
  description: string;
  setDescription: (description: string) => void;
  suggestion: SuggestionHandle;
  errors: FieldErrors;
  submitting: boolean;
  /** Said once a ticket is submitted. */
  notice: string;
  submit: (event: FormEvent) => Promise<void>;
}

/**
 * The new-ticket form's state: the text, the suggestion and the selects (useSuggestion),
 * and submitting it. Server field errors are kept by field; the others go to "form".
 */
export function useNewTicket(onCreated: (ticket: CreatedTicketRef) => void): NewTicketHandle {
  const client = useClient();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const suggestion = useSuggestion(title, description);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitting, setSubmitting] = useState(false);
  const [notice, setNotice] = useState("");
  // One idempotency key per ticket: resubmitting the same input after a lost answer gets the
  // ticket the first attempt created, not a duplicate (docs/api.md).
  const attempt = useRef<{ input: string; key: string } | null>(null);

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
        category: suggestion.choices.category || null,
        priority: suggestion.choices.priority || null,
      };
      const signature = JSON.stringify(input);
      if (attempt.current?.input !== signature)
        attempt.current = { input: signature, key: newIdempotencyKey() };
      const result = await client
        .mutation(CreateTicketMutation, {
          input: { ...input, idempotencyKey: attempt.current.key },
        })
        .toPromise();
      const payload = result.data?.createTicket;
      if (payload?.ticket) {
        attempt.current = null;
        suggestion.reset();
        setTitle("");
        setDescription("");
        setErrors({});
        setNotice(`Ticket “${payload.ticket.title}” submitted.`);
        onCreated(payload.ticket);
        return;
      }
      const next: FieldErrors = {};
      for (const error of readErrors(payload?.errors)) {
        const field = FIELDS.find((name) => name === error.field) ?? "form";
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

  return {
    title,
    setTitle,
    description,
    setDescription,
    suggestion,
    errors,
    submitting,
    notice,
    submit,
  };
}
