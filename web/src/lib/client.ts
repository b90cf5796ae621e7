import { Client, fetchExchange, subscriptionExchange } from "@urql/core";
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";
import { graphqlFetchOptions } from "./csrf";
import { liveStatus } from "./connection";

export interface DeskClient {
  client: Client;
  dispose: () => void;
}

function websocketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss" : "ws"}://${host}/graphql`;
}

/**
 * One urql client per signed-in session: queries and mutations over fetch (session
 * cookie + X-CSRFToken), subscriptions over one graphql-transport-ws socket that pings
 * every 15 s, reconnects forever with backoff and resubscribes by itself.
 * No document cache: screens keep the state they show (lists merge live events).
 */
export function createDeskClient(): DeskClient {
  liveStatus.reset();
  const ws: WsClient = createWsClient({
    url: websocketUrl(),
    keepAlive: 15_000,
    lazy: false,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: async (retries) => {
      const delay = Math.min(1000 * 2 ** retries, 10_000) + Math.random() * 500;
      await new Promise((resolve) => setTimeout(resolve, delay));
    },
    on: {
      connecting: () => liveStatus.connecting(),
      connected: () => liveStatus.connected(),
      closed: () => liveStatus.disconnected(),
      error: () => liveStatus.disconnected(),
    },
  });
  const client = new Client({
    url: "/graphql",
    requestPolicy: "network-only",
    fetchOptions: graphqlFetchOptions,
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || "" };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return { client, dispose: () => void ws.dispose() };
}
