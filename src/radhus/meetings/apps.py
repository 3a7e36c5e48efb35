from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "radhus.meetings"
    label = "meetings"
    verbose_name = _("Meetings and minutes")

    def ready(self) -> None:
        from radhus.core.lookup import TENANT_PATHS
        from radhus.meetings import documents, sending  # noqa: F401 (e-mail attachments and outcomes)

        # Rows that reach their organisation through their meeting (core.lookup).
        TENANT_PATHS.update(
            {
                "meetings.standingitem": "series__tenant",
                "meetings.attendance": "meeting__tenant",
                "meetings.agendaitem": "meeting__tenant",
                "meetings.signer": "meeting__tenant",
                "meetings.vote": "paragraph__tenant",
                "meetings.dissent": "paragraph__tenant",
                "meetings.note": "paragraph__tenant",
            }
        )
