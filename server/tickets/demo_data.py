"""Realistic demo tickets as plain row tuples, for `manage.py seed_demo`.

Pure functions of (count, seed, now, days, zone): no database access, so the command can
stream the rows into COPY (PostgreSQL) or bulk_create (SQLite), and tests can check them
without a database.  The same seed and `now` always give the same rows.

What makes the data look real:
  * when: more tickets on weekdays and in office hours (desk time zone), slightly more in
    recent weeks; rows come out oldest first, so ids grow with created_at as in a live desk;
  * what: templates per kind of request (outages, API errors, SSO, refunds, plan changes...)
    each with its own category and priority mix, filled with varied products, error codes,
    amounts, invoice numbers, names and companies;
  * where it stands: recent tickets are mostly open or in progress, older ones resolved or
    closed, and updated_at follows the status.
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from functools import cached_property
from itertools import accumulate, cycle, repeat

from accounts.roles import Role
from tickets.models import TITLE_MAX_LENGTH, Category, Priority, Status

FIELDS = ("title", "description", "category", "priority", "status", "created_at", "updated_at")

# The demo accounts (`manage.py seed_demo_users`, docs/accounts.md).  `seed_demo` gives its
# tickets to the requesters among them, in turn, when those accounts exist.
DEMO_PASSWORD = "demo-desk-2026"
DEMO_USERS = (
    ("alice", Role.REQUESTER),
    ("bob", Role.REQUESTER),
    ("carol", Role.REQUESTER),
    ("agent", Role.AGENT),
    ("dana", Role.AGENT),
    ("demo-admin", Role.ADMIN),
)
DEMO_REQUESTERS = tuple(name for name, role in DEMO_USERS if role == Role.REQUESTER)
# What the loader writes: a row and its requester's id (None: no requester).
LOAD_FIELDS = (*FIELDS, "requester_id")
DESCRIPTION_MIN = 100
DESCRIPTION_MAX = 600

Row = tuple[str, str, str, str, str, datetime, datetime]


def _split(text: str, sep: str = ",") -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(sep))


FIRST_NAMES = _split(
    "Ana, Ben, Chloe, Daniel, Elif, Farah, Gustavo, Hannah, Ivan, Jana, Kenji, Laura, Mateo, "
    "Nadia, Oliver, Priya, Quentin, Rosa, Samuel, Tomasz, Uma, Victor, Wen, Yusuf, Zoe, Amara, "
    "Lukas, Sofia, Emeka, Ingrid, Marco, Aisha, Pedro, Mei, Jonas, Lea, Ravi, Carmen, Finn"
)
LAST_NAMES = _split(
    "Silva, Novak, Schmidt, Okafor, Tanaka, Dubois, Kowalski, Rossi, Hansen, Garcia, Nguyen, "
    "Jensen, Patel, Murphy, Costa, Yilmaz, Berg, Moreau, Fischer, Ahmed, Lindqvist, Moretti, "
    "Kim, Walsh, Ortega, Petrov, Haddad, Van Dijk, Santos, Keller"
)
COMPANIES = _split(
    "Northwind Traders, Acme Logistics, Bluebird Health, Cobalt Labs, Driftwood Media, "
    "Evergreen Foods, Foxglove Studio, Granite Insurance, Harbor Freight Co, Ironclad Security, "
    "Juniper Schools, Kestrel Aviation, Lumen Energy, Maple & Oak Legal, Nimbus Retail, "
    "Orchid Travel, Pinecone Analytics, Quartz Manufacturing, Riverbend Clinic, "
    "Saffron Restaurants, Tidewater Bank, Umbra Games, Vantage Realty, Willow Architects, "
    "Yellowtail Shipping, Zephyr Fitness, Brightpath Nonprofit, Copperleaf Hotels, "
    "Silverline Telecom"
)
PRODUCTS = _split(
    "dashboard, mobile app, reporting module, billing portal, admin console, "
    "analytics workspace, scheduler, file storage, search, inbox, customer portal, "
    "form builder, calendar sync, audit log"
)
REPORTS = _split(
    "monthly revenue report, user activity report, audit log, contacts list, invoice history, "
    "time sheets, survey responses, inventory report"
)
PLANS = _split("Starter, Team, Business, Enterprise")
SSO_PROVIDERS = _split("Okta, Azure AD, Google Workspace, OneLogin, Keycloak, Auth0")
SSO_ERRORS = _split(
    "SAML response signature invalid, invalid_grant, audience mismatch, clock skew too large, "
    "user not assigned to application, NameID missing"
)
INTEGRATIONS = _split(
    "Slack, Salesforce, HubSpot, Zapier, Jira, Microsoft Teams, QuickBooks, Shopify, Zendesk, "
    "Stripe, Xero, Google Sheets"
)
HTTP_ERRORS = tuple(f"HTTP {code}" for code in (500, 502, 503, 504, 401, 403, 429, 400, 409, 422))
ERROR_CODES = _split(
    "ERR_CONN_RESET, ETIMEDOUT, ECONNREFUSED, ERR_SSL_PROTOCOL_ERROR, SYNC_CONFLICT, "
    "TOKEN_EXPIRED, QUOTA_EXCEEDED, SCHEMA_MISMATCH, E1042, E2210, E4031, E5007"
)
ENDPOINTS = _split(
    "/v2/orders, /v2/invoices, /v1/users, /v2/reports/export, /v2/contacts, /v1/webhooks, "
    "/v2/projects/{id}/tasks, /v1/auth/token, /v2/search, /v2/files"
)
BROWSERS = _split("Chrome 131, Firefox 133, Safari 18, Edge 131, Chrome on Android")
DEVICES = _split("iOS 18, iOS 17, Android 15, Android 14, iPadOS 18")
SCREENS = _split("the inbox, settings, the calendar, a shared file, notifications, login")
FORMATS = _split("CSV, XLSX, PDF, JSON")
REGIONS = _split("EU-West, US-East, US-West, AP-Southeast, UK-South")
MONTHS = _split(
    "January, February, March, April, May, June, July, August, September, October, "
    "November, December"
)
CARD_ERRORS = _split(
    "insufficient funds, card expired, 3-D Secure failed, do not honor, card not supported"
)
FEATURES = _split(
    "dark mode, bulk edit for contacts, custom fields on invoices, SCIM provisioning, "
    "Gantt view, recurring tasks, saved filters, keyboard shortcuts, per-user API keys, "
    "German translation, weekly email digest, audit log export"
)
HOWTOS = _split(
    "set up a custom domain, merge two workspaces, restore a deleted project, "
    "change the default currency, add a second admin, schedule a report, rotate our API key, "
    "limit access by IP address"
)
TEAMS = _split("sales, finance, support, operations, engineering, marketing, HR")
# Read after "...": "The app has been down {time_ref}."
TIME_REFS = _split(
    "since this morning, for about an hour, since yesterday evening, since the last release, "
    "since 9:00, since Monday, for a few minutes, since the weekend"
)


def _money(rng: random.Random) -> str:
    return f"${rng.choice((9, 19, 29, 49, 99, 149, 249, 499, 1200)) * rng.randint(1, 12)}.00"


def _plan_change(rng: random.Random) -> str:
    old, new = rng.sample(PLANS, 2)
    return f"{old} to {new}"


def _pick(values: tuple[str, ...]) -> Callable[[random.Random], str]:
    return lambda rng: rng.choice(values)


SLOTS: dict[str, Callable[[random.Random], str]] = {
    "first": _pick(FIRST_NAMES),
    "last": _pick(LAST_NAMES),
    "company": _pick(COMPANIES),
    "product": _pick(PRODUCTS),
    "report": _pick(REPORTS),
    "plan": _pick(PLANS),
    "plan_change": _plan_change,
    "sso": _pick(SSO_PROVIDERS),
    "sso_error": _pick(SSO_ERRORS),
    "integration": _pick(INTEGRATIONS),
    "http_error": _pick(HTTP_ERRORS),
    "error_code": _pick(ERROR_CODES),
    "endpoint": _pick(ENDPOINTS),
    "browser": _pick(BROWSERS),
    "device": _pick(DEVICES),
    "screen": _pick(SCREENS),
    "format": _pick(FORMATS),
    "region": _pick(REGIONS),
    "month": _pick(MONTHS),
    "card_error": _pick(CARD_ERRORS),
    "feature": _pick(FEATURES),
    "howto": _pick(HOWTOS),
    "team": _pick(TEAMS),
    "time_ref": _pick(TIME_REFS),
    "amount": _money,
    "invoice": lambda rng: f"INV-{rng.randint(2024, 2026)}-{rng.randint(1000, 99999):05d}",
    "account_id": lambda rng: f"ACC-{rng.randint(100000, 999999)}",
    "order_id": lambda rng: f"#{rng.randint(10000, 999999)}",
    "users": lambda rng: str(rng.choice((2, 5, 12, 30, 45, 80, 150, 400, 1200))),
    "seats": lambda rng: str(rng.randint(2, 60)),
    "seconds": lambda rng: str(rng.randint(8, 90)),
    "version": lambda rng: f"{rng.randint(3, 5)}.{rng.randint(0, 19)}.{rng.randint(0, 9)}",
    "percent": lambda rng: str(rng.randint(5, 60)),
}


class _Slots(dict):
    """Fills a template's placeholders on first use, so a name repeats consistently
    between a ticket's title and description and unused slots cost nothing."""

    def __init__(self, rng: random.Random):
        super().__init__()
        self.rng = rng

    def __missing__(self, key: str) -> str:
        value = self[key] = SLOTS[key](self.rng)
        return value


