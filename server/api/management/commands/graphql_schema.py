"""Write the GraphQL schema as SDL, or check that the committed file is current."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from api.sdl import schema_sdl


class Command(BaseCommand):
    help = "Export the GraphQL schema as SDL (schema.graphql); --check fails when it is stale."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default="schema.graphql")
        parser.add_argument("--check", action="store_true", help="compare instead of writing")

    def handle(self, *args, path: str, check: bool, **options):
        sdl = schema_sdl()
        target = Path(path)
        if check:
            current = target.read_text() if target.exists() else ""
            if current != sdl:
                raise CommandError(f"{target} is stale: run `make schema` and commit the result.")
            self.stdout.write(f"{target} is up to date.")
            return
        target.write_text(sdl)
        self.stdout.write(f"Wrote {target}.")
