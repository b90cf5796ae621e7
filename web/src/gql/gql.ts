/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ShellUser on User {\n    username\n    role\n    ...ViewerAbilities\n  }\n": typeof types.ShellUserFragmentDoc,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      user {\n        ...CurrentUser\n      }\n      errors {\n        ...FieldError\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  fragment CurrentUser on User {\n    id\n    ...ShellUser\n  }\n": typeof types.CurrentUserFragmentDoc,
    "\n  query Me {\n    me {\n      ...CurrentUser\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation Logout {\n    logout {\n      ok\n      errors {\n        ...FieldError\n      }\n    }\n  }\n": typeof types.LogoutDocument,
    "\n  fragment DashboardStats on TicketStats {\n    totalTickets\n    openTickets\n    avgTicketsPerDay\n    byPriority {\n      priority\n      count\n    }\n    byCategory {\n      category\n      count\n    }\n    byStatus {\n      status\n      count\n    }\n    perDay {\n      date\n      count\n    }\n    aiSuggestions {\n      total\n      accepted\n      acceptanceRate\n    }\n  }\n": typeof types.DashboardStatsFragmentDoc,
    "\n  subscription DashboardStatsLive {\n    ticketStats {\n      ...DashboardStats\n    }\n  }\n": typeof types.DashboardStatsLiveDocument,
    "\n  fragment SuggestionNote on Suggestion {\n    category\n    priority\n    categoryConfidence\n    priorityConfidence\n    source\n    model\n    fallbackReason\n  }\n": typeof types.SuggestionNoteFragmentDoc,
    "\n  fragment SuggestionComparison on Suggestion {\n    category\n    priority\n    categoryConfidence\n    priorityConfidence\n    source\n    model\n    fallbackReason\n  }\n": typeof types.SuggestionComparisonFragmentDoc,
    "\n  query TicketDetail($id: ID!) {\n    ticket(id: $id) {\n      title\n      description\n      category\n      priority\n      status\n      createdAt\n      updatedAt\n      labelsByPerson\n      suggestion {\n        ...SuggestionComparison\n      }\n    }\n  }\n": typeof types.TicketDetailDocument,
    "\n  fragment TicketRow on Ticket {\n    id\n    title\n    description\n    category\n    priority\n    status\n    createdAt\n    ...TicketAbilities\n  }\n": typeof types.TicketRowFragmentDoc,
    "\n  fragment CreatedTicket on Ticket {\n    title\n    description\n    category\n    priority\n    status\n    ...TicketListItem\n  }\n": typeof types.CreatedTicketFragmentDoc,
    "\n  mutation CreateTicket($input: CreateTicketInput!) {\n    createTicket(input: $input) {\n      ticket {\n        title\n        ...CreatedTicket\n      }\n      errors {\n        ...FieldError\n      }\n    }\n  }\n": typeof types.CreateTicketDocument,
    "\n  mutation ClassifyTicket($title: String, $description: String!) {\n    classifyTicket(title: $title, description: $description) {\n      suggestion {\n        category\n        priority\n        ...SuggestionNote\n      }\n      errors {\n        ...FieldError\n      }\n    }\n  }\n": typeof types.ClassifyTicketDocument,
    "\n  fragment TicketListItem on Ticket {\n    id\n    createdAt\n    status\n    ...TicketRow\n  }\n": typeof types.TicketListItemFragmentDoc,
    "\n  query TicketList($filter: TicketFilter, $first: Int!, $after: String, $exactUpTo: Int!) {\n    tickets(filter: $filter, first: $first, after: $after) {\n      matchCount(exactUpTo: $exactUpTo) {\n        value\n        exact\n      }\n      edges {\n        node {\n          ...TicketListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.TicketListDocument,
    "\n  subscription TicketListEvents($filter: TicketFilter) {\n    ticketEvents(filter: $filter) {\n      kind\n      matchesFilter\n      ticket {\n        ...TicketListItem\n      }\n    }\n  }\n": typeof types.TicketListEventsDocument,
    "\n  mutation ChangeTicketStatus($id: ID!, $status: TicketStatus!) {\n    updateTicket(id: $id, input: { status: $status }) {\n      ticket {\n        ...TicketListItem\n      }\n      errors {\n        ...FieldError\n      }\n    }\n  }\n": typeof types.ChangeTicketStatusDocument,
    "\n  fragment ViewerAbilities on User {\n    can {\n      submitTickets\n      seeAllTickets\n      seeStats\n    }\n  }\n": typeof types.ViewerAbilitiesFragmentDoc,
    "\n  fragment TicketAbilities on Ticket {\n    status\n    viewerCan {\n      setStatus\n    }\n  }\n": typeof types.TicketAbilitiesFragmentDoc,
    "\n  fragment FieldError on FieldError {\n    field\n    code\n    message\n  }\n": typeof types.FieldErrorFragmentDoc,
};
const documents: Documents = {
    "\n  fragment ShellUser on User {\n    username\n    role\n    ...ViewerAbilities\n  }\n": types.ShellUserFragmentDoc,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      user {\n        ...CurrentUser\n      }\n      errors {\n        ...FieldError\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  fragment CurrentUser on User {\n    id\n    ...ShellUser\n  }\n": types.CurrentUserFragmentDoc,
    "\n  query Me {\n    me {\n      ...CurrentUser\n    }\n  }\n": types.MeDocument,
    "\n  mutation Logout {\n    logout {\n      ok\n      errors {\n        ...FieldError\n      }\n    }\n  }\n": types.LogoutDocument,
    "\n  fragment DashboardStats on TicketStats {\n    totalTickets\n    openTickets\n    avgTicketsPerDay\n    byPriority {\n      priority\n      count\n    }\n    byCategory {\n      category\n      count\n    }\n    byStatus {\n      status\n      count\n    }\n    perDay {\n      date\n      count\n    }\n    aiSuggestions {\n      total\n      accepted\n      acceptanceRate\n    }\n  }\n": types.DashboardStatsFragmentDoc,
    "\n  subscription DashboardStatsLive {\n    ticketStats {\n      ...DashboardStats\n    }\n  }\n": types.DashboardStatsLiveDocument,
    "\n  fragment SuggestionNote on Suggestion {\n    category\n    priority\n    categoryConfidence\n    priorityConfidence\n    source\n    model\n    fallbackReason\n  }\n": types.SuggestionNoteFragmentDoc,
    "\n  fragment SuggestionComparison on Suggestion {\n    category\n    priority\n    categoryConfidence\n    priorityConfidence\n    source\n    model\n    fallbackReason\n  }\n": types.SuggestionComparisonFragmentDoc,
    "\n  query TicketDetail($id: ID!) {\n    ticket(id: $id) {\n      title\n      description\n      category\n      priority\n      status\n      createdAt\n      updatedAt\n      labelsByPerson\n      suggestion {\n        ...SuggestionComparison\n      }\n    }\n  }\n": types.TicketDetailDocument,
    "\n  fragment TicketRow on Ticket {\n    id\n    title\n    description\n    category\n    priority\n    status\n    createdAt\n    ...TicketAbilities\n  }\n": types.TicketRowFragmentDoc,
    "\n  fragment CreatedTicket on Ticket {\n    title\n    description\n    category\n    priority\n    status\n    ...TicketListItem\n  }\n": types.CreatedTicketFragmentDoc,
    "\n  mutation CreateTicket($input: CreateTicketInput!) {\n    createTicket(input: $input) {\n      ticket {\n        title\n        ...CreatedTicket\n      }\n      errors {\n        ...FieldError\n      }\n    }\n  }\n": types.CreateTicketDocument,
    "\n  mutation ClassifyTicket($title: String, $description: String!) {\n    classifyTicket(title: $title, description: $description) {\n      suggestion {\n        category\n        priority\n        ...SuggestionNote\n      }\n      errors {\n        ...FieldError\n      }\n    }\n  }\n": types.ClassifyTicketDocument,
    "\n  fragment TicketListItem on Ticket {\n    id\n    createdAt\n    status\n    ...TicketRow\n  }\n": types.TicketListItemFragmentDoc,
    "\n  query TicketList($filter: TicketFilter, $first: Int!, $after: String, $exactUpTo: Int!) {\n    tickets(filter: $filter, first: $first, after: $after) {\n      matchCount(exactUpTo: $exactUpTo) {\n        value\n        exact\n      }\n      edges {\n        node {\n          ...TicketListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.TicketListDocument,
    "\n  subscription TicketListEvents($filter: TicketFilter) {\n    ticketEvents(filter: $filter) {\n      kind\n      matchesFilter\n      ticket {\n        ...TicketListItem\n      }\n    }\n  }\n": types.TicketListEventsDocument,
    "\n  mutation ChangeTicketStatus($id: ID!, $status: TicketStatus!) {\n    updateTicket(id: $id, input: { status: $status }) {\n      ticket {\n        ...TicketListItem\n      }\n      errors {\n        ...FieldError\n      }\n    }\n  }\n": types.ChangeTicketStatusDocument,
    "\n  fragment ViewerAbilities on User {\n    can {\n      submitTickets\n      seeAllTickets\n      seeStats\n    }\n  }\n": types.ViewerAbilitiesFragmentDoc,
    "\n  fragment TicketAbilities on Ticket {\n    status\n    viewerCan {\n      setStatus\n    }\n  }\n": types.TicketAbilitiesFragmentDoc,
    "\n  fragment FieldError on FieldError {\n    field\n    code\n    message\n  }\n": types.FieldErrorFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ShellUser on User {\n    username\n    role\n    ...ViewerAbilities\n  }\n"): (typeof documents)["\n  fragment ShellUser on User {\n    username\n    role\n    ...ViewerAbilities\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      user {\n        ...CurrentUser\n      }\n      errors {\n        ...FieldError\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      user {\n        ...CurrentUser\n      }\n      errors {\n        ...FieldError\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CurrentUser on User {\n    id\n    ...ShellUser\n  }\n"): (typeof documents)["\n  fragment CurrentUser on User {\n    id\n    ...ShellUser\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      ...CurrentUser\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      ...CurrentUser\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout {\n      ok\n      errors {\n        ...FieldError\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout {\n      ok\n      errors {\n        ...FieldError\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DashboardStats on TicketStats {\n    totalTickets\n    openTickets\n    avgTicketsPerDay\n    byPriority {\n      priority\n      count\n    }\n    byCategory {\n      category\n      count\n    }\n    byStatus {\n      status\n      count\n    }\n    perDay {\n      date\n      count\n    }\n    aiSuggestions {\n      total\n      accepted\n      acceptanceRate\n    }\n  }\n"): (typeof documents)["\n  fragment DashboardStats on TicketStats {\n    totalTickets\n    openTickets\n    avgTicketsPerDay\n    byPriority {\n      priority\n      count\n    }\n    byCategory {\n      category\n      count\n    }\n    byStatus {\n      status\n      count\n    }\n    perDay {\n      date\n      count\n    }\n    aiSuggestions {\n      total\n      accepted\n      acceptanceRate\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DashboardStatsLive {\n    ticketStats {\n      ...DashboardStats\n    }\n  }\n"): (typeof documents)["\n  subscription DashboardStatsLive {\n    ticketStats {\n      ...DashboardStats\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SuggestionNote on Suggestion {\n    category\n    priority\n    categoryConfidence\n    priorityConfidence\n    source\n    model\n    fallbackReason\n  }\n"): (typeof documents)["\n  fragment SuggestionNote on Suggestion {\n    category\n    priority\n    categoryConfidence\n    priorityConfidence\n    source\n    model\n    fallbackReason\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SuggestionComparison on Suggestion {\n    category\n    priority\n    categoryConfidence\n    priorityConfidence\n    source\n    model\n    fallbackReason\n  }\n"): (typeof documents)["\n  fragment SuggestionComparison on Suggestion {\n    category\n    priority\n    categoryConfidence\n    priorityConfidence\n    source\n    model\n    fallbackReason\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TicketDetail($id: ID!) {\n    ticket(id: $id) {\n      title\n      description\n      category\n      priority\n      status\n      createdAt\n      updatedAt\n      labelsByPerson\n      suggestion {\n        ...SuggestionComparison\n      }\n    }\n  }\n"): (typeof documents)["\n  query TicketDetail($id: ID!) {\n    ticket(id: $id) {\n      title\n      description\n      category\n      priority\n      status\n      createdAt\n      updatedAt\n      labelsByPerson\n      suggestion {\n        ...SuggestionComparison\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TicketRow on Ticket {\n    id\n    title\n    description\n    category\n    priority\n    status\n    createdAt\n    ...TicketAbilities\n  }\n"): (typeof documents)["\n  fragment TicketRow on Ticket {\n    id\n    title\n    description\n    category\n    priority\n    status\n    createdAt\n    ...TicketAbilities\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CreatedTicket on Ticket {\n    title\n    description\n    category\n    priority\n    status\n    ...TicketListItem\n  }\n"): (typeof documents)["\n  fragment CreatedTicket on Ticket {\n    title\n    description\n    category\n    priority\n    status\n    ...TicketListItem\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTicket($input: CreateTicketInput!) {\n    createTicket(input: $input) {\n      ticket {\n        title\n        ...CreatedTicket\n      }\n      errors {\n        ...FieldError\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateTicket($input: CreateTicketInput!) {\n    createTicket(input: $input) {\n      ticket {\n        title\n        ...CreatedTicket\n      }\n      errors {\n        ...FieldError\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClassifyTicket($title: String, $description: String!) {\n    classifyTicket(title: $title, description: $description) {\n      suggestion {\n        category\n        priority\n        ...SuggestionNote\n      }\n      errors {\n        ...FieldError\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ClassifyTicket($title: String, $description: String!) {\n    classifyTicket(title: $title, description: $description) {\n      suggestion {\n        category\n        priority\n        ...SuggestionNote\n      }\n      errors {\n        ...FieldError\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TicketListItem on Ticket {\n    id\n    createdAt\n    status\n    ...TicketRow\n  }\n"): (typeof documents)["\n  fragment TicketListItem on Ticket {\n    id\n    createdAt\n    status\n    ...TicketRow\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TicketList($filter: TicketFilter, $first: Int!, $after: String, $exactUpTo: Int!) {\n    tickets(filter: $filter, first: $first, after: $after) {\n      matchCount(exactUpTo: $exactUpTo) {\n        value\n        exact\n      }\n      edges {\n        node {\n          ...TicketListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query TicketList($filter: TicketFilter, $first: Int!, $after: String, $exactUpTo: Int!) {\n    tickets(filter: $filter, first: $first, after: $after) {\n      matchCount(exactUpTo: $exactUpTo) {\n        value\n        exact\n      }\n      edges {\n        node {\n          ...TicketListItem\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TicketListEvents($filter: TicketFilter) {\n    ticketEvents(filter: $filter) {\n      kind\n      matchesFilter\n      ticket {\n        ...TicketListItem\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription TicketListEvents($filter: TicketFilter) {\n    ticketEvents(filter: $filter) {\n      kind\n      matchesFilter\n      ticket {\n        ...TicketListItem\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeTicketStatus($id: ID!, $status: TicketStatus!) {\n    updateTicket(id: $id, input: { status: $status }) {\n      ticket {\n        ...TicketListItem\n      }\n      errors {\n        ...FieldError\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ChangeTicketStatus($id: ID!, $status: TicketStatus!) {\n    updateTicket(id: $id, input: { status: $status }) {\n      ticket {\n        ...TicketListItem\n      }\n      errors {\n        ...FieldError\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ViewerAbilities on User {\n    can {\n      submitTickets\n      seeAllTickets\n      seeStats\n    }\n  }\n"): (typeof documents)["\n  fragment ViewerAbilities on User {\n    can {\n      submitTickets\n      seeAllTickets\n      seeStats\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TicketAbilities on Ticket {\n    status\n    viewerCan {\n      setStatus\n    }\n  }\n"): (typeof documents)["\n  fragment TicketAbilities on Ticket {\n    status\n    viewerCan {\n      setStatus\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FieldError on FieldError {\n    field\n    code\n    message\n  }\n"): (typeof documents)["\n  fragment FieldError on FieldError {\n    field\n    code\n    message\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;