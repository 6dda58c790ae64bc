"""delivery failures and search by domain

Revision ID: 0009
Revises: 0008

Side messages Telegram refused (a manager who never opened the bot) are recorded: the user's
mark and one row per undelivered alert. /find by domain gets blind indexes of each contact's
email domain and website host, filled here when the key is configured (the CLI and the bot
configure it before migrating; otherwise `capture-bot rotate-key` fills them).
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
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_domain_index', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('website_index', sa.String(length=32), nullable=True))
        batch_op.create_index('ix_contact_email_domain',
                              ['email_domain_index', 'status', 'owner_id'], unique=False)
        batch_op.create_index('ix_contact_website_domain',
                              ['website_index', 'status', 'owner_id'], unique=False)
    _fill_domain_indexes()


def _fill_domain_indexes() -> None:
    """Existing contacts' domain indexes, in batches (emails are sealed: read through the
    application's column types, which need the key)."""
    from storage.crypto import KeyringNotConfigured, current
    from storage.models import Contact, domain_index

    try:
        current()
    except KeyringNotConfigured:
        return
    table = Contact.__table__
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            sa.select(table.c.id, table.c.email, table.c.website)
            .where(table.c.id > last, sa.or_(table.c.email.is_not(None),
                                             table.c.website.is_not(None)))
            .order_by(table.c.id).limit(2000)
        ).all()
        if not rows:
            return
        for row in rows:
            bind.execute(
                table.update().where(table.c.id == row.id).values(
                    email_domain_index=domain_index(row.email),
                    website_index=domain_index(row.website),
                )
            )
        last = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_website_domain')
        batch_op.drop_index('ix_contact_email_domain')
        batch_op.drop_column('website_index')
        batch_op.drop_column('email_domain_index')
    op.drop_index('ix_undelivered_user_id', table_name='undelivered')
    op.drop_table('undelivered')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('undelivered_reason')
        batch_op.drop_column('undelivered_at')
