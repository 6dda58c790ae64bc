"""contact card-photo indexes (partial: only contacts with a card photo)

The hourly expiry of card photos and its check of which photos are still in use scanned the
whole contact table; at 10^6 contacts that held SQLite's write lock for about 2 s.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

HAS_CARD = sa.text("card_path IS NOT NULL")


def upgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index('ix_contact_card_created', ['created_at'], unique=False,
                              sqlite_where=HAS_CARD, postgresql_where=HAS_CARD)
        batch_op.create_index('ix_contact_card_path', ['card_path'], unique=False,
                              sqlite_where=HAS_CARD, postgresql_where=HAS_CARD)


def downgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_card_path')
        batch_op.drop_index('ix_contact_card_created')
