"""POST /graphql: who is asking, and CSRF for cookie-authenticated requests.

- ``Authorization: Bearer <token>``: the token's user.  An unknown or revoked token is
  refused (401), never treated as anonymous.  No CSRF check: a browser never adds this
  header on its own, so another site cannot forge such a request.
- A request with a session cookie: unsafe methods need Django's CSRF token in an
  ``X-CSRFToken`` header (and a same-site or trusted Origin), like any Django form;
  refused with 403 otherwise.  ``GET /auth/csrf`` (or any GET of /graphql) sets the
  ``csrftoken`` cookie.
- A request with no session cookie carries no credentials to forge, so it is served
  (anonymous callers get UNAUTHENTICATED where they must sign in), except ``login``,
  which refuses without a valid CSRF token (no signing a visitor in from another site).

Every answer is JSON in the media type the client accepts (api.http_answers): a body that
is not a GraphQL request is a 400 (api.request_body), one over DATA_UPLOAD_MAX_MEMORY_SIZE
a 413, and a database that cannot serve (pool exhausted for DB_POOL_TIMEOUT, down,
shutting down) a 503 with ``Retry-After`` and SERVICE_UNAVAILABLE (api.outages).
"""

from __future__ import annotations

import functools
import logging

from cross_web import HTTPException
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.views.decorators.csrf import csrf_exempt, ensure_csrf_cookie
from django.views.decorators.http import require_GET
from strawberry.django.views import GraphQLView

from accounts.tokens import bearer_secret, user_for_secret
from api.access import CSRF_FAILED_MESSAGE
from api.http_answers import GRAPHQL_RESPONSE_JSON, JSON, error_response, response_media_type
from api.outages import (
    RETRY_AFTER_SECONDS,
    SERVICE_UNAVAILABLE,
    UNAVAILABLE_MESSAGE,
    is_database_unavailable,
)
from api.request_body import graphql_request, parse_json
from api.schema import schema
from config.web import playground

csrf_log = logging.getLogger("django.security.csrf")
log = logging.getLogger(__name__)


def _refusal(status: int, code: str, message: str) -> HttpResponse:
    response = error_response(status, message, code=code)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="desk"'
    return response


def _unavailable(cause: BaseException | None) -> HttpResponse:
    log.warning("Database unavailable: %s: %s", type(cause).__name__, cause)
    return error_response(
        503,
        UNAVAILABLE_MESSAGE,
        code=SERVICE_UNAVAILABLE,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def _is_request_error(result) -> bool:
    """Nothing was executed: a syntax or validation error, or variables that do not fit
    (execution errors carry the path of their field)."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(e.path is None for e in errors)


class _CsrfCheck(CsrfViewMiddleware):
    """Django's CSRF checks (origin and token), answering the reason of a failure instead
    of refusing and logging: most requests without a token carry no cookie and are served."""

    def _reject(self, request, reason):
        return reason


def _csrf_refusal(request) -> HttpResponse | None:
    """None when the request passes Django's CSRF checks (origin and token)."""
    reason = _CsrfCheck(lambda r: None).process_view(request, None, (), {})
    if reason is None:
        return None
    response = _refusal(403, "CSRF_FAILED", CSRF_FAILED_MESSAGE)
    response.csrf_reason = reason
    return response


class DeskGraphQLView(GraphQLView):
    def dispatch(self, request, *args, **kwargs):
        request.desk_media_type = response_media_type(request.headers.get("Accept"))
        try:
            response = self._serve(request)
        except HTTPException as exc:
            allow = {"Allow": "GET, POST"} if exc.status_code == 405 else None
            response = error_response(exc.status_code, exc.reason, headers=allow)
        if hasattr(request, "desk_unavailable"):
            response = _unavailable(request.desk_unavailable)
        if response.get("Content-Type", "").startswith(JSON):
            response["Content-Type"] = request.desk_media_type
        return response

    def _serve(self, request):
        header = request.headers.get("Authorization")
        if header is not None:
            user = user_for_secret(bearer_secret(header))
            if user is None:
                return _refusal(401, "UNAUTHENTICATED", "Unknown or revoked API token.")
            request.user = user
            request.desk_token_id = user.desk_token_id
        else:
            refusal = _csrf_refusal(request)
            if refusal is not None and settings.SESSION_COOKIE_NAME in request.COOKIES:
                # Logged only when refused: a cookie request without a valid token.
                csrf_log.warning("Forbidden (%s): %s", refusal.csrf_reason, request.path)
                return refusal
            request.desk_csrf_ok = refusal is None
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                # Who is asking is settled now, before GraphQL runs, so a database that
                # cannot load the session answers 503 rather than an error per field.
                request.user.is_authenticated  # noqa: B018
        return self.run(request=request)

    def parse_http_body(self, request):
        """``request`` is strawberry's adapter; the checks read Django's request (the raw
        bytes and the Content-Type header with its charset)."""
        return graphql_request(
            request.request,
            self.parse_query_params(request.query_params) if request.method == "GET" else None,
        )

    def decode_json(self, data):
        return parse_json(data)

    def process_result(self, request, result):
        data = super().process_result(request, result)
        for error in result.errors or ():
            if (error.extensions or {}).get("code") == SERVICE_UNAVAILABLE:
                request.desk_unavailable = error.original_error
        if _is_request_error(result) and request.desk_media_type == GRAPHQL_RESPONSE_JSON:
            # GraphQL over HTTP: a request that could not be executed is a 400 with no data.
            data.pop("data", None)
        return data

    def create_response(self, response_data, sub_response):
        response = super().create_response(response_data, sub_response)
        if "data" not in response_data:  # a request error (process_result)
            response.status_code = 400
        return response

    def render_graphql_ide(self, request):
        """GraphiQL from the desk's own build (web/dist), never a CDN."""
        return playground(request)


def _fault(request) -> HttpResponse:
    """A bug outside GraphQL's execution: logged with its traceback, answered as JSON."""
    log.exception("Unexpected failure serving %s %s", request.method, request.path)
    return error_response(500, "Unexpected error.", code="INTERNAL_SERVER_ERROR")


def _json_refusals(view):
    """A body over the limit (413) and a database that cannot serve (503) as JSON, wherever
    in the view they surface: Django's CSRF checks read a form body before dispatch does."""

    @functools.wraps(view)
    def refusing(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except RequestDataTooBig:
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            response = error_response(413, f"The request body is over {limit} bytes.")
        except DatabaseError as exc:
            if not is_database_unavailable(exc):
                response = _fault(request)
            else:
                response = _unavailable(exc)
        except Exception:  # noqa: BLE001 - a bug still answers JSON; its traceback is logged
            response = _fault(request)
        response["Content-Type"] = response_media_type(request.headers.get("Accept"))
        return response

    return refusing


def graphql_view():
    view = DeskGraphQLView.as_view(
        schema=schema, graphql_ide="graphiql" if settings.GRAPHIQL else None
    )
    # CSRF is checked in dispatch (only for cookie requests); every answer sets the
    # cookie so GraphiQL and browser clients have the token.
    return _json_refusals(csrf_exempt(ensure_csrf_cookie(view)))


@require_GET
@ensure_csrf_cookie
def csrf_view(request):
    """Sets the csrftoken cookie and returns its value, for browser clients."""
    return JsonResponse({"csrfToken": get_token(request)})
