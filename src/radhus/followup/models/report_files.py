"""A report's PDF made by the task queue for the user who asked for it: a large PDF takes
WeasyPrint seconds, too long for a request, so the worker (``radhus worker``) makes it and the
user downloads it from their account page when it is ready. Kept a day."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from radhus.core.models import Tenant


class ReportFileStatus(models.TextChoices):
    WAITING = "waiting", _("being made")
    READY = "ready", _("ready")
    FAILED = "failed", _("not made")


class ReportFile(models.Model):
    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    report = models.CharField(_("report"), max_length=40)
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    language = models.CharField(max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportFileStatus.choices, default=ReportFileStatus.WAITING
    )
    data = models.BinaryField(null=True, blank=True, editable=False)
    error = models.CharField(_("why not"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("asked for"), default=timezone.now, editable=False)
    finished_at = models.DateTimeField(_("made"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "created_at"], name="report_file_by_user")]

    def __str__(self) -> str:
        return f"{self.report} {self.created_at:%Y-%m-%d %H:%M}"
