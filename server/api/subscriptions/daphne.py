"""Three amendments to Daphne's websockets (tests and `make run`; Uvicorn, in production,
behaves this way already).

1. **Close frames on failure.**  Daphne enforces ``--websocket-max-message-size`` (runserver:
   GRAPHQL_WS_MAX_MESSAGE_BYTES) through autobahn, whose ``failByDrop`` option is on by
   default: a connection it fails (message too big, invalid UTF-8, protocol error) is
   dropped without a close frame and the client sees 1006.  Off, autobahn sends the close
   frame with its code (1009 for size) and drops the connection only if the client does
   not answer within its close-handshake timeout (1 s).
2. **The application's close code and reason.**  Daphne drops the ``reason`` of an ASGI
   ``websocket.close``, and autobahn refuses codes other than 1000 and 3000-4999 (Daphne
   then logs an error and does not close at all), though 1008, 1009, 1011 and 1013 are
   registered codes a server may send.
3. **Bounded intake.**  Daphne reads a socket as fast as the network delivers and queues
   every message for the application, unbounded.  Here it stops reading a socket while
   MAX_UNREAD of its messages wait (TCP then holds the client back), and drops what
   arrives after the server sent its close frame.

Daphne has no settings for these; ``amend()`` patches its classes once, before the server
starts (importing the ASGI application does it).
"""

from __future__ import annotations

import sys

MAX_UNREAD = 8
RESUME_CHECK_SECONDS = 0.005
CLOSE_REASON_BYTES = 123


def amend() -> None:
    if "daphne.server" not in sys.modules:
        # Served by another ASGI server (Uvicorn): importing Daphne would only load
        # Twisted and autobahn for nothing (about a second of start-up).
        return
    from daphne.ws_protocol import WebSocketFactory, WebSocketProtocol

    if getattr(WebSocketProtocol, "desk_amended", False):
        return
    WebSocketProtocol.desk_amended = True

    set_options = WebSocketFactory.setProtocolOptions

    def set_protocol_options(self, *args, **kwargs):
        kwargs["failByDrop"] = False
        set_options(self, *args, **kwargs)

    handle_reply = WebSocketProtocol.handle_reply

    def handle_reply_with_reason(self, message):
        if message.get("type") != "websocket.close" or self.state == self.STATE_CONNECTING:
            return handle_reply(self, message)
        reason = (message.get("reason") or "").encode()[:CLOSE_REASON_BYTES]
        reason = reason.decode(errors="ignore").encode()  # no split character at the end
        self.sendCloseFrame(code=message.get("code") or 1000, reasonUtf8=reason or None)
        return None

    on_message = WebSocketProtocol.onMessage

    def bounded_on_message(self, payload, isBinary):
        if self.state == self.STATE_CLOSING:
            return  # the server closed this socket: what the client still sends is dropped
        on_message(self, payload, isBinary)
        if self.application_queue.qsize() >= MAX_UNREAD and not getattr(self, "desk_paused", 0):
            self.desk_paused = True
            self.transport.pauseProducing()
            _resume_when_read(self)

    WebSocketFactory.setProtocolOptions = set_protocol_options
    WebSocketProtocol.handle_reply = handle_reply_with_reason
    WebSocketProtocol.onMessage = bounded_on_message


def _resume_when_read(protocol) -> None:
    from twisted.internet import reactor

    if protocol.state == protocol.STATE_CLOSED:
        return
    if protocol.application_queue.qsize() > MAX_UNREAD // 2:
        reactor.callLater(RESUME_CHECK_SECONDS, _resume_when_read, protocol)
        return
    protocol.desk_paused = False
    protocol.transport.resumeProducing()
