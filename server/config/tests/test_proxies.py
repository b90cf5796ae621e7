"""X-Forwarded-For is believed only from TRUSTED_PROXIES (config/proxies.py), over HTTP and
websockets: a client that reaches a server process directly cannot pick its own address to
dodge the per-IP rate limits."""

from __future__ import annotations

import ipaddress
import json
import subprocess
import sys
import urllib.request
import uuid
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

from api.access import client_ip, client_ip_of
from config.env import env_networks
from config.proxies import client_address, scope_client_address
from testing.live_server import SERVER_DIR, LiveServer, fresh_database, server_env

NGINX = [ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("127.0.0.1/32")]


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("203.0.113.9", ["1.1.1.1"], "203.0.113.9"),  # a direct client: header ignored
        ("203.0.113.9", [], "203.0.113.9"),
        ("10.0.0.5", ["198.51.100.7"], "198.51.100.7"),  # what our proxy saw
        ("10.0.0.5", ["1.1.1.1, 198.51.100.7"], "198.51.100.7"),  # the client's own entry
        ("10.0.0.5", ["1.1.1.1, 198.51.100.7, 10.0.0.9"], "198.51.100.7"),  # two proxies
        ("10.0.0.5", ["1.1.1.1", "198.51.100.7"], "198.51.100.7"),  # two header lines
        ("10.0.0.5", ["10.1.1.1, 10.2.2.2"], "10.1.1.1"),  # all trusted: the furthest
        ("10.0.0.5", [], "10.0.0.5"),  # a proxy's own request
        ("10.0.0.5", ["not-an-ip, 10.0.0.9"], "not-an-ip"),
        ("::ffff:10.0.0.5", ["198.51.100.7"], "198.51.100.7"),  # dual-stack socket
        (None, ["1.1.1.1"], None),
    ],
)
def test_the_client_is_the_rightmost_untrusted_address(peer, forwarded, expected):
    assert client_address(peer, forwarded, NGINX) == expected


def test_nothing_is_trusted_by_default(settings, rf):
    settings.TRUSTED_PROXIES = ()
    request = rf.post("/graphql", HTTP_X_FORWARDED_FOR="1.1.1.1", REMOTE_ADDR="127.0.0.1")
    assert client_ip(request) == "127.0.0.1"


def test_http_requests_read_the_header_only_from_a_trusted_peer(settings, rf):
    settings.TRUSTED_PROXIES = NGINX
    behind = rf.post("/graphql", HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2", REMOTE_ADDR="10.0.0.5")
    direct = rf.post("/graphql", HTTP_X_FORWARDED_FOR="1.1.1.1", REMOTE_ADDR="192.0.2.1")
    assert client_ip(behind) == "2.2.2.2"
    assert client_ip(direct) == "192.0.2.1"


def _ws_info(peer: str | None, *forwarded: str) -> SimpleNamespace:
    scope = {
        "type": "websocket",
        "client": (peer, 50000) if peer else None,
        "headers": [(b"host", b"localhost")]
        + [(b"x-forwarded-for", value.encode()) for value in forwarded],
    }
    consumer = SimpleNamespace(scope=scope)
    return SimpleNamespace(context={"request": consumer, "ws": consumer})


def test_websockets_follow_the_same_rule(settings):
    settings.TRUSTED_PROXIES = NGINX
    assert client_ip_of(_ws_info("10.0.0.5", "1.1.1.1, 2.2.2.2")) == "2.2.2.2"
    assert client_ip_of(_ws_info("10.0.0.5", "1.1.1.1", "2.2.2.2")) == "2.2.2.2"
    assert client_ip_of(_ws_info("192.0.2.1", "1.1.1.1")) == "192.0.2.1"
    assert client_ip_of(_ws_info(None)) is None
    assert scope_client_address({"client": None, "headers": []}) is None


def test_http_info_uses_the_request(settings, rf):
    settings.TRUSTED_PROXIES = ()
    request = rf.post("/graphql", HTTP_X_FORWARDED_FOR="1.1.1.1", REMOTE_ADDR="192.0.2.1")
    assert client_ip_of(SimpleNamespace(context=SimpleNamespace(request=request))) == "192.0.2.1"


def test_trusted_proxies_are_parsed_as_networks(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", " 127.0.0.1 , 10.0.0.0/8,fd00::/8 ")
    assert [str(n) for n in env_networks("TRUSTED_PROXIES")] == [
        "127.0.0.1/32",
        "10.0.0.0/8",
        "fd00::/8",
    ]
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8,nginx")
    with pytest.raises(ImproperlyConfigured, match="'nginx' is not an IP network"):
        env_networks("TRUSTED_PROXIES")


def test_a_hop_count_alone_is_refused_with_the_replacement_named(tmp_path):
    env = server_env({"DESK_DATA_DIR": str(tmp_path), "TRUSTED_PROXY_COUNT": "1"})
    env.pop("TRUSTED_PROXIES", None)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=SERVER_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT is replaced by TRUSTED_PROXIES" in result.stderr


# A real server: anonymous creates limited per client IP --------------------------------

CREATE = """mutation { createTicket(input: {title: "Proxy test", description: "Who am I?",
  category: GENERAL, priority: LOW}) { ticket { id } errors { code } } }"""


def _anonymous_create(server: LiveServer, forwarded_for: str) -> list[str]:
    request = urllib.request.Request(
        server.url + "/graphql",
        json.dumps({"query": CREATE}).encode(),
        {"Content-Type": "application/json", "Host": "localhost", "X-Forwarded-For": forwarded_for},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        payload = json.load(response)["data"]["createTicket"]
    return [error["code"] for error in payload["errors"]]


@pytest.fixture(scope="module")
def database():
    with fresh_database() as env:
        yield env


def _server(database, trusted: str) -> LiveServer:
    return LiveServer(
        {
            **database,
            "DESK_TEST_AGENT_TOKEN": "",
            "PUBLIC_TICKET_SUBMISSION": "1",
            "RATE_LIMIT_CREATE_TICKET": "2/3600",
            "TRUSTED_PROXIES": trusted,
            # Counters of their own in a shared Redis.
            "CHANNEL_LAYER_PREFIX": f"desk-proxies-{uuid.uuid4().hex[:8]}",
        }
    )


def test_a_direct_client_cannot_rotate_x_forwarded_for_past_the_limit(database):
    with _server(database, "10.0.0.0/8") as server:
        answers = [_anonymous_create(server, f"198.51.100.{n}") for n in range(3)]
    assert answers == [[], [], ["RATE_LIMITED"]]


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(database):
    with _server(database, "127.0.0.1/32") as server:
        rotated = [_anonymous_create(server, f"1.1.1.1, 198.51.100.{n}") for n in range(3)]
        same = [_anonymous_create(server, "198.51.100.200") for _ in range(3)]
    assert rotated == [[], [], []]
    assert same == [[], [], ["RATE_LIMITED"]]
