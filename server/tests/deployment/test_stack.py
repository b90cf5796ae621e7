"""The `make stack` topology, as compose runs it: two server processes over one Redis and
one database, behind Debian's nginx running deploy/nginx.conf itself (the web image's
config, started by scripts/stack_nginx.sh as `make stack` starts it; only the included
upstream and site files differ).  HTTP and websocket subscriptions go through nginx, which
sends consecutive connections to different processes; a ticket created through it reaches
subscribers on both; the servers believe its X-Forwarded-For (TRUSTED_PROXIES) and so
count each client by its own address; a process that is down is skipped."""

from __future__ import annotations

import asyncio
import copy
import http.client
import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from api.tests.test_subscriptions import EVENTS, create
from api.tests.test_subscriptions_robustness import RedisProcess, needs_redis_server
from testing.live_server import LiveServer, fresh_database
from testing.ports import free_port, listening
from testing.ws_client import WSClient

REPO = Path(__file__).resolve().parents[3]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
pytestmark = [
    needs_redis_server,
    pytest.mark.skipif(NGINX is None, reason="needs Debian's nginx (apt-get install nginx-light)"),
]
# Anonymous creates per client address, across both processes (counters in Redis).
LIMIT = 3


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """Two servers that trust X-Forwarded-For from 127.0.0.1 (nginx) only, and nginx."""
    root = tmp_path_factory.mktemp("nginx")
    html = tmp_path_factory.mktemp("html")
    (html / "assets").mkdir()
    (html / "index.html").write_text("<!doctype html><title>desk</title>")
    (html / "assets" / "app-abc123.js").write_text("console.log(1)")
    redis = RedisProcess()
    redis.start()
    try:
        with fresh_database() as env:
            env = {
                **env,
                "REDIS_URL": redis.url,
                "TRUSTED_PROXIES": "127.0.0.1/32",
                "PUBLIC_TICKET_SUBMISSION": "1",
                "RATE_LIMIT_CREATE_TICKET": f"{LIMIT}/3600",
            }
            servers = [LiveServer(env).start() for _ in range(2)]
            port = free_port()
            access_log = open(root / "access.log", "w")  # noqa: SIM115
            nginx = subprocess.Popen(
                ["bash", str(REPO / "scripts/stack_nginx.sh"), str(root / "prefix"),
                 f"127.0.0.1:{port}", str(html)] + [f"127.0.0.1:{s.port}" for s in servers],
                stdout=access_log,
                stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            try:
                deadline = time.monotonic() + 30
                while not listening(port):
                    assert nginx.poll() is None, nginx.stderr.read()
                    assert time.monotonic() < deadline, "nginx did not start"
                    time.sleep(0.1)
                front = copy.copy(servers[0])  # a client of nginx, with the agent's token
                front.port = port
                yield servers, front, root
            finally:
                nginx.terminate()
                nginx.wait(10)
                access_log.close()
                for live in servers:
                    live.stop()
    finally:
        redis.stop()


def get(url: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Host": "localhost"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


def subscribers(server: LiveServer) -> int:
    return server.hub()["event_subscribers"]


def test_nginx_runs_the_deployed_config_unchanged(stack):
    servers, _, root = stack
    prefix = root / "prefix"
    main = (prefix / "nginx.conf").read_text()
    assert f"include {REPO}/deploy/nginx.conf;" in main
    upstream = (prefix / "desk/upstream.conf").read_text()
    assert upstream == "".join(f"server 127.0.0.1:{s.port};\n" for s in servers)
    tested = subprocess.run(
        [NGINX, "-p", f"{prefix}/", "-c", str(prefix / "nginx.conf"), "-e", "stderr", "-t"],
        capture_output=True,
        text=True,
    )
    assert tested.returncode == 0, tested.stderr


@pytest.mark.asyncio
async def test_websockets_and_http_cross_processes_through_nginx(stack):
    servers, front, _ = stack
    before = [subscribers(s) for s in servers]
    first = await WSClient.connect(front.ws_url, token=front.token)
    second = await WSClient.connect(front.ws_url, token=front.token)
    try:
        on_first = await first.subscribe(EVENTS)
        on_second = await second.subscribe(EVENTS)
        await asyncio.sleep(0.3)
        # Round robin: one subscriber on each process.
        assert [subscribers(s) - b for s, b in zip(servers, before, strict=True)] == [1, 1]

        ticket = await create(front, title="Through nginx")  # POST /graphql keeps its Host
        assert (await first.next(on_first))["ticketEvents"]["ticket"] == ticket
        assert (await second.next(on_second))["ticketEvents"]["ticket"] == ticket
    finally:
        await first.close()
        await second.close()

    for _ in range(2):  # both processes answer readiness through nginx
        status, _, body = get(front.url + "/readyz")
        assert status == 200, body
        assert b'"redis": "ok"' in body and b'"database": "ok"' in body


def test_nginx_serves_the_client_and_proxies_the_rest(stack):
    _, front, root = stack
    status, headers, _ = get(front.url + "/auth/csrf")
    assert status == 200 and "csrftoken" in headers.get("set-cookie", "")
    # nginx's $request_id reached the server; nginx logs the request after answering it.
    request_id = headers["x-request-id"]
    assert len(request_id) == 32
    deadline = time.monotonic() + 5
    while request_id not in (logged := (root / "access.log").read_text()):
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    line = next(json.loads(line) for line in logged.splitlines() if request_id in line)
    assert line["uri"] == "/auth/csrf" and line["status"] == 200 and line["upstream"]

    status, headers, body = get(front.url + "/tickets/42")
    assert status == 200 and b"<title>desk</title>" in body
    assert headers["cache-control"] == "no-cache"
    status, headers, _ = get(front.url + "/assets/app-abc123.js")
    assert status == 200 and "immutable" in headers["cache-control"]
    assert headers["content-type"] == "application/javascript"
    status, _, body = get(front.url + "/admin/login/")
    assert status == 200 and b"csrfmiddlewaretoken" in body


CREATE = """mutation { createTicket(input: {title: "Who am I?", description: "Behind nginx.",
  category: GENERAL, priority: LOW}) { ticket { id } errors { code } } }"""


def anonymous_create(port: int, client: str, forwarded_for: str | None = None) -> list[str]:
    """An anonymous create through nginx from the loopback address ``client``."""
    headers = {"Content-Type": "application/json", "Host": "localhost"}
    if forwarded_for:
        headers["X-Forwarded-For"] = forwarded_for
    connection = http.client.HTTPConnection("127.0.0.1", port, 30, source_address=(client, 0))
    try:
        connection.request("POST", "/graphql", json.dumps({"query": CREATE}), headers)
        response = connection.getresponse()
        assert response.status == 200
        payload = json.load(response)["data"]["createTicket"]
    finally:
        connection.close()
    return [error["code"] for error in payload["errors"]]


def test_each_client_is_counted_by_the_address_nginx_saw(stack):
    """nginx appends its peer to X-Forwarded-For and the servers trust nginx (127.0.0.1)
    only: a client cannot dodge the per-IP limit with forged entries, and two clients have
    a limit each (were nginx's own address counted, they would share one)."""
    _, front, _ = stack
    forged = [anonymous_create(front.port, "127.0.0.2", f"198.51.100.{n}") for n in range(4)]
    assert forged == [[]] * LIMIT + [["RATE_LIMITED"]]
    assert anonymous_create(front.port, "127.0.0.3") == []


@pytest.mark.asyncio
async def test_nginx_skips_a_process_that_is_down(stack):
    """Last in the module: it stops one of the two servers."""
    servers, front, _ = stack
    status, _, _ = get(front.url + "/healthz")
    assert status == 200
    stopped = servers[1].process
    stopped.terminate()
    stopped.wait(10)
    for _ in range(4):
        assert get(front.url + "/healthz")[0] == 200
    for n in range(2):  # writes too: a refused connection is retried on the other process
        title = f"One process left {n}"
        assert (await create(front, title=title))["title"] == title
