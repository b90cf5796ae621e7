import { useCallback } from "react";
import { graphql, readFragment, type FragmentType } from "../../gql";
import { useDeskAbilities } from "../../lib/abilities";
import { useLocation } from "../../lib/router";
import { parseFilters, ticketMatches } from "./filters";
import { NewTicketForm } from "./NewTicketForm";
import { TicketList } from "./TicketList";
import { TicketListItemFragment, useTicketList } from "./useTicketList";

/** What the page reads of the viewer's new ticket: whether the list's filters match it. */
export const CreatedTicketFragment = graphql(`
  fragment CreatedTicket on Ticket {
    title
    description
    category
    priority
    status
    ...TicketListItem
  }
`);

export type CreatedTicketRef = FragmentType<typeof CreatedTicketFragment>;

export function TicketsPage() {
  const { search } = useLocation();
  const { submitTickets } = useDeskAbilities();
  const filters = parseFilters(search);
  const list = useTicketList(filters);
  const { dispatch } = list;
  const filtersKey = search;

  const onCreated = useCallback(
    (created: CreatedTicketRef) => {
      const current = parseFilters(filtersKey);
      const ticket = readFragment(CreatedTicketFragment, created);
      dispatch({
        type: "created",
        ticket: readFragment(TicketListItemFragment, ticket),
        matches: !current.day && ticketMatches(ticket, current),
      });
    },
    [dispatch, filtersKey],
  );

  return (
    <div className="tickets-page">
      {submitTickets && <NewTicketForm onCreated={onCreated} />}
      <TicketList filters={filters} list={list} />
    </div>
  );
}
