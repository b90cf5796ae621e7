import { describe, expect, it } from "vitest";
import { ticketNode as ticket } from "../../test/tickets";
import { emptyList, listReducer, type ListAction, type ListState } from "./ticketListState";
import type { TicketListItem } from "./useTicketList";

function run(
  actions: ListAction<TicketListItem>[],
  start: ListState<TicketListItem> = emptyList(),
) {
  return actions.reduce(listReducer<TicketListItem>, start);
}

const loaded = (
  tickets: TicketListItem[],
  hasNextPage = false,
  totalCount = tickets.length,
): ListAction<TicketListItem> => ({
  type: "loaded",
  append: false,
  tickets,
  totalCount,
  countExact: true,
  endCursor: "c",
  hasNextPage,
});

describe("live list merge", () => {
  it("holds new tickets in a pill, then shows them on top", () => {
    let state = run([
      loaded([ticket(2), ticket(1)]),
      { type: "event", kind: "CREATED", ticket: ticket(3), matchesFilter: true },
    ]);
    expect(state.tickets.map((t) => t.id)).toEqual(["T002", "T001"]);
    expect(state.pending.map((t) => t.id)).toEqual(["T003"]);
    expect(state.totalCount).toBe(3);
    state = run(
      [{ type: "event", kind: "CREATED", ticket: ticket(3), matchesFilter: true }],
      state,
    ); // duplicate delivery
    expect(state.pending).toHaveLength(1);
    state = run([{ type: "showPending" }], state);
    expect(state.tickets.map((t) => t.id)).toEqual(["T003", "T002", "T001"]);
    expect(state.pending).toEqual([]);
  });

  it("updates in place, drops a ticket that stops matching, inserts one that starts", () => {
    const state = run([
      loaded([ticket(5), ticket(3), ticket(1)]),
      {
        type: "event",
        kind: "UPDATED",
        ticket: ticket(3, { status: "RESOLVED" }),
        matchesFilter: true,
      },
      { type: "event", kind: "UPDATED", ticket: ticket(5), matchesFilter: false },
      { type: "event", kind: "UPDATED", ticket: ticket(2), matchesFilter: true },
    ]);
    expect(state.tickets.map((t) => `${t.id}:${t.status}`)).toEqual([
      "T003:RESOLVED",
      "T002:OPEN",
      "T001:OPEN",
    ]);
    expect(state.totalCount).toBe(3);
  });

  it("ignores an older ticket beyond the loaded pages", () => {
    const state = run([
      loaded([ticket(9), ticket(8)], true, 50),
      { type: "event", kind: "UPDATED", ticket: ticket(1), matchesFilter: true },
    ]);
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
      {
        type: "loaded",
        append: true,
        tickets: [ticket(8), ticket(7), ticket(6)],
        totalCount: 6,
        countExact: true,
        endCursor: "d",
        hasNextPage: true,
      },
    ]);
    expect(state.tickets.map((t) => t.id)).toEqual(["T009", "T008", "T007", "T006"]);
    expect(state.pending.map((t) => t.id)).toEqual(["T010"]);
    expect(state.totalCount).toBe(6);
    expect(state.endCursor).toBe("d");
  });
});

describe("optimistic status change", () => {
  it("applies at once, confirms, or rolls back to the status before", () => {
    let state = run([
      loaded([ticket(1)]),
      { type: "optimisticStatus", id: "T001", status: "RESOLVED" },
    ]);
    expect(state.tickets[0].status).toBe("RESOLVED");
    // An echo of the old state meanwhile does not undo the change in flight.
    state = run(
      [{ type: "event", kind: "UPDATED", ticket: ticket(1), matchesFilter: true }],
      state,
    );
    expect(state.tickets[0].status).toBe("RESOLVED");
    state = run(
      [
        { type: "optimisticStatus", id: "T001", status: "CLOSED" },
        { type: "rollback", id: "T001" },
      ],
      state,
    );
    expect(state.tickets[0].status).toBe("OPEN");
    state = run(
      [
        { type: "optimisticStatus", id: "T001", status: "CLOSED" },
        { type: "confirmed", ticket: ticket(1, { status: "CLOSED" }) },
      ],
      state,
    );
    expect(state.tickets[0].status).toBe("CLOSED");
    expect(state.optimistic).toEqual({});
  });
});

describe("an estimated count", () => {
  it("stays marked as an estimate while live events adjust it", () => {
    const state = run([
      {
        type: "loaded",
        append: false,
        tickets: [ticket(2), ticket(1)],
        totalCount: 72_801,
        countExact: false,
        endCursor: "c",
        hasNextPage: true,
      },
      { type: "event", kind: "CREATED", ticket: ticket(3), matchesFilter: true },
    ]);
    expect(state.totalCount).toBe(72_802);
    expect(state.countExact).toBe(false);
  });
});
