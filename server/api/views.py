from django.conf import settings
from strawberry.django.views import GraphQLView

from api.schema import schema


def graphql_view():
    return GraphQLView.as_view(schema=schema, graphql_ide="graphiql" if settings.GRAPHIQL else None)
