import { CATEGORIES, PRIORITIES, STATUSES } from "../../lib/format";
import type { TicketCategory, TicketFilter, TicketPriority, TicketStatus } from "../../gql/graphql";

/** The list's filters, as kept in the URL: ?category=BILLING&category=ACCOUNT&q=invoice&day=2026-11-20 */
export interface Filters {
  category: TicketCategory[];
  priority: TicketPriority[];
  status: TicketStatus[];
  q: string;
  /** One calendar day (YYYY-MM-DD, the desk's time zone), from the dashboard's per-day chart. */
  day: string;
}

export const EMPTY_FILTERS: Filters = { category: [], priority: [], status: [], q: "", day: "" };

function pick<T extends string>(params: URLSearchParams, key: string, allowed: readonly T[]): T[] {
  const wanted = new Set(params.getAll(key).flatMap((value) => value.split(",")));
  // Enum order, no duplicates, unknown values dropped: one URL per filter.
  return allowed.filter((value) => wanted.has(value));
}

export function parseFilters(search: string): Filters {
  const params = new URLSearchParams(search);
  const day = params.get("day") ?? "";
  return {
    category: pick(params, "category", CATEGORIES),
    priority: pick(params, "priority", PRIORITIES),
    status: pick(params, "status", STATUSES),
    q: (params.get("q") ?? "").slice(0, 200),
    day: /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : "",
  };
}

export function filtersToSearch(filters: Filters): string {
  const params = new URLSearchParams();
  for (const value of filters.category) params.append("category", value);
  for (const value of filters.priority) params.append("priority", value);
  for (const value of filters.status) params.append("status", value);
  if (filters.q.trim()) params.set("q", filters.q.trim());
  if (filters.day) params.set("day", filters.day);
  const text = params.toString();
  return text ? `?${text}` : "";
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** The API's filter. Times without an offset are read in the desk's TIME_ZONE. */
export function toTicketFilter(filters: Filters): TicketFilter {
  const filter: TicketFilter = {};
  if (filters.category.length) filter.category = filters.category;
  if (filters.priority.length) filter.priority = filters.priority;
  if (filters.status.length) filter.status = filters.status;
  if (filters.q.trim()) filter.search = filters.q.trim();
  if (filters.day) {
    filter.createdAfter = `${filters.day}T00:00:00`;
    filter.createdBefore = `${nextDay(filters.day)}T00:00:00`;
  }
  return filter;
}

export function hasFilters(filters: Filters): boolean {
  return filtersToSearch(filters) !== "";
}

interface Matchable {
  title: string;
  description: string;
  category: TicketCategory;
  priority: TicketPriority;
  status: TicketStatus;
}

/**
 * The server's rule (server/tickets/filters.py), for a ticket this client just created or
 * changed; the day filter aside. Checked against the server's own cases in filterCases.test.ts.
 */
export function ticketMatches(ticket: Matchable, filters: Filters): boolean {
  if (filters.category.length && !filters.category.includes(ticket.category)) return false;
  if (filters.priority.length && !filters.priority.includes(ticket.priority)) return false;
  if (filters.status.length && !filters.status.includes(ticket.status)) return false;
  const q = upperLetterwise(filters.q.trim());
  if (
    q &&
    !upperLetterwise(ticket.title).includes(q) &&
    !upperLetterwise(ticket.description).includes(q)
  )
    return false;
  return true;
}

/**
 * Text in capitals one letter at a time, as the search compares it (PostgreSQL's UPPER):
 * a letter whose capital is several letters ("ß") keeps its one-letter capital if it has
 * one (the Greek small letters with a iota subscript: "ᾳ" → "ᾼ"), else stays as it is.
 */
function upperLetterwise(text: string): string {
  let out = "";
  for (const letter of text) {
    const upper = letter.toUpperCase();
    if ([...upper].length === 1) {
      out += upper;
      continue;
    }
    const code = letter.codePointAt(0) ?? 0;
    if (code >= 0x1f80 && code <= 0x1faf && (code & 0xf) < 8) out += String.fromCodePoint(code + 8);
    else if (code === 0x1fb3 || code === 0x1fc3 || code === 0x1ff3)
      out += String.fromCodePoint(code + 9);
    else out += letter;
  }
  return out;
}
