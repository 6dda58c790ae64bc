"""duplicates: blocking keys, candidates, merges

Revision ID: 0002
Revises: 0001
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('contactkey',
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('contact_id', 'key')
    )
    with op.batch_alter_table('contactkey', schema=None) as batch_op:
        batch_op.create_index('ix_contactkey_key_contact', ['key', 'contact_id'], unique=False)

    op.create_table('duplicatecandidate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('a_id', sa.Integer(), nullable=False),
    sa.Column('b_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('reasons', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('pending', sa.JSON(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('decided_by', sa.BigInteger(), nullable=True),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('duplicatecandidate', schema=None) as batch_op:
        batch_op.create_index('ix_dupe_pair', ['a_id', 'b_id'], unique=True)
        batch_op.create_index('ix_dupe_status_created', ['status', 'created_at'], unique=False)

    op.create_table('merge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survivor_id', sa.Integer(), nullable=False),
    sa.Column('merged_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.Column('by', sa.BigInteger(), nullable=True),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('undone_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('merge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_merge_merged_id'), ['merged_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_merge_survivor_id'), ['survivor_id'], unique=False)

    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_column('merged_into_id')

    with op.batch_alter_table('merge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_merge_survivor_id'))
        batch_op.drop_index(batch_op.f('ix_merge_merged_id'))

    op.drop_table('merge')
    with op.batch_alter_table('duplicatecandidate', schema=None) as batch_op:
        batch_op.drop_index('ix_dupe_status_created')
        batch_op.drop_index('ix_dupe_pair')

    op.drop_table('duplicatecandidate')
    with op.batch_alter_table('contactkey', schema=None) as batch_op:
        batch_op.drop_index('ix_contactkey_key_contact')

    op.drop_table('contactkey')
