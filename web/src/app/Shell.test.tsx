import { render, screen } from "@testing-library/react";
import { Provider } from "urql";
import { afterEach, describe, expect, it } from "vitest";
import { makeFragmentData } from "../gql";
import type { Role } from "../gql/graphql";
import { ShellUserFragment, Shell } from "./Shell";
import { mockClient } from "../test/mockClient";

function renderShell(
  role: Role,
  can: { submitTickets: boolean; seeAllTickets: boolean; seeStats: boolean },
) {
  const mock = mockClient({
    TicketList: () => ({
      data: {
        tickets: {
          matchCount: { value: 0, exact: true },
          edges: [],
          pageInfo: { hasNextPage: false, endCursor: null },
        },
      },
    }),
  });
  const user = makeFragmentData({ username: "rita", role, can }, ShellUserFragment);
  render(
    <Provider value={mock.client}>
      <Shell user={user} onSignOut={async () => {}} />
    </Provider>,
  );
}

describe("Shell lays the desk out from what the server says the viewer may do", () => {
  afterEach(() => window.history.replaceState(null, "", "/"));

  it("shows a viewer who may see the statistics the dashboard, and all tickets", async () => {
    renderShell("AGENT", { submitTickets: true, seeAllTickets: true, seeStats: true });
    expect(screen.getByRole("link", { name: "Dashboard" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "New ticket" })).toBeInTheDocument();
    expect(await screen.findByText("No tickets yet.")).toBeInTheDocument();
  });

  it("keeps the dashboard from a viewer who may not see the statistics", async () => {
    window.history.replaceState(null, "", "/dashboard");
    renderShell("REQUESTER", { submitTickets: true, seeAllTickets: false, seeStats: false });
    expect(screen.queryByRole("link", { name: "Dashboard" })).not.toBeInTheDocument();
    expect(screen.getByText("The dashboard is for agents.")).toBeInTheDocument();
  });

  it("shows no form to a viewer who may not submit tickets", async () => {
    renderShell("REQUESTER", { submitTickets: false, seeAllTickets: false, seeStats: false });
    expect(await screen.findByText("You have not submitted a ticket yet.")).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "New ticket" })).not.toBeInTheDocument();
  });
});
