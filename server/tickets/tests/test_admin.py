import pytest
from django.contrib.auth.models import User

from tickets.models import Ticket


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser("root", "root@example.com", "pw-for-tests")
    client.force_login(user)
    client.defaults["HTTP_HOST"] = "localhost"
    return client


@pytest.mark.django_db
def test_admin_writes_go_through_the_services(
    admin_client, django_capture_on_commit_callbacks, events
):
    form = {
        "title": "  From the admin  ",
        "description": "Typed by an admin.",
        "category": "account",
        "priority": "low",
        "status": "open",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/tickets/ticket/add/", form)
    assert response.status_code == 302, response.content[:500]
    ticket = Ticket.objects.get()
    assert ticket.title == "From the admin"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/tickets/ticket/{ticket.pk}/change/", form | {"status": "closed"}
        )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == "closed"
    assert [e.kind for e in events] == ["CREATED", "UPDATED"]
