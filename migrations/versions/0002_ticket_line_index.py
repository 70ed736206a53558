"""the ticket line's covering index

The waiting line of an office's day (positions at check-in, the heads of each kind at
call-next) is read from the index alone, instead of fetching every waiting ticket's row.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 01:05:00

"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LINE_COLUMNS = [
    "office_id",
    "local_date",
    "status",
    "service_id",
    "queue_at",
    "priority",
    "source",
    "seq",
    "id",
]


def upgrade():
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.create_index("ix_ticket_line", LINE_COLUMNS, unique=False)
        batch_op.drop_index("ix_ticket_office_day_status")


def downgrade():
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ticket_office_day_status", ["office_id", "local_date", "status"], unique=False
        )
        batch_op.drop_index("ix_ticket_line")
