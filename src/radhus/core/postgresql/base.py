"""Django's PostgreSQL backend with a health check that costs no round trip when the connection
is plainly alive (``ENGINE`` for every ``postgres://`` ``DATABASE_URL``; issue 7).

Django checks a kept connection before the first statement of each request
(``CONN_HEALTH_CHECKS``) by sending ``SELECT 1``: a round trip, about 0.2 ms over TCP, on every
request. What that check is for is a connection the server has ended while it lay idle between
requests (a restart, ``pg_terminate_backend``, ``idle_session_timeout``, a pooler closing it):
the server then sends a last error and closes its end, and both wait unread on the socket.
So here the socket is looked at first, without sending anything: a connection that is idle on
both sides (no transaction open, nothing received since its last answer) and was used less
than ``QUIET_SECONDS`` ago is used as it is. ``SELECT 1`` is still sent, as Django sends it,
when

- anything is waiting to be read on the socket (the server said something unasked: it is
  going away), or the connection is not idle, or psycopg has found it broken;
- the connection was last used more than ``QUIET_SECONDS`` ago: a peer that vanished
  without a word (a host switched off, a network path or a NAT entry gone) sends nothing, and
  only a round trip finds that out. What this misses is such a peer gone within the window:
  if it answers at all (a reset), the request's first statement fails instead of the check,
  and the next request, seeing the error, gets a new connection (Django's own rule).
"""

from __future__ import annotations

import select
import time

from django.db.backends.postgresql import base
from psycopg import pq

# A connection used (or opened) less than this many seconds ago is checked without a round trip
# when nothing has arrived on it since.
QUIET_SECONDS = 2.0


class DatabaseWrapper(base.DatabaseWrapper):
    _used_at = 0.0  # when a statement was last sent (Django checks before each one), or opened

    def connect(self) -> None:
        super().connect()
        self._used_at = time.monotonic()

    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not self.pool
            and self._plainly_alive()
        ):
            self.health_check_done = True
        else:
            super().close_if_health_check_failed()
        self._used_at = time.monotonic()

    def _plainly_alive(self) -> bool:
        """Whether the kept connection is idle on both sides, was used a moment ago, and nothing
        has been received on it since its last answer (no message, no end of stream)."""
        connection = self.connection
        if connection.closed or connection.broken:
            return False
        if time.monotonic() - self._used_at > QUIET_SECONDS:
            return False
        pgconn = connection.pgconn
        if pgconn.status != pq.ConnStatus.OK or pgconn.transaction_status != pq.TransactionStatus.IDLE:
            return False
        poller = select.poll()
        poller.register(pgconn.socket, select.POLLIN | select.POLLPRI)  # errors and hang-ups too
        return not poller.poll(0)
