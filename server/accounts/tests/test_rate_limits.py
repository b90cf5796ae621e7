"""Rate limits and sign-in lockouts: clear refusals with a retry-after, and expiry."""

from __future__ import annotations

import pytest

from accounts import ratelimit
from config.env import Rate
from testing.users import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = """mutation($u: String!, $p: String!) {
  login(username: $u, password: $p) { user { username } errors { code message retryAfter } }
}"""
CREATE = """mutation { createTicket(input: {title: "Again", description: "And again.",
  category: BILLING, priority: LOW}) { ticket { id } errors { code message retryAfter } } }"""
CLASSIFY = """mutation { classifyTicket(description: "I was charged twice") {
  suggestion { category } errors { code message retryAfter } } }"""


class Clock:
    def __init__(self, monkeypatch, start: float = 1_000_000.0):
        self.now = start
        monkeypatch.setattr(ratelimit, "_now", lambda: self.now)

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def login(gql, username, password):
    return gql(LOGIN, {"u": username, "p": password})["login"]


def test_repeated_failed_logins_lock_the_name_out_then_expire(
    requester, anonymous_gql, clock, settings
):
    settings.LOGIN_MAX_FAILURES = 3
    settings.LOGIN_LOCKOUT_SECONDS = 60
    name = requester.username
    for _ in range(2):
        assert login(anonymous_gql, name, "wrong")["errors"][0]["code"] == "INVALID_CREDENTIALS"
    third = login(anonymous_gql, name, "wrong")["errors"][0]
    assert third["code"] == "RATE_LIMITED"
    assert third["retryAfter"] == 60
    assert "retry in 60 s" in third["message"]

    # While locked out even the right password is refused, and the wait counts down.
    clock.advance(20)
    locked = login(anonymous_gql, name, PASSWORD)
    assert locked["user"] is None
    assert (locked["errors"][0]["code"], locked["errors"][0]["retryAfter"]) == ("RATE_LIMITED", 40)

    clock.advance(41)
    assert login(anonymous_gql, name, PASSWORD) == {"user": {"username": name}, "errors": []}


def test_each_further_lockout_lasts_twice_as_long(requester, anonymous_gql, clock, settings):
    settings.LOGIN_MAX_FAILURES = 2
    settings.LOGIN_LOCKOUT_SECONDS = 10
    settings.LOGIN_LOCKOUT_MAX_SECONDS = 30
    waits = []
    for _ in range(3):
        login(anonymous_gql, requester.username, "wrong")
        error = login(anonymous_gql, requester.username, "wrong")["errors"][0]
        waits.append(error["retryAfter"])
        clock.advance(error["retryAfter"] + 1)
    assert waits == [10, 20, 30]  # doubled, capped at LOGIN_LOCKOUT_MAX_SECONDS


def test_a_success_clears_the_failures(requester, anonymous_gql, clock, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(2):
        login(anonymous_gql, requester.username, "wrong")
    assert login(anonymous_gql, requester.username, PASSWORD)["errors"] == []
    for _ in range(2):
        errors = login(anonymous_gql, requester.username, "wrong")["errors"]
        assert errors[0]["code"] == "INVALID_CREDENTIALS"


def test_one_ip_guessing_many_names_is_locked_out(make_user, anonymous_gql, clock, settings):
    settings.LOGIN_MAX_FAILURES_PER_IP = 4
    for i in range(3):
        errors = login(anonymous_gql, f"someone-{i}", "wrong")["errors"]
        assert errors[0]["code"] == "INVALID_CREDENTIALS"
    assert login(anonymous_gql, "someone-3", "wrong")["errors"][0]["code"] == "RATE_LIMITED"
    user = make_user()
    assert login(anonymous_gql, user.username, PASSWORD)["errors"][0]["code"] == "RATE_LIMITED"


def test_create_ticket_is_rate_limited_per_user(
    requester, other_requester, gql_as, clock, settings
):
    settings.RATE_LIMIT_CREATE_TICKET = Rate(2, 60)
    clock.now = 6_000_000.0 + 15  # 15 s into a 60 s window
    mine = gql_as(requester)
    for _ in range(2):
        assert mine(CREATE)["createTicket"]["errors"] == []
    refused = mine(CREATE)["createTicket"]
    assert refused["ticket"] is None
    assert refused["errors"] == [
        {
            "code": "RATE_LIMITED",
            "message": "Too many new tickets; retry in 45 s.",
            "retryAfter": 45,
        }
    ]
    # Someone else is not slowed down by it.
    assert gql_as(other_requester)(CREATE)["createTicket"]["errors"] == []
    clock.advance(46)
    assert mine(CREATE)["createTicket"]["errors"] == []


def test_classify_is_rate_limited(requester, gql_as, clock, settings):
    settings.RATE_LIMIT_CLASSIFY = Rate(3, 10)
    mine = gql_as(requester)
    for _ in range(3):
        assert mine(CLASSIFY)["classifyTicket"]["errors"] == []
    error = mine(CLASSIFY)["classifyTicket"]["errors"][0]
    assert error["code"] == "RATE_LIMITED"
    assert 1 <= error["retryAfter"] <= 10
    assert f"retry in {error['retryAfter']} s" in error["message"]


def test_anonymous_calls_are_limited_per_ip(anonymous_gql, gql_as, settings, clock):
    settings.PUBLIC_TICKET_SUBMISSION = True
    settings.RATE_LIMIT_CLASSIFY = Rate(1, 60)
    assert anonymous_gql(CLASSIFY)["classifyTicket"]["errors"] == []
    assert anonymous_gql(CLASSIFY)["classifyTicket"]["errors"][0]["code"] == "RATE_LIMITED"
    elsewhere = gql_as(None, REMOTE_ADDR="10.1.2.3")
    assert elsewhere(CLASSIFY)["classifyTicket"]["errors"] == []


def test_a_limit_can_be_switched_off(requester, gql_as, settings):
    settings.RATE_LIMIT_CLASSIFY = None
    mine = gql_as(requester)
    for _ in range(5):
        assert mine(CLASSIFY)["classifyTicket"]["errors"] == []


def test_rates_read_from_settings():
    assert ratelimit.Rate.parse("20/60") == ratelimit.Rate(20, 60)
    assert ratelimit.Rate.parse("off") is None


def test_a_failing_cache_lets_calls_through(requester, gql_as, anonymous_gql, monkeypatch, caplog):
    """Like the live updates: writes never fail because Redis is gone."""

    class Broken:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("cache down")

            return fail

    monkeypatch.setattr(ratelimit, "_cache", lambda: Broken())
    assert gql_as(requester)(CREATE)["createTicket"]["errors"] == []
    assert gql_as(requester)(CLASSIFY)["classifyTicket"]["errors"] == []
    assert login(anonymous_gql, requester.username, "wrong")["errors"][0]["code"] == (
        "INVALID_CREDENTIALS"
    )
    assert login(anonymous_gql, requester.username, PASSWORD)["errors"] == []
    assert "Rate limits unavailable" in caplog.text
