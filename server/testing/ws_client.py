"""GraphQL websocket clients for the live tests and the benchmarks: ``WSClient`` speaks
the protocol as a well-behaved client would, ``RawSocket`` writes frames by hand as a
hostile one would.  Importing this module needs no Django.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
from collections import defaultdict, deque

TRANSPORT_WS = "graphql-transport-ws"
LEGACY_WS = "graphql-ws"
# The token each started LiveServer's tests act with, by websocket URL.
_tokens: dict[str, str | None] = {}


def remember_token(url: str, token: str | None) -> None:
    """``WSClient.connect(url)`` authenticates with ``token`` unless given another."""
    _tokens[url] = token


class WSClient:
    """A GraphQL websocket client (graphql-transport-ws, or legacy graphql-ws)."""

    _ids = itertools.count(1)

    def __init__(self, ws, protocol: str):
        self.ws = ws
        self.protocol = protocol
        self.buffers: dict[str, deque] = defaultdict(deque)

    @classmethod
    async def connect(
        cls, url: str, protocol: str = TRANSPORT_WS, *, token: str | None = None, **kwargs
    ) -> WSClient:
        """Connected and acknowledged, authenticated with ``token`` in connection_init
        (by default the token of the LiveServer at ``url``)."""
        import websockets

        token = token or _tokens.get(url)
        ws = await websockets.connect(url, subprotocols=[protocol], **kwargs)
        client = cls(ws, protocol)
        payload = {"token": token} if token else {}
        await client.send({"type": "connection_init", "payload": payload})
        ack = await client.receive()
        assert ack["type"] == "connection_ack", ack
        return client

    async def send(self, message: dict) -> None:
        await self.ws.send(json.dumps(message))

    async def receive(self, timeout: float = 10) -> dict:
        while True:
            message = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
            if message["type"] not in ("ka", "ping", "pong"):
                return message

    async def subscribe(self, query: str, variables: dict | None = None) -> str:
        op_id = str(next(self._ids))
        kind = "subscribe" if self.protocol == TRANSPORT_WS else "start"
        payload = {"query": query, "variables": variables or {}}
        await self.send({"id": op_id, "type": kind, "payload": payload})
        return op_id

    async def message(self, op_id: str, timeout: float = 10) -> dict:
        """The next message for this operation (others are kept for their readers)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not self.buffers[op_id]:
            remaining = deadline - asyncio.get_running_loop().time()
            message = await self.receive(max(remaining, 0.001))
            self.buffers[message.get("id", "")].append(message)
        return self.buffers[op_id].popleft()

    async def next(self, op_id: str, timeout: float = 10) -> dict:
        """The data of the operation's next result."""
        message = await self.message(op_id, timeout)
        assert message["type"] in ("next", "data"), message
        assert not message["payload"].get("errors"), message
        return message["payload"]["data"]

    async def nothing_for(self, op_id: str, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            message = await self.message(op_id, seconds)
            raise AssertionError(f"unexpected message {message}")

    async def close(self) -> None:
        await self.ws.close()


class RawSocket:
    """A websocket spoken by hand, as a hostile client would: frames are written without
    reading what the server sends, and close frames are not answered."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader = reader
        self.writer = writer

    @classmethod
    async def connect(cls, url: str, protocol: str = TRANSPORT_WS) -> RawSocket:
        import base64

        host, _, rest = url.removeprefix("ws://").partition("/")
        address, _, port = host.partition(":")
        reader, writer = await asyncio.open_connection(address, int(port))
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write(
            (
                f"GET /{rest} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                f"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: {protocol}\r\n\r\n"
            ).encode()
        )
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        assert head.startswith(b"HTTP/1.1 101"), head
        return cls(reader, writer)

    def write(self, data: str | bytes, opcode: int = 0x1) -> None:
        """One masked frame (text by default), queued without waiting for the server."""
        payload = data.encode() if isinstance(data, str) else data
        size = len(payload)
        if size < 126:
            header = bytes([0x80 | opcode, 0x80 | size])
        elif size < 1 << 16:
            header = bytes([0x80 | opcode, 0x80 | 126]) + size.to_bytes(2, "big")
        else:
            header = bytes([0x80 | opcode, 0x80 | 127]) + size.to_bytes(8, "big")
        self.writer.write(header + b"\0\0\0\0" + payload)  # a zero mask: payload as is

    async def drain(self) -> None:
        with contextlib.suppress(ConnectionError):
            await self.writer.drain()

    async def close_code(self, timeout: float = 10) -> int | None:
        """Reads the server's frames up to its close frame: its code (None: the
        connection ended without one)."""

        async def read() -> int | None:
            while True:
                try:
                    first, second = await self.reader.readexactly(2)
                    size = second & 0x7F
                    if size == 126:
                        size = int.from_bytes(await self.reader.readexactly(2), "big")
                    elif size == 127:
                        size = int.from_bytes(await self.reader.readexactly(8), "big")
                    payload = await self.reader.readexactly(size)
                except (asyncio.IncompleteReadError, ConnectionError):
                    return None
                if first & 0x0F == 0x8:
                    return int.from_bytes(payload[:2], "big") if len(payload) >= 2 else 1005

        return await asyncio.wait_for(read(), timeout)

    def abort(self) -> None:
        self.writer.transport.abort()
