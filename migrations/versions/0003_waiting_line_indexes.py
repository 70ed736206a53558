"""partial indexes of the waiting line: the tickets that are not plain appointments, and the
head of each kind

An appointment's place in line is the priority tickets plus the plain appointments before it
in time, unless a walk-in placed earlier may be interleaved before it: the walk-ins and the
priority groups, few in any line, are read from ix_ticket_waiting_not_plain; the plain
appointments are only counted on ix_ticket_line. Call-next reads the first waiting ticket of
each kind in each service of the counter, one step down ix_ticket_heads.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 03:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# As app.models.queue.WAITING and WAITING_NOT_PLAIN were when this revision was written.
WAITING = "status = 'waiting'"
WAITING_NOT_PLAIN = "status = 'waiting' AND (priority <> 'none' OR source <> 'appointment')"
INDEXES = {
    "ix_ticket_waiting_not_plain": (
        ["office_id", "local_date", "service_id", "queue_at", "priority", "source", "seq", "id"],
        WAITING_NOT_PLAIN,
    ),
    "ix_ticket_heads": (
        ["office_id", "local_date", "service_id", "priority", "source", "queue_at", "seq", "id"],
        WAITING,
    ),
}


def upgrade():
    for name, (columns, where) in INDEXES.items():
        op.create_index(
            name,
            "ticket",
            columns,
            unique=False,
            sqlite_where=sa.text(where),
            postgresql_where=sa.text(where),
        )


def downgrade():
    for name in INDEXES:
        op.drop_index(name, table_name="ticket")
