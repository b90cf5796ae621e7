import { act, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useLocation } from "../../lib/router";
import { EMPTY_FILTERS, filtersToSearch, parseFilters, toTicketFilter } from "./filters";
import { TicketFilters } from "./TicketFilters";

describe("filters <-> URL", () => {
  it("round-trips, in enum order, dropping unknown values", () => {
    const filters = parseFilters(
      "?status=CLOSED&status=OPEN&category=NOPE&priority=HIGH,LOW&q=%20invoice%20",
    );
    expect(filters).toEqual({
      ...EMPTY_FILTERS,
      status: ["OPEN", "CLOSED"],
      priority: ["LOW", "HIGH"],
      q: " invoice ",
    });
    expect(filtersToSearch(filters)).toBe(
      "?priority=LOW&priority=HIGH&status=OPEN&status=CLOSED&q=invoice",
    );
    expect(parseFilters(filtersToSearch(filters))).toEqual({ ...filters, q: "invoice" });
    expect(filtersToSearch(EMPTY_FILTERS)).toBe("");
  });
  it("maps to the API's filter, a day as a range in the desk's time zone", () => {
    expect(toTicketFilter(parseFilters("?category=BILLING&q=refund&day=2026-02-28"))).toEqual({
      category: ["BILLING"],
      search: "refund",
      createdAfter: "2026-02-28T00:00:00",
      createdBefore: "2026-03-01T00:00:00",
    });
    expect(toTicketFilter(parseFilters("?day=garbage"))).toEqual({});
  });
});

function Harness() {
  const { search } = useLocation();
  return <TicketFilters filters={parseFilters(search)} />;
}

describe("TicketFilters", () => {
  afterEach(() => window.history.replaceState(null, "", "/"));

  it("puts checkboxes and a debounced search in the URL; the back button restores them", async () => {
    vi.useFakeTimers();
    window.history.replaceState(null, "", "/");
    render(<Harness />);
    fireEvent.click(screen.getByRole("checkbox", { name: "Critical" }));
    expect(window.location.search).toBe("?priority=CRITICAL");
    fireEvent.click(screen.getByRole("checkbox", { name: "Open" }));
    expect(window.location.search).toBe("?priority=CRITICAL&status=OPEN");

    fireEvent.change(screen.getByRole("searchbox", { name: "Search" }), {
      target: { value: "inv" },
    });
    fireEvent.change(screen.getByRole("searchbox", { name: "Search" }), {
      target: { value: "invoice" },
    });
    expect(window.location.search).toBe("?priority=CRITICAL&status=OPEN"); // not yet
    await act(() => vi.advanceTimersByTimeAsync(400));
    expect(window.location.search).toBe("?priority=CRITICAL&status=OPEN&q=invoice");

    // Back: the URL before the search, and the box shows it.
    await act(async () => {
      window.history.back();
      await vi.waitFor(
        () => expect(window.location.search).toBe("?priority=CRITICAL&status=OPEN"),
        { timeout: 10_000 },
      );
    });
    expect(screen.getByRole("searchbox", { name: "Search" })).toHaveValue("");
    expect(screen.getByRole("checkbox", { name: "Critical" })).toBeChecked();
    vi.useRealTimers();
  });
});
