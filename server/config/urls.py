from django.contrib import admin
from django.urls import path, re_path

from api.views import csrf_view, graphql_view
from config import web

urlpatterns = [
    path("admin/", admin.site.urls),
    path("auth/csrf", csrf_view, name="csrf"),
    path("graphql", graphql_view(), name="graphql"),
    # The web client (web/dist): its assets, and index.html for every other page.
    path("assets/<path:path>", web.asset, name="web-asset"),
    re_path(r"^(?!admin/|auth/|graphql|static/|assets/)(?P<path>.*)$", web.index, name="web"),
]
