"""tickets.visibility: the one rule for who sees which tickets, checked directly."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from core.actors import SYSTEM
from core.errors import NotAuthenticated, PermissionDenied
from tickets import visibility
from tickets.filters import NO_FILTER, TicketFilter
from tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


def test_agents_admins_and_the_system_see_every_ticket(agent, admin_user):
    for actor in (agent, admin_user, SYSTEM):
        assert visibility.sees_every_ticket(actor)
        assert visibility.narrow(NO_FILTER, actor=actor) == NO_FILTER


def test_a_requester_sees_only_their_own_tickets(requester, other_requester):
    mine = TicketFactory(requester=requester)
    TicketFactory(requester=other_requester)
    TicketFactory(requester=None)
    narrowed = visibility.narrow(TicketFilter(category=("billing",)), actor=requester)
    assert narrowed == TicketFilter(category=("billing",), requester_id=requester.pk)
    assert list(visibility.visible_tickets(actor=requester)) == [mine]
    assert not visibility.sees_every_ticket(requester)


def test_a_client_filter_cannot_widen_a_requesters_scope(requester, other_requester):
    TicketFactory(requester=other_requester)
    widened = TicketFilter(requester_id=other_requester.pk)
    assert visibility.narrow(widened, actor=requester).requester_id == requester.pk
    assert list(visibility.visible_tickets(widened, actor=requester)) == []


def test_anonymous_and_role_less_users_see_nothing_and_are_told(make_user):
    roleless = make_user("nobody")
    roleless.groups.clear()
    roleless = type(roleless).objects.get(pk=roleless.pk)
    with pytest.raises(NotAuthenticated):
        visibility.narrow(NO_FILTER, actor=AnonymousUser())
    with pytest.raises(PermissionDenied):
        visibility.narrow(NO_FILTER, actor=roleless)


def test_a_lookup_by_id_reads_the_same_for_none_and_not_yours(requester, make_user):
    TicketFactory(requester=requester)
    roleless = make_user("nobody")
    roleless.groups.clear()
    roleless = type(roleless).objects.get(pk=roleless.pk)
    for actor in (AnonymousUser(), roleless):
        assert list(visibility.findable_tickets(actor=actor)) == []


def test_the_actor_must_be_named():
    with pytest.raises(TypeError):
        visibility.narrow(NO_FILTER)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        visibility.visible_tickets(NO_FILTER)  # type: ignore[call-arg]
