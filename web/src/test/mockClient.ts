import type { Client } from "@urql/core";
import { vi } from "vitest";

type Result = { data?: unknown; error?: unknown };
type Handler = (variables: Record<string, unknown>) => Result | Promise<Result>;

function operationName(document: unknown): string {
  const definitions =
    (document as { definitions?: { name?: { value: string } }[] }).definitions ?? [];
  return definitions.find((d) => d.name)?.name?.value ?? "";
}

/** A stand-in for urql's client: handlers by operation name; subscriptions pushed by the test. */
export function mockClient(handlers: Record<string, Handler>) {
  const listeners = new Map<string, ((result: Result) => void)[]>();
  const run = (document: unknown, variables: Record<string, unknown>) => ({
    toPromise: async () => {
      const handler = handlers[operationName(document)];
      if (!handler) throw new Error(`no handler for ${operationName(document)}`);
      return handler(variables);
    },
  });
  const client = {
    query: vi.fn(run),
    mutation: vi.fn(run),
    subscription: vi.fn((document: unknown) => ({
      subscribe(listener: (result: Result) => void) {
        const name = operationName(document);
        listeners.set(name, [...(listeners.get(name) ?? []), listener]);
        return {
          unsubscribe: () =>
            listeners.set(
              name,
              (listeners.get(name) ?? []).filter((l) => l !== listener),
            ),
        };
      },
    })),
  };
  return {
    client: client as unknown as Client,
    calls: client,
    push(name: string, result: Result) {
      for (const listener of listeners.get(name) ?? []) listener(result);
    },
  };
}
