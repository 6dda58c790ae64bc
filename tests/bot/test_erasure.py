"""Erasure is final everywhere, customers see only what is theirs, and roles can be taken back.

The real core on SQLite and PostgreSQL, fed the events the handlers would feed it.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from bot import contacts, customers, flow
from bot.core import Core
from bot.export import write_contacts
from bot.i18n import label_list, t
from bot.importer import import_rows, parse_csv, parse_json_lines, parse_vcards
from storage import crypto, repo
from storage.backup import backup, restore
from storage.db import make_engine, migrate, session_scope
from storage.files import ERASURES, save_card_image
from storage.models import AuditEvent, Contact, Invite, Merge, utcnow
from tests.bot.conftest import (
    CUSTOMER,
    FIELDS,
    MANAGER,
    REP,
    VALUES,
    Chat,
    add_contact,
    imported_id,
    link_customer,
    manager_merges,
)

PERSON = {f: VALUES[f][0] for f in FIELDS}


def merged_pair(core: Core) -> tuple[int, int]:
    """Two records of Zhang Wei, the second merged into the first."""
    a = add_contact(core, PERSON)
    b = add_contact(core, {**PERSON, "phone": "+8613900139000", "notes": "second note"})
    with session_scope(core.engine) as s:
        survivor, other = repo.get_contact(s, a), repo.get_contact(s, b)
        assert survivor and other
        contacts.merge(s, contacts.plan_merge(survivor, other), {}, actor_id=MANAGER)
    return a, b


def forget(core: Core, user_id: int) -> str:
    chat = Chat(core, user_id)
    chat.command("forget")
    return chat.menu("forget", "yes")


def test_forget_erases_the_merge_chain_snapshots_and_history(core: Core) -> None:
    a, b = merged_pair(core)
    link_customer(core, a)
    assert "erased" in forget(core, CUSTOMER)
    with session_scope(core.engine) as s:
        for contact_id in (a, b):
            contact = repo.get_contact(s, contact_id)
            assert contact is not None and contact.status == "erased"
            assert contact.name == "" and not any(contact.value(f) for f in FIELDS[1:])
            events = repo.audit_for_contact(s, contact_id)
            assert events and all(e.old_value is None and e.new_value is None for e in events)
        assert all(m.before == {} for m in s.exec(select(Merge)))
    chat = Chat(core, MANAGER)
    assert chat.command("unmerge", str(a)) == t("en", "unmerge.erased", id=a)  # QA: was "none"
    assert chat.command("unmerge", "99999999") == t("en", "contact.not_found", id="99999999")
    with session_scope(core.engine) as s:
        contact = repo.get_contact(s, a)
        assert contact is not None and contact.status == "erased" and contact.name == ""


def test_forget_after_her_record_was_merged_away_erases_the_kept_record(core: Core) -> None:
    """QA: linked to the record merged away, /forget said "erased" and erased nothing: the
    manager's /view of the kept record still showed her name, phone and email."""
    kept = add_contact(core, {"name": "Vera Vergessen", "phone": PERSON["phone"]})
    gone = add_contact(core, {"name": "Vera Vergessen", "email": PERSON["email"]})
    link_customer(core, gone)
    manager_merges(core, kept, gone)
    assert t("en", "forget.done") in forget(core, CUSTOMER)
    with session_scope(core.engine) as s:
        for contact_id in (kept, gone):
            contact = repo.get_contact(s, contact_id)
            assert contact is not None and contact.status == "erased" and contact.name == ""
            assert contact.phone is None and contact.email is None
    view = Chat(core, MANAGER).command("view", str(kept))
    assert PERSON["email"] not in view and "Vera" not in view


def test_unmerge_of_an_erased_record_is_refused(core: Core) -> None:
    a, _b = merged_pair(core)
    with session_scope(core.engine) as s:  # erased by a path that left the merge record
        contact = repo.get_contact(s, a)
        assert contact is not None
        contact.status = "erased"
        s.add(contact)
    with session_scope(core.engine) as s:
        assert contacts.unmerge(s, a, actor_id=MANAGER) == "unmerge.erased"


