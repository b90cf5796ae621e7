"""GraphQL enums over the domain's choices: the GraphQL names are the members' names."""

import strawberry

from tickets.models import Category, Priority, Status

TicketCategory = strawberry.enum(Category, name="TicketCategory")
TicketPriority = strawberry.enum(Priority, name="TicketPriority")
TicketStatus = strawberry.enum(Status, name="TicketStatus")
