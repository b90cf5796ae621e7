"""`manage.py seed_demo_users`: demo requesters and agents with known passwords, and the
demo tickets shared out among the requesters (docs/accounts.md lists the credentials).

For demos only: refused when DEBUG is off unless --force.  Existing users are left as
they are; only tickets without a requester are handed out.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models.functions import Mod

from accounts import services
from accounts.roles import Role
from core.actors import SYSTEM
from tickets.models import Ticket

DEMO_PASSWORD = "demo-desk-2026"
DEMO_USERS = (
    ("alice", Role.REQUESTER),
    ("bob", Role.REQUESTER),
    ("carol", Role.REQUESTER),
    ("agent", Role.AGENT),
    ("dana", Role.AGENT),
    ("demo-admin", Role.ADMIN),
)


class Command(BaseCommand):
    help = "Create demo requesters, agents and an admin, and give them the demo tickets."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="even with DEBUG off")

    @transaction.atomic
    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo users have published passwords: DEBUG is off (--force).")
        User = get_user_model()
        created = []
        for username, role in DEMO_USERS:
            if not User.objects.filter(username=username).exists():
                services.create_user(
                    actor=SYSTEM, username=username, password=DEMO_PASSWORD, role=role
                )
                created.append(username)
        requesters = list(
            User.objects.filter(
                username__in=[u for u, r in DEMO_USERS if r == Role.REQUESTER]
            ).order_by("username")
        )
        handed_out = 0
        for i, requester in enumerate(requesters):
            handed_out += (
                Ticket.objects.filter(requester__isnull=True)
                .alias(slot=Mod("id", len(requesters)))
                .filter(slot=i)
                .update(requester=requester)
            )
        self.stdout.write(
            f"Demo users (password {DEMO_PASSWORD!r}): "
            + ", ".join(f"{u} ({r.value})" for u, r in DEMO_USERS)
            + f". Created {len(created)}; {handed_out} tickets handed to the requesters."
        )