def test_a_rep_editing_an_erased_lead_cannot_write_it_back(core: Core) -> None:
    contact_id = add_contact(core, PERSON)
    link_customer(core, contact_id)
    rep = Chat(core, REP)
    rep.command("edit", str(contact_id))
    rep.change("title", "CTO")
    forget(core, CUSTOMER)
    rep.press("summary")
    said = rep.press("save")
    assert said == t("en", "edit.gone")
    assert rep.state() is None  # the draft is discarded
    with session_scope(core.engine) as s:
        contact = repo.get_contact(s, contact_id)
        assert contact is not None and contact.status == "erased" and contact.title is None


def test_erasure_scrubs_open_drafts_that_hold_the_person(core: Core) -> None:
    contact_id = add_contact(core, PERSON)
    link_customer(core, contact_id)
    rep = Chat(core, REP)
    rep.command("edit", str(contact_id))
    forget(core, CUSTOMER)
    state = rep.state()
    assert state is not None and state["draft"] == {} and state["original"] == {}
    assert "Zhang Wei" not in json.dumps(state, ensure_ascii=False)


def test_a_lead_reassigned_while_a_rep_edits_it_is_refused_at_save(core: Core) -> None:
    contact_id = add_contact(core, PERSON)
    rep = Chat(core, REP)
    rep.command("edit", str(contact_id))
    rep.change("title", "CTO")
    with session_scope(core.engine) as s:
        contact = repo.get_contact(s, contact_id)
        assert contact is not None
        contact.owner_id = 999
        s.add(contact)
    rep.press("summary")
    assert rep.press("save") == t("en", "edit.not_yours_now")
    assert rep.state() is None
    with session_scope(core.engine) as s:
        contact = repo.get_contact(s, contact_id)
        assert contact is not None and contact.title == PERSON["title"]


def test_erasure_deletes_the_card_photo_at_once(core: Core) -> None:
    data_dir = core.settings.capture_data_dir
    path = save_card_image(data_dir, b"\xff\xd8\xff\xe0 not really a jpeg")
    contact_id = add_contact(core, PERSON, card_path=path)
    link_customer(core, contact_id)
    assert (data_dir / path).exists()
    forget(core, CUSTOMER)
    assert not (data_dir / path).exists()


def test_a_reimport_does_not_bring_an_erased_person_back(core: Core) -> None:
    csv = (
        "external_id,name,company,title,phone,email,address,country,notes\n"
        "crm-7,Zhang Wei,Acme,CEO,+8613800138000,zw@example.org,,CN,\n"
    )
    contact_id = imported_id(core, csv, "crm-7")
    link_customer(core, contact_id)
    forget(core, CUSTOMER)
    report = import_rows(core.engine, parse_csv(csv), region="CN")
    assert report.imported == 0 and report.erased == 1
    assert "erased on request (skipped): 1" in report.render()
    with session_scope(core.engine) as s:
        assert repo.get_contact_by_external_id(s, "crm-7") is None
        assert [c.status for c in s.exec(select(Contact))] == ["erased"]


@pytest.mark.parametrize("fmt", ["vcf", "json", "csv"])
def test_an_export_from_before_an_erasure_does_not_bring_the_person_back(
    core: Core, fmt: str
) -> None:
    contact_id = add_contact(core, PERSON)  # captured in the chat: no external_id to tombstone
    link_customer(core, contact_id)
    out = io.StringIO()
    with session_scope(core.engine) as s:
        write_contacts(s.exec(select(Contact)), fmt, out)
    forget(core, CUSTOMER)
    parse = {"vcf": parse_vcards, "json": parse_json_lines, "csv": parse_csv}[fmt]
    report = import_rows(core.engine, parse(out.getvalue()), region="CN")
    assert (report.imported, report.erased) == (0, 1), report.render()
    with session_scope(core.engine) as s:
        assert [c.status for c in s.exec(select(Contact))] == ["erased"]


