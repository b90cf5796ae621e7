"""POST /graphql: who is asking, and CSRF for cookie-authenticated requests.

- ``Authorization: Bearer <token>``: the token's user.  An unknown or revoked token is
  refused (401), never treated as anonymous.  No CSRF check: a browser never adds this
  header on its own, so another site cannot forge such a request.
- Otherwise the session cookie (or nobody): unsafe methods need Django's CSRF token in
  an ``X-CSRFToken`` header, like any Django form.  ``GET /auth/csrf`` (or any GET of
  /graphql) sets the ``csrftoken`` cookie.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.views.decorators.csrf import csrf_exempt, ensure_csrf_cookie
from django.views.decorators.http import require_GET
from strawberry.django.views import GraphQLView

from accounts.tokens import bearer_secret, user_for_secret
from api.schema import schema


def _refusal(status: int, code: str, message: str) -> HttpResponse:
    body = {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}
    response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="desk"'
    return response


def _csrf_refusal(request) -> HttpResponse | None:
    """None when the request passes Django's CSRF checks (origin and token)."""
    failure = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
    if failure is None:
        return None
    return _refusal(
        403,
        "CSRF_FAILED",
        "CSRF check failed: send the csrftoken cookie's value in an X-CSRFToken header "
        "(GET /auth/csrf sets it), or authenticate with an API token.",
    )


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
            if refusal is not None:
                return refusal
        return super().dispatch(request, *args, **kwargs)


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
