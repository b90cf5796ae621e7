import { useId } from "react";
import type { TicketCategory, TicketPriority } from "../../gql/graphql";
import { CATEGORIES, PRIORITIES, label } from "../../lib/format";
import { SuggestionNote } from "./SuggestionNote";
import type { CreatedTicketRef } from "./TicketsPage";
import { TITLE_MAX, useNewTicket, type FieldErrors } from "./useNewTicket";

export function NewTicketForm({ onCreated }: { onCreated: (ticket: CreatedTicketRef) => void }) {
  const {
    title,
    setTitle,
    description,
    setDescription,
    suggestion,
    errors,
    submitting,
    notice,
    submit,
  } = useNewTicket(onCreated);
  const { choices } = suggestion;
  const ids = {
    title: useId(),
    titleHelp: useId(),
    description: useId(),
    category: useId(),
    priority: useId(),
    suggestion: useId(),
  };

  const describedBy = (id: string, field: keyof FieldErrors) =>
    [id, errors[field] ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;

  return (
    <section className="panel new-ticket" aria-labelledby="new-ticket-heading">
      <h2 id="new-ticket-heading">New ticket</h2>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor={ids.title}>Title</label>
          <input
            id={ids.title}
            name="title"
            value={title}
            maxLength={TITLE_MAX}
            required
            aria-invalid={errors.title ? true : undefined}
            aria-describedby={[ids.titleHelp, errors.title ? `${ids.title}-error` : ""]
              .filter(Boolean)
              .join(" ")}
            onChange={(e) => setTitle(e.target.value)}
          />
          <div className="field-meta">
            <span
              id={ids.titleHelp}
              className={title.length >= TITLE_MAX ? "counter full" : "counter"}
            >
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
          {errors.description && (
            <FieldError id={`${ids.suggestion}-error`} message={errors.description} />
          )}
        </div>
        <SuggestionNote
          id={ids.suggestion}
          suggestion={suggestion.suggestion}
          loading={suggestion.loading}
          error={suggestion.error}
        />
        <div className="selects">
          <div className="field">
            <label htmlFor={ids.category}>Category</label>
            <select
              id={ids.category}
              name="category"
              value={choices.category}
              aria-invalid={errors.category ? true : undefined}
              aria-describedby={errors.category ? `${ids.category}-error` : undefined}
              onChange={(e) => suggestion.chooseCategory(e.target.value as TicketCategory | "")}
            >
              <option value="">Desk suggests</option>
              {CATEGORIES.map((value) => (
                <option key={value} value={value}>
                  {label(value)}
                </option>
              ))}
            </select>
            {errors.category && (
              <FieldError id={`${ids.category}-error`} message={errors.category} />
            )}
          </div>
          <div className="field">
            <label htmlFor={ids.priority}>Priority</label>
            <select
              id={ids.priority}
              name="priority"
              value={choices.priority}
              aria-invalid={errors.priority ? true : undefined}
              aria-describedby={errors.priority ? `${ids.priority}-error` : undefined}
              onChange={(e) => suggestion.choosePriority(e.target.value as TicketPriority | "")}
            >
              <option value="">Desk suggests</option>
              {PRIORITIES.map((value) => (
                <option key={value} value={value}>
                  {label(value)}
                </option>
              ))}
            </select>
            {errors.priority && (
              <FieldError id={`${ids.priority}-error`} message={errors.priority} />
            )}
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
