"""processed updates

Revision ID: 0005
Revises: 0004
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('processedupdate',
    sa.Column('update_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('update_id')
    )
    with op.batch_alter_table('processedupdate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_processedupdate_at'), ['at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('processedupdate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_processedupdate_at'))

    op.drop_table('processedupdate')
