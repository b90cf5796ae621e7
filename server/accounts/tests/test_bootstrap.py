"""Getting in: create_user, the first-run admin, createsuperuser, demo users, roles."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from accounts.roles import ROLE_PERMISSIONS, Role, role_of
from core.actors import SYSTEM
from core.permissions import Perm

pytestmark = pytest.mark.django_db
User = get_user_model()
STRONG = "a long enough passphrase 7"


def run(*args, **kwargs) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO(), **kwargs)
    return out.getvalue()


def test_the_role_groups_exist_with_their_permissions():
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.value)
        have = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert have == set(perms), role


@pytest.mark.parametrize("role", ["requester", "agent", "admin"])
def test_create_user_takes_the_password_from_the_environment(role, monkeypatch):
    monkeypatch.setenv("DESK_USER_PASSWORD", STRONG)
    run("create_user", "pat", "--role", role)
    user = authenticate(username="pat", password=STRONG)
    assert user is not None
    assert role_of(user) == Role(role)
    assert user.is_staff == (role == "admin")
    assert not user.is_superuser
    assert user.has_perm(Perm.VIEW_ALL_TICKETS) == (role != "requester")


def test_create_user_refuses_weak_passwords_and_taken_names(monkeypatch):
    monkeypatch.setenv("DESK_USER_PASSWORD", "password")
    with pytest.raises(CommandError, match="password"):
        run("create_user", "pat", "--role", "agent")
    monkeypatch.setenv("DESK_USER_PASSWORD", STRONG)
    run("create_user", "pat", "--role", "agent")
    with pytest.raises(CommandError, match="already exists"):
        run("create_user", "pat", "--role", "agent")


def test_create_user_without_a_password_or_terminal_says_what_to_do(monkeypatch):
    monkeypatch.delenv("DESK_USER_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO())
    with pytest.raises(CommandError, match="DESK_USER_PASSWORD"):
        run("create_user", "pat", "--role", "agent")


def test_create_user_can_print_an_api_token(monkeypatch):
    monkeypatch.setenv("DESK_USER_PASSWORD", STRONG)
    secret = run("create_user", "bot", "--role", "agent", "--api-token", "ci").strip()
    from accounts.tokens import user_for_secret

    assert user_for_secret(secret).username == "bot"


def test_the_first_run_creates_one_admin_and_prints_its_password_once(settings):
    settings.BOOTSTRAP_ADMIN = True
    printed = run("bootstrap_admin")
    password = printed.split("password: ")[1].split()[0]
    admin = authenticate(username="admin", password=password)
    assert admin is not None and role_of(admin) == Role.ADMIN and admin.is_staff
    assert run("bootstrap_admin") == ""  # there is a user now: nothing more
    assert User.objects.count() == 1


def test_no_bootstrap_admin_when_switched_off(settings):
    settings.BOOTSTRAP_ADMIN = False
    assert run("bootstrap_admin") == ""
    assert not User.objects.exists()


def test_createsuperuser_still_works_and_makes_an_admin(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)
    run("createsuperuser", "--noinput", "--username", "root", "--email", "root@example.com")
    root = User.objects.get(username="root")
    assert role_of(root) == Role.ADMIN
    assert root.has_perm(Perm.VIEW_STATS)


def test_admins_cannot_make_superusers_in_the_admin(client, monkeypatch):
    from accounts.services import create_user

    admin = create_user(actor=SYSTEM, username="ada", password=STRONG, role=Role.ADMIN)
    target = create_user(actor=SYSTEM, username="rita", password=STRONG, role=Role.REQUESTER)
    client.force_login(admin)
    page = client.get(f"/admin/auth/user/{target.pk}/change/", HTTP_HOST="localhost")
    assert page.status_code == 200
    assert b'name="is_superuser"' not in page.content
    assert b'name="groups"' in page.content


def test_admins_cannot_take_over_a_superuser(client, django_user_model):
    from accounts.services import create_user

    admin = create_user(actor=SYSTEM, username="ada", password=STRONG, role=Role.ADMIN)
    root = django_user_model.objects.create_superuser("root", "root@example.com", STRONG)
    client.force_login(admin)
    for url in (
        f"/admin/auth/user/{root.pk}/password/",
        f"/admin/auth/user/{root.pk}/delete/",
    ):
        response = client.post(
            url,
            {"password1": "x" * 20, "password2": "x" * 20, "post": "yes"},
            HTTP_HOST="localhost",
        )
        assert response.status_code == 403, url
    root.refresh_from_db()
    assert root.check_password(STRONG)
