"""Fixtures of the end-to-end subscription tests: a Daphne process per test module, on a
database of its own, and a websocket client signed in as its agent."""

import pytest
import pytest_asyncio

from testing.live_server import LiveServer, fresh_database
from testing.ws_client import WSClient


@pytest.fixture(scope="module")
def server():
    with fresh_database() as env, LiveServer(env) as live:
        yield live


@pytest_asyncio.fixture
async def ws(server):
    client = await WSClient.connect(server.ws_url)
    yield client
    await client.close()
