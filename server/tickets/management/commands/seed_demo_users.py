"""`manage.py seed_demo_users`: demo requesters, agents and an admin with known passwords
(docs/accounts.md lists them).  Run it before `seed_demo`, which gives its tickets to the
demo requesters as it loads them.

For demos only: with DEBUG off it creates nobody (and says so) unless --force, since the
passwords are published.  Existing users are left as they are, and no ticket is touched, so
it is safe on a desk of any size.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import services
from core.actors import SYSTEM
from tickets.demo_data import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Create demo requesters, agents and an admin (published passwords; DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="even with DEBUG off")

    @transaction.atomic
    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            self.stdout.write(
                "Demo users skipped: their passwords are published and DEBUG is off "
                "(--force creates them anyway)."
            )
            return
        User = get_user_model()
        created = []
        for username, role in DEMO_USERS:
            if not User.objects.filter(username=username).exists():
                services.create_user(
                    actor=SYSTEM, username=username, password=DEMO_PASSWORD, role=role
                )
                created.append(username)
        self.stdout.write(
            f"Demo users (password {DEMO_PASSWORD!r}): "
            + ", ".join(f"{u} ({r.value})" for u, r in DEMO_USERS)
            + f". Created {len(created)}."
        )
