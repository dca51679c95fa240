"""Stable pseudonyms for exports: HMAC-SHA256 of a person's name with the file's own secret."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3

from leerlog.domain.errors import DataProblem
from leerlog.i18n import _
from leerlog.storage.db import broken, transaction
from leerlog.storage.journal import now
from leerlog.storage.store import Store

SECRET_NAME = "pseudonyms"
SECRET_BYTES = 32
# 12 hex characters are 48 bits: among 10,000 people the chance that two share a pseudonym is
# about 1 in 5.6 million, and the export checks anyway (see pseudonymise).
PSEUDONYM_HEX = 12


def pseudonym(secret: bytes, name: str) -> str:
    """'p-' and the first 12 hex characters of HMAC-SHA256(secret, name)."""
    digest = hmac.new(secret, name.encode("utf-8"), hashlib.sha256).hexdigest()
    return "p-" + digest[:PSEUDONYM_HEX]


def _stored(conn: sqlite3.Connection) -> bytes | None:
    row = conn.execute("SELECT value FROM secrets WHERE name = ?", (SECRET_NAME,)).fetchone()
    return None if row is None else bytes(row[0])


def secret(store: Store) -> bytes:
    """The file's pseudonym secret, made on first use in one write transaction.

    Two processes that both find none queue on BEGIN IMMEDIATE; the second finds the first's
    secret inside its own transaction and keeps it, so the file only ever has one. The caller
    makes sure the file exists: a read never creates a database.
    """
    found = store.query("SELECT value FROM secrets WHERE name = ?", (SECRET_NAME,))
    if found:
        return bytes(found[0]["value"])
    conn = store.writer()
    with transaction(conn, store.path):
        try:
            kept = _stored(conn)
            if kept is not None:
                return kept
            made = secrets.token_bytes(SECRET_BYTES)
            conn.execute(
                "INSERT INTO secrets (name, value, created_at) VALUES (?, ?, ?)",
                (SECRET_NAME, made, now()),
            )
        except sqlite3.Error as error:
            raise broken(error, store.path) from None
    return made


def reset(store: Store) -> bool:
    """Forget the secret, so the next export gives everyone a new pseudonym; True if one existed."""
    conn = store.writer()
    with transaction(conn, store.path):
        try:
            removed = conn.execute("DELETE FROM secrets WHERE name = ?", (SECRET_NAME,))
        except sqlite3.Error as error:
            raise broken(error, store.path) from None
    return removed.rowcount > 0


def pseudonymised(names: list[str], key: bytes) -> dict[str, str]:
    """Each name's pseudonym; refuses when two names would look like one person (48 bits make
    that practically never happen, but an export that silently merged two people would lie)."""
    mapping = {name: pseudonym(key, name) for name in names}
    if len(set(mapping.values())) != len(mapping):
        raise DataProblem(
            _("two people of the file got the same pseudonym; nothing was written"),
            _("run 'leerlog people reset-pseudonyms' and export again"),
        )
    return mapping
