import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { Provider } from "urql";
import { describe, expect, it } from "vitest";
import { DeskAbilitiesContext, type DeskAbilities } from "../../lib/abilities";
import { mockClient } from "../../test/mockClient";
import { REQUESTER_CAN, ticketNode as ticket } from "../../test/tickets";
import { EMPTY_FILTERS } from "./filters";
import { TicketList } from "./TicketList";
import { useTicketList } from "./useTicketList";

const AGENT: DeskAbilities = { submitTickets: true, seeAllTickets: true, seeStats: true };

function ListHarness({ abilities = AGENT }: { abilities?: DeskAbilities }) {
  const list = useTicketList(EMPTY_FILTERS);
  return (
    <DeskAbilitiesContext value={abilities}>
      <TicketList filters={EMPTY_FILTERS} list={list} />
    </DeskAbilitiesContext>
  );
}

describe("TicketList with a client", () => {
  it("shows the change at once and rolls it back with the server's reason", async () => {
    let settle: (result: unknown) => void = () => {};
    const mock = mockClient({
      TicketList: () => ({
        data: {
          tickets: {
            matchCount: { value: 1, exact: true },
            edges: [{ node: ticket(1) }],
            pageInfo: { hasNextPage: false, endCursor: "c" },
          },
        },
      }),
      ChangeTicketStatus: () =>
        new Promise((resolve) => (settle = resolve as (result: unknown) => void)),
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
    await act(async () =>
      settle({
        data: {
          updateTicket: {
            ticket: null,
            errors: [
              { field: "status", code: "PERMISSION_DENIED", message: "You may not do that." },
            ],
          },
        },
      }),
    );
    expect(select).toHaveValue("OPEN");
    expect(screen.getByRole("alert")).toHaveTextContent("You may not do that.");
  });

  it("loads the next page after the last cursor", async () => {
    const mock = mockClient({
      TicketList: (variables) =>
        variables.after
          ? {
              data: {
                tickets: {
                  matchCount: { value: 3, exact: true },
                  edges: [{ node: ticket(1) }],
                  pageInfo: { hasNextPage: false, endCursor: "c2" },
                },
              },
            }
          : {
              data: {
                tickets: {
                  matchCount: { value: 3, exact: true },
                  edges: [{ node: ticket(3) }, { node: ticket(2) }],
                  pageInfo: { hasNextPage: true, endCursor: "c1" },
                },
              },
            },
    });
    render(
      <Provider value={mock.client}>
        <ListHarness />
      </Provider>,
    );
    fireEvent.click(await screen.findByRole("button", { name: "Load more" }));
    expect(await screen.findByText("Showing 3 of 3")).toBeInTheDocument();
    expect(mock.calls.query).toHaveBeenLastCalledWith(
      expect.anything(),
      expect.objectContaining({ after: "c1", first: 25 }),
    );
    expect(screen.queryByRole("button", { name: "Load more" })).not.toBeInTheDocument();
  });

  it("merges live events: a pill for new tickets", async () => {
    const mock = mockClient({
      TicketList: () => ({
        data: {
          tickets: {
            matchCount: { value: 1, exact: true },
            edges: [{ node: ticket(1) }],
            pageInfo: { hasNextPage: false, endCursor: "c" },
          },
        },
      }),
    });
    render(
      <Provider value={mock.client}>
        <ListHarness />
      </Provider>,
    );
    await screen.findByTestId("ticket-row");
    act(() => {
      mock.push("TicketListEvents", {
        data: { ticketEvents: { kind: "CREATED", matchesFilter: true, ticket: ticket(2) } },
      });
      mock.push("TicketListEvents", {
        data: { ticketEvents: { kind: "CREATED", matchesFilter: true, ticket: ticket(3) } },
      });
    });
    fireEvent.click(screen.getByRole("button", { name: /2 new tickets/ }));
    expect(
      screen.getAllByTestId("ticket-row").map((r) => within(r).getByRole("link").textContent),
    ).toEqual(["Ticket 3", "Ticket 2", "Ticket 1"]);
    expect(screen.getByTestId("total-count")).toHaveTextContent("3 tickets");
  });
});

describe("TicketList shows the count the server gives", () => {
  it("asks for a bounded exact count and shows an estimate as one", async () => {
    const mock = mockClient({
      TicketList: () => ({
        data: {
          tickets: {
            matchCount: { value: 72_801, exact: false },
            edges: [{ node: ticket(2) }, { node: ticket(1) }],
            pageInfo: { hasNextPage: true, endCursor: "c" },
          },
        },
      }),
    });
    render(
      <Provider value={mock.client}>
        <ListHarness />
      </Provider>,
    );
    expect(await screen.findByTestId("total-count")).toHaveTextContent("about 73,000 tickets");
    expect(screen.getByText(/Showing 2 of/)).toHaveTextContent("Showing 2 of about 73,000");
    expect(mock.calls.query).toHaveBeenLastCalledWith(
      expect.anything(),
      expect.objectContaining({ exactUpTo: 1000 }),
    );
  });
});

describe("TicketList asks the server what the viewer may do", () => {
  const page =
    (...tickets: ReturnType<typeof ticket>[]) =>
    () => ({
      data: {
        tickets: {
          matchCount: { value: tickets.length, exact: true },
          edges: tickets.map((node) => ({ node })),
          pageInfo: { hasNextPage: false, endCursor: "c" },
        },
      },
    });
  const options = (row: HTMLElement) =>
    within(row)
      .getAllByRole("option")
      .map((option) => option.textContent);

  it("offers a requester only closing their ticket, from its viewerCan", async () => {
    const mock = mockClient({
      TicketList: page(
        ticket(2, { viewerCan: REQUESTER_CAN }),
        ticket(1, { status: "CLOSED", viewerCan: REQUESTER_CAN }),
      ),
      ChangeTicketStatus: (variables) => ({
        data: {
          updateTicket: {
            ticket: ticket(2, { status: variables.status as "CLOSED", viewerCan: REQUESTER_CAN }),
            errors: [],
          },
        },
      }),
    });
    render(
      <Provider value={mock.client}>
        <ListHarness abilities={{ submitTickets: true, seeAllTickets: false, seeStats: false }} />
      </Provider>,
    );
    expect(await screen.findByRole("heading", { name: "Your tickets" })).toBeInTheDocument();
    const [open, closed] = await screen.findAllByTestId("ticket-row");
    expect(options(open)).toEqual(["Open", "Closed"]);
    expect(within(closed).getByRole("combobox")).toBeDisabled();
    expect(within(closed).queryByRole("button")).not.toBeInTheDocument();
    fireEvent.click(within(open).getByRole("button", { name: "Close: Ticket 2" }));
    expect(within(open).getByRole("combobox")).toHaveValue("CLOSED");
    expect(mock.calls.mutation).toHaveBeenCalledWith(expect.anything(), {
      id: "T002",
      status: "CLOSED",
    });
    await act(async () => {});
    expect(within(open).queryByRole("button")).not.toBeInTheDocument();
  });

  it("offers an agent every status and the next step of the workflow", async () => {
    const mock = mockClient({
      TicketList: page(
        ticket(4),
        ticket(3, { status: "IN_PROGRESS" }),
        ticket(2, { status: "RESOLVED" }),
        ticket(1, { status: "CLOSED" }),
      ),
    });
    render(
      <Provider value={mock.client}>
        <ListHarness />
      </Provider>,
    );
    expect(await screen.findByRole("heading", { name: "Tickets" })).toBeInTheDocument();
    const rows = await screen.findAllByTestId("ticket-row");
    expect(rows.map((row) => within(row).getByRole("button").textContent)).toEqual([
      "Start",
      "Resolve",
      "Close",
      "Reopen",
    ]);
    for (const row of rows)
      expect(options(row)).toEqual(["Open", "In progress", "Resolved", "Closed"]);
  });
});
