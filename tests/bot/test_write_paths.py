"""Nothing lost: on every write path a field nobody changed is identical afterwards.

Each path runs as it does in production — the real core for chat edits, the real merge, import,
key rotation and backup code — on SQLite and PostgreSQL. The chat edits are property-based: any
record, any subset of fields changed or cleared.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import contacts, flow, registry
from bot.core import Core
from bot.fields import Rejected
from bot.i18n import t
from bot.importer import import_rows, parse_csv
from bot.rotation import rotate_key
from storage import crypto, repo
from storage.backup import backup, restore
from storage.db import make_engine, session_scope
from tests.bot.conftest import (
    CLEARABLE,
    CUSTOM_VALUES,
    CUSTOMER,
    FIELDS,
    MANAGER,
    REP,
    VALUES,
    Chat,
    add_contact,
    fields_of,
    imported_id,
    link_customer,
    manager_merges,
)
from tests.conftest import TEST_SECRET

# Every registered field, the deployment's own included: each test here runs with the custom
# fields of tests/bot/conftest.py in force.
pytestmark = pytest.mark.usefixtures("custom_fields")
FIELDS = (*FIELDS, *CUSTOM_VALUES)
VALUES = {**VALUES, **CUSTOM_VALUES}
CLEARABLE = (*CLEARABLE, *CUSTOM_VALUES)

records = st.fixed_dictionaries({f: st.sampled_from(v) for f, v in VALUES.items()})
edits = st.dictionaries(st.sampled_from(FIELDS), st.one_of(st.none(), st.integers(0, 1)))


def _wanted(field: str, pick: int | None) -> str | None:
    """The value an edit sets: one of the samples, or None (cleared) for a clearable field."""
    if pick is None:
        return None if field in CLEARABLE else VALUES[field][0]
    return VALUES[field][pick]


HYPOTHESIS = settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


# --- 1. chat edits write only what was changed ---------------------------------------------------


@HYPOTHESIS
@given(record=records, edit=edits)
def test_a_rep_edit_changes_only_the_fields_the_rep_changed(
    core: Core, record: dict[str, str], edit: dict[str, int | None]
) -> None:
    contact_id = add_contact(core, record)
    before = fields_of(core.engine, contact_id)
    chat = Chat(core, REP)
    chat.command("cancel")
    chat.press("cancel_yes")
    chat.command("edit", str(contact_id))
    wanted = {f: _wanted(f, pick) for f, pick in edit.items()}
    for field, value in wanted.items():
        chat.change(field, value)
    assert "updated" in chat.save() or not flow.changed_fields(
        flow.State(mode="edit", draft={**record, **wanted}, original=record)
    )
    after = fields_of(core.engine, contact_id)
    for field in FIELDS:
        expected = wanted[field] if field in wanted else before[field]
        assert after[field] == expected, field


@HYPOTHESIS
@given(record=records, edit=edits)
def test_a_customer_update_changes_only_their_fields_and_never_staff_notes(
    core: Core, record: dict[str, str], edit: dict[str, int | None]
) -> None:
    contact_id = add_contact(core, record)
    user_id = CUSTOMER + contact_id
    link_customer(core, contact_id, user_id)
    before = fields_of(core.engine, contact_id)
    chat = Chat(core, user_id)
    menu = chat.buttons(flow.Command("update"))
    offered = {arg for action, arg in menu if action == "field"}
    assert offered == set(registry.current().customer)
    assert "notes" not in offered and "linkedin" not in offered and "industry" in offered
    wanted = {f: _wanted(f, p) for f, p in edit.items() if f in registry.current().customer}
    for field, value in wanted.items():
        chat.change(field, value)
    chat.save()
    after = fields_of(core.engine, contact_id)
    for field in FIELDS:
        expected = wanted[field] if field in wanted else before[field]
        assert after[field] == expected, field


def test_the_card_lead_edit_that_wiped_website_and_address(core: Core) -> None:
    """The reported case: only the title changed, website and address kept."""
    contact_id = add_contact(core, {**{f: VALUES[f][0] for f in FIELDS}})
    chat = Chat(core, REP)
    chat.command("edit", str(contact_id))
    chat.change("title", "CTO")
    summary = chat.press("summary")
    assert "Title: CTO (was: Purchasing Manager)" in summary
    assert "Website: https://www.acme.example" in summary
    assert "updated" in chat.save()
    after = fields_of(core.engine, contact_id)
    assert after["title"] == "CTO"
    assert after["website"] == VALUES["website"][0] and after["address"] == VALUES["address"][0]


def test_every_edit_menu_offers_every_field_and_the_summary_names_what_will_be_cleared(
    core: Core,
) -> None:
    contact_id = add_contact(core, {f: VALUES[f][0] for f in FIELDS})
    chat = Chat(core, REP)
    menu = chat.buttons(flow.Command("edit", str(contact_id)))
    assert {arg for action, arg in menu if action == "field"} == set(FIELDS)
    chat.change("address", None)
    summary = chat.press("summary")
    assert "Address: — (will be cleared; was: 88 Century Avenue, Pudong, Shanghai)" in summary


def test_an_edit_keeps_what_a_colleague_changed_meanwhile(core: Core) -> None:
    contact_id = add_contact(core, {f: VALUES[f][0] for f in FIELDS})
    chat = Chat(core, REP)
    chat.command("edit", str(contact_id))
    chat.change("title", "CTO")
    with session_scope(core.engine) as s:  # a manager changes the notes in the meantime
        contact = repo.get_contact(s, contact_id)
        assert contact is not None
        contact.notes = "Manager's note"
        s.add(contact)
    chat.save()
    after = fields_of(core.engine, contact_id)
    assert after["title"] == "CTO" and after["notes"] == "Manager's note"


def test_update_instead_from_a_card_keeps_the_fields_the_card_did_not_have(core: Core) -> None:
    """A card re-read into an existing lead: "Update #N instead" writes only what differs."""
    contact_id = add_contact(core, {f: VALUES[f][0] for f in FIELDS})
    chat = Chat(core, REP)
    card = flow.CardRead({"name": "Zhang Wei", "phone": "+8613800138000", "title": "CTO"}, ())
    chat.send(flow.Command("cancel"))
    chat.press("cancel_yes")
    with session_scope(core.engine) as s:
        user = repo.get_user(s, REP)
        assert user is not None
    state = flow.start_card(flow.Ctx("en", "CN"), None, card).state
    assert state is not None
    with session_scope(core.engine) as s:
        repo.save_conversation(s, REP, state.to_dict())
    chat.press("save")
    assert (chat.state() or {}).get("step") == "duplicate"
    said = chat.press("update", str(contact_id))
    assert "Title: CTO (was: Purchasing Manager)" in said
    chat.press("save")
    after = fields_of(core.engine, contact_id)
    assert after["title"] == "CTO"
    for field in ("notes", "website", "address", "email", "company"):
        assert after[field] == VALUES[field][0], field


# --- merge, unmerge, import, key rotation, backup -------------------------------------------------


def test_merge_then_unmerge_restores_both_and_keeps_a_later_edit(core: Core) -> None:
    a = add_contact(core, {"name": "Zhang Wei", "phone": "+8613800138000", "title": "CEO"})
    b = add_contact(core, {**{f: VALUES[f][1] for f in FIELDS}, "name": "Zhang Wei"})
    before_a, before_b = fields_of(core.engine, a), fields_of(core.engine, b)
    with session_scope(core.engine) as s:
        survivor, other = repo.get_contact(s, a), repo.get_contact(s, b)
        assert survivor and other
        contacts.merge(s, contacts.plan_merge(survivor, other), {}, actor_id=MANAGER)
    merged = fields_of(core.engine, a)
    assert merged["title"] == "CEO" and merged["phone"] == "+8613800138000"  # kept: no choice
    assert merged["website"] == VALUES["website"][1]  # a gap filled
    with session_scope(core.engine) as s:  # someone edits the survivor after the merge
        survivor = repo.get_contact(s, a)
        assert survivor
        contacts.update(s, survivor, {"company": "Later Co"}, actor_id=REP)
    with session_scope(core.engine) as s:
        assert not isinstance(contacts.unmerge(s, a, actor_id=MANAGER), str)
    assert fields_of(core.engine, a) == {**before_a, "company": "Later Co"}
    assert fields_of(core.engine, b) == before_b


def test_a_customer_edit_in_flight_during_a_merge_lands_on_the_kept_record(core: Core) -> None:
    """QA: the customer typed a new title, a manager merged her record away, and her Save was
    refused ("erased or merged while you were editing"): the kept record is hers now."""
    kept = add_contact(core, {"name": "Wanda Wechsel", "phone": VALUES["phone"][0]})
    gone = add_contact(core, {"name": "Wanda Wechsel", "email": VALUES["email"][0]})
    link_customer(core, gone)
    customer = Chat(core, CUSTOMER)
    customer.command("update")
    customer.change("title", "Chief Changer")
    manager_merges(core, kept, gone)
    assert customer.save() == t("en", "self.saved")
    after = fields_of(core.engine, kept)
    assert after["title"] == "Chief Changer"
    assert after["phone"] == VALUES["phone"][0] and after["email"] == VALUES["email"][0]
    assert fields_of(core.engine, gone)["title"] is None


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_rep_edit_of_a_record_merged_meanwhile_changes_only_what_the_rep_changed(
    core: Core, lang: str
) -> None:
    """Written onto the kept record and said so; a value the rep cleared is cleared only where
    the kept record holds what the rep saw, and a changed note replaces only the rep's part."""
    kept = add_contact(
        core, {"name": "Wanda Wechsel", "phone": VALUES["phone"][0], "company": "Kept AG",
               "notes": "first note"},
    )  # fmt: skip
    gone = add_contact(
        core, {"name": "Wanda Wechsel", "email": VALUES["email"][0], "company": "Gone AG",
               "website": VALUES["website"][0], "notes": "second note"},
    )  # fmt: skip
    rep = Chat(core, REP, lang)
    rep.command("edit", str(gone))
    rep.change("title", "CTO")
    rep.change("company", None)  # the rep saw Gone AG; the manager keeps Kept AG
    rep.change("website", None)  # filled in from the record merged away: the rep's to clear
    rep.change("notes", "second note, corrected")
    manager_merges(core, kept, gone)
    said = rep.save()
    assert t(lang, "edit.followed_merge", merged=gone, survivor=kept) in said
    assert t(lang, "capture.updated", id=kept, name="Wanda Wechsel") in said
    after = fields_of(core.engine, kept)
    assert after["title"] == "CTO" and after["company"] == "Kept AG" and after["website"] is None
    assert after["notes"] == "first note\n\nsecond note, corrected"
    assert after["phone"] == VALUES["phone"][0] and after["email"] == VALUES["email"][0]


