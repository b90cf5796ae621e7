import { describe, expect, it } from "vitest";
import type { TicketCategory, TicketPriority, TicketStatus } from "../../gql/graphql";
import cases from "../../../../server/tickets/tests/filter_cases.json";
import { EMPTY_FILTERS, type Filters, ticketMatches } from "./filters";

/** The server's filter cases (server/tickets/tests/filter_cases.json), which the server
 * checks against the database, in memory and on its per-day counts. */
interface Case {
  name: string;
  filter: {
    category?: string[];
    priority?: string[];
    status?: string[];
    search?: string | null;
    created_after?: string;
    created_before?: string;
    requester_id?: number;
  };
  ticket: Partial<Ticket>;
  expected: boolean;
  server_only?: string;
}

interface Ticket {
  title: string;
  description: string;
  category: string;
  priority: string;
  status: string;
  created_at: string;
  requester_id: number | null;
}

const shared = cases as { default_ticket: Ticket; cases: Case[] };

/** The domain's lowercase values are the API's enum names in lowercase. */
function enumName<T extends string>(value: string): T {
  return value.toUpperCase() as T;
}

function filtersOf(filter: Case["filter"]): Filters {
  return {
    ...EMPTY_FILTERS,
    category: (filter.category ?? []).map(enumName<TicketCategory>),
    priority: (filter.priority ?? []).map(enumName<TicketPriority>),
    status: (filter.status ?? []).map(enumName<TicketStatus>),
    q: filter.search ?? "",
  };
}

/** The fields of the server's filter that the client's Filters can express. */
const CLIENT_FIELDS = ["category", "priority", "status", "search"];
const clientCases = shared.cases.filter((c) => !c.server_only);

describe("ticketMatches agrees with the server's filter cases", () => {
  it("checks most of them; the rest need filters the client does not have", () => {
    expect(clientCases.length).toBeGreaterThanOrEqual(30);
    for (const c of shared.cases) {
      const serverOnly = Object.keys(c.filter).filter((key) => !CLIENT_FIELDS.includes(key));
      expect([c.name, serverOnly.length > 0]).toEqual([c.name, Boolean(c.server_only)]);
    }
  });

  it.each(clientCases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const ticket = { ...shared.default_ticket, ...c.ticket };
    const matchable = {
      title: ticket.title,
      description: ticket.description,
      category: enumName<TicketCategory>(ticket.category),
      priority: enumName<TicketPriority>(ticket.priority),
      status: enumName<TicketStatus>(ticket.status),
    };
    expect(ticketMatches(matchable, filtersOf(c.filter))).toBe(c.expected);
  });
});
