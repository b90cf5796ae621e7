import { useCallback, useEffect, useMemo, useReducer, useRef, useState, type Dispatch } from "react";
import { useClient } from "urql";
import type { TicketRowFragment, TicketStatus } from "../../gql/graphql";
import { useLiveStatus } from "../../lib/connection";
import { filtersToSearch, toTicketFilter, type Filters } from "./filters";
import { ChangeTicketStatusMutation, TicketListEventsSubscription, TicketListQuery } from "./operations";
import { emptyList, listReducer, type ListAction, type ListState } from "./ticketListState";

export const PAGE_SIZE = 25;
/** A search counts matches up to here ("10,000+"), which keeps it fast on a big desk. */
export const SEARCH_COUNT_CAP = 10_000;

export interface TicketListHandle {
  state: ListState<TicketRowFragment>;
  dispatch: Dispatch<ListAction<TicketRowFragment>>;
  phase: "loading" | "ready" | "error";
  loadingMore: boolean;
  error: string | null;
  countCapped: boolean;
  loadMore: () => void;
  retry: () => void;
  changeStatus: (id: string, status: TicketStatus) => Promise<string | null>;
}

const reduce = (state: ListState<TicketRowFragment>, action: ListAction<TicketRowFragment>) => listReducer(state, action);

export function useTicketList(filters: Filters): TicketListHandle {
  const client = useClient();
  const [state, dispatch] = useReducer(reduce, undefined, () => emptyList<TicketRowFragment>());
  const [phase, setPhase] = useState<"loading" | "ready" | "error">("loading");
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const { reconnects } = useLiveStatus();
  const key = filtersToSearch(filters);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the key is the filter's identity
  const filter = useMemo(() => toTicketFilter(filters), [key]);
  const countCap = filter.search ? SEARCH_COUNT_CAP : null;
  const ready = useRef(false);
  const buffered = useRef<ListAction<TicketRowFragment>[]>([]);

  // Live events first, then the first page: events that arrive while it loads are
  // replayed on top of it, so nothing falls between the two.
  useEffect(() => {
    ready.current = false;
    buffered.current = [];
    const subscription = client.subscription(TicketListEventsSubscription, { filter }).subscribe((result) => {
      const event = result.data?.ticketEvents;
      if (!event) return;
      const action: ListAction<TicketRowFragment> = { type: "event", kind: event.kind, ticket: event.ticket, matchesFilter: event.matchesFilter };
      if (ready.current) dispatch(action);
      else buffered.current.push(action);
    });
    let cancelled = false;
    setPhase("loading");
    void client
      .query(TicketListQuery, { filter, first: PAGE_SIZE, after: null, countCap })
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
          tickets: page.edges.map((edge) => edge.node),
          totalCount: page.totalCount,
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
  }, [client, filter, countCap, reconnects, attempt]);

  const loadMore = useCallback(() => {
    if (!state.hasNextPage || loadingMore) return;
    setLoadingMore(true);
    void client
      .query(TicketListQuery, { filter, first: PAGE_SIZE, after: state.endCursor, countCap })
      .toPromise()
      .then((result) => {
        const page = result.data?.tickets;
        if (page) {
          dispatch({
            type: "loaded",
            append: true,
            tickets: page.edges.map((edge) => edge.node),
            totalCount: page.totalCount,
            endCursor: page.pageInfo.endCursor ?? null,
            hasNextPage: page.pageInfo.hasNextPage,
          });
        } else {
          setError("More tickets could not be loaded.");
        }
      })
      .finally(() => setLoadingMore(false));
  }, [client, filter, countCap, state.endCursor, state.hasNextPage, loadingMore]);

  const changeStatus = useCallback(
    async (id: string, status: TicketStatus): Promise<string | null> => {
      dispatch({ type: "optimisticStatus", id, status });
      try {
        const result = await client.mutation(ChangeTicketStatusMutation, { id, status }).toPromise();
        const payload = result.data?.updateTicket;
        if (payload?.ticket) {
          dispatch({ type: "confirmed", ticket: payload.ticket });
          return null;
        }
        dispatch({ type: "rollback", id });
        return payload?.errors[0]?.message ?? "The status could not be changed.";
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
    countCapped: countCap !== null && state.totalCount >= countCap,
    loadMore,
    retry: () => setAttempt((n) => n + 1),
    changeStatus,
  };
}