def test_reimporting_the_same_file_changes_nothing(core: Core) -> None:
    csv = (
        "external_id,name,company,title,phone,email,address,country,notes,industry,linkedin\n"
        "crm-1,Zhang Wei,Acme,CEO,+8613800138000,zw@example.org,88 Century Ave,CN,VIP,零售,"
        "linkedin.com/in/zw\n"
    )
    contact_id = imported_id(core, csv, "crm-1")
    imported = fields_of(core.engine, contact_id)
    assert imported["industry"] == "retail" and imported["linkedin"] == "https://linkedin.com/in/zw"
    with session_scope(core.engine) as s:
        contact = repo.get_contact(s, contact_id)
        assert contact is not None
        contact.notes = "edited after import"
        s.add(contact)
    before = fields_of(core.engine, contact_id)
    report = import_rows(core.engine, parse_csv(csv), region="CN")
    assert report.skipped == 1 and report.imported == 0
    assert fields_of(core.engine, contact_id) == before


def test_key_rotation_keeps_every_field(core: Core) -> None:
    contact_id = add_contact(core, {f: VALUES[f][0] for f in FIELDS})
    before = fields_of(core.engine, contact_id)
    new_key = b"another-secret-key-for-the-rotation-test"
    try:
        rotate_key(core.engine, old=TEST_SECRET.encode(), new=new_key)
        assert fields_of(core.engine, contact_id) == before
    finally:
        rotate_key(core.engine, old=new_key, new=TEST_SECRET.encode())
    assert fields_of(core.engine, contact_id) == before


