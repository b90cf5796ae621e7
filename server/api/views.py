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
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.views.decorators.csrf import csrf_exempt, ensure_csrf_cookie
from django.views.decorators.http import require_GET
from strawberry.django.views import GraphQLView

from accounts.tokens import bearer_secret, user_for_secret
from api.access import CSRF_FAILED_MESSAGE
from api.schema import schema
from config.web import playground

csrf_log = logging.getLogger("django.security.csrf")


def _refusal(status: int, code: str, message: str) -> HttpResponse:
    body = {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}
    response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="desk"'
    return response


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
        return super().dispatch(request, *args, **kwargs)

    def render_graphql_ide(self, request):
        """GraphiQL from the desk's own build (web/dist), never a CDN."""
        return playground(request)


def graphql_view():
    view = DeskGraphQLView.as_view(
        schema=schema, graphql_ide="graphiql" if settings.GRAPHIQL else None
    )
    # CSRF is checked in dispatch (only for cookie requests); every answer sets the
    # cookie so GraphiQL and browser clients have the token.
    return csrf_exempt(ensure_csrf_cookie(view))


@require_GET
@ensure_csrf_cookie
def csrf_view(request):
    """Sets the csrftoken cookie and returns its value, for browser clients."""
    return JsonResponse({"csrfToken": get_token(request)})
