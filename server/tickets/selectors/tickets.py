from tickets.models import Ticket


def get_ticket(pk: int) -> Ticket | None:
    return Ticket.objects.filter(pk=pk).first()
