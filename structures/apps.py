from django.apps import AppConfig
from django.db.models.signals import post_migrate


class StructuresConfig(AppConfig):
    name = "structures"
    verbose_name = "Structures"

    def ready(self) -> None:
        from structures.roles import ensure_roles_after_migrate

        # Runs after django.contrib.auth has created this app's permissions (auth connected first).
        post_migrate.connect(ensure_roles_after_migrate, sender=self)
