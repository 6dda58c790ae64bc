"""contact search index

Revision ID: 0008
Revises: 0007

/find by a piece of a name or company scans this narrow index for ids instead of the table,
whose rows carry every sealed column.
"""

from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index(
            'ix_contact_search', ['status', 'owner_id', 'name', 'company'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_search')
