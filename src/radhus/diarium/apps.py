from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiariumConfig(AppConfig):
    name = "radhus.diarium"
    label = "diarium"
    verbose_name = _("Case register")

    def ready(self) -> None:
        from radhus.core.lookup import TENANT_PATHS

        # The register's rows that reach their organisation through their case (core.lookup).
        TENANT_PATHS.update(
            {
                "diarium.seriesyear": "series__tenant",
                "diarium.caseparty": "case__tenant",
                "diarium.recordfile": "record__tenant",
                "diarium.officersreport": "case__tenant",
            }
        )
        from radhus.diarium import search  # the search documents follow every change (second helper)

        search.connect()
