"""Shared fixtures: users in each role, and GraphQL clients over the real Django stack.

``gql`` acts as an agent (API token), so the ticket tests exercise the whole desk;
``gql_as(user)`` / ``anonymous_gql`` give the other callers.
"""

import json
import uuid

import pytest


class GraphQLClient:
    def __init__(self, client):
        self.client = client

    def post(self, query: str, variables: dict | None = None, **extra):
        return self.client.post(
            "/graphql",
            json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **extra,
        )

    def body(self, query: str, variables: dict | None = None) -> dict:
        response = self.post(query, variables)
        assert response.status_code in (200, 400), response.content
        return response.json()

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


@pytest.fixture(autouse=True)
def _isolated_rate_limits(settings):
    """Each test counts rate limits and lockouts in a namespace of its own (the cache
    may be a Redis shared with other test runs), with a fast password hasher."""
    settings.RATE_LIMIT_NAMESPACE = f"test-rl-{uuid.uuid4().hex}"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


from testing.users import PASSWORD, token_for  # noqa: E402


@pytest.fixture
def make_user(db):
    from accounts.roles import Role
    from accounts.services import create_user
    from core.actors import SYSTEM

    def make(username: str | None = None, role: str = "requester"):
        return create_user(
            actor=SYSTEM,
            username=username or f"user-{uuid.uuid4().hex[:8]}",
            password=PASSWORD,
            role=Role(role),
        )

    return make


@pytest.fixture
def agent(make_user):
    return make_user("agent-smith", "agent")


@pytest.fixture
def requester(make_user):
    return make_user("rita-requester", "requester")


@pytest.fixture
def other_requester(make_user):
    return make_user("oscar-other", "requester")


@pytest.fixture
def admin_user(make_user):
    return make_user("ada-admin", "admin")


@pytest.fixture
def gql_as(db):
    """GraphQL clients authenticated as a given user (API token), each on its own
    Django test client."""
    from django.test import Client

    def make(user, **defaults) -> GraphQLClient:
        client = Client(HTTP_HOST="localhost", **defaults)
        if user is not None:
            client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(user)}"
        return GraphQLClient(client)

    return make


@pytest.fixture
def anonymous_gql(gql_as):
    return gql_as(None)


@pytest.fixture
def gql(client, agent):
    """A GraphQL client acting as an agent."""
    client.defaults["HTTP_HOST"] = "localhost"
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(agent)}"
    return GraphQLClient(client)