def test_a_manager_erases_a_person_who_never_used_the_bot(core: Core) -> None:
    a, b = merged_pair(core)
    manager = Chat(core, MANAGER)
    question = manager.command("erase", str(b))  # the merged-away number: the whole person
    assert f"#{a} Zhang Wei" in question
    assert manager.menu("erase", "no") == t("en", "erase.kept")
    assert "#1, #2" in manager.menu("erase", str(a))
    with session_scope(core.engine) as s:
        assert {c.status for c in s.exec(select(Contact))} == {"erased"}
        by_manager = select(AuditEvent).where(AuditEvent.actor_id == MANAGER)
        actions = [e.action for e in s.exec(by_manager)]
        assert actions.count("erase") == 2
    assert manager.command("erase", str(a)) == t("en", "erase.already", id=str(a))
    rep = Chat(core, REP)
    assert rep.command("erase", str(a)) == t("en", "role.not_allowed")
    assert rep.menu("erase", str(a)) == t("en", "role.not_allowed")


def test_erased_text_does_not_stay_in_the_sqlite_file(core: Core, engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's file pages; PostgreSQL's VACUUM is the server's business")
    name = "Bartholomew Quixotewright"
    path = Path(engine.url.database or "")
    wal = path.with_name(path.name + "-wal")
    assert core.checkpoint()  # the first one after a start empties the WAL
    assert wal.stat().st_size == 0
    contact_id = add_contact(core, {**PERSON, "name": name})
    link_customer(core, contact_id)
    forget(core, CUSTOMER)
    assert name.encode() in wal.read_bytes()  # the frames before the erasure, as SQLite keeps them
    assert core.checkpoint()  # the bot's timer after an erasure, the engine still open
    assert wal.stat().st_size == 0
    assert name.encode() not in path.read_bytes()
    assert core.checkpoint()  # nothing erased since: a passive one


# --- customers see only what is theirs ---------------------------------------------------------


def test_mydata_and_the_customer_summary_never_show_staff_notes(core: Core) -> None:
    contact_id = add_contact(core, PERSON)
    link_customer(core, contact_id)
    chat = Chat(core, CUSTOMER)
    outcome = core.handle(chat.actor, flow.Command("mydata"))
    document = outcome.replies[0].document
    assert document is not None
    data = document.decode()
    assert "INTERNAL" not in data and "notes" not in data
    assert "Zhang Wei" in data  # their own values are there
    summary = chat.command("update") + chat.press("summary")
    assert "INTERNAL" not in summary and "Notes" not in summary
    assert "Website" in summary


def test_a_shared_office_number_does_not_open_a_record(core: Core) -> None:
    office = "+861088886666"  # a Beijing fixed line
    add_contact(core, {**PERSON, "phone": office})
    chat = Chat(core, 8001)
    said = chat.send(flow.SharedContact(office, "Wei", own=True))
    assert said == t("en", "customer.shared_number")
    mobile = "+8613700137000"
    add_contact(core, {**PERSON, "name": "Li Na", "phone": mobile})
    add_contact(core, {**PERSON, "name": "Li Na's colleague", "phone": mobile})
    said = chat.send(flow.SharedContact(mobile, "Na", own=True))
    assert said == t("en", "customer.shared_number")
    own = "+8613600136000"
    add_contact(core, {**PERSON, "name": "Wang Fang", "phone": own})
    assert "Before we continue" in Chat(core, 8002).send(flow.SharedContact(own, "F", own=True))


def test_the_consent_text_names_every_stored_field() -> None:
    for lang in ("en", "zh"):
        consent = customers.consent_text(lang)
        for field in FIELDS:
            label = t(lang, f"field.{field}")
            assert label_list(lang, [label]) in consent, (lang, field)  # "phone", "WeChat"


# --- roles that can be taken back --------------------------------------------------------------


def test_admin_ids_are_authoritative_at_start_up(core: Core) -> None:
    with session_scope(core.engine) as s:
        repo.set_role(s, 555, "admin", actor_id=None)
    assert core.sync_admins() == [555]
    with session_scope(core.engine) as s:
        user = repo.get_user(s, 555)
        assert user is not None and user.role is None
        roles = [e for e in s.exec(select(AuditEvent).where(AuditEvent.action == "role"))]
        assert roles[-1].field == "555" and roles[-1].new_value is None


def test_an_invitation_dies_with_its_inviters_rights(core: Core) -> None:
    manager = Chat(core, MANAGER)
    link = manager.command("invite", "rep")
    token = link.split("start=")[1].split()[0]
    with session_scope(core.engine) as s:
        user = repo.get_user(s, MANAGER)
        assert user is not None
        user.active = False
        s.add(user)
    assert Chat(core, 8100).command("start", token) == t("en", "invite.revoked")
    contact_id = add_contact(core, PERSON)
    with session_scope(core.engine) as s:  # a customer link from a disabled rep stops too
        s.add(Invite(token="i_tok", kind="customer", contact_id=contact_id,
                     created_by=MANAGER, expires_at=utcnow().replace(year=2100)))  # fmt: skip
    assert t("en", "invite.revoked") in Chat(core, 8101).command("start", "i_tok")


def test_a_reps_duplicate_warning_does_not_describe_another_reps_lead(core: Core) -> None:
    add_contact(core, {**PERSON, "company": "Secret Client Co"}, owner=MANAGER)
    rep = Chat(core, REP)
    rep.command("new")
    for answer in ("Zhang Wei", "+8613800138000"):
        rep.text(answer)
    for _ in range(4):
        rep.command("skip")
    warning = rep.press("save")
    assert "Secret Client Co" not in warning and "#1" not in warning
    assert t("en", "duplicate.line_colleague", owner="Tester", reason="x").split(",")[0] in warning


def test_a_backup_from_before_an_erasure_does_not_bring_the_person_back(
    core: Core, tmp_path: Path
) -> None:
    a, b = merged_pair(core)
    link_customer(core, a)
    other = add_contact(core, {**PERSON, "name": "Li Na", "phone": "+8613700137000"})
    url = core.engine.url.render_as_string(hide_password=False)
    method = "auto" if core.engine.dialect.name == "sqlite" else "logical"
    old_backup = backup(url, tmp_path / "backups", method=method)
    assert "erased" in forget(core, CUSTOMER)

    target = f"sqlite:///{tmp_path / 'restored.db'}"
    restore(target, old_backup, keyring=crypto.current())
    restored = make_engine(target)
    try:
        migrate(restored)
        with session_scope(restored) as s:  # the old backup still holds Zhang Wei ...
            contact = repo.get_contact(s, a)
            assert contact is not None and contact.name == "Zhang Wei"
        again = Core(core.settings, restored)
        assert again.replay_erasures() == [a, b]  # ... until the ledger is replayed at start
        with session_scope(restored) as s:
            for contact_id in (a, b):
                contact = repo.get_contact(s, contact_id)
                assert contact is not None and contact.status == "erased" and contact.name == ""
                events = repo.audit_for_contact(s, contact_id)
                assert all(e.old_value is None and e.new_value is None for e in events)
            assert all(m.before == {} for m in s.exec(select(Merge)))
            customer = repo.get_user(s, CUSTOMER)
            assert customer is not None and customer.role is None and customer.first_name == ""
            survivor = repo.get_contact(s, other)  # nobody else is touched
            assert survivor is not None and survivor.name == "Li Na"
        assert again.replay_erasures() == []  # and once is enough
    finally:
        restored.dispose()


def test_the_ledger_holds_no_personal_data_and_replaying_it_live_changes_nothing(
    core: Core,
) -> None:
    a = add_contact(core, PERSON)
    manager = Chat(core, MANAGER)
    manager.command("erase", str(a))
    manager.menu("erase", str(a))
    ledger = (core.settings.capture_data_dir / ERASURES).read_text(encoding="utf-8")
    assert json.loads(ledger)["contacts"] == [a]
    assert not any(str(v) in ledger for v in PERSON.values() if v)
    # a customer who forgot themselves and then signed up again is not forgotten twice
    forget(core, CUSTOMER)
    with session_scope(core.engine) as s:
        repo.set_role(s, CUSTOMER, "customer", actor_id=None)
    assert core.replay_erasures() == []
    with session_scope(core.engine) as s:
        customer = repo.get_user(s, CUSTOMER)
        assert customer is not None and customer.role == "customer"
