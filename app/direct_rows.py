"""Rows read straight from the driver (`app.direct_sql`) as the rest of the app reads them:
either handed to the ORM session as if a query had loaded them, or as snapshots.

An ORM query costs ~0.3 ms of SQLAlchemy's machinery; the same row read directly and turned
into an instance here ~25 µs. The instance is persistent in the request's session, so its
lazy relationships load as usual and a later query for the same row finds it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import SimpleNamespace
from typing import Any, TypeVar

from sqlalchemy import Table, inspect
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from app.extensions import db

Model = TypeVar("Model")


class Snapshot(SimpleNamespace):
    """A row's columns as read by this request, under the ORM attribute names: what the hot
    paths' rules read, without the cost of loading ORM objects (they take either)."""


def snapshots(row: Sequence[Any], *groups: Sequence[str]) -> list[Snapshot]:
    """A row read whole from several tables, split into one snapshot per table: `groups` are
    the tables' column keys in the row's order (`column_keys`)."""
    parts, start = [], 0
    for keys in groups:
        end = start + len(keys)
        parts.append(Snapshot(**dict(zip(keys, row[start:end], strict=True))))
        start = end
    if start != len(row):
        raise ValueError(f"a row of {len(row)} values, keys for {start}")
    return parts


def as_loaded(model: type[Model], values: dict[str, Any]) -> Model:
    """The session's instance of this row: the one it holds already, else one built from
    `values` (every column, by attribute name) as if it had just been loaded."""
    held = db.session.identity_map.get(identity_key(model, values["id"]))
    if held is not None:
        return held  # type: ignore[no-any-return]
    instance = model(**values)
    make_transient_to_detached(instance)
    db.session.add(instance)
    return instance


def set_loaded(target: Any, **values: Any) -> None:
    """Values a direct statement has just written: on an ORM instance, as committed state (no
    second UPDATE at the next flush); on a snapshot, plain attributes."""
    mapped = inspect(target, raiseerr=False) is not None
    for name, value in values.items():
        if mapped:
            set_committed_value(target, name, value)
        else:
            setattr(target, name, value)


def column_keys(table: Table, leave_out: Iterable[str] = ()) -> tuple[str, ...]:
    """The table's columns by attribute name, in order (the keys of a row read whole)."""
    skipped = set(leave_out)
    return tuple(column.key for column in table.c if column.key not in skipped)
