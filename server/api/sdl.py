from strawberry.printer import print_schema

from api.schema import schema


def schema_sdl() -> str:
    """The schema as committed in schema.graphql."""
    return print_schema(schema).rstrip("\n") + "\n"
