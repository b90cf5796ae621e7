import { useState } from "react";
import type { TicketRowFragment, TicketStatus } from "../../gql/graphql";
import { STATUSES, label, number, relativeTime, shorten, useNow } from "../../lib/format";
import { Link } from "../../lib/router";
import { hasFilters, type Filters } from "./filters";
import { TicketFilters } from "./TicketFilters";
import type { TicketListHandle } from "./useTicketList";

export function TicketList({ filters, list, agent }: { filters: Filters; list: TicketListHandle; agent: boolean }) {
  const { state, phase } = list;
  const now = useNow();
  const [statusError, setStatusError] = useState<string | null>(null);
  const pending = state.pending.length;

  async function changeStatus(ticket: TicketRowFragment, status: TicketStatus) {
    setStatusError(null);
    const problem = await list.changeStatus(ticket.id, status);
    if (problem) setStatusError(`“${ticket.title}” is still ${label(ticket.status).toLowerCase()}: ${problem}`);
  }

  return (
    <section className="panel ticket-list" aria-labelledby="tickets-heading">
      <div className="list-head">
        <h2 id="tickets-heading">{agent ? "Tickets" : "Your tickets"}</h2>
        <p className="count" aria-live="polite" data-testid="total-count">
          {phase === "ready" && `${number.format(state.totalCount)}${list.countCapped ? "+" : ""} ${state.totalCount === 1 ? "ticket" : "tickets"}`}
        </p>
      </div>
      <TicketFilters filters={filters} />
      {pending > 0 && (
        <button type="button" className="pill" onClick={() => list.dispatch({ type: "showPending" })}>
          {pending === 1 ? "1 new ticket" : `${pending} new tickets`} — show
        </button>
      )}
      <p role="alert" className={statusError ? "field-error" : "visually-hidden"}>
        {statusError}
      </p>
      {phase === "loading" && (
        <ul className="tickets skeleton" aria-busy="true" aria-label="Loading tickets">
          {[0, 1, 2].map((i) => (
            <li key={i} className="ticket placeholder" />
          ))}
        </ul>
      )}
      {phase === "error" && (
        <div className="error-state" role="alert">
          <p>{list.error}</p>
          <button type="button" onClick={list.retry}>
            Try again
          </button>
        </div>
      )}
      {phase === "ready" && state.tickets.length === 0 && (
        <p className="empty">{hasFilters(filters) ? "No tickets match these filters." : agent ? "No tickets yet." : "You have not submitted a ticket yet."}</p>
      )}
      {phase === "ready" && state.tickets.length > 0 && (
        <ul className="tickets" aria-label="Tickets, newest first">
          {state.tickets.map((ticket) => (
            <TicketRow key={ticket.id} ticket={ticket} now={now} agent={agent} onStatus={(status) => void changeStatus(ticket, status)} />
          ))}
        </ul>
      )}
      {phase === "ready" && (
        <div className="list-foot">
          <span className="muted">
            Showing {number.format(state.tickets.length)} of {number.format(state.totalCount)}
            {list.countCapped ? "+" : ""}
          </span>
          {state.hasNextPage && (
            <button type="button" onClick={list.loadMore} disabled={list.loadingMore}>
              {list.loadingMore ? "Loading…" : "Load more"}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

function TicketRow({ ticket, now, agent, onStatus }: { ticket: TicketRowFragment; now: number; agent: boolean; onStatus: (status: TicketStatus) => void }) {
  // Requesters may close their own tickets; agents set any status.
  const options = agent ? STATUSES : STATUSES.filter((status) => status === ticket.status || status === "CLOSED");
  const next = nextStep(ticket.status, agent);
  return (
    <li className="ticket" data-testid="ticket-row">
      <div className="ticket-main">
        <Link href={`/tickets/${encodeURIComponent(ticket.id)}`} className="ticket-title">
          {ticket.title}
        </Link>
        <p className="ticket-description">{shorten(ticket.description)}</p>
        <div className="badges">
          <span className={`badge category-${ticket.category.toLowerCase()}`}>{label(ticket.category)}</span>
          <span className={`badge priority-${ticket.priority.toLowerCase()}`}>{label(ticket.priority)}</span>
          <time dateTime={ticket.createdAt} title={new Date(ticket.createdAt).toLocaleString()}>
            {relativeTime(ticket.createdAt, now)}
          </time>
        </div>
      </div>
      <div className="status-actions">
        {next && (
          <button type="button" className="quick-status" onClick={() => onStatus(next.status)} aria-label={`${next.label}: ${ticket.title}`}>
            {next.label}
          </button>
        )}
        <label className="status-select">
          <span className="visually-hidden">Status of {ticket.title}</span>
          <select value={ticket.status} className={`status-${ticket.status.toLowerCase()}`} onChange={(e) => onStatus(e.target.value as TicketStatus)} disabled={options.length < 2}>
            {options.map((status) => (
              <option key={status} value={status}>
                {label(status)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </li>
  );
}

/** The one-click step for a ticket's status; requesters can only close. */
export function nextStep(status: TicketStatus, agent: boolean): { status: TicketStatus; label: string } | null {
  if (!agent) return status === "CLOSED" ? null : { status: "CLOSED", label: "Close" };
  switch (status) {
    case "OPEN":
      return { status: "IN_PROGRESS", label: "Start" };
    case "IN_PROGRESS":
      return { status: "RESOLVED", label: "Resolve" };
    case "RESOLVED":
      return { status: "CLOSED", label: "Close" };
    case "CLOSED":
      return { status: "OPEN", label: "Reopen" };
  }
}
