"""Writes about accounts: users with a role, sign-in checks, API tokens.

Same rules as the tickets' services: keyword-only arguments, one transaction,
validation with Django's validators, refusals as DomainErrors.
"""

from __future__ import annotations

from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import tokens
from accounts.models import ApiToken
from accounts.ratelimit import LoginGuard
from accounts.roles import Role, group_name, sync_role_groups
from core.actors import require_perm, require_signed_in
from core.errors import DomainError, ErrorCode, FieldProblem, InvalidCredentials

ADD_USER = "auth.add_user"
CHANGE_USER = "auth.change_user"


def _password_problems(password: str, user) -> list[FieldProblem]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return [
            FieldProblem("password", ErrorCode.INVALID, f"password: {message}")
            for message in exc.messages
        ]
    return []


@transaction.atomic
def create_user(*, actor, username: str, password: str, role: Role, email: str = "") -> object:
    """A new active user in ``role``, with a password Django's validators accept (for
    actors who may add users: admins, or SYSTEM in commands).

    Admins are staff (they can use /admin) but not superusers: what they may change
    there is what the admin group's permissions allow.
    """
    require_perm(actor, ADD_USER, "Only admins create users.")
    User = get_user_model()
    user = User(username=username.strip(), email=email.strip(), is_staff=role == Role.ADMIN)
    problems = []
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        problems.extend(DomainError.from_validation_error(exc).problems)
    problems.extend(_password_problems(password, user))
    if problems:
        raise DomainError(problems)
    user.set_password(password)
    user.save()
    set_role(actor=actor, user=user, role=role)
    return user


@transaction.atomic
def set_role(*, actor, user, role: Role) -> None:
    """Put the user in exactly one role group."""
    require_perm(actor, CHANGE_USER, "Only admins change roles.")
    if not Group.objects.filter(name=group_name(role)).exists():
        sync_role_groups()
    role_groups = Group.objects.filter(name__in=[group_name(r) for r in Role])
    user.groups.remove(*role_groups)
    user.groups.add(Group.objects.get(name=group_name(role)))
    if role == Role.ADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    for cache in ("_desk_group_names", "_perm_cache", "_group_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(cache, None)


def check_credentials(*, username: str, password: str, ip: str | None, request=None):
    """The active user with this username and password, or a refusal.

    Failed attempts count towards a lockout of the name and of the client's IP (see
    accounts.ratelimit); while locked out the password is not checked at all.
    """
    guard = LoginGuard(username, ip)
    guard.check()
    user = authenticate(request, username=username, password=password)
    if user is None:
        guard.failed()
        raise InvalidCredentials()
    guard.succeeded()
    return user


@transaction.atomic
def create_api_token(*, actor, name: str) -> tuple[ApiToken, str]:
    """A new token for the actor and its secret (returned only here, never again)."""
    require_signed_in(actor)
    secret = tokens.new_secret()
    token = ApiToken(
        user=actor,
        name=name.strip(),
        digest=tokens.digest_of(secret),
        prefix=secret[: tokens.DISPLAY_PREFIX_LENGTH],
    )
    try:
        token.full_clean(exclude=["user"], validate_constraints=False)
    except ValidationError as exc:
        raise DomainError.from_validation_error(exc) from None
    token.save()
    return token, secret


@transaction.atomic
def revoke_api_token(*, actor, token_id: int) -> ApiToken:
    """Revoke one of the actor's own tokens (revoking twice changes nothing)."""
    require_signed_in(actor)
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=actor).first()
    if token is None:
        raise DomainError.single("id", ErrorCode.NOT_FOUND, f"No API token with id {token_id}.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
