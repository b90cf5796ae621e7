import type { TicketStatus } from "../../gql/graphql";

// The ticket list's state: pages loaded newest first, live events merged in, and status
// changes applied optimistically and rolled back on failure. Pure, so it is unit tested.
export interface ListTicket {
  id: string;
  createdAt: string;
  status: TicketStatus;
}

export interface ListState<T extends ListTicket> {
  tickets: T[];
  /** New tickets announced live but not shown yet (the "N new tickets" pill). */
  pending: T[];
  totalCount: number;
  /** False: totalCount is the server's estimate (many matches), adjusted by live events. */
  countExact: boolean;
  endCursor: string | null;
  hasNextPage: boolean;
  /** Ticket id → the status it had before an optimistic change still in flight. */
  optimistic: Record<string, TicketStatus>;
}

export type ListAction<T extends ListTicket> =
  | {
      type: "loaded";
      tickets: T[];
      totalCount: number;
      countExact: boolean;
      endCursor: string | null;
      hasNextPage: boolean;
      append: boolean;
    }
  | { type: "event"; kind: "CREATED" | "UPDATED"; ticket: T; matchesFilter: boolean }
  | { type: "showPending" }
  | { type: "created"; ticket: T; matches: boolean }
  | { type: "optimisticStatus"; id: string; status: TicketStatus }
  | { type: "confirmed"; ticket: T }
  | { type: "rollback"; id: string };

export function emptyList<T extends ListTicket>(): ListState<T> {
  return {
    tickets: [],
    pending: [],
    totalCount: 0,
    countExact: true,
    endCursor: null,
    hasNextPage: false,
    optimistic: {},
  };
}

/** Newest first: created_at, then id, descending (ids compared as the server orders them). */
function newerFirst<T extends ListTicket>(a: T, b: T): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function withinLoaded<T extends ListTicket>(state: ListState<T>, ticket: T): boolean {
  if (!state.hasNextPage) return true;
  const oldest = state.tickets[state.tickets.length - 1];
  return !oldest || new Date(ticket.createdAt) >= new Date(oldest.createdAt);
}

function replace<T extends ListTicket>(list: T[], ticket: T): T[] {
  return list.map((item) => (item.id === ticket.id ? ticket : item));
}

export function listReducer<T extends ListTicket>(
  state: ListState<T>,
  action: ListAction<T>,
): ListState<T> {
  switch (action.type) {
    case "loaded": {
      if (!action.append) {
        return {
          ...emptyList<T>(),
          tickets: action.tickets,
          totalCount: action.totalCount,
          countExact: action.countExact,
          endCursor: action.endCursor,
          hasNextPage: action.hasNextPage,
        };
      }
      const known = new Set(state.tickets.map((t) => t.id));
      return {
        ...state,
        tickets: [...state.tickets, ...action.tickets.filter((t) => !known.has(t.id))],
        // The server's count already includes tickets announced live since the first page.
        totalCount: action.totalCount,
        countExact: action.countExact,
        endCursor: action.endCursor,
        hasNextPage: action.hasNextPage,
      };
    }
    case "event": {
      const { ticket } = action;
      const shown = state.tickets.some((t) => t.id === ticket.id);
      const waiting = state.pending.some((t) => t.id === ticket.id);
      if (!action.matchesFilter) {
        // It stopped matching: drop it wherever it is.
        return {
          ...state,
          tickets: state.tickets.filter((t) => t.id !== ticket.id),
          pending: state.pending.filter((t) => t.id !== ticket.id),
          totalCount: Math.max(0, state.totalCount - 1),
        };
      }
      // A change in flight here wins over an echo of an older state.
      const incoming =
        ticket.id in state.optimistic
          ? {
              ...ticket,
              status: state.tickets.find((t) => t.id === ticket.id)?.status ?? ticket.status,
            }
          : ticket;
      if (shown) return { ...state, tickets: replace(state.tickets, incoming) };
      if (waiting) return { ...state, pending: replace(state.pending, incoming) };
      if (action.kind === "CREATED") {
        return {
          ...state,
          pending: [incoming, ...state.pending],
          totalCount: state.totalCount + 1,
        };
      }
      // An older ticket that now matches: in place if it falls among the loaded ones.
      if (!withinLoaded(state, ticket)) return state;
      return {
        ...state,
        tickets: [...state.tickets, incoming].sort(newerFirst),
        totalCount: state.totalCount + 1,
      };
    }
    case "showPending": {
      const known = new Set(state.tickets.map((t) => t.id));
      return {
        ...state,
        tickets: [...state.pending.filter((t) => !known.has(t.id)), ...state.tickets].sort(
          newerFirst,
        ),
        pending: [],
      };
    }
    case "created": {
      // The user's own new ticket goes to the top at once (if it matches the filters).
      const { ticket } = action;
      const wasPending = state.pending.some((t) => t.id === ticket.id);
      const pending = state.pending.filter((t) => t.id !== ticket.id);
      if (state.tickets.some((t) => t.id === ticket.id))
        return { ...state, pending, tickets: replace(state.tickets, ticket) };
      if (!action.matches) return { ...state, pending };
      return {
        ...state,
        pending,
        tickets: [ticket, ...state.tickets].sort(newerFirst),
        totalCount: state.totalCount + (wasPending ? 0 : 1),
      };
    }
    case "optimisticStatus": {
      const current = state.tickets.find((t) => t.id === action.id);
      if (!current) return state;
      const before = state.optimistic[action.id] ?? current.status;
      return {
        ...state,
        tickets: replace(state.tickets, { ...current, status: action.status }),
        optimistic: { ...state.optimistic, [action.id]: before },
      };
    }
    case "confirmed": {
      const { [action.ticket.id]: _done, ...optimistic } = state.optimistic;
      return { ...state, tickets: replace(state.tickets, action.ticket), optimistic };
    }
    case "rollback": {
      const before = state.optimistic[action.id];
      if (before === undefined) return state;
      const { [action.id]: _undone, ...optimistic } = state.optimistic;
      const current = state.tickets.find((t) => t.id === action.id);
      return {
        ...state,
        optimistic,
        tickets: current ? replace(state.tickets, { ...current, status: before }) : state.tickets,
      };
    }
  }
}
