import {
  useCallback,
  useEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  type Dispatch,
} from "react";
import { useClient } from "urql";
import { graphql, readFragment } from "../../gql";
import type { TicketListItemFragment as TicketListItemData, TicketStatus } from "../../gql/graphql";
import { useLiveStatus } from "../../lib/connection";
import { firstMessage } from "../../lib/errors";
import { filtersToSearch, toTicketFilter, type Filters } from "./filters";
import { emptyList, listReducer, type ListAction, type ListState } from "./ticketListState";

/** What the list's state reads of a ticket (order and status); its row reads the rest. */
export const TicketListItemFragment = graphql(`
  fragment TicketListItem on Ticket {
    id
    createdAt
    status
    ...TicketRow
  }
`);

export type TicketListItem = TicketListItemData;

const TicketListQuery = graphql(`
  query TicketList($filter: TicketFilter, $first: Int!, $after: String, $exactUpTo: Int!) {
    tickets(filter: $filter, first: $first, after: $after) {
      matchCount(exactUpTo: $exactUpTo) {
        value
        exact
      }
      edges {
        node {
          ...TicketListItem
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const TicketListEventsSubscription = graphql(`
  subscription TicketListEvents($filter: TicketFilter) {
    ticketEvents(filter: $filter) {
      kind
      matchesFilter
      ticket {
        ...TicketListItem
      }
    }
  }
`);

const ChangeTicketStatusMutation = graphql(`
  mutation ChangeTicketStatus($id: ID!, $status: TicketStatus!) {
    updateTicket(id: $id, input: { status: $status }) {
      ticket {
        ...TicketListItem
      }
      errors {
        ...FieldError
      }
    }
  }
`);

export const PAGE_SIZE = 25;
/** Counted exactly up to here; beyond, the server estimates ("about 73,000"), which keeps a
 * common word's search fast on a big desk (docs/benchmarks.md). */
export const COUNT_EXACT_UP_TO = 1_000;

export interface TicketListHandle {
  state: ListState<TicketListItem>;
  dispatch: Dispatch<ListAction<TicketListItem>>;
  phase: "loading" | "ready" | "error";
  loadingMore: boolean;
  error: string | null;
  loadMore: () => void;
  retry: () => void;
  changeStatus: (id: string, status: TicketStatus) => Promise<string | null>;
}

const reduce = (state: ListState<TicketListItem>, action: ListAction<TicketListItem>) =>
  listReducer(state, action);

export function useTicketList(filters: Filters): TicketListHandle {
  const client = useClient();
  const [state, dispatch] = useReducer(reduce, undefined, () => emptyList<TicketListItem>());
  const [phase, setPhase] = useState<"loading" | "ready" | "error">("loading");
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const { reconnects } = useLiveStatus();
  const key = filtersToSearch(filters);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the key is the filter's identity
  const filter = useMemo(() => toTicketFilter(filters), [key]);
  const ready = useRef(false);
  const buffered = useRef<ListAction<TicketListItem>[]>([]);

  // Live events first, then the first page: events that arrive while it loads are
  // replayed on top of it, so nothing falls between the two.
  useEffect(() => {
    ready.current = false;
    buffered.current = [];
    const subscription = client
      .subscription(TicketListEventsSubscription, { filter })
      .subscribe((result) => {
        const event = result.data?.ticketEvents;
        if (!event) return;
        const action: ListAction<TicketListItem> = {
          type: "event",
          kind: event.kind,
          ticket: readFragment(TicketListItemFragment, event.ticket),
          matchesFilter: event.matchesFilter,
        };
        if (ready.current) dispatch(action);
        else buffered.current.push(action);
      });
    let cancelled = false;
    setPhase("loading");
    void client
      .query(TicketListQuery, {
        filter,
        first: PAGE_SIZE,
        after: null,
        exactUpTo: COUNT_EXACT_UP_TO,
      })
      .toPromise()
      .then((result) => {
        if (cancelled) return;
        const page = result.data?.tickets;
        if (!page) {
          setError(result.error?.graphQLErrors[0]?.message ?? "The tickets could not be loaded.");
          setPhase("error");
          return;
        }
        dispatch({
          type: "loaded",
          append: false,
          tickets: page.edges.map((edge) => readFragment(TicketListItemFragment, edge.node)),
          totalCount: page.matchCount.value,
          countExact: page.matchCount.exact,
          endCursor: page.pageInfo.endCursor ?? null,
          hasNextPage: page.pageInfo.hasNextPage,
        });
        ready.current = true;
        for (const action of buffered.current.splice(0)) dispatch(action);
        setError(null);
        setPhase("ready");
      });
    return () => {
      cancelled = true;
      subscription.unsubscribe();
    };
    // Reconnected: events may have been missed, so load again.
  }, [client, filter, reconnects, attempt]);

  const loadMore = useCallback(() => {
    if (!state.hasNextPage || loadingMore) return;
    setLoadingMore(true);
    void client
      .query(TicketListQuery, {
        filter,
        first: PAGE_SIZE,
        after: state.endCursor,
        exactUpTo: COUNT_EXACT_UP_TO,
      })
      .toPromise()
      .then((result) => {
        const page = result.data?.tickets;
        if (page) {
          dispatch({
            type: "loaded",
            append: true,
            tickets: page.edges.map((edge) => readFragment(TicketListItemFragment, edge.node)),
            totalCount: page.matchCount.value,
            countExact: page.matchCount.exact,
            endCursor: page.pageInfo.endCursor ?? null,
            hasNextPage: page.pageInfo.hasNextPage,
          });
        } else {
          setError("More tickets could not be loaded.");
        }
      })
      .finally(() => setLoadingMore(false));
  }, [client, filter, state.endCursor, state.hasNextPage, loadingMore]);

  const changeStatus = useCallback(
    async (id: string, status: TicketStatus): Promise<string | null> => {
      dispatch({ type: "optimisticStatus", id, status });
      try {
        const result = await client
          .mutation(ChangeTicketStatusMutation, { id, status })
          .toPromise();
        const payload = result.data?.updateTicket;
        if (payload?.ticket) {
          dispatch({
            type: "confirmed",
            ticket: readFragment(TicketListItemFragment, payload.ticket),
          });
          return null;
        }
        dispatch({ type: "rollback", id });
        return firstMessage(payload?.errors, "The status could not be changed.");
      } catch {
        dispatch({ type: "rollback", id });
        return "The status could not be changed.";
      }
    },
    [client],
  );

  return {
    state,
    dispatch,
    phase,
    loadingMore,
    error,
    loadMore,
    retry: () => setAttempt((n) => n + 1),
    changeStatus,
  };
}
