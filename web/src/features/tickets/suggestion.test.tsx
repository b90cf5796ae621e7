import { act, fireEvent, render, screen } from "@testing-library/react";
import { Provider } from "urql";
import { describe, expect, it, vi } from "vitest";
import { mockClient } from "../../test/mockClient";
import { NewTicketForm } from "./NewTicketForm";
import {
  EMPTY_CHOICES,
  applySuggestion,
  chooseCategory,
  choosePriority,
  worthClassifying,
} from "./suggestion";

const billingHigh = { category: "BILLING", priority: "HIGH" } as const;

describe("suggestion vs the user's choice (pure)", () => {
  it("fills empty selects", () => {
    expect(applySuggestion(EMPTY_CHOICES, billingHigh)).toMatchObject({
      category: "BILLING",
      priority: "HIGH",
    });
  });
  it("never overwrites a value the user chose", () => {
    const chosen = choosePriority(EMPTY_CHOICES, "LOW");
    expect(applySuggestion(chosen, billingHigh)).toMatchObject({
      category: "BILLING",
      priority: "LOW",
    });
    const both = chooseCategory(chosen, "ACCOUNT");
    expect(applySuggestion(both, billingHigh)).toMatchObject({
      category: "ACCOUNT",
      priority: "LOW",
    });
  });
  it("keeps following suggestions for a field the user has not touched", () => {
    const once = applySuggestion(EMPTY_CHOICES, billingHigh);
    expect(applySuggestion(once, { category: "TECHNICAL", priority: "CRITICAL" })).toMatchObject({
      category: "TECHNICAL",
      priority: "CRITICAL",
    });
  });
  it("hands a field back to the desk when the user picks 'let the desk suggest'", () => {
    const back = chooseCategory(chooseCategory(EMPTY_CHOICES, "ACCOUNT"), "");
    expect(applySuggestion(back, billingHigh).category).toBe("BILLING");
  });
  it("asks only past a few words", () => {
    expect(worthClassifying("printer broken")).toBe(false);
    expect(worthClassifying("the printer is broken")).toBe(true);
  });
});

function suggestion(category: string, priority: string) {
  return {
    data: {
      classifyTicket: {
        suggestion: {
          category,
          priority,
          categoryConfidence: 0.9,
          priorityConfidence: 0.6,
          source: "LOCAL",
          model: "local-zeroshot-v1",
          fallbackReason: null,
        },
        errors: [],
      },
    },
  };
}

describe("NewTicketForm", () => {
  it("debounces, shows the loading state, fills only untouched selects, shows source and confidence", async () => {
    vi.useFakeTimers();
    let answer = suggestion("BILLING", "HIGH");
    const mock = mockClient({ ClassifyTicket: () => answer });
    render(
      <Provider value={mock.client}>
        <NewTicketForm onCreated={() => {}} />
      </Provider>,
    );
    const description = screen.getByLabelText("Description");
    fireEvent.change(description, { target: { value: "charged" } });
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(mock.calls.mutation).not.toHaveBeenCalled(); // one word: not worth asking

    fireEvent.change(description, { target: { value: "I was charged twice" } });
    await act(() => vi.advanceTimersByTimeAsync(300));
    expect(mock.calls.mutation).not.toHaveBeenCalled(); // still typing
    await act(() => vi.advanceTimersByTimeAsync(150));
    expect(mock.calls.mutation).toHaveBeenCalledTimes(1);
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(screen.getByLabelText("Category")).toHaveValue("BILLING");
    expect(screen.getByLabelText("Priority")).toHaveValue("HIGH");
    expect(screen.getByTestId("suggestion")).toHaveTextContent("Billing (90%)");
    expect(screen.getByTestId("suggestion")).toHaveTextContent("local model local-zeroshot-v1");

    // The user picks a priority; the next suggestion changes only the category.
    fireEvent.change(screen.getByLabelText("Priority"), { target: { value: "LOW" } });
    answer = suggestion("ACCOUNT", "CRITICAL");
    fireEvent.change(description, {
      target: { value: "I was charged twice and my account is locked" },
    });
    await act(() => vi.advanceTimersByTimeAsync(450));
    expect(screen.getByLabelText("Category")).toHaveValue("ACCOUNT");
    expect(screen.getByLabelText("Priority")).toHaveValue("LOW");
    vi.useRealTimers();
  });

  it("shows server errors next to their field and clears the form on success", async () => {
    let created = false;
    const onCreated = vi.fn();
    const mock = mockClient({
      ClassifyTicket: () => suggestion("BILLING", "HIGH"),
      CreateTicket: () =>
        created
          ? {
              data: {
                createTicket: {
                  ticket: {
                    id: "VGlja2V0OjE=",
                    title: "Refund",
                    description: "x",
                    category: "BILLING",
                    priority: "HIGH",
                    status: "OPEN",
                    createdAt: new Date().toISOString(),
                  },
                  errors: [],
                },
              },
            }
          : {
              data: {
                createTicket: {
                  ticket: null,
                  errors: [
                    {
                      field: "title",
                      code: "TOO_LONG",
                      message: "title: too long.",
                      retryAfter: null,
                    },
                  ],
                },
              },
            },
    });
    render(
      <Provider value={mock.client}>
        <NewTicketForm onCreated={onCreated} />
      </Provider>,
    );
    fireEvent.change(screen.getByLabelText("Title"), { target: { value: "Refund" } });
    fireEvent.change(screen.getByLabelText("Description"), { target: { value: "x" } });
    fireEvent.click(screen.getByRole("button", { name: "Submit ticket" }));
    expect(await screen.findByText("title: too long.")).toBeInTheDocument();
    expect(screen.getByLabelText("Title")).toHaveAttribute("aria-invalid", "true");
    created = true;
    fireEvent.click(screen.getByRole("button", { name: "Submit ticket" }));
    expect(await screen.findByText("Ticket “Refund” submitted.")).toBeInTheDocument();
    expect(screen.getByLabelText("Title")).toHaveValue("");
    expect(onCreated).toHaveBeenCalledWith(expect.objectContaining({ id: "VGlja2V0OjE=" }));
  });
});
