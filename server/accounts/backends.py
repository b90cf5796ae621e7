"""Django's ModelBackend with each user's permissions cached across requests.

Every API call checks a permission, and ModelBackend answers the first check of a request
with two queries (the user's own permissions, their groups' permissions).  Here the
answer is kept in the default cache (Redis when REDIS_URL is set, so shared by every
server process) with the generation number it was read under.  Any change that can alter
someone's permissions (group membership, a group's or a user's permissions, a user saved:
role flags, deactivation) starts a new generation, so no process serves an outdated answer
once the change is committed.  The current generation and the user's entry come in one
round trip (MGET); an entry of another generation is read again from the database.  When
the cache is unavailable, permissions come from the database.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

GENERATION_KEY = "accounts:perm-generation"
TTL_SECONDS = 600


def _key(user) -> str:
    # The join time tells apart users that share an id in different databases (test runs,
    # a restored backup) behind one Redis.
    return f"accounts:perms:{user.pk}:{user.date_joined.timestamp()}"


class CachedPermissionsBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if hasattr(user_obj, "_perm_cache"):
            return user_obj._perm_cache
        key = _key(user_obj)
        try:
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY)
            if generation is None:
                generation = cache.get_or_set(GENERATION_KEY, 1, timeout=None)
        except Exception:
            logger.warning("Permission cache unavailable; reading the database", exc_info=True)
            return super().get_all_permissions(user_obj, obj)
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            cached = entry[1]
        else:
            cached = super().get_all_permissions(user_obj, obj)
            try:
                cache.set(key, (generation, cached), timeout=TTL_SECONDS)
            except Exception:
                logger.warning("Permission cache unavailable", exc_info=True)
        user_obj._perm_cache = set(cached)
        return user_obj._perm_cache


# Saves that cannot change permissions: signing in, a new password.
_IRRELEVANT_UPDATES = frozenset({"last_login", "password"})


def new_generation(update_fields=None, **kwargs) -> None:
    """Forget every cached answer now and again once the change is committed (a request
    in between may have cached what it read before the commit)."""
    if update_fields and set(update_fields) <= _IRRELEVANT_UPDATES:
        return
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet: nothing is cached under it
        cache.add(GENERATION_KEY, 1, timeout=None)
    except Exception:
        logger.warning("Permission cache unavailable; could not invalidate", exc_info=True)


def connect_invalidation() -> None:
    User = get_user_model()
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(new_generation, sender=through, dispatch_uid=f"perm-gen-{through}")
    for model in (User, Group, Permission):
        post_save.connect(new_generation, sender=model, dispatch_uid=f"perm-gen-save-{model}")
        post_delete.connect(new_generation, sender=model, dispatch_uid=f"perm-gen-del-{model}")
