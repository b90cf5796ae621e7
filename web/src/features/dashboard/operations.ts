import { graphql } from "../../gql";

export const DashboardStatsFragment = graphql(`
  fragment DashboardStats on TicketStats {
    totalTickets
    openTickets
    avgTicketsPerDay
    byPriority {
      priority
      count
    }
    byCategory {
      category
      count
    }
    byStatus {
      status
      count
    }
    perDay {
      date
      count
    }
    aiSuggestions {
      total
      accepted
      acceptanceRate
    }
  }
`);

export const DashboardStatsSubscription = graphql(`
  subscription DashboardStatsLive {
    ticketStats {
      ...DashboardStats
    }
  }
`);
