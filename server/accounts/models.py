"""Personal API tokens.  Users, groups and permissions are Django's own (roles.py)."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Length, Trim
from django.db.models.lookups import Exact, GreaterThan
from django.utils import timezone

from core.validators import validate_not_blank

TOKEN_NAME_MAX_LENGTH = 100


class ApiToken(models.Model):
    """A token for scripts: ``Authorization: Bearer <secret>``.

    Only the SHA-256 of the secret is stored; the secret is shown once, when the token
    is created.  A revoked token stays listed (with when it was revoked) but is refused.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        db_index=False,  # served by apitoken_user_created_idx
    )
    name = models.CharField(max_length=TOKEN_NAME_MAX_LENGTH, validators=[validate_not_blank])
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the secret, so a person can tell their tokens apart.
    prefix = models.CharField(max_length=16, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=GreaterThan(Length(Trim("name")), 0), name="apitoken_name_not_blank"
            ),
            models.CheckConstraint(
                condition=Exact(Length("digest"), 64), name="apitoken_digest_sha256"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="apitoken_user_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
