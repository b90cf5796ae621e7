"""Cached permissions answer without queries and never outlive a change."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.backends import GENERATION_KEY
from accounts.roles import Role, group_name
from accounts.services import create_user, set_role
from core.actors import SYSTEM
from core.permissions import Perm
from testing.users import PASSWORD


def fresh(user):
    """The user as the next request loads it (no per-object cache)."""
    return type(user).objects.get(pk=user.pk)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.mark.django_db
def test_a_second_request_checks_permissions_without_a_query():
    agent = create_user(actor=SYSTEM, username="ann", password=PASSWORD, role=Role.AGENT)
    assert fresh(agent).has_perm(Perm.VIEW_STATS)
    with CaptureQueriesContext(connection) as queries:
        assert fresh(agent).has_perm(Perm.VIEW_STATS) is True
    assert [q["sql"] for q in queries if "permission" in q["sql"]] == []
    assert len(queries) == 1  # loading the user


@pytest.mark.django_db
def test_a_role_change_takes_effect_on_the_next_request():
    user = create_user(actor=SYSTEM, username="bob", password=PASSWORD, role=Role.AGENT)
    assert fresh(user).has_perm(Perm.VIEW_STATS)
    set_role(actor=SYSTEM, user=user, role=Role.REQUESTER)
    assert not fresh(user).has_perm(Perm.VIEW_STATS)


@pytest.mark.django_db
def test_a_group_losing_a_permission_takes_effect_at_once():
    user = create_user(actor=SYSTEM, username="cy", password=PASSWORD, role=Role.AGENT)
    assert fresh(user).has_perm(Perm.VIEW_STATS)
    agents = Group.objects.get(name=group_name(Role.AGENT))
    app_label, codename = Perm.VIEW_STATS.split(".")
    agents.permissions.remove(agents.permissions.get(codename=codename))
    assert not fresh(user).has_perm(Perm.VIEW_STATS)


@pytest.mark.django_db
def test_deactivation_and_sign_ins():
    user = create_user(actor=SYSTEM, username="dee", password=PASSWORD, role=Role.AGENT)
    assert fresh(user).has_perm(Perm.VIEW_STATS)
    generation = cache.get(GENERATION_KEY)
    user.save(update_fields=["last_login"])  # signing in changes nothing
    assert cache.get(GENERATION_KEY) == generation
    user.is_active = False
    user.save()
    assert not fresh(user).has_perm(Perm.VIEW_STATS)


@pytest.mark.django_db
def test_without_a_working_cache_permissions_come_from_the_database(monkeypatch):
    user = create_user(actor=SYSTEM, username="eve", password=PASSWORD, role=Role.AGENT)

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get_or_set", broken)
    assert fresh(user).has_perm(Perm.VIEW_STATS)
    assert not fresh(user).has_perm("accounts.no_such_permission")
