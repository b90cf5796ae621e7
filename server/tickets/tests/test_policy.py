"""tickets.policy: what an actor may change, stated once and enforced from that statement."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from core.actors import SYSTEM
from core.errors import NotAuthenticated, PermissionDenied
from tickets import policy
from tickets.models import Status
from tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


def test_agents_and_the_system_may_change_everything(agent, admin_user, requester):
    ticket = TicketFactory(requester=requester)
    for actor in (agent, admin_user, SYSTEM):
        allowed = policy.ticket_abilities(actor, ticket)
        assert allowed.edit_text and allowed.set_labels
        assert allowed.statuses == tuple(Status.values)
        policy.check_changes(actor, ticket, {"category": "billing", "status": "resolved"})


def test_a_requester_edits_the_text_of_their_own_ticket_and_may_close_it(requester):
    ticket = TicketFactory(requester=requester)
    allowed = policy.ticket_abilities(requester, ticket)
    assert (allowed.edit_text, allowed.set_labels, allowed.statuses) == (
        True,
        False,
        (Status.CLOSED,),
    )
    policy.check_changes(requester, ticket, {"title": "New", "status": Status.CLOSED})
    with pytest.raises(PermissionDenied) as refused:
        policy.check_changes(requester, ticket, {"status": Status.RESOLVED})
    assert refused.value.problems[0].field == "status"
    assert "you may close your ticket" in refused.value.problems[0].message
    with pytest.raises(PermissionDenied):
        policy.check_changes(requester, ticket, {"priority": "high"})


def test_nobody_changes_another_requesters_ticket(requester, other_requester):
    ticket = TicketFactory(requester=other_requester)
    assert policy.ticket_abilities(requester, ticket) == policy.NOTHING
    with pytest.raises(PermissionDenied):
        policy.check_changes(requester, ticket, {"title": "Mine now"})
    with pytest.raises(NotAuthenticated):
        policy.check_changes(AnonymousUser(), ticket, {"title": "x"})


def test_desk_abilities_follow_the_role(agent, requester, settings):
    assert policy.desk_abilities(agent) == policy.DeskAbilities(True, True, True)
    assert policy.desk_abilities(requester) == policy.DeskAbilities(True, False, False)
    settings.PUBLIC_TICKET_SUBMISSION = False
    assert policy.desk_abilities(AnonymousUser()) == policy.DeskAbilities(False, False, False)
    settings.PUBLIC_TICKET_SUBMISSION = True
    assert policy.desk_abilities(AnonymousUser()).submit_tickets
