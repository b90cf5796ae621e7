import { describe, expect, it } from "vitest";
import { makeFragmentData } from "../gql";
import type { TicketStatus } from "../gql/graphql";
import {
  TicketAbilitiesFragment,
  ViewerAbilitiesFragment,
  deskAbilities,
  statusChoices,
} from "./abilities";

const EVERY: TicketStatus[] = ["OPEN", "IN_PROGRESS", "RESOLVED", "CLOSED"];
const choices = (status: TicketStatus, setStatus: TicketStatus[]) =>
  statusChoices(makeFragmentData({ status, viewerCan: { setStatus } }, TicketAbilitiesFragment));

describe("desk abilities", () => {
  it("are the server's `can`, nothing added", () => {
    const can = { submitTickets: true, seeAllTickets: false, seeStats: false };
    expect(deskAbilities(makeFragmentData({ can }, ViewerAbilitiesFragment))).toEqual(can);
  });
});

describe("status choices from viewerCan.setStatus", () => {
  it("walk the workflow for a viewer who may set every status (an agent)", () => {
    expect(EVERY.map((status) => choices(status, EVERY).next)).toEqual([
      { status: "IN_PROGRESS", label: "Start" },
      { status: "RESOLVED", label: "Resolve" },
      { status: "CLOSED", label: "Close" },
      { status: "OPEN", label: "Reopen" },
    ]);
    for (const status of EVERY) expect(choices(status, EVERY).options).toEqual(EVERY);
  });

  it("offer closing only, while not closed, to a viewer who may only close (a requester)", () => {
    expect(EVERY.map((status) => choices(status, ["CLOSED"]).next)).toEqual([
      { status: "CLOSED", label: "Close" },
      { status: "CLOSED", label: "Close" },
      { status: "CLOSED", label: "Close" },
      null,
    ]);
    expect(choices("IN_PROGRESS", ["CLOSED"]).options).toEqual(["IN_PROGRESS", "CLOSED"]);
    expect(choices("CLOSED", ["CLOSED"]).options).toEqual(["CLOSED"]);
  });

  it("offer nothing to a viewer who may set no status", () => {
    expect(choices("OPEN", [])).toEqual({ options: ["OPEN"], next: null });
  });
});
