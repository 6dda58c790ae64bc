"""Customer links hand a record to one person only: its customer, never staff or a stranger.

The real core on a real database, fed the events the handlers would feed it.
"""

from __future__ import annotations

import json

from bot import flow
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
    manager_merges,
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


def mydata(core: Core, user_id: int = CUSTOMER) -> dict:  # type: ignore[type-arg]
    outcome = core.handle(Chat(core, user_id).actor, flow.Command("mydata"))
    document = outcome.replies[-1].document
    assert document is not None
    return json.loads(document)


def test_a_merge_takes_the_customer_link_to_the_kept_record_and_unmerge_gives_it_back(
    core: Core,
) -> None:
    """QA: merging her linked record into an unlinked one cut the customer off (/mydata empty,
    /update "no details linked to you", /view "not linked")."""
    kept = add_contact(core, {"name": "Mara Mischung", "phone": PERSON["phone"], "notes": "VIP"})
    gone = add_contact(core, {"name": "Mara Mischung", "email": PERSON["email"]})
    link_customer(core, gone)
    said = manager_merges(core, kept, gone)
    assert said == t("en", "dupe.merged", merged=gone, survivor=kept)
    assert linked_to(core, kept) == CUSTOMER and linked_to(core, gone) is None
    with session_scope(core.engine) as s:
        reminder = repo.get_reminder(s, kept)
        assert reminder is not None and reminder.user_id == CUSTOMER
        assert repo.get_reminder(s, gone) is None
    record = mydata(core)["contact"]
    assert record["id"] == kept and record["email"] == PERSON["email"]
    assert record["phone"] == PERSON["phone"] and "notes" not in record
    customer = Chat(core, CUSTOMER)
    assert customer.command("update") != t("en", "customer.no_record")
    restored = Chat(core, MANAGER).command("unmerge", str(kept))
    assert restored == t("en", "unmerge.done", a=kept, b=gone)
    assert linked_to(core, gone) == CUSTOMER and linked_to(core, kept) is None
    with session_scope(core.engine) as s:
        assert repo.get_reminder(s, kept) is None
        reminder = repo.get_reminder(s, gone)
        assert reminder is not None and reminder.user_id == CUSTOMER
    assert mydata(core)["contact"]["id"] == gone


def test_two_records_linked_to_two_customers_are_not_merged(core: Core) -> None:
    """Merged, one customer would read and change what the other gave: refused, both kept."""
    a = add_contact(core, {"name": "Mara Mischung", "phone": PERSON["phone"]})
    b = add_contact(core, {"name": "Mara Mischung", "email": PERSON["email"]})
    link_customer(core, a)
    link_customer(core, b, MALLORY)
    for lang in ("en", "zh"):
        manager = Chat(core, MANAGER, lang)
        with session_scope(core.engine) as s:
            candidate = repo.add_candidate(s, a, b, 0.9, "name") or repo.get_candidate(s, a, b)
            assert candidate is not None
            cid = candidate.id
        assert manager.menu("dmerge", str(cid)) == t(lang, "dupe.two_customers", a=a, b=b)
        assert manager.menu("dkeep", f"{cid}:{a}") == t(lang, "dupe.two_customers", a=a, b=b)
    with session_scope(core.engine) as s:
        for contact_id in (a, b):
            contact = repo.get_contact(s, contact_id)
            assert contact is not None and contact.status == "active"
    assert linked_to(core, a) == CUSTOMER and linked_to(core, b) == MALLORY
    theirs = mydata(core, MALLORY)["contact"]
    assert theirs["email"] == PERSON["email"] and theirs["phone"] is None