@dataclass(frozen=True)
class Template:
    category: str
    weight: float
    priorities: tuple[float, float, float, float]  # low, medium, high, critical
    titles: tuple[str, ...]
    bodies: tuple[str, ...]

    @cached_property
    def priority_cum(self) -> list[float]:
        return list(accumulate(self.priorities))


# Plain strings, not enum members: psycopg would write an Enum by its name.
T, B, A, G = (
    c.value for c in (Category.TECHNICAL, Category.BILLING, Category.ACCOUNT, Category.GENERAL)
)

TEMPLATES = (
    Template(
        T,
        4,
        (0, 0.05, 0.35, 0.6),
        (
            "Outage: {product} returns {http_error} for everyone",
            "{product} is down for our whole team ({region})",
            "Urgent: {product} unreachable {time_ref}",
        ),
        (
            "Every page of the {product} has failed with {http_error} {time_ref}. {users} users "
            "at {company} are blocked and our customers are waiting. Your status page still "
            "says all systems are operational.",
            "We cannot use the {product} at all: it loads forever and then shows {http_error}. "
            "Our office in {region} and people working from home see the same thing.",
        ),
    ),
    Template(
        T,
        6,
        (0.05, 0.35, 0.45, 0.15),
        (
            "API {endpoint} returns {http_error}",
            "Intermittent {http_error} from {endpoint}",
            "{endpoint} fails with {error_code} after upgrade to {version}",
        ),
        (
            "Our integration calls {endpoint} and about {percent}% of the requests come back "
            "with {http_error}. Retrying usually works, but our nightly sync now fails. Request "
            "ids are in the attached log.",
            "Since version {version} requests to {endpoint} fail with {error_code}. Nothing "
            "changed on our side and the same payload worked last week.",
        ),
    ),
    Template(
        T,
        2,
        (0.1, 0.5, 0.35, 0.05),
        (
            "{endpoint} rate limited (HTTP 429) far below our quota",
            "Rate limit errors on the {plan} plan",
        ),
        (
            "We send about {seats} requests a minute to {endpoint} and get HTTP 429 although "
            "the {plan} plan allows far more. This breaks our order import.",
        ),
    ),
    Template(
        T,
        4,
        (0.1, 0.5, 0.35, 0.05),
        (
            "Webhooks to {integration} not delivered",
            "{integration} sync failing with {error_code}",
            "{integration} integration has not synced {time_ref}",
        ),
        (
            "The {integration} integration has not synced anything {time_ref}. The log shows "
            "{error_code} for every attempt and nothing new arrives in {integration}.",
            "Webhook deliveries to {integration} are stuck in the retry queue with "
            "{error_code}. We rotated the secret last week; could that be related?",
        ),
    ),
    Template(
        T,
        4,
        (0.25, 0.55, 0.18, 0.02),
        (
            "{format} export of the {report} is empty",
            "Export to {format} times out for large {report}",
            "Data export stuck at {percent}%",
        ),
        (
            "When I export the {report} as {format} the file downloads but contains only the "
            "header row. Filtering to a single month does not help.",
            "The {format} export of our {report} runs for a long time and then fails with "
            "{http_error}. Smaller date ranges work fine.",
        ),
    ),
    Template(
        T,
        4,
        (0.2, 0.55, 0.22, 0.03),
        ("{product} very slow to load ({seconds} s)", "Performance problem in the {product}"),
        (
            "The {product} takes around {seconds} seconds to load for our team in {region}. "
            "It was instant a week ago. We tried {browser} and cleared the cache.",
        ),
    ),
    Template(
        T,
        3,
        (0.15, 0.5, 0.3, 0.05),
        (
            "Mobile app crashes on {device} when opening {screen}",
            "App closes right after login on {device}",
        ),
        (
            "The mobile app (version {version}) crashes on {device} as soon as I open "
            "{screen}. Reinstalling did not help. Several colleagues have the same problem.",
        ),
    ),
    Template(
        T,
        2,
        (0.45, 0.45, 0.1, 0),
        ("Layout broken in {browser}", "Buttons overlap in the {product} on {browser}"),
        (
            "In {browser} the {product} renders with overlapping buttons and the save button "
            "is hidden behind the footer. Other browsers look fine.",
        ),
    ),
    Template(
        A,
        5,
        (0.45, 0.45, 0.1, 0),
        (
            "Password reset email never arrives",
            "Password reset link expired for {first} {last}",
            "Cannot reset password for {first}",
        ),
        (
            "{first} {last} requested a password reset several times but no email arrives. "
            "We checked spam and our mail filter. The account is {account_id}.",
            "The password reset link says it has expired even when opened right after it "
            "arrives. Tried in {browser} and on my phone.",
        ),
    ),
    Template(
        A,
        4,
        (0.05, 0.35, 0.45, 0.15),
        (
            "SSO login with {sso} fails: {sso_error}",
            "Users cannot sign in through {sso}",
            "Redirect loop after {sso} sign-in",
        ),
        (
            'Our users have been getting "{sso_error}" when signing in with {sso} {time_ref}. '
            "{users} people at {company} cannot log in. We did not change the {sso} setup.",
            "After authenticating with {sso} users are sent back to the login page again and "
            "again. The {sso} logs show a successful login.",
        ),
    ),
    Template(
        A,
        3,
        (0.15, 0.45, 0.35, 0.05),
        (
            "Lost 2FA device, locked out of account",
            "Two-factor codes rejected for {first} {last}",
            "Account locked after failed logins ({account_id})",
        ),
        (
            "{first} {last} changed phones and can no longer produce two-factor codes. "
            "Please help us regain access to account {account_id}; I can verify ownership.",
            "The account was locked after several failed login attempts. We believe someone "
            "tried to guess the password. Can you unlock it and tell us where they came from?",
        ),
    ),
    Template(
        A,
        4,
        (0.6, 0.35, 0.05, 0),
        (
            "Invite new users to the {company} workspace",
            "Transfer workspace ownership to {first} {last}",
            "Remove former employee {first} {last} from our account",
            "Change login email for {first} {last}",
        ),
        (
            "Please transfer ownership of our workspace to {first} {last}, who now leads the "
            "{team} team. The current owner has left {company}.",
            "I cannot invite anyone new: the invite button is greyed out although we have "
            "{seats} unused seats on the {plan} plan.",
        ),
    ),
    Template(
        A,
        1,
        (0.3, 0.5, 0.2, 0),
        ("GDPR data export request for {company}", "Delete all personal data for {first} {last}"),
        (
            "Under GDPR we ask for a full export (or deletion) of the personal data you hold "
            "for {first} {last}. Please confirm the deadline you are working to.",
        ),
    ),
    Template(
        B,
        5,
        (0.2, 0.55, 0.22, 0.03),
        (
            "Refund request for invoice {invoice}",
            "Charged twice for the {plan} plan in {month}",
            "Please refund {amount}",
        ),
        (
            "Our card was charged {amount} twice for the {plan} plan in {month}. Please "
            "refund the duplicate charge on invoice {invoice}.",
            "We cancelled in {month} but were still billed {amount} (invoice {invoice}). "
            "We would like a refund to the original card.",
        ),
    ),
    Template(
        B,
        5,
        (0.55, 0.4, 0.05, 0),
        (
            "Invoice {invoice} shows the wrong VAT number",
            "Need a copy of invoice {invoice}",
            "Change billing address to {company}",
        ),
        (
            "Invoice {invoice} lists our old VAT number and address. Our accounts team needs "
            "a corrected copy before the {month} close.",
            "I cannot find invoice {invoice} ({amount}) in the billing portal. Could you send "
            "a PDF copy to our finance mailbox?",
        ),
    ),
    Template(
        B,
        4,
        (0.5, 0.45, 0.05, 0),
        (
            "Change plan from {plan_change}",
            "Add {seats} seats to our {plan} subscription",
            "Switch {company} to annual billing",
        ),
        (
            "We would like to change our plan from {plan_change} starting next billing "
            "cycle. How will the price difference be prorated?",
            "Please add {seats} seats to our {plan} subscription for the new {team} team and "
            "tell us the updated monthly amount.",
        ),
    ),
    Template(
        B,
        3,
        (0.1, 0.45, 0.4, 0.05),
        ("Card declined on renewal: {card_error}", "Payment failed for invoice {invoice}"),
        (
            'The renewal payment of {amount} failed with "{card_error}". The card is valid '
            "and works elsewhere. Our account must not be suspended.",
        ),
    ),
    Template(
        G,
        3,
        (0.8, 0.2, 0, 0),
        ("Feature request: {feature}", "Any plans for {feature}?"),
        (
            "It would help the {team} team a lot to have {feature}. Today we work around it "
            "with spreadsheets. Is this on the roadmap?",
        ),
    ),
    Template(
        G,
        3,
        (0.7, 0.3, 0, 0),
        ("How do I {howto}?", "Question: how to {howto}"),
        (
            "I looked through the help center but could not find how to {howto}. "
            "A short step-by-step answer would be great.",
        ),
    ),
    Template(
        G,
        2,
        (0.75, 0.25, 0, 0),
        (
            "Training session for our {team} team",
            "Feedback on the new {product}",
            "SOC 2 report and security questionnaire for {company}",
        ),
        (
            "Our {team} team at {company} would like a short training on the {product}. "
            "We have about {users} people; a remote session in {month} would suit us.",
            "We are reviewing vendors and need your SOC 2 report and answers to our security "
            "questionnaire before the {month} renewal.",
        ),
    ),
)