def test_backup_then_restore_keeps_every_field(core: Core, tmp_path: Path) -> None:
    contact_id = add_contact(core, {f: VALUES[f][0] for f in FIELDS})
    before = fields_of(core.engine, contact_id)
    url = core.engine.url.render_as_string(hide_password=False)
    method = "auto" if core.engine.dialect.name == "sqlite" else "logical"
    path = backup(url, tmp_path / "backups", method=method)
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    restore(target, path, keyring=crypto.current())
    restored = make_engine(target)
    try:
        assert fields_of(restored, contact_id) == before
    finally:
        restored.dispose()


def test_validated_samples_are_already_normal() -> None:
    """The samples above are stored as typed, so 'unchanged' compares like with like."""
    for field, samples in VALUES.items():
        for sample in samples:
            assert registry.current().validate(field, sample, "CN") == sample, (field, sample)
    assert not isinstance(registry.current().validate("title", "CTO", "CN"), Rejected)


def test_an_edit_the_record_already_holds_says_nothing_changed_and_writes_no_history(
    core: Core,
) -> None:
    """A colleague made the same change while the rep was editing: no "updated", no entry."""
    contact_id = add_contact(core, {**{f: VALUES[f][0] for f in FIELDS}})
    chat = Chat(core, REP)
    chat.command("edit", str(contact_id))
    chat.change("title", "CTO")
    with session_scope(core.engine) as s:
        contact = repo.get_contact(s, contact_id)
        assert contact is not None
        contacts.update(s, contact, {"title": "CTO"}, actor_id=MANAGER)
    said = chat.save()
    assert "Nothing was changed" in said and "updated" not in said
    with session_scope(core.engine) as s:
        rep_entries = [e for e in repo.audit_for_contact(s, contact_id) if e.actor_id == REP]
    assert [e.action for e in rep_entries] == ["create"]
