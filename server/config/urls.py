from django.contrib import admin
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from api.views import graphql_view

urlpatterns = [
    path("admin/", admin.site.urls),
    # Token and session authentication (with CSRF for cookies) arrive with accounts.
    path("graphql", csrf_exempt(graphql_view()), name="graphql"),
]
