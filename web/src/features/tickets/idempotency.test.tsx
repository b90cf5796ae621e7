import { fireEvent, render, screen } from "@testing-library/react";
import { Provider } from "urql";
import { describe, expect, it, vi } from "vitest";
import { mockClient } from "../../test/mockClient";
import { NewTicketForm } from "./NewTicketForm";

const created = {
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
};

describe("createTicket's idempotency key", () => {
  it("is kept for a resubmit of the same input and renewed for a new input or ticket", async () => {
    const keys: string[] = [];
    let reachable = false;
    const mock = mockClient({
      ClassifyTicket: () => ({ data: { classifyTicket: { suggestion: null, errors: [] } } }),
      CreateTicket: (variables) => {
        keys.push((variables.input as { idempotencyKey: string }).idempotencyKey);
        if (!reachable) throw new Error("connection dropped");
        return created;
      },
    });
    render(
      <Provider value={mock.client}>
        <NewTicketForm onCreated={vi.fn()} />
      </Provider>,
    );
    const submit = () => fireEvent.click(screen.getByRole("button", { name: "Submit ticket" }));
    fireEvent.change(screen.getByLabelText("Title"), { target: { value: "Refund" } });
    fireEvent.change(screen.getByLabelText("Description"), { target: { value: "x" } });
    submit();
    expect(await screen.findByText("The desk cannot be reached. Try again.")).toBeInTheDocument();
    submit(); // the answer was lost: the same ticket again
    await vi.waitFor(() => expect(keys).toHaveLength(2));
    expect(keys[1]).toBe(keys[0]);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);

    fireEvent.change(screen.getByLabelText("Title"), { target: { value: "Refund please" } });
    reachable = true;
    submit(); // another input: another key
    expect(await screen.findByText(/submitted/)).toBeInTheDocument();
    expect(keys[2]).not.toBe(keys[0]);

    fireEvent.change(screen.getByLabelText("Title"), { target: { value: "Refund please" } });
    fireEvent.change(screen.getByLabelText("Description"), { target: { value: "x" } });
    submit(); // the next ticket, even with the same text, is a new one
    await vi.waitFor(() => expect(keys).toHaveLength(4));
    expect(keys[3]).not.toBe(keys[2]);
  });
});
