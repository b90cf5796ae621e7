import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { Provider } from "urql";
import { describe, expect, it } from "vitest";
import type { TicketRowFragment } from "../../gql/graphql";
import { mockClient } from "../../test/mockClient";
import { EMPTY_FILTERS } from "./filters";
import { TicketList } from "./TicketList";
import { emptyList, listReducer, type ListAction, type ListState } from "./ticketListState";
import { useTicketList } from "./useTicketList";

function ticket(n: number, extra: Partial<TicketRowFragment> = {}): TicketRowFragment {
  return {
    id: `T${String(n).padStart(3, "0")}`,
    title: `Ticket ${n}`,
    description: `Description ${n}`,
    category: "GENERAL",
    priority: "MEDIUM",
    status: "OPEN",
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
    ...extra,
  };
}

function run(actions: ListAction<TicketRowFragment>[], start: ListState<TicketRowFragment> = emptyList()) {
  return actions.reduce(listReducer<TicketRowFragment>, start);
}

const loaded = (tickets: TicketRowFragment[], hasNextPage = false, totalCount = tickets.length): ListAction<TicketRowFragment> => ({
  type: "loaded",
  append: false,
  tickets,
  totalCount,
  endCursor: "c",
  hasNextPage,
});

describe("live list merge", () => {
  it("holds new tickets in a pill, then shows them on top", () => {
    let state = run([loaded([ticket(2), ticket(1)]), { type: "event", kind: "CREATED", ticket: ticket(3), matchesFilter: true }]);
    expect(state.tickets.map((t) => t.id)).toEqual(["T002", "T001"]);
    expect(state.pending.map((t) => t.id)).toEqual(["T003"]);
    expect(state.totalCount).toBe(3);
    state = run([{ type: "event", kind: "CREATED", ticket: ticket(3), matchesFilter: true }], state); // duplicate delivery
    expect(state.pending).toHaveLength(1);
    state = run([{ type: "showPending" }], state);
    expect(state.tickets.map((t) => t.id)).toEqual(["T003", "T002", "T001"]);
    expect(state.pending).toEqual([]);
  });

  it("updates in place, drops a ticket that stops matching, inserts one that starts", () => {
    const state = run([
      loaded([ticket(5), ticket(3), ticket(1)]),
      { type: "event", kind: "UPDATED", ticket: ticket(3, { status: "RESOLVED" }), matchesFilter: true },
      { type: "event", kind: "UPDATED", ticket: ticket(5), matchesFilter: false },
      { type: "event", kind: "UPDATED", ticket: ticket(2), matchesFilter: true },
    ]);
    expect(state.tickets.map((t) => `${t.id}:${t.status}`)).toEqual(["T003:RESOLVED", "T002:OPEN", "T001:OPEN"]);
    expect(state.totalCount).toBe(3);
  });

  it("ignores an older ticket beyond the loaded pages", () => {
    const state = run([loaded([ticket(9), ticket(8)], true, 50), { type: "event", kind: "UPDATED", ticket: ticket(1), matchesFilter: true }]);
    expect(state.tickets.map((t) => t.id)).toEqual(["T009", "T008"]);
    expect(state.totalCount).toBe(50);
  });

  it("puts the user's own ticket on top at once, without counting it twice when its event came first", () => {
    const state = run([
      loaded([ticket(1)]),
      { type: "event", kind: "CREATED", ticket: ticket(2), matchesFilter: true },
      { type: "created", ticket: ticket(2), matches: true },
    ]);
    expect(state.tickets.map((t) => t.id)).toEqual(["T002", "T001"]);
    expect(state.pending).toEqual([]);
    expect(state.totalCount).toBe(2);
  });
});

describe("pages", () => {
  it("appends the next page without duplicates (a ticket that moved down between pages)", () => {
    const state = run([
      loaded([ticket(9), ticket(8)], true, 5),
      { type: "event", kind: "CREATED", ticket: ticket(10), matchesFilter: true },
      { type: "loaded", append: true, tickets: [ticket(8), ticket(7), ticket(6)], totalCount: 6, endCursor: "d", hasNextPage: true },
    ]);
    expect(state.tickets.map((t) => t.id)).toEqual(["T009", "T008", "T007", "T006"]);
    expect(state.pending.map((t) => t.id)).toEqual(["T010"]);
    expect(state.totalCount).toBe(6);
    expect(state.endCursor).toBe("d");
  });
});

