import { createContext, useContext } from "react";
import { graphql, readFragment, type FragmentType } from "../gql";
import type { TicketStatus } from "../gql/graphql";
import { STATUSES } from "./format";

// What the viewer may do, as the server says (`me { can }`, `Ticket.viewerCan`, from
// server/tickets/policy.py). Screens decide from these and never restate the rules.

export const ViewerAbilitiesFragment = graphql(`
  fragment ViewerAbilities on User {
    can {
      submitTickets
      seeAllTickets
      seeStats
    }
  }
`);

export const TicketAbilitiesFragment = graphql(`
  fragment TicketAbilities on Ticket {
    status
    viewerCan {
      setStatus
    }
  }
`);

export interface DeskAbilities {
  /** The new-ticket form. */
  submitTickets: boolean;
  /** Every ticket in the list, not only the viewer's own. */
  seeAllTickets: boolean;
  /** The dashboard: its link and its screen. */
  seeStats: boolean;
}

export const NO_ABILITIES: DeskAbilities = {
  submitTickets: false,
  seeAllTickets: false,
  seeStats: false,
};

export function deskAbilities(user: FragmentType<typeof ViewerAbilitiesFragment>): DeskAbilities {
  const { can } = readFragment(ViewerAbilitiesFragment, user);
  return {
    submitTickets: can.submitTickets,
    seeAllTickets: can.seeAllTickets,
    seeStats: can.seeStats,
  };
}

/** The signed-in viewer's abilities, provided by the Shell. */
export const DeskAbilitiesContext = createContext<DeskAbilities>(NO_ABILITIES);

export function useDeskAbilities(): DeskAbilities {
  return useContext(DeskAbilitiesContext);
}

export interface StatusStep {
  status: TicketStatus;
  label: string;
}

export interface StatusChoices {
  /** The ticket's status and those the viewer may move it to, in workflow order. */
  options: TicketStatus[];
  /** The one-click step: the next status round the workflow that the viewer may set. */
  next: StatusStep | null;
}

const STEP_LABELS: Record<TicketStatus, string> = {
  OPEN: "Reopen",
  IN_PROGRESS: "Start",
  RESOLVED: "Resolve",
  CLOSED: "Close",
};

export function statusChoices(ticket: FragmentType<typeof TicketAbilitiesFragment>): StatusChoices {
  const { status, viewerCan } = readFragment(TicketAbilitiesFragment, ticket);
  const allowed = new Set<TicketStatus>(viewerCan.setStatus);
  const options = STATUSES.filter((value) => value === status || allowed.has(value));
  const at = STATUSES.indexOf(status);
  let next: StatusStep | null = null;
  for (let step = 1; step < STATUSES.length && !next; step++) {
    const candidate = STATUSES[(at + step) % STATUSES.length];
    if (allowed.has(candidate)) next = { status: candidate, label: STEP_LABELS[candidate] };
  }
  return { options, next };
}
