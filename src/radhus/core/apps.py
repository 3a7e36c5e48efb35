from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "radhus.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from radhus.core import cache
        from radhus.core.collation import register_sqlite_collation

        connection_created.connect(register_sqlite_collation)
        cache.connect()
