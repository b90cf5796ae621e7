import { useCallback } from "react";
import type { TicketRowFragment } from "../../gql/graphql";
import { useLocation } from "../../lib/router";
import { parseFilters, ticketMatches } from "./filters";
import { NewTicketForm } from "./NewTicketForm";
import { TicketList } from "./TicketList";
import { useTicketList } from "./useTicketList";

export function TicketsPage({ agent }: { agent: boolean }) {
  const { search } = useLocation();
  const filters = parseFilters(search);
  const list = useTicketList(filters);
  const { dispatch } = list;
  const filtersKey = search;

  const onCreated = useCallback(
    (ticket: TicketRowFragment) => {
      const current = parseFilters(filtersKey);
      dispatch({ type: "created", ticket, matches: !current.day && ticketMatches(ticket, current) });
    },
    [dispatch, filtersKey],
  );

  return (
    <div className="tickets-page">
      <NewTicketForm onCreated={onCreated} />
      <TicketList filters={filters} list={list} agent={agent} />
    </div>
  );
}
