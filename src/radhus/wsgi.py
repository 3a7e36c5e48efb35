"""WSGI entry point for production servers (``radhus serve`` runs gunicorn on it).

Each server worker that loads the app also loads WeasyPrint and lays out a small PDF
(``core.pdf.warm_up``, about a second): a worker pays it when it starts, not the first visitor
who asks it for a PDF.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "radhus.settings")
application = get_wsgi_application()

from radhus.core.pdf import warm_up  # noqa: E402 - needs the settings loaded above

warm_up()
