import { graphql, readFragment, type FragmentType } from "../../gql";
import type { TicketStatus } from "../../gql/graphql";
import { statusChoices } from "../../lib/abilities";
import { label, relativeTime, shorten } from "../../lib/format";
import { Link } from "../../lib/router";

export const TicketRowFragment = graphql(`
  fragment TicketRow on Ticket {
    id
    title
    description
    category
    priority
    status
    createdAt
    ...TicketAbilities
  }
`);

export function TicketRow({
  ticket: ticketRef,
  now,
  onStatus,
}: {
  ticket: FragmentType<typeof TicketRowFragment>;
  now: number;
  onStatus: (status: TicketStatus, title: string) => void;
}) {
  const ticket = readFragment(TicketRowFragment, ticketRef);
  const { options, next } = statusChoices(ticket);
  return (
    <li className="ticket" data-testid="ticket-row">
      <div className="ticket-main">
        <Link href={`/tickets/${encodeURIComponent(ticket.id)}`} className="ticket-title">
          {ticket.title}
        </Link>
        <p className="ticket-description">{shorten(ticket.description)}</p>
        <div className="badges">
          <span className={`badge category-${ticket.category.toLowerCase()}`}>
            {label(ticket.category)}
          </span>
          <span className={`badge priority-${ticket.priority.toLowerCase()}`}>
            {label(ticket.priority)}
          </span>
          <time dateTime={ticket.createdAt} title={new Date(ticket.createdAt).toLocaleString()}>
            {relativeTime(ticket.createdAt, now)}
          </time>
        </div>
      </div>
      <div className="status-actions">
        {next && (
          <button
            type="button"
            className="quick-status"
            onClick={() => onStatus(next.status, ticket.title)}
            aria-label={`${next.label}: ${ticket.title}`}
          >
            {next.label}
          </button>
        )}
        <label className="status-select">
          <span className="visually-hidden">Status of {ticket.title}</span>
          <select
            value={ticket.status}
            className={`status-${ticket.status.toLowerCase()}`}
            onChange={(e) => onStatus(e.target.value as TicketStatus, ticket.title)}
            disabled={options.length < 2}
          >
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