OPENINGS = ("Hi,", "Hello,", "Hi team,", "Hello support,", "Good morning,", "Dear support,", "")
EXTRAS = (
    "Our account id is {account_id}.",
    "We are on the {plan} plan.",
    "I attached a screenshot and the browser console output.",
    "Could you look into this today?",
    "This is blocking our {team} team.",
    "It worked fine until last week.",
    "We use {browser} on company laptops.",
    "Please keep {first} {last} in copy.",
    "Reference: order {order_id}.",
    "Let me know if you need more details.",
    "Steps to reproduce: log in as an admin, open the {product}, wait a few seconds.",
    "A colleague in the {team} team sees the same thing on another machine.",
    "We have a customer demo tomorrow, so a quick answer would be much appreciated.",
    "Happy to jump on a call; I am available most afternoons (CET).",
)
CLOSINGS = ("Thanks,", "Thank you,", "Best regards,", "Cheers,", "Kind regards,", "Regards,")

# Local office-hours shape (hour 0..23) and the weekday/weekend ratio.
HOUR_WEIGHTS = tuple(
    float(w)
    for w in (
        "0.15 0.1 0.1 0.1 0.12 0.2 0.35 0.6 1.2 2 2.1 2 "
        "1.5 1.8 1.9 1.8 1.6 1.1 0.7 0.55 0.45 0.35 0.25 0.2"
    ).split()
)
WEEKEND_FACTOR = 0.3
STATUSES = tuple(s.value for s in Status)  # open, in_progress, resolved, closed
PRIORITIES = tuple(p.value for p in Priority)  # low, medium, high, critical


