"""ASGI entry point: HTTP to Django, websockets on /graphql to GraphQL subscriptions."""

import os
import threading

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup(set_prefix=False)

from config.http_handler import OneHopASGIHandler  # noqa: E402

# Each HTTP request in one worker thread, not one hop per sync middleware.
django_asgi_app = OneHopASGIHandler()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.sessions import SessionMiddlewareStack  # noqa: E402
from django.urls import path  # noqa: E402

from api.subscriptions.consumer import websocket_app  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Only the session cookie's key at the handshake (no database: a socket opened
        # while the database is away still gets its answer at connection_init, where the
        # consumer decides: a token in the payload wins, anonymous sockets are refused).
        "websocket": SessionMiddlewareStack(URLRouter([path("graphql", websocket_app())])),
    }
)


def _load_classifier() -> None:
    # Imported in this thread: numpy and the model load off the main thread, which serves as
    # soon as the application is built.
    from tickets.classification.local import default_backend

    default_backend().load()


# Load the local classifier (~0.5 s) while the server starts, not in the first request.
# Started after the schema is imported: both import pydantic, which must not happen in
# two threads at once.
threading.Thread(target=_load_classifier, daemon=True).start()
