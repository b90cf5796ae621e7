"""The built web client (``web/dist``, from ``npm run build``) served at ``/``.

Same origin as ``/graphql``, so the session cookie and CSRF token just work and
``make run`` is one process and one URL.  ``/assets/…`` are content-hashed files, cached
for a year; every other path that is not the API, the admin or static files gets
``index.html`` (the client routes by the URL), never cached, with the CSRF cookie set.
Files are read once per change and kept gzipped in memory: the client is a few hundred KB.

``dist/playground.html`` is GraphiQL, built from npm by the same ``npm run build`` (its own
Vite entry, web/src/playground): the API view answers a browser's ``GET /graphql`` with it
when ``GRAPHIQL`` is on, so the playground needs no CDN and works offline.
"""

from __future__ import annotations

import gzip
import mimetypes
import re
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe

NOT_BUILT = (
    "The web client is not built yet: run `make web-build` (make run does it), "
    "or use the API at /graphql.\n"
)
PLAYGROUND_NOT_BUILT = (
    "The GraphQL playground is not built yet: run `make web-build` (make run does it). "
    "The API answers POST /graphql meanwhile.\n"
)
_cache: dict[Path, tuple[float, bytes, bytes]] = {}
_GZIP_TYPES = re.compile(r"^(text/|application/(javascript|json)|image/svg)")


def _read(path: Path) -> tuple[bytes, bytes]:
    mtime = path.stat().st_mtime
    cached = _cache.get(path)
    if cached is None or cached[0] != mtime:
        body = path.read_bytes()
        cached = (mtime, body, gzip.compress(body, 6))
        _cache[path] = cached
    return cached[1], cached[2]


def _file_response(request, path: Path, content_type: str, cache_control: str) -> HttpResponse:
    body, zipped = _read(path)
    use_gzip = _GZIP_TYPES.match(content_type) and "gzip" in request.headers.get(
        "Accept-Encoding", ""
    )
    response = HttpResponse(zipped if use_gzip else body, content_type=content_type)
    if use_gzip:
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ["Accept-Encoding"])
    response["Cache-Control"] = cache_control
    return response


@require_safe
def asset(request, path: str):
    root = (Path(settings.WEB_DIST_DIR) / "assets").resolve()
    file = (root / path).resolve()
    if not file.is_relative_to(root) or not file.is_file():
        raise Http404("No such asset.")
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    return _file_response(request, file, content_type, "public, max-age=31536000, immutable")


@require_safe
@ensure_csrf_cookie
def index(request, path: str = ""):
    page = Path(settings.WEB_DIST_DIR) / "index.html"
    if not page.is_file():
        return HttpResponse(NOT_BUILT, status=503, content_type="text/plain; charset=utf-8")
    return _file_response(request, page, "text/html; charset=utf-8", "no-cache")


def playground(request) -> HttpResponse:
    """The GraphiQL page for ``GET /graphql`` (the view sets the CSRF cookie it uses)."""
    page = Path(settings.WEB_DIST_DIR) / "playground.html"
    if not page.is_file():
        return HttpResponse(
            PLAYGROUND_NOT_BUILT, status=503, content_type="text/plain; charset=utf-8"
        )
    return _file_response(request, page, "text/html; charset=utf-8", "no-cache")
