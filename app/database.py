"""Engine set-up: SQLite in WAL mode whose write transactions take the lock up front.

pysqlite's own transaction handling is switched off (SQLAlchemy's documented recipe) so that
we emit BEGIN ourselves: `BEGIN IMMEDIATE` for anything that may write, so a read-then-write
transaction never fails to upgrade its lock, and a plain deferred `BEGIN` for read-only requests.

Writers of one process also queue on an in-process lock before `BEGIN IMMEDIATE`. Under gevent
(monkey-patched, so the lock is cooperative) this matters: SQLite's own busy wait sleeps in C
and would freeze every greenlet, including the one holding the database lock, for the whole
busy timeout. With threads it just replaces busy-polling by an orderly queue.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import Pool

from app.direct_sql import Lane, as_sqlalchemy_error

_read_only: ContextVar[bool] = ContextVar("antrean_read_only", default=False)
_sqlite_writer = threading.Lock()
_HOLDS_WRITER = "antrean_holds_sqlite_writer"
# PostgreSQL: whether the connection's transaction began read-only (GET, HEAD, the displays).
_READ_ONLY_TRANSACTION = "antrean_read_only_transaction"
WRITER_WAIT_SECONDS = 30


@contextmanager
def read_only_transactions() -> Iterator[None]:
    token = _read_only.set(True)
    try:
        yield
    finally:
        _read_only.reset(token)


def mark_read_only(value: bool) -> None:
    _read_only.set(value)


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@event.listens_for(Engine, "begin")
def _on_begin(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        connection.info[_READ_ONLY_TRANSACTION] = _read_only.get()
        return
    # Straight to the driver: a statement through SQLAlchemy's execution machinery would cost
    # more than the BEGIN itself, on every transaction.
    _begin_on_driver(connection.connection.driver_connection, connection.info, not _read_only.get())


def _begin_on_driver(driver: sqlite3.Connection, info: dict[Any, Any], write: bool) -> None:
    """BEGIN on the driver: a plain one to only read; to write, first the writers' queue (noted
    in the connection's `info`, so commit, rollback or the pool gives it back), then IMMEDIATE."""
    if not write:
        _driver_begin(driver, "BEGIN")
        return
    if not _sqlite_writer.acquire(timeout=WRITER_WAIT_SECONDS):
        raise OperationalError("BEGIN IMMEDIATE", None, _WriterQueueTimeout())
    info[_HOLDS_WRITER] = True
    try:
        _driver_begin(driver, "BEGIN IMMEDIATE")
    except BaseException:
        _release_info(info)
        raise


class _WriterQueueTimeout(sqlite3.OperationalError):
    def __init__(self) -> None:
        super().__init__("database is locked (writer queue timed out)")


def _driver_begin(driver: Any, statement: str) -> None:
    """Errors come out as SQLAlchemy's, as they would through SQLAlchemy (a locked database
    is then the 503 of app.errors)."""
    try:
        driver.execute(statement)
    except sqlite3.Error as error:
        raise OperationalError(statement, None, error) from error


def _release_writer(connection: Connection) -> None:
    # Fires just before the DBAPI COMMIT/ROLLBACK runs; under gevent nothing can run in
    # between, with threads the next writer's busy timeout covers the instant.
    _release_info(connection.info)


def _release_info(info: dict[Any, Any]) -> None:
    if info.pop(_HOLDS_WRITER, False):
        _sqlite_writer.release()


@event.listens_for(Pool, "reset")
def _on_pool_reset(_dbapi: Any, record: Any, _reset_state: Any) -> None:
    """A connection returned to the pool without commit or rollback gives the lock back too."""
    _release_info(record.info)


@event.listens_for(Pool, "invalidate")
def _on_invalidate(_dbapi: Any, record: Any, _exception: Any) -> None:
    _release_info(record.info)


@event.listens_for(Engine, "commit")
def _after_commit(connection: Connection) -> None:
    _release_writer(connection)
    connection.info.pop(_READ_ONLY_TRANSACTION, None)


@event.listens_for(Engine, "rollback")
def _after_rollback(connection: Connection) -> None:
    _release_writer(connection)
    if connection.info.pop(_READ_ONLY_TRANSACTION, False):
        _end_by_commit(connection)


def _end_by_commit(connection: Connection) -> None:
    """psycopg forgets every prepared statement of a connection on ROLLBACK (and sends
    DEALLOCATE ALL), so each request after a read-only one planned all its statements anew
    (call-next's heads: ~2 ms). A transaction that only read ends with COMMIT instead, which
    keeps them; the ROLLBACK that follows finds nothing to undo. Runs just before the DBAPI
    rollback; if the commit fails, that rollback deals with the connection as before."""
    with suppress(connection.dialect.loaded_dbapi.Error):
        connection.connection.driver_connection.commit()


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def direct_transaction(engine: Engine, write: bool = True) -> Iterator[Lane]:
    """A transaction on a pooled connection of its own, for `app.direct_sql` statements: the
    same rules as the ORM's (SQLite: the writers' queue, then BEGIN IMMEDIATE; a plain BEGIN
    to only read), committed when the block ends, rolled back if it raises. The request's ORM
    session must not write meanwhile: on SQLite it would wait for this very transaction."""
    pooled = engine.raw_connection()
    driver, dialect = pooled.driver_connection, engine.dialect
    try:
        if isinstance(driver, sqlite3.Connection):
            _begin_on_driver(driver, pooled.info, write)
        yield Lane(driver, dialect)
        _finish(driver.commit, dialect, "COMMIT")
    except BaseException:
        _finish(driver.rollback, dialect, "ROLLBACK")
        raise
    finally:
        _release_info(pooled.info)
        pooled.close()


def _finish(method: Any, dialect: Any, statement: str) -> None:
    try:
        method()
    except dialect.loaded_dbapi.Error as error:
        raise as_sqlalchemy_error(dialect, statement, None, error) from error
