"""Sign-in on Django sessions: login, me, logout, and CSRF for cookie-authenticated calls."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from testing.users import PASSWORD, token_for

LOGIN = """mutation($u: String!, $p: String!) {
  login(username: $u, password: $p) { user { username role } errors { field code message } }
}"""
ME = "{ me { username role } }"
LOGOUT = "mutation { logout { ok errors { code } } }"
CREATE = """mutation { createTicket(input: {title: "Cookie", description: "Via a session.",
  category: BILLING, priority: LOW}) { ticket { id } errors { code message } } }"""

pytestmark = pytest.mark.django_db


def post(client: Client, query: str, variables: dict | None = None, **headers):
    response = client.post(
        "/graphql",
        json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        **headers,
    )
    return response


def csrf_client() -> Client:
    """A browser-like client: Django's test client skips CSRF checks unless told not to."""
    return Client(enforce_csrf_checks=True, HTTP_HOST="localhost")


def csrf_token(client: Client) -> str:
    response = client.get("/auth/csrf")
    assert response.status_code == 200
    assert response.json()["csrfToken"]
    return client.cookies["csrftoken"].value


def login(client: Client, username: str, password: str = PASSWORD) -> dict:
    token = csrf_token(client)
    response = post(client, LOGIN, {"u": username, "p": password}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200, response.content
    return response.json()["data"]["login"]


def test_login_me_logout(requester):
    client = csrf_client()
    assert post(client, ME, HTTP_X_CSRFTOKEN=csrf_token(client)).json()["data"]["me"] is None

    payload = login(client, requester.username)
    assert payload == {"user": {"username": requester.username, "role": "REQUESTER"}, "errors": []}
    assert client.cookies["sessionid"].value
    # The CSRF token changes at sign-in; the new one is in the cookie.
    token = client.cookies["csrftoken"].value
    me = post(client, ME, HTTP_X_CSRFTOKEN=token).json()["data"]["me"]
    assert me == {"username": requester.username, "role": "REQUESTER"}

    assert post(client, LOGOUT, HTTP_X_CSRFTOKEN=token).json()["data"]["logout"]["ok"] is True
    token = csrf_token(client)
    assert post(client, ME, HTTP_X_CSRFTOKEN=token).json()["data"]["me"] is None


def test_wrong_password_and_unknown_user_answer_alike(requester):
    wrong = login(csrf_client(), requester.username, "not the password")
    unknown = login(csrf_client(), "nobody-here", "not the password")
    assert (
        wrong
        == unknown
        == {
            "user": None,
            "errors": [
                {
                    "field": None,
                    "code": "INVALID_CREDENTIALS",
                    "message": "Wrong username or password.",
                }
            ],
        }
    )


def test_inactive_users_cannot_sign_in(requester):
    requester.is_active = False
    requester.save()
    assert login(csrf_client(), requester.username)["errors"][0]["code"] == "INVALID_CREDENTIALS"


def test_cookie_mutations_need_the_csrf_token(requester):
    client = csrf_client()
    login(client, requester.username)

    refused = post(client, CREATE)
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["extensions"]["code"] == "CSRF_FAILED"
    wrong = post(client, CREATE, HTTP_X_CSRFTOKEN="x" * 32)
    assert wrong.status_code == 403

    accepted = post(client, CREATE, HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert accepted.status_code == 200
    assert accepted.json()["data"]["createTicket"]["errors"] == []


def test_a_cross_site_origin_is_refused_even_with_the_token(requester):
    client = csrf_client()
    login(client, requester.username)
    refused = post(
        client,
        CREATE,
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
        HTTP_ORIGIN="https://evil.example",
    )
    assert refused.status_code == 403


def test_login_itself_needs_the_csrf_token(requester):
    client = csrf_client()
    response = post(client, LOGIN, {"u": requester.username, "p": PASSWORD})
    assert response.status_code == 200
    assert response.json()["data"]["login"] == {
        "user": None,
        "errors": [
            {
                "field": None,
                "code": "CSRF_FAILED",
                "message": "CSRF check failed: send the csrftoken cookie's value in an "
                "X-CSRFToken header (GET /auth/csrf sets it), or authenticate with an API token.",
            }
        ],
    }
    assert "sessionid" not in client.cookies
    csrf_token(client)  # a cookie, but no header: still refused
    response = post(client, LOGIN, {"u": requester.username, "p": PASSWORD})
    assert response.json()["data"]["login"]["errors"][0]["code"] == "CSRF_FAILED"


def test_a_caller_without_cookies_learns_to_sign_in():
    """No session cookie, nothing to forge: the answer is UNAUTHENTICATED, not CSRF."""
    body = post(csrf_client(), "{ tickets { totalCount } }").json()
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    payload = post(csrf_client(), CREATE).json()["data"]["createTicket"]
    assert payload["errors"][0]["code"] == "UNAUTHENTICATED"


def test_token_requests_need_no_csrf_token(requester, gql_as):
    client = csrf_client()
    response = post(client, CREATE, HTTP_AUTHORIZATION=f"Bearer {token_for(requester)}")
    assert response.status_code == 200
    assert response.json()["data"]["createTicket"]["errors"] == []


def test_graphiql_page_sets_the_csrf_cookie(settings, tmp_path):
    (tmp_path / "playground.html").write_text("<!doctype html>")
    settings.WEB_DIST_DIR = tmp_path
    client = csrf_client()
    response = client.get("/graphql", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert client.cookies["csrftoken"].value


def test_a_superuser_is_an_admin(django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.com", PASSWORD)
    client = csrf_client()
    assert login(client, "root")["user"] == {"username": "root", "role": "ADMIN"}
