"""Django's ASGI handler, serving each HTTP request in one worker thread.

Django's own ASGI handler runs the middleware chain in async mode.  The desk's view
(Strawberry's GraphQLView) and most of its middleware (Django's security, session, common,
CSRF, auth, messages and clickjacking middleware) are synchronous, so under it a request
went back and forth between the event loop and a thread 15 times (each sync middleware's
request and response halves, the view, the started and finished signals), in a thread made
for that request (asgiref's ThreadSensitiveContext).  On a busy machine every hop waits for
the scheduler; docs/benchmarks.md ("App overhead and throughput") has the figures.

Here the body is read on the event loop, then the request runs as it would under WSGI, in
one call to a worker thread: request_started, the synchronous middleware chain and view,
and (for a complete response) ``response.close()``, which sends request_finished and so
returns the database connection to the pool in the thread that used it.  The event loop
then sends the response.  A streaming response (static files) is sent by Django's code and
closed afterwards.  Websockets are not served here (config/asgi.py routes them).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import sync_to_async
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.core.handlers.base import BaseHandler
from django.urls import set_script_prefix

# Requests served at once per process.  Above the database pool (DB_POOL_SIZE, 8) so that an
# overloaded process still reaches the pool's timeout and answers 503 (api/outages.py)
# rather than queueing here without bound of time.
WORKER_THREADS = 32

_executor = ThreadPoolExecutor(max_workers=WORKER_THREADS, thread_name_prefix="http")


class OneHopASGIHandler(ASGIHandler):
    def __init__(self):
        BaseHandler.__init__(self)
        self.load_middleware(is_async=False)
        self._serve_in_thread = sync_to_async(
            self._serve, thread_sensitive=False, executor=_executor
        )
        self._close_in_thread = sync_to_async(_close, thread_sensitive=False, executor=_executor)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        try:
            response = await self._serve_in_thread(scope, body_file)
            try:
                await self.send_response(response, send)
            finally:
                if response.streaming:
                    await self._close_in_thread(response)
        finally:
            body_file.close()

    def _serve(self, scope, body_file):
        set_script_prefix(get_script_prefix(scope))
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, response = self.create_request(scope, body_file)
        if request is not None:
            response = self.get_response(request)
            response._handler_class = self.__class__
        if not response.streaming:
            response.close()
        return response


def _close(response) -> None:
    response.close()
