"""GraphQL subscriptions (ticket events, live statistics) and the websocket consumer."""
