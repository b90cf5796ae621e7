import type { TicketListItem } from "../features/tickets/useTicketList";
import type { TicketCategory, TicketPriority, TicketStatus } from "../gql/graphql";

/** What the server says an agent, and a requester on their own ticket, may do with it. */
export const AGENT_CAN = {
  editText: true,
  setLabels: true,
  setStatus: ["OPEN", "IN_PROGRESS", "RESOLVED", "CLOSED"],
};
export const REQUESTER_CAN = { editText: true, setLabels: false, setStatus: ["CLOSED"] };

export interface TicketData {
  id: string;
  title: string;
  description: string;
  category: TicketCategory;
  priority: TicketPriority;
  status: TicketStatus;
  createdAt: string;
  viewerCan: { editText: boolean; setLabels: boolean; setStatus: string[] };
}

/** A ticket as the list's query, events and mutations send it (every fragment's fields). */
export function ticketNode(n: number, extra: Partial<TicketData> = {}): TicketListItem {
  const data: TicketData = {
    id: `T${String(n).padStart(3, "0")}`,
    title: `Ticket ${n}`,
    description: `Description ${n}`,
    category: "GENERAL",
    priority: "MEDIUM",
    status: "OPEN",
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
    viewerCan: AGENT_CAN,
    ...extra,
  };
  return data as TicketListItem;
}