def status_weights(age_days: float) -> tuple[float, float, float, float]:
    """open / in progress / resolved / closed odds for a ticket this many days old."""
    open_ = 0.04 + 0.6 * math.exp(-age_days / 3)
    in_progress = 0.03 + 0.3 * math.exp(-age_days / 5)
    done = max(0.0, 1 - open_ - in_progress)
    closed = done * min(0.85, 0.15 + age_days / 40)
    return open_, in_progress, done - closed, closed


def hour_slots(now: datetime, days: int, zone: tzinfo, rng: random.Random):
    """Hour-long slots over [now - days, now), each weighted by weekday, local hour, a
    mild upward trend and a little day-to-day noise.  Built in UTC steps, so DST days
    simply have 23 or 25 slots."""
    start = now - timedelta(days=days)
    day_noise: dict = {}
    slots: list[tuple[float, float]] = []
    weights: list[float] = []
    moment = start
    while moment < now:
        length = min(3600.0, (now - moment).total_seconds())
        local = moment.astimezone(zone)
        noise = day_noise.setdefault(local.date(), rng.uniform(0.85, 1.15))
        weekday = WEEKEND_FACTOR if local.weekday() >= 5 else 1.0
        trend = 0.8 + 0.4 * (moment - start) / (now - start)
        slots.append((moment.timestamp(), length))
        weights.append(HOUR_WEIGHTS[local.hour] * weekday * trend * noise * length / 3600)
        moment += timedelta(hours=1)
    return slots, list(accumulate(weights))


