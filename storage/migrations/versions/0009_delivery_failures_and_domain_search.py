"""delivery failures and search by domain

Revision ID: 0009
Revises: 0008

Side messages Telegram refused (a manager who never opened the bot) are recorded: the user's
mark and one row per undelivered alert.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('undelivered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('undelivered_reason', sa.String(), nullable=True))
    op.create_table(
        'undelivered',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('user_id', sa.BigInteger(), nullable=False),
        sa.Column('candidate_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.String(), nullable=False),
        sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )
    op.create_index('ix_undelivered_user_id', 'undelivered', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_undelivered_user_id', table_name='undelivered')
    op.drop_table('undelivered')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('undelivered_reason')
        batch_op.drop_column('undelivered_at')
