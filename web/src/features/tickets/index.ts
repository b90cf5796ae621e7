// The tickets feature's entry point: what the rest of the app may use.
export { TicketDetail } from "./TicketDetail";
export { TicketsPage } from "./TicketsPage";
