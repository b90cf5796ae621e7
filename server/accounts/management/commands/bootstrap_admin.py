"""`manage.py bootstrap_admin`: on a desk with no user at all, create an admin.

`make run` calls it after `migrate`, so a fresh clone does not stop at a login wall: the
first start prints a generated password once; later starts do nothing.  Off when
BOOTSTRAP_ADMIN=0 (the default with DEBUG off).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from accounts import services
from accounts.roles import Role
from core.actors import SYSTEM


class Command(BaseCommand):
    help = "Create an admin with a generated password if the desk has no user yet."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        if not settings.BOOTSTRAP_ADMIN or get_user_model().objects.exists():
            return
        password = secrets.token_urlsafe(12)
        services.create_user(actor=SYSTEM, username=username, password=password, role=Role.ADMIN)
        line = "=" * 72
        self.stdout.write(
            f"{line}\nNo user yet, so an admin was created. Shown only this once:\n"
            f"  username: {username}\n  password: {password}\n"
            f"Sign in at /admin or with the login mutation; change it with\n"
            f"  .venv/bin/python server/manage.py changepassword {username}\n{line}"
        )
