import { useQuery } from "urql";
import { graphql, readFragment } from "../../gql";
import type { SuggestionComparisonFragment as SuggestionComparison } from "../../gql/graphql";
import { useDeskAbilities } from "../../lib/abilities";
import { label, percent, relativeTime, useNow } from "../../lib/format";
import { Link } from "../../lib/router";

const SuggestionComparisonFragment = graphql(`
  fragment SuggestionComparison on Suggestion {
    category
    priority
    categoryConfidence
    priorityConfidence
    source
    model
    fallbackReason
  }
`);

const TicketDetailQuery = graphql(`
  query TicketDetail($id: ID!) {
    ticket(id: $id) {
      title
      description
      category
      priority
      status
      createdAt
      updatedAt
      labelsByPerson
      suggestion {
        ...SuggestionComparison
      }
    }
  }
`);

export function TicketDetail({ id }: { id: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({
    query: TicketDetailQuery,
    variables: { id },
  });
  const { seeAllTickets } = useDeskAbilities();
  const now = useNow();
  const back = (
    <Link href="/" className="back">
      ← All tickets
    </Link>
  );
  if (fetching && !data) {
    return (
      <section className="panel" aria-busy="true">
        {back}
        <p className="muted">Loading the ticket…</p>
      </section>
    );
  }
  if (error) {
    return (
      <section className="panel error-state" role="alert">
        {back}
        <p>The ticket could not be loaded.</p>
        <button type="button" onClick={() => refetch()}>
          Try again
        </button>
      </section>
    );
  }
  const ticket = data?.ticket;
  if (!ticket) {
    return (
      <section className="panel">
        {back}
        <h2>Ticket not found</h2>
        <p>There is no such ticket{seeAllTickets ? "" : " among yours"}.</p>
      </section>
    );
  }
  const s = readFragment(SuggestionComparisonFragment, ticket.suggestion);
  return (
    <article className="panel ticket-detail" aria-labelledby="ticket-heading">
      {back}
      <h2 id="ticket-heading">{ticket.title}</h2>
      <p className="muted">
        Submitted <time dateTime={ticket.createdAt}>{relativeTime(ticket.createdAt, now)}</time> ·
        updated <time dateTime={ticket.updatedAt}>{relativeTime(ticket.updatedAt, now)}</time> ·
        status <strong>{label(ticket.status)}</strong>
      </p>
      <div className="full-description">{ticket.description}</div>
      <h3>Classification</h3>
      <table className="compare">
        <caption className="visually-hidden">Final values next to the AI suggestion</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Final</th>
            <th scope="col">Suggested</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Category</th>
            <td>{label(ticket.category)}</td>
            <td>{s ? `${label(s.category)} (${percent(s.categoryConfidence)})` : "—"}</td>
          </tr>
          <tr>
            <th scope="row">Priority</th>
            <td>{label(ticket.priority)}</td>
            <td>{s ? `${label(s.priority)} (${percent(s.priorityConfidence)})` : "—"}</td>
          </tr>
        </tbody>
      </table>
      <p className="muted">{describe(s, ticket.labelsByPerson)}</p>
    </article>
  );
}

function describe(s: SuggestionComparison | null | undefined, byPerson: boolean): string {
  if (!s) return "No suggestion was stored with this ticket.";
  const source = s.source === "LLM" ? `the AI model ${s.model}` : `the local model ${s.model}`;
  const reason = s.fallbackReason ? ` (${s.fallbackReason})` : "";
  return `Suggested by ${source}${reason}. ${byPerson ? "A person set the final values." : "The final values are the suggestion."}`;
}
