import { parse } from "graphql";
import type { Client, ClientOptions } from "graphql-ws";
import { afterEach, describe, expect, test, vi } from "vitest";
import { createPlaygroundFetcher, csrfFetch, KEEP_ALIVE_MS, websocketUrl } from "./fetcher";

function setCookie(value: string) {
  document.cookie = `csrftoken=${value}; path=/`;
}

afterEach(() => {
  document.cookie = "csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/";
});

describe("csrfFetch", () => {
  test("sends the csrftoken cookie's current value and the session cookie", async () => {
    const fetchMock = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("{}"));
    setCookie("first");
    await csrfFetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    setCookie("rotated-at-sign-in");
    await csrfFetch("/graphql", { method: "POST" });
    const sent = fetchMock.mock.calls.map(([, init]) =>
      new Headers(init?.headers).get("X-CSRFToken"),
    );
    expect(sent).toEqual(["first", "rotated-at-sign-in"]);
    expect(fetchMock.mock.calls.every(([, init]) => init?.credentials === "same-origin")).toBe(
      true,
    );
    expect(new Headers(fetchMock.mock.calls[0][1]?.headers).get("content-type")).toBe(
      "application/json",
    );
  });

  test("sends no token header when there is no cookie", async () => {
    const fetchMock = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("{}"));
    await csrfFetch("/graphql", { method: "POST" });
    expect(new Headers(fetchMock.mock.calls[0][1]?.headers).has("X-CSRFToken")).toBe(false);
  });
});

test("websocketUrl follows the page's scheme", () => {
  expect(websocketUrl({ protocol: "http:", host: "127.0.0.1:8000" }, "/graphql")).toBe(
    "ws://127.0.0.1:8000/graphql",
  );
  expect(websocketUrl({ protocol: "https:", host: "desk.example" }, "/graphql")).toBe(
    "wss://desk.example/graphql",
  );
});

describe("createPlaygroundFetcher", () => {
  function fakeWs() {
    const made: ClientOptions[] = [];
    const createWsClient = (options: ClientOptions): Client => {
      made.push(options);
      return {
        subscribe: (_payload: unknown, sink: { next: (value: unknown) => void }) => {
          // Like a socket: the event arrives after subscribe returns.
          queueMicrotask(() => sink.next({ data: { ticketEvents: { kind: "CREATED" } } }));
          return () => {};
        },
      } as unknown as Client;
    };
    return { made, createWsClient };
  }

  test("queries go over HTTP with the editor's headers", async () => {
    const httpFetch = vi
      .fn<typeof fetch>()
      .mockResolvedValue(new Response(JSON.stringify({ data: { me: null } })));
    const { made, createWsClient } = fakeWs();
    const fetcher = createPlaygroundFetcher({
      url: "/graphql",
      wsUrl: "ws://h/graphql",
      httpFetch,
      createWsClient,
    });
    const query = "query Me { me { username } }";
    const result = await fetcher(
      { query, operationName: "Me" },
      { headers: { Authorization: "Bearer desk_x" }, documentAST: parse(query) },
    );
    expect(result).toEqual({ data: { me: null } });
    const [url, init] = httpFetch.mock.calls[0];
    expect(url).toBe("/graphql");
    expect(init?.method).toBe("POST");
    expect((init?.headers as Record<string, string>).Authorization).toBe("Bearer desk_x");
    expect(made.length).toBe(1); // a lazy client: no socket until a subscription runs
  });

  test("subscriptions go over graphql-ws with the headers as connection params and keep-alive pings", async () => {
    const httpFetch = vi.fn<typeof fetch>();
    const { made, createWsClient } = fakeWs();
    const fetcher = createPlaygroundFetcher({
      url: "/graphql",
      wsUrl: "ws://h/graphql",
      httpFetch,
      createWsClient,
    });
    const query = "subscription Live { ticketEvents { kind } }";
    const run = async (headers: Record<string, string>) => {
      const results = (await fetcher(
        { query, operationName: "Live" },
        { headers, documentAST: parse(query) },
      )) as AsyncIterable<unknown>;
      for await (const result of results) return result;
    };
    expect(await run({})).toEqual({ data: { ticketEvents: { kind: "CREATED" } } });
    await run({});
    await run({ Authorization: "Bearer desk_y" });
    expect(httpFetch).not.toHaveBeenCalled();
    expect(made.map((options) => options.connectionParams)).toEqual([
      {},
      { Authorization: "Bearer desk_y" },
    ]);
    expect(
      made.every(
        (options) =>
          options.url === "ws://h/graphql" &&
          options.keepAlive === KEEP_ALIVE_MS &&
          options.lazy === true,
      ),
    ).toBe(true);
  });
});