def _description(rng: random.Random, template: Template, slots: _Slots) -> str:
    parts = [rng.choice(OPENINGS), rng.choice(template.bodies).format_map(slots)]
    for extra in rng.sample(EXTRAS, rng.randint(0, 4)):
        parts.append(extra.format_map(slots))
    text = " ".join(p for p in parts if p)
    while len(text) < DESCRIPTION_MIN:
        text += " " + rng.choice(EXTRAS).format_map(slots)
    text += f" {rng.choice(CLOSINGS)} {slots['first']} {slots['last']}, {slots['company']}"
    if len(text) > DESCRIPTION_MAX:
        text = text[:DESCRIPTION_MAX].rsplit(" ", 1)[0]
    return text


def _updated_at(rng: random.Random, status: str, created: datetime, now: datetime) -> datetime:
    if status == Status.OPEN:
        return created
    hours = rng.expovariate(1 / (6 if status == Status.IN_PROGRESS else 30))
    return min(created + timedelta(hours=hours), now)


def generate_rows(
    count: int, *, now: datetime, zone: tzinfo, days: int = 90, seed: int = 0
) -> Iterator[Row]:
    """`count` ticket rows (in FIELDS order) created over the `days` before `now`,
    oldest first.

    Streamed hour slot by hour slot: each slot gets its share of `count` by its weight
    (cumulative rounding, so the shares add up to `count` exactly), and only that slot's
    moments are drawn and sorted.  Memory stays flat however many rows are asked for."""
    rng = random.Random(seed)
    slots, cum_weights = hour_slots(now, days, zone, rng)
    total = cum_weights[-1]
    template_cum = list(accumulate(t.weight for t in TEMPLATES))
    status_cums = [list(accumulate(status_weights(age))) for age in range(days + 1)]
    now_ts = now.timestamp()
    done = 0
    for (start, length), cum in zip(slots, cum_weights, strict=True):
        upto = round(count * cum / total)
        n, done = upto - done, upto
        if n <= 0:
            continue
        stamps = sorted(start + rng.random() * length for _ in range(n))
        templates = rng.choices(TEMPLATES, cum_weights=template_cum, k=n)
        for stamp, template in zip(stamps, templates, strict=True):
            created = datetime.fromtimestamp(stamp, UTC)
            slot_values = _Slots(rng)
            title = rng.choice(template.titles).format_map(slot_values)[:TITLE_MAX_LENGTH]
            description = _description(rng, template, slot_values)
            p_cum = template.priority_cum
            priority = PRIORITIES[min(bisect(p_cum, rng.random() * p_cum[-1]), 3)]
            s_cum = status_cums[min(int((now_ts - stamp) // 86400), days)]
            status = STATUSES[min(bisect(s_cum, rng.random() * s_cum[-1]), 3)]
            updated = _updated_at(rng, status, created, now)
            yield title, description, template.category, priority, status, created, updated


def with_requesters(rows: Iterator[Row], requester_ids: list[int]) -> Iterator[tuple]:
    """Each row with a requester id appended: the given ids in turn, or None without any."""
    owners = cycle(requester_ids) if requester_ids else repeat(None)
    for row, owner in zip(rows, owners, strict=False):  # the owners never run out
        yield (*row, owner)
