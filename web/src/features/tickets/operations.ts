import { graphql } from "../../gql";

// What a row of the list (and the list's live events) reads.
export const TicketRowFragment = graphql(`
  fragment TicketRow on Ticket {
    id
    title
    description
    category
    priority
    status
    createdAt
  }
`);

export const SuggestionInfoFragment = graphql(`
  fragment SuggestionInfo on Suggestion {
    category
    priority
    categoryConfidence
    priorityConfidence
    source
    model
    fallbackReason
  }
`);

export const TicketListQuery = graphql(`
  query TicketList($filter: TicketFilter, $first: Int!, $after: String, $countCap: Int) {
    tickets(filter: $filter, first: $first, after: $after) {
      totalCount(atMost: $countCap)
      edges {
        node {
          ...TicketRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const TicketListEventsSubscription = graphql(`
  subscription TicketListEvents($filter: TicketFilter) {
    ticketEvents(filter: $filter) {
      kind
      matchesFilter
      ticket {
        ...TicketRow
      }
    }
  }
`);

export const ChangeTicketStatusMutation = graphql(`
  mutation ChangeTicketStatus($id: ID!, $status: TicketStatus!) {
    updateTicket(id: $id, input: { status: $status }) {
      ticket {
        ...TicketRow
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const ClassifyTicketMutation = graphql(`
  mutation ClassifyTicket($title: String, $description: String!) {
    classifyTicket(title: $title, description: $description) {
      suggestion {
        ...SuggestionInfo
      }
      errors {
        field
        code
        message
        retryAfter
      }
    }
  }
`);

export const CreateTicketMutation = graphql(`
  mutation CreateTicket($input: CreateTicketInput!) {
    createTicket(input: $input) {
      ticket {
        ...TicketRow
      }
      errors {
        field
        code
        message
        retryAfter
      }
    }
  }
`);

export const TicketDetailQuery = graphql(`
  query TicketDetail($id: ID!) {
    ticket(id: $id) {
      ...TicketRow
      updatedAt
      labelsByPerson
      suggestion {
        ...SuggestionInfo
      }
    }
  }
`);
