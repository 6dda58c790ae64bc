"""a customer's link moves to the record hers was merged into (data only)

Before this release a merge left the customer linked to the record merged away, which nobody
reads: she lost /mydata and /update, and her /forget erased nothing. Each such link (and its
reminder) moves to the active record at the end of the merge chain, unless that record has a
customer of its own. Nothing to undo: the merged-away record is never read for its link.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

contact = sa.table('contact', sa.column('id', sa.Integer), sa.column('status', sa.String),
                   sa.column('merged_into_id', sa.Integer),
                   sa.column('customer_user_id', sa.BigInteger))
reminder = sa.table('reminder', sa.column('contact_id', sa.Integer))


def upgrade() -> None:
    bind = op.get_bind()
    columns = (contact.c.id, contact.c.status, contact.c.merged_into_id, contact.c.customer_user_id)
    rows = {r.id: dict(r._mapping) for r in bind.execute(sa.select(*columns).where(
        sa.or_(contact.c.status == 'merged', contact.c.customer_user_id.is_not(None))))}
    for row in [r for _, r in sorted(rows.items())]:
        if row['status'] != 'merged' or row['customer_user_id'] is None:
            continue
        kept_id, seen = row['merged_into_id'], {row['id']}
        while kept_id in rows and rows[kept_id]['status'] == 'merged' and kept_id not in seen:
            seen.add(kept_id)
            kept_id = rows[kept_id]['merged_into_id']
        kept = rows.get(kept_id)
        if kept is None and kept_id is not None:  # active and unlinked: not read above
            found = bind.execute(sa.select(*columns).where(contact.c.id == kept_id)).first()
            kept = dict(found._mapping) if found is not None else None
        if kept is None or kept['status'] != 'active' or kept['customer_user_id'] is not None:
            continue
        bind.execute(contact.update().where(contact.c.id == kept['id'])
                     .values(customer_user_id=row['customer_user_id']))
        bind.execute(contact.update().where(contact.c.id == row['id'])
                     .values(customer_user_id=None))
        # a reminder on a record without a customer is stale
        bind.execute(reminder.delete().where(reminder.c.contact_id == kept['id']))
        bind.execute(reminder.update().where(reminder.c.contact_id == row['id'])
                     .values(contact_id=kept['id']))
        rows[kept['id']] = {**kept, 'customer_user_id': row['customer_user_id']}


def downgrade() -> None:
    pass
