"""Rows read straight from the driver (`app.direct_sql`) as the rest of the app reads them: as
snapshots (an ORM query costs ~0.3 ms of SQLAlchemy's machinery, a snapshot of the same row a
few µs), and values a direct statement wrote, as loaded state of the ORM instances that hold
them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Table, inspect
from sqlalchemy.orm.attributes import set_committed_value


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
