"""Sessions in the database, as Django keeps them, at one plain statement per read or write.

The same table (`django_session`), the same signed encoding and the same expiry as
`django.contrib.sessions.backends.db`, whose store this extends (creating, deleting, cycling
the key and clearing expired rows are Django's own). What differs:

- the row is read with one SELECT and written with one UPDATE (or INSERT for a new key),
  written as SQL here, not compiled by the ORM for every request: the public form's pages
  and every staff page read and write the session, and the ORM's compiling was most of it;
- a session saved during the request, and not changed since, is not written again when
  the response leaves (`SESSION_SAVE_EVERY_REQUEST` saves every session there). So a view
  can save the session in its own transaction, and the request commits once: sending a
  contact commits the contact and the browser's session together (intake.views.check).

A write that finds no row (the session was deleted meanwhile: signed out in another tab, or
expired and cleared) raises `UpdateError`, as Django's store does; the session middleware
turns it into `SessionInterrupted`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import CreateError, UpdateError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone


class SessionStore(db.SessionStore):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self._written = False  # saved in this request, and not changed since

    @classmethod
    def _table(cls) -> str:
        return connection.ops.quote_name(cls.get_model_class()._meta.db_table)

    def load(self) -> dict[str, Any]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {self._table()} WHERE session_key = %s AND expire_date > %s",  # noqa: S608
                [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        decoded: dict[str, Any] = self.decode(row[0])
        return decoded

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:
            return self.create()
        if self._written and not self.modified and not must_create:
            return  # saved earlier in this request, nothing changed since
        data = self.encode(self._get_session(no_load=must_create))  # type: ignore[attr-defined]
        expires = connection.ops.adapt_datetimefield_value(self.get_expiry_date())
        table = self._table()
        with connection.cursor() as cursor:
            if must_create:
                try:
                    with transaction.atomic():  # a savepoint when the caller's transaction is open
                        cursor.execute(
                            f"INSERT INTO {table} (session_key, session_data, expire_date) VALUES (%s, %s, %s)",  # noqa: S608
                            [self.session_key, data, expires],
                        )
                except IntegrityError as taken:
                    raise CreateError from taken
            else:
                cursor.execute(
                    f"UPDATE {table} SET session_data = %s, expire_date = %s WHERE session_key = %s",  # noqa: S608
                    [data, expires, self.session_key],
                )
                if cursor.rowcount != 1:
                    raise UpdateError
        self._written, self.modified = True, False


def save_with_transaction(session: SessionStore) -> None:
    """Write `session` now, in the caller's open transaction, so that it commits with the
    caller's own writes (one commit instead of two) and is not written again as the response
    leaves. A session ended meanwhile (UpdateError: nothing was written, and the transaction
    is unharmed) does not undo the caller's writes: the middleware's own save then reports it
    (SessionInterrupted), as it did before."""
    if not connection.in_atomic_block:
        raise RuntimeError("save_with_transaction must run inside the transaction it commits with")
    try:
        session.save()
    except UpdateError:
        pass
