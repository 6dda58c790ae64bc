"""duplicate-matching weights estimated from the deployment's contacts

Revision ID: 0012
Revises: 0011

`capture-bot duplicates --train` keeps each estimate (bot/linkage.py); the newest is used.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'matchmodel',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('model', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('pairs', sa.Integer(), nullable=False),
        sa.Column('contacts', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade() -> None:
    op.drop_table('matchmodel')
