from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(sender, using, **kwargs):
    """After every `migrate` (and test-database flush) the role groups hold exactly the
    permissions accounts.roles gives them, including permissions added since."""
    from accounts.roles import sync_role_groups

    sync_role_groups(using=using)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        post_migrate.connect(_sync_roles, sender=self)
        from accounts.backends import connect_invalidation

        connect_invalidation()
