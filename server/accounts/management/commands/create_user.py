"""`manage.py create_user USERNAME --role requester|agent|admin`.

The password comes from DESK_USER_PASSWORD, or is asked for (twice) on a terminal; it
must pass Django's password validators.  ``--api-token NAME`` also creates an API token
for the user and prints its secret (the only time it is shown).
"""

from __future__ import annotations

import getpass
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from accounts import services
from accounts.roles import Role
from core.actors import SYSTEM
from core.errors import DomainError


class Command(BaseCommand):
    help = "Create a user with a role (password from DESK_USER_PASSWORD or a prompt)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--api-token", metavar="NAME", help="also create an API token and print it"
        )

    def handle(self, *args, username, role, email, api_token, **options):
        password = os.environ.get("DESK_USER_PASSWORD") or self._ask_password()
        try:
            user = services.create_user(
                actor=SYSTEM, username=username, password=password, role=Role(role), email=email
            )
            if api_token:
                _, secret = services.create_api_token(actor=user, name=api_token)
        except DomainError as exc:
            raise CommandError("\n".join(p.message for p in exc.problems)) from None
        self.stderr.write(f"Created {role} {user.get_username()!r}.")
        if api_token:
            self.stdout.write(secret)

    def _ask_password(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError("Set DESK_USER_PASSWORD, or run this on a terminal to be asked.")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords differ.")
        return first