describe("optimistic status change", () => {
  it("applies at once, confirms, or rolls back to the status before", () => {
    let state = run([loaded([ticket(1)]), { type: "optimisticStatus", id: "T001", status: "RESOLVED" }]);
    expect(state.tickets[0].status).toBe("RESOLVED");
    // An echo of the old state meanwhile does not undo the change in flight.
    state = run([{ type: "event", kind: "UPDATED", ticket: ticket(1), matchesFilter: true }], state);
    expect(state.tickets[0].status).toBe("RESOLVED");
    state = run([{ type: "optimisticStatus", id: "T001", status: "CLOSED" }, { type: "rollback", id: "T001" }], state);
    expect(state.tickets[0].status).toBe("OPEN");
    state = run([{ type: "optimisticStatus", id: "T001", status: "CLOSED" }, { type: "confirmed", ticket: ticket(1, { status: "CLOSED" }) }], state);
    expect(state.tickets[0].status).toBe("CLOSED");
    expect(state.optimistic).toEqual({});
  });
});

function ListHarness() {
  const list = useTicketList(EMPTY_FILTERS);
  return <TicketList filters={EMPTY_FILTERS} list={list} agent />;
}

describe("TicketList with a client", () => {
  it("shows the change at once and rolls it back with the server's reason", async () => {
    let settle: (result: unknown) => void = () => {};
    const mock = mockClient({
      TicketList: () => ({ data: { tickets: { totalCount: 1, edges: [{ node: ticket(1) }], pageInfo: { hasNextPage: false, endCursor: "c" } } } }),
      ChangeTicketStatus: () => new Promise((resolve) => (settle = resolve as (result: unknown) => void)),
    });
    render(
      <Provider value={mock.client}>
        <ListHarness />
      </Provider>,
    );
    const row = await screen.findByTestId("ticket-row");
    const select = within(row).getByRole("combobox", { name: "Status of Ticket 1" });
    fireEvent.change(select, { target: { value: "RESOLVED" } });
    expect(select).toHaveValue("RESOLVED");
    await act(async () => settle({ data: { updateTicket: { ticket: null, errors: [{ field: "status", code: "PERMISSION_DENIED", message: "You may not do that." }] } } }));
    expect(select).toHaveValue("OPEN");
    expect(screen.getByRole("alert")).toHaveTextContent("You may not do that.");
  });

  it("loads the next page after the last cursor", async () => {
    const mock = mockClient({
      TicketList: (variables) =>
        variables.after
          ? { data: { tickets: { totalCount: 3, edges: [{ node: ticket(1) }], pageInfo: { hasNextPage: false, endCursor: "c2" } } } }
          : { data: { tickets: { totalCount: 3, edges: [{ node: ticket(3) }, { node: ticket(2) }], pageInfo: { hasNextPage: true, endCursor: "c1" } } } },
    });
    render(
      <Provider value={mock.client}>
        <ListHarness />
      </Provider>,
    );
    fireEvent.click(await screen.findByRole("button", { name: "Load more" }));
    expect(await screen.findByText("Showing 3 of 3")).toBeInTheDocument();
    expect(mock.calls.query).toHaveBeenLastCalledWith(expect.anything(), expect.objectContaining({ after: "c1", first: 25 }));
    expect(screen.queryByRole("button", { name: "Load more" })).not.toBeInTheDocument();
  });

  it("merges live events: a pill for new tickets", async () => {
    const mock = mockClient({
      TicketList: () => ({ data: { tickets: { totalCount: 1, edges: [{ node: ticket(1) }], pageInfo: { hasNextPage: false, endCursor: "c" } } } }),
    });
    render(
      <Provider value={mock.client}>
        <ListHarness />
      </Provider>,
    );
    await screen.findByTestId("ticket-row");
    act(() => {
      mock.push("TicketListEvents", { data: { ticketEvents: { kind: "CREATED", matchesFilter: true, ticket: ticket(2) } } });
      mock.push("TicketListEvents", { data: { ticketEvents: { kind: "CREATED", matchesFilter: true, ticket: ticket(3) } } });
    });
    fireEvent.click(screen.getByRole("button", { name: /2 new tickets/ }));
    expect(screen.getAllByTestId("ticket-row").map((r) => within(r).getByRole("link").textContent)).toEqual(["Ticket 3", "Ticket 2", "Ticket 1"]);
    expect(screen.getByTestId("total-count")).toHaveTextContent("3 tickets");
  });
});
