"""Shared fixtures: a GraphQL client over the real Django stack."""

import json

import pytest


class GraphQLClient:
    def __init__(self, client):
        self.client = client

    def post(self, query: str, variables: dict | None = None):
        return self.client.post(
            "/graphql",
            json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
        )

    def __call__(self, query: str, variables: dict | None = None) -> dict:
        """Run an operation that must succeed; returns `data`."""
        response = self.post(query, variables)
        assert response.status_code == 200, response.content
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]

    def errors(self, query: str, variables: dict | None = None) -> list[dict]:
        """Run an operation that must fail at the top level; returns `errors`."""
        response = self.post(query, variables)
        assert response.status_code in (200, 400), response.content
        body = response.json()
        assert body.get("errors"), body
        return body["errors"]


@pytest.fixture
def gql(client):
    client.defaults["HTTP_HOST"] = "localhost"
    return GraphQLClient(client)
