"""Personal API tokens: shown once, stored hashed, revocable, last use noted."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from accounts import tokens
from accounts.models import ApiToken
from testing.users import token_for

pytestmark = pytest.mark.django_db

CREATE_TOKEN = """mutation($name: String!) {
  createApiToken(name: $name) {
    token { id name prefix createdAt lastUsedAt revokedAt } secret errors { field code message }
  }
}"""
REVOKE = """mutation($id: ID!) {
  revokeApiToken(id: $id) { token { id revokedAt } errors { field code message } }
}"""
MY_TOKENS = "{ me { username apiTokens { id name prefix lastUsedAt revokedAt } } }"


def bearer(secret: str) -> GraphQLCall:
    return GraphQLCall(Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {secret}"))


class GraphQLCall:
    def __init__(self, client: Client):
        self.client = client

    def __call__(self, query: str, variables: dict | None = None):
        return self.client.post(
            "/graphql",
            json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
        )


def test_a_token_is_shown_once_and_stored_hashed(requester, gql_as):
    payload = gql_as(requester)(CREATE_TOKEN, {"name": "  my script  "})["createApiToken"]
    assert payload["errors"] == []
    secret = payload["secret"]
    assert secret.startswith("desk_") and len(secret) > 40
    assert payload["token"]["name"] == "my script"
    assert secret.startswith(payload["token"]["prefix"])

    stored = ApiToken.objects.get(name="my script")
    assert stored.digest == tokens.digest_of(secret) != secret
    assert secret not in {str(v) for v in ApiToken.objects.values_list().get(pk=stored.pk)}

    listed = bearer(secret)(MY_TOKENS).json()["data"]["me"]
    assert listed["username"] == requester.username
    assert "secret" not in json.dumps(listed) and secret not in json.dumps(listed)
    names = [t["name"] for t in listed["apiTokens"]]
    assert names == ["my script", "tests"]  # newest first; "tests" is gql_as's own


def test_last_use_is_noted(requester):
    secret = token_for(requester)
    assert ApiToken.objects.get().last_used_at is None
    before = timezone.now()
    assert bearer(secret)("{ me { username } }").status_code == 200
    assert ApiToken.objects.get().last_used_at >= before


def test_revoked_and_unknown_tokens_are_refused(requester, gql_as):
    created = gql_as(requester)(CREATE_TOKEN, {"name": "to revoke"})["createApiToken"]
    secret, token_id = created["secret"], created["token"]["id"]
    call = bearer(secret)
    assert call("{ me { username } }").json()["data"]["me"]["username"] == requester.username

    revoked = call(REVOKE, {"id": token_id}).json()["data"]["revokeApiToken"]
    assert revoked["errors"] == [] and revoked["token"]["revokedAt"]

    for refused in (call, bearer("desk_" + "x" * 43), bearer("")):
        response = refused("{ me { username } }")
        assert response.status_code == 401
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_of_an_inactive_user_is_refused(requester):
    secret = token_for(requester)
    requester.is_active = False
    requester.save()
    assert bearer(secret)("{ me { username } }").status_code == 401


def test_nobody_revokes_another_persons_token(requester, other_requester, gql_as):
    theirs = gql_as(requester)(CREATE_TOKEN, {"name": "mine"})["createApiToken"]["token"]["id"]
    payload = gql_as(other_requester)(REVOKE, {"id": theirs})["revokeApiToken"]
    assert payload["token"] is None
    assert payload["errors"][0]["code"] == "NOT_FOUND"
    assert ApiToken.objects.get(name="mine").revoked_at is None

    bad = gql_as(other_requester)(REVOKE, {"id": "not-an-id"})["revokeApiToken"]
    assert bad["errors"][0]["code"] == "INVALID_ID"


def test_a_token_needs_a_name(requester, gql_as):
    payload = gql_as(requester)(CREATE_TOKEN, {"name": "   "})["createApiToken"]
    assert payload["token"] is None and payload["secret"] is None
    assert payload["errors"][0]["field"] == "name"
    assert payload["errors"][0]["code"] == "BLANK"


def test_anonymous_callers_get_no_token(anonymous_gql):
    payload = anonymous_gql(CREATE_TOKEN, {"name": "x"})["createApiToken"]
    assert payload["errors"][0]["code"] == "UNAUTHENTICATED"
