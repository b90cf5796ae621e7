import factory

from tickets import day_counts
from tickets.models import Category, Priority, Status, Ticket


class TicketFactory(factory.django.DjangoModelFactory):
    """Tickets with any created_at and status, which the services cannot make.

    Like any import around the services, it books each ticket in the per-day counts.
    """

    class Meta:
        model = Ticket

    title = factory.Sequence(lambda n: f"Ticket number {n}")
    description = factory.Faker("paragraph", nb_sentences=3)
    category = Category.TECHNICAL
    priority = Priority.MEDIUM
    status = Status.OPEN

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        ticket = super()._create(model_class, *args, **kwargs)
        day_counts.record_created(ticket)
        return ticket
