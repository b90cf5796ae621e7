"""The `make stack` topology, as compose runs it: two server processes over one Redis and
one database, behind deploy/proxy.py.  HTTP and websocket subscriptions go through the
proxy, which sends consecutive connections to different processes; a ticket created
through the proxy reaches subscribers on both processes."""

from __future__ import annotations

import asyncio
import copy
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from api.subscriptions.testing import LiveServer, WSClient, fresh_database
from api.tests.test_subscriptions import EVENTS, create
from api.tests.test_subscriptions_robustness import RedisProcess, needs_redis_server

REPO = Path(__file__).resolve().parents[3]
pytestmark = [pytest.mark.asyncio, needs_redis_server]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def stack():
    redis = RedisProcess()
    redis.start()
    try:
        with fresh_database() as env:
            env = {**env, "REDIS_URL": redis.url}
            servers = [LiveServer(env).start() for _ in range(2)]
            port = free_port()
            proxy = subprocess.Popen(
                [sys.executable, str(REPO / "deploy/proxy.py"), "--listen", f"127.0.0.1:{port}"]
                + [f"127.0.0.1:{s.port}" for s in servers],
                stdout=subprocess.PIPE,
                text=True,
            )
            try:
                assert proxy.stdout.readline().startswith("proxy on")
                via = copy.copy(servers[0])  # a client of the proxy, with the agent's token
                via.port = port
                yield servers, via
            finally:
                proxy.terminate()
                proxy.wait(10)
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


async def test_http_and_subscriptions_cross_processes_through_the_proxy(stack):
    servers, via = stack
    before = [subscribers(s) for s in servers]
    first = await WSClient.connect(via.ws_url, token=via.token)
    second = await WSClient.connect(via.ws_url, token=via.token)
    try:
        on_first = await first.subscribe(EVENTS)
        on_second = await second.subscribe(EVENTS)
        await asyncio.sleep(0.3)
        # Round robin: one subscriber on each process.
        assert [subscribers(s) - b for s, b in zip(servers, before, strict=True)] == [1, 1]

        ticket = await create(via, title="Through the proxy")
        assert (await first.next(on_first))["ticketEvents"]["ticket"] == ticket
        assert (await second.next(on_second))["ticketEvents"]["ticket"] == ticket

        for _ in range(2):  # both processes answer readiness through the proxy
            status, headers, body = get(via.url + "/readyz")
            assert status == 200, body
            assert b'"redis": "ok"' in body and b'"database": "ok"' in body
        status, headers, _ = get(via.url + "/auth/csrf")
        assert status == 200 and len(headers["x-request-id"]) == 32
    finally:
        await first.close()
        await second.close()


NGINX = shutil.which("nginx") or (
    Path("/usr/sbin/nginx") if Path("/usr/sbin/nginx").exists() else None
)


@pytest.fixture(scope="module")
def nginx(stack, tmp_path_factory):
    """deploy/nginx.conf itself (the web image's config), in front of the two processes:
    only the upstream addresses, the port and the paths differ."""
    if NGINX is None:
        pytest.skip("needs Debian's nginx (apt-get install nginx-light)")
    servers, via = stack
    root = tmp_path_factory.mktemp("nginx")
    # nginx's workers run as an unprivileged user: the client's files must be readable to them.
    html = Path(tempfile.mkdtemp(prefix="desk-html-"))
    html.chmod(0o755)
    (html / "assets").mkdir(mode=0o755)
    (html / "index.html").write_text("<!doctype html><title>desk</title>")
    (html / "assets" / "app-abc123.js").write_text("console.log(1)")
    port = free_port()
    conf = (REPO / "deploy/nginx.conf").read_text()
    upstreams = "".join(f"server 127.0.0.1:{s.port};\n    " for s in servers)
    conf = conf.replace("server server:8000;\n    ", upstreams)
    conf = conf.replace("listen 8080;", f"listen 127.0.0.1:{port};")
    conf = conf.replace("/usr/share/nginx/html", str(html))
    conf = conf.replace(
        "access_log /dev/stdout desk_json;", f"access_log {root}/access.log desk_json;"
    )
    (root / "desk.conf").write_text(conf)
    (root / "nginx.conf").write_text(
        f"pid {root}/nginx.pid;\nerror_log {root}/error.log;\nevents {{}}\n"
        f"http {{\n  client_body_temp_path {root}/body;\n  proxy_temp_path {root}/proxy;\n"
        f"  fastcgi_temp_path {root}/fastcgi;\n  uwsgi_temp_path {root}/uwsgi;\n"
        f"  scgi_temp_path {root}/scgi;\n  include {root}/desk.conf;\n}}\n"
    )
    args = [str(NGINX), "-p", str(root), "-c", str(root / "nginx.conf")]
    tested = subprocess.run([*args, "-t"], capture_output=True, text=True)
    assert tested.returncode == 0, tested.stderr
    process = subprocess.Popen([*args, "-g", "daemon off;"])
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        front = copy.copy(via)
        front.port = port
        yield front, root
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(html, ignore_errors=True)


async def test_nginx_config_proxies_http_and_websockets_to_both_processes(stack, nginx):
    servers, _ = stack
    front, root = nginx
    before = [subscribers(s) for s in servers]
    first = await WSClient.connect(front.ws_url, token=front.token)
    second = await WSClient.connect(front.ws_url, token=front.token)
    try:
        on_first = await first.subscribe(EVENTS)
        on_second = await second.subscribe(EVENTS)
        await asyncio.sleep(0.3)
        assert [subscribers(s) - b for s, b in zip(servers, before, strict=True)] == [1, 1]
        ticket = await create(front, title="Through nginx")  # POST /graphql keeps its Host
        assert (await first.next(on_first))["ticketEvents"]["ticket"] == ticket
        assert (await second.next(on_second))["ticketEvents"]["ticket"] == ticket
    finally:
        await first.close()
        await second.close()

    status, headers, body = get(front.url + "/readyz")
    assert status == 200 and b'"redis": "ok"' in body
    status, headers, _ = get(front.url + "/auth/csrf")
    assert status == 200 and "csrftoken" in headers.get("set-cookie", "")
    # nginx's $request_id reached the server; nginx logs the request after answering it.
    deadline = time.monotonic() + 5
    while headers["x-request-id"] not in (logged := (root / "access.log").read_text()):
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert headers["x-request-id"] in logged
    status, headers, body = get(front.url + "/tickets/42")
    assert status == 200 and b"<title>desk</title>" in body
    status, headers, _ = get(front.url + "/assets/app-abc123.js")
    assert status == 200 and "immutable" in headers["cache-control"]
    status, _, body = get(front.url + "/admin/login/")
    assert status == 200 and b"csrfmiddlewaretoken" in body


async def test_the_proxy_skips_a_process_that_is_down(stack):
    servers, via = stack
    status, _, _ = get(via.url + "/healthz")
    assert status == 200
    stopped = servers[1].process
    stopped.terminate()
    stopped.wait(10)
    for _ in range(4):
        assert get(via.url + "/healthz")[0] == 200
