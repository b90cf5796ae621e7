import { GraphiQL } from "graphiql";
import "graphiql/style.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createPlaygroundFetcher, websocketUrl } from "./fetcher";
import { WELCOME_QUERY } from "./welcome";

// GET /graphql in a browser (GRAPHIQL=1): GraphiQL built from npm into web/dist, a
// separate entry from the web client (vite.playground.config.ts), nothing from a CDN.
const fetcher = createPlaygroundFetcher({
  url: "/graphql",
  wsUrl: websocketUrl(window.location, "/graphql"),
});

createRoot(document.getElementById("graphiql")!).render(
  <StrictMode>
    <GraphiQL
      fetcher={fetcher}
      defaultQuery={WELCOME_QUERY}
      defaultEditorToolsVisibility="headers"
    />
  </StrictMode>,
);
