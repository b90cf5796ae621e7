"""The desk's time zone (settings.TIME_ZONE): days in statistics are its calendar days."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings


def desk_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_date(moment: datetime, zone: ZoneInfo | None = None) -> date:
    return moment.astimezone(zone or desk_zone()).date()
