"""weekly digest opt-out and the outbound hooks' outbox

Revision ID: 0011
Revises: 0010

user.digest_off: a manager's /digest off. ix_contact_status_created_owner: the /stats chart's
leads per rep per week, read from the index alone. hookevent: contact events waiting for (or delivered
to) the HOOK_TARGETS receivers, written in the same transaction as the change.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('digest_off', sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index(
            'ix_contact_status_created_owner', ['status', 'created_at', 'owner_id'], unique=False
        )
    op.create_table('hookevent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('event', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    with op.batch_alter_table('hookevent', schema=None) as batch_op:
        batch_op.create_index('ix_hookevent_state_next', ['state', 'next_at'], unique=False)
        batch_op.create_index(
            'ix_hookevent_target_contact', ['target', 'contact_id', 'id'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('hookevent', schema=None) as batch_op:
        batch_op.drop_index('ix_hookevent_target_contact')
        batch_op.drop_index('ix_hookevent_state_next')
    op.drop_table('hookevent')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_status_created_owner')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('digest_off')
