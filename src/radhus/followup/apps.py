from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "radhus.followup"
    label = "followup"
    verbose_name = _("Follow-up of decisions")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from radhus.core import cache
        from radhus.core.models import AuditEvent
        from radhus.followup.reports import prepared, queue

        # Asking for a PDF changes nothing a page or a file shows, so it keeps what is kept.
        cache.UNSEEN_ACTIONS.add(queue.ASKED_ACTION)
        post_save.connect(
            prepared.audit_event_saved, sender=AuditEvent, dispatch_uid="radhus.followup.prepared"
        )
