import { createGraphiQLFetcher, type Fetcher } from "@graphiql/toolkit";
import { createClient, type Client, type ClientOptions } from "graphql-ws";
import { csrfToken } from "../lib/csrf";

// GraphiQL's fetcher for the desk. Queries and mutations: POST /graphql with the session
// cookie and the csrftoken cookie's value as X-CSRFToken, read per request (it changes at
// sign-in, and `login` itself needs it). Subscriptions: graphql-transport-ws on /graphql,
// the headers editor's JSON as connection_init's payload (so {"Authorization": "Bearer …"}
// signs the socket in; without it the session cookie does), pinging every 15 s because the
// server sends no keep-alive of its own.

export const KEEP_ALIVE_MS = 15_000;

/** window.fetch with the session cookie and, when there is one, the CSRF token. */
export const csrfFetch: typeof fetch = (input, init = {}) => {
  const headers = new Headers(init.headers);
  const token = csrfToken();
  if (token && !headers.has("X-CSRFToken")) headers.set("X-CSRFToken", token);
  return fetch(input, { ...init, headers, credentials: "same-origin" });
};

export function websocketUrl(location: Pick<Location, "protocol" | "host">, path: string): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${path}`;
}

export interface PlaygroundFetcherOptions {
  url: string;
  wsUrl: string;
  httpFetch?: typeof fetch;
  createWsClient?: (options: ClientOptions) => Client;
}

/**
 * One GraphiQL fetcher per distinct headers (the headers editor's content): each has its
 * own lazy graphql-ws client, which opens a socket only while a subscription runs, so
 * changing the Authorization header starts the next subscription as that token's user.
 */
export function createPlaygroundFetcher({
  url,
  wsUrl,
  httpFetch = csrfFetch,
  createWsClient = createClient,
}: PlaygroundFetcherOptions): Fetcher {
  const byHeaders = new Map<string, Fetcher>();
  const fetcherFor = (headers: Record<string, unknown>): Fetcher => {
    const key = JSON.stringify(headers);
    let fetcher = byHeaders.get(key);
    if (!fetcher) {
      const wsClient = createWsClient({
        url: wsUrl,
        keepAlive: KEEP_ALIVE_MS,
        lazy: true,
        connectionParams: headers,
      });
      fetcher = createGraphiQLFetcher({
        url,
        fetch: httpFetch,
        wsClient,
        enableIncrementalDelivery: false,
      });
      byHeaders.set(key, fetcher);
    }
    return fetcher;
  };
  return (params, opts) => fetcherFor(opts?.headers ?? {})(params, opts);
}
