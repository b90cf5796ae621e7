"""ASGI entry point: Django's HTTP handler under Channels' protocol router."""

import os
import threading

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter  # noqa: E402

from tickets.classification.local import default_backend  # noqa: E402

# Load the local classifier (~0.5 s) while the server starts, not in the first request.
threading.Thread(target=lambda: default_backend().load(), daemon=True).start()

application = ProtocolTypeRouter({"http": django_asgi_app})
