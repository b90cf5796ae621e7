import { Client, fetchExchange, mapExchange, subscriptionExchange } from "@urql/core";
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
 * An UNAUTHENTICATED answer or a 4403 close (the session ended) calls onSignedOut.
 */
export function createDeskClient(onSignedOut: () => void = () => {}): DeskClient {
  liveStatus.reset();
  let signedOut = false;
  const signOut = () => {
    if (signedOut) return;
    signedOut = true;
    onSignedOut();
  };
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
      closed: (event) => {
        // 4403: the socket's session ended (signed out elsewhere, expired).
        if ((event as CloseEvent | undefined)?.code === 4403) signOut();
        liveStatus.disconnected();
      },
      error: () => liveStatus.disconnected(),
    },
  });
  const client = new Client({
    url: "/graphql",
    requestPolicy: "network-only",
    fetchOptions: graphqlFetchOptions,
    exchanges: [
      mapExchange({
        onResult(result) {
          if (
            result.error?.graphQLErrors.some(
              (error) => error.extensions?.code === "UNAUTHENTICATED",
            )
          )
            signOut();
        },
      }),
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
