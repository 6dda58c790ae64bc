"""Customer links hand a record to one person only: its customer, never staff or a stranger.

The real core on a real database, fed the events the handlers would feed it.
"""

from __future__ import annotations

from bot.core import Core
from bot.i18n import t
from bot.replies import Action
from storage import repo
from storage.db import session_scope
from storage.models import Invite, utcnow
from tests.bot.conftest import (
    CUSTOMER,
    FIELDS,
    MANAGER,
    REP,
    VALUES,
    Chat,
    add_contact,
    link_customer,
)

PERSON = {f: VALUES[f][0] for f in FIELDS}
MALLORY = 7100


def invite(rep: Chat, contact_id: int) -> str:
    """The payload of the link a rep's "Invite customer" gives."""
    said = rep.menu(Action.INVITE, str(contact_id))
    return said.split("start=")[1].split()[0]


def linked_to(core: Core, contact_id: int) -> int | None:
    with session_scope(core.engine) as s:
        contact = repo.get_contact(s, contact_id)
        assert contact is not None
        return contact.customer_user_id


def test_a_new_link_cancels_the_older_ones_not_used_yet(core: Core) -> None:
    contact_id = add_contact(core, PERSON)
    rep = Chat(core, REP)
    first = invite(rep, contact_id)
    said = rep.menu(Action.INVITE, str(contact_id))
    assert t("en", "invite.older_cancelled", id=contact_id) in said
    second = said.split("start=")[1].split()[0]
    customer = Chat(core, CUSTOMER)
    assert customer.command("start", first) == t("en", "invite.unknown")
    assert customer.menu(Action.CONSENT_YES, f"i:{first}") == t("en", "invite.unknown")
    assert linked_to(core, contact_id) is None
    customer.command("start", second)
    assert t("en", "consent.thanks") in customer.menu(Action.CONSENT_YES, f"i:{second}")
    assert linked_to(core, contact_id) == CUSTOMER


def test_a_link_to_a_record_linked_to_someone_else_changes_nothing(core: Core) -> None:
    contact_id = add_contact(core, PERSON)
    rep = Chat(core, REP)
    older = invite(rep, contact_id)
    link_customer(core, contact_id)  # e.g. by sharing their own number: the open link dies
    assert Chat(core, MALLORY).command("start", older) == t("en", "invite.unknown")
    with session_scope(core.engine) as s:  # a live link left from before this rule
        s.add(Invite(token="i_left", kind="customer", contact_id=contact_id, created_by=REP,
                     expires_at=utcnow().replace(year=2100)))  # fmt: skip
    mallory = Chat(core, MALLORY)
    assert mallory.command("start", "i_left") == t("en", "invite.record_taken")
    assert mallory.menu(Action.CONSENT_YES, "i:i_left") == t("en", "invite.record_taken")
    assert linked_to(core, contact_id) == CUSTOMER
    assert mallory.command("mydata") != ""
    with session_scope(core.engine) as s:
        assert repo.contact_of_customer(s, MALLORY) is None
        left = repo.get_invite(s, "i_left")
        assert left is not None and left.used_at is None
    # and a rep pressing Invite on an old /view of the linked record gets no new link
    assert rep.menu(Action.INVITE, str(contact_id)) == t(
        "en", "invite.already_linked", id=contact_id
    )


def test_staff_opening_a_customer_link_are_told_to_forward_it(core: Core) -> None:
    contact_id = add_contact(core, PERSON)
    rep, manager = Chat(core, REP), Chat(core, MANAGER)
    payload = invite(rep, contact_id)
    for member in (rep, manager):
        assert member.command("start", payload) == t("en", "invite.for_staff")
        assert member.menu(Action.CONSENT_YES, f"i:{payload}") == t("en", "invite.for_staff")
    campaign = manager.command("campaign", "Expo").split("start=")[1].split()[0]
    assert rep.command("start", campaign) == t("en", "campaign.for_staff")
    assert rep.menu(Action.CONSENT_YES, f"c:{campaign[2:]}") == t("en", "campaign.for_staff")
    assert rep.menu(Action.CONSENT_YES, f"p:{contact_id}") == t("en", "consent.staff")
    assert linked_to(core, contact_id) is None
    with session_scope(core.engine) as s:
        left = repo.get_invite(s, payload)
        assert left is not None and left.used_at is None
        for staff in (REP, MANAGER):
            user = repo.get_user(s, staff)
            assert user is not None and user.role in ("rep", "manager")
            assert not repo.consents_of(s, staff)
    # the customer still can
    customer = Chat(core, CUSTOMER)
    customer.command("start", payload)
    assert t("en", "consent.thanks") in customer.menu(Action.CONSENT_YES, f"i:{payload}")


def test_a_customer_changing_language_gets_their_own_menu(core: Core) -> None:
    link_customer(core, add_contact(core, PERSON))
    customer = Chat(core, CUSTOMER)
    said = customer.menu(Action.LANGUAGE, "zh")
    assert said == t("zh", "language.set") + "\n" + t("zh", "customer.hint")
    said = customer.menu(Action.LANGUAGE, "en")
    assert said == t("en", "language.set") + "\n" + t("en", "customer.hint")
    stranger = Chat(core, MALLORY)
    assert t("zh", "stranger.hello") in stranger.menu(Action.LANGUAGE, "zh")
