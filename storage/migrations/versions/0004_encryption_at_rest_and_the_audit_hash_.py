"""encryption at rest and the audit hash chain

Revision ID: 0004
Revises: 0003

Sealed values are text tokens, so the sealed columns become plain Text (the application's
column types do the sealing). Existing plaintext rows keep reading as they are until
`capture-bot rotate-key` seals them; blind indexes replace the indexes on phone and email.
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.add_column(sa.Column('old_digest', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('new_digest', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('prev_hash', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(), nullable=True))

    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone_index', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('email_index', sa.String(length=32), nullable=True))
        for column in ('phone', 'email', 'address'):
            batch_op.alter_column(column, existing_type=sa.String(), type_=sa.Text(),
                                  existing_nullable=True)
        batch_op.drop_index('ix_contact_email')
        batch_op.drop_index('ix_contact_phone')
        batch_op.create_index('ix_contact_email_index', ['email_index'], unique=False)
        batch_op.create_index('ix_contact_phone_index', ['phone_index'], unique=False)

    for table, column in (('conversation', 'state'), ('merge', 'before')):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=sa.JSON(), type_=sa.Text(),
                                  existing_nullable=False,
                                  postgresql_using=f'"{column}"::text')


def downgrade() -> None:
    for table, column in (('conversation', 'state'), ('merge', 'before')):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=sa.Text(), type_=sa.JSON(),
                                  existing_nullable=False,
                                  postgresql_using=f'"{column}"::json')

    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_phone_index')
        batch_op.drop_index('ix_contact_email_index')
        batch_op.create_index('ix_contact_phone', ['phone'], unique=False)
        batch_op.create_index('ix_contact_email', ['email'], unique=False)
        for column in ('phone', 'email', 'address'):
            batch_op.alter_column(column, existing_type=sa.Text(), type_=sa.String(),
                                  existing_nullable=True)
        batch_op.drop_column('email_index')
        batch_op.drop_column('phone_index')

    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
        batch_op.drop_column('new_digest')
        batch_op.drop_column('old_digest')
