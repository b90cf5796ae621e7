import pytest

from tickets.events import ticket_changed


@pytest.fixture
def events():
    """Every ticket event published (after commit) while the test runs."""
    received = []

    def listener(sender, event, **kwargs):
        received.append(event)

    ticket_changed.connect(listener)
    yield received
    ticket_changed.disconnect(listener)
