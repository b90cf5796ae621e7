"""The Django admin writes through the same services as the API, so it announces events too."""

from django.contrib import admin

from tickets import services
from tickets.models import Ticket


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "category", "priority", "status", "requester", "created_at")
    list_filter = ("status", "category", "priority")
    search_fields = ("title", "description", "requester__username")
    # The requester is whoever submitted the ticket (here: the admin).
    readonly_fields = ("requester", "created_at", "updated_at")
    list_select_related = ("requester",)
    ordering = ("-created_at", "-id")

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in services.EDITABLE_FIELDS
            if name in form.cleaned_data
        }
        if change:
            saved = services.update_ticket(ticket_id=obj.pk, actor=request.user, **fields)
        else:
            fields.pop("status", None)
            saved = services.create_ticket(actor=request.user, **fields)
        obj.pk = saved.pk
        obj.refresh_from_db()
