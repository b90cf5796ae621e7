import factory

from tickets.models import Category, Priority, Status, Ticket


class TicketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ticket

    title = factory.Sequence(lambda n: f"Ticket number {n}")
    description = factory.Faker("paragraph", nb_sentences=3)
    category = Category.TECHNICAL
    priority = Priority.MEDIUM
    status = Status.OPEN
