"""A mail backend whose server refuses every message, as an SMTP server refusing recipients
does (smtplib's own exception)."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({m.to[0]: (550, b"refused") for m in email_messages})
