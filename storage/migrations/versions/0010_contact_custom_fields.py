"""contact custom fields

Revision ID: 0010
Revises: 0009

A deployment's own fields (FIELDS_FILE) live in one sealed JSON column, so a new field needs no
migration: `extra` (the values, encrypted like the other personal columns), `extra_keys` (which
of them are filled, ",key,key,", plain: /stats counts completeness without decrypting a row) and
`extra_search` (the searchable fields' values, lower-cased, plain: what /find may match,
added to the narrow ix_contact_search so /find still scans only the index).
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('extra', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('extra_keys', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('extra_search', sa.String(), nullable=True))
        batch_op.drop_index('ix_contact_search')
        batch_op.create_index(
            'ix_contact_search', ['status', 'owner_id', 'name', 'company', 'extra_search'],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_search')
        batch_op.create_index(
            'ix_contact_search', ['status', 'owner_id', 'name', 'company'], unique=False
        )
        batch_op.drop_column('extra_search')
        batch_op.drop_column('extra_keys')
        batch_op.drop_column('extra')
