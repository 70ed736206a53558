"""a partial index of the waiting tickets that are not plain appointments

An appointment's place in line is the priority tickets plus the plain appointments before it
in time, unless a walk-in placed earlier may be interleaved before it: the walk-ins and the
priority groups, few in any line, are read from this index; the plain appointments are only
counted on ix_ticket_line.

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

# As app.models.queue.WAITING_NOT_PLAIN was when this revision was written.
WAITING_NOT_PLAIN = "status = 'waiting' AND (priority <> 'none' OR source <> 'appointment')"
COLUMNS = ["office_id", "local_date", "service_id", "queue_at", "priority", "source", "seq", "id"]


def upgrade():
    op.create_index(
        "ix_ticket_waiting_not_plain",
        "ticket",
        COLUMNS,
        unique=False,
        sqlite_where=sa.text(WAITING_NOT_PLAIN),
        postgresql_where=sa.text(WAITING_NOT_PLAIN),
    )


def downgrade():
    op.drop_index("ix_ticket_waiting_not_plain", table_name="ticket")
