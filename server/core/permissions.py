"""The permissions the desk checks, as Django's ``app_label.codename``.

Code asks for permissions (``has_perm``), never for a role's name; which role holds which
permission is accounts.roles' table.
"""

from __future__ import annotations


class Perm:
    SUBMIT_TICKET = "tickets.add_ticket"
    VIEW_OWN_TICKETS = "tickets.view_ticket"
    EDIT_OWN_TICKET = "tickets.edit_own_ticket"
    VIEW_ALL_TICKETS = "tickets.view_all_tickets"
    CHANGE_ANY_TICKET = "tickets.change_ticket"
    VIEW_STATS = "tickets.view_ticket_stats"
    CLASSIFY = "tickets.classify_ticket"
