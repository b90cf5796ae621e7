import { useState } from "react";
import type { TicketStatus } from "../../gql/graphql";
import { useDeskAbilities } from "../../lib/abilities";
import { approximate, label, number, useNow } from "../../lib/format";
import { hasFilters, type Filters } from "./filters";
import { TicketFilters } from "./TicketFilters";
import { TicketRow } from "./TicketRow";
import type { TicketListHandle, TicketListItem } from "./useTicketList";

export function TicketList({ filters, list }: { filters: Filters; list: TicketListHandle }) {
  const { state, phase } = list;
  const { seeAllTickets } = useDeskAbilities();
  const now = useNow();
  const [statusError, setStatusError] = useState<string | null>(null);
  const pending = state.pending.length;

  async function changeStatus(ticket: TicketListItem, title: string, status: TicketStatus) {
    setStatusError(null);
    const problem = await list.changeStatus(ticket.id, status);
    if (problem)
      setStatusError(`“${title}” is still ${label(ticket.status).toLowerCase()}: ${problem}`);
  }

  return (
    <section className="panel ticket-list" aria-labelledby="tickets-heading">
      <div className="list-head">
        <h2 id="tickets-heading">{seeAllTickets ? "Tickets" : "Your tickets"}</h2>
        <p className="count" aria-live="polite" data-testid="total-count">
          {phase === "ready" &&
            `${ticketCount(state.totalCount, state.countExact)} ${state.totalCount === 1 ? "ticket" : "tickets"}`}
        </p>
      </div>
      <TicketFilters filters={filters} />
      {pending > 0 && (
        <button
          type="button"
          className="pill"
          onClick={() => list.dispatch({ type: "showPending" })}
        >
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
        <p className="empty">
          {hasFilters(filters)
            ? "No tickets match these filters."
            : seeAllTickets
              ? "No tickets yet."
              : "You have not submitted a ticket yet."}
        </p>
      )}
      {phase === "ready" && state.tickets.length > 0 && (
        <ul className="tickets" aria-label="Tickets, newest first">
          {state.tickets.map((ticket) => (
            <TicketRow
              key={ticket.id}
              ticket={ticket}
              now={now}
              onStatus={(status, title) => void changeStatus(ticket, title, status)}
            />
          ))}
        </ul>
      )}
      {phase === "ready" && (
        <div className="list-foot">
          <span className="muted">
            Showing {number.format(state.tickets.length)} of{" "}
            {ticketCount(state.totalCount, state.countExact)}
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

/** An exact count as it is; an estimate rounded and said to be one ("about 73,000"). */
function ticketCount(count: number, exact: boolean): string {
  return exact ? number.format(count) : `about ${approximate.format(count)}`;
}
