from django.contrib import admin
from django.urls import path

from api.views import csrf_view, graphql_view

urlpatterns = [
    path("admin/", admin.site.urls),
    path("auth/csrf", csrf_view, name="csrf"),
    path("graphql", graphql_view(), name="graphql"),
]
