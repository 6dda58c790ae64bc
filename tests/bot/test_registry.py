"""Fields as data: one registry, a deployment's own fields from FIELDS_FILE, every path derived.

The real core on SQLite and PostgreSQL with the custom fields of tests/bot/conftest.py in force
(a picklist "Industry", a date "Next follow-up" edited only, a staff-only URL "LinkedIn").
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text as sql
from sqlmodel import select

from bot import contacts, customers, flow, registry
from bot.cli import main
from bot.core import Core
from bot.export import write_contacts
from bot.fields import Rejected
from bot.i18n import t
from bot.importer import import_rows, read_rows
from storage import repo
from storage.db import make_engine, migrate, session_scope
from storage.models import Contact
from tests.bot.conftest import (
    CUSTOM_FIELDS_TOML,
    CUSTOM_VALUES,
    CUSTOMER,
    MANAGER,
    REP,
    VALUES,
    Chat,
    add_contact,
    fields_of,
    link_customer,
)

pytestmark = pytest.mark.usefixtures("custom_fields")
PERSON = {**{f: v[0] for f, v in VALUES.items()}, **{f: v[0] for f, v in CUSTOM_VALUES.items()}}


# --- the registry, pure ---------------------------------------------------------------------


def test_everything_is_derived_from_the_declarations() -> None:
    fields = registry.current()
    assert fields.asked == ("name", "phone", "email", "company", "title", "notes", "industry",
                            "linkedin")  # fmt: skip
    assert fields.editable[-3:] == ("industry", "next_followup", "linkedin")
    assert "linkedin" not in fields.customer and "notes" not in fields.customer
    assert {"industry", "next_followup"} <= set(fields.customer)
    assert fields.staff_only == {"notes", "linkedin"}
    assert fields.label("industry", "zh") == "行业" and fields.label("name", "zh") == "姓名"
    # a built-in field is one declaration: its validator, label and question come from it
    for spec in registry.BUILTINS:
        for lang in ("en", "zh"):
            assert spec.label(lang) and spec.question(lang, customer=False, region="CN")


def test_a_custom_field_is_validated_like_a_builtin() -> None:
    fields = registry.current()
    assert fields.validate("industry", "金融", "CN") == "finance"
    assert fields.validate("next_followup", "12月3日", "CN").endswith("-12-03")  # type: ignore[union-attr]
    assert fields.validate("linkedin", "linkedin.com/in/x", "CN") == "https://linkedin.com/in/x"
    refused = fields.validate("next_followup", "someday", "CN")
    assert isinstance(refused, Rejected) and refused.reason == "invalid.date"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            '[fields.industry]\ntype = "picklist"\nlabel = "Industry"',
            "field 'industry': type 'picklist'",
        ),
        (
            '[fields.industry]\ntype = "choice"\nlabel = "Industry"',
            "field 'industry': type choice needs",
        ),
        ('[fields.budget]\ntype = "number"', "field 'budget': label needs an English text"),
        ('[fields.company]\nlabel = "Firm"', "field 'company': a built-in field"),
        ('[fields.x]\nlabel = "X"\nrequired = "yes"', "field 'x': required must be true or false"),
        ('[fields.x]\nlabel = "X"\ncolour = "red"', "field 'x': unknown setting colour"),
        ('[fields."Next Follow-up"]\nlabel = "X"', "a key is lower-case letters"),
        ("[fields.x\nlabel = 1", "not valid TOML"),
        ('[fields.country]\nlabel = "Country"', "field 'country': the name is taken"),
    ],
)
def test_a_bad_fields_file_is_one_line_naming_the_field_and_the_problem(
    text: str, problem: str
) -> None:
    with pytest.raises(registry.FieldsFileError) as caught:
        registry.parse(text, "fields.toml")
    message = str(caught.value)
    assert "\n" not in message and message.startswith("fields.toml: ") and problem in message


def test_a_bad_fields_file_stops_start_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "fields.toml"
    bad.write_text('[fields.industry]\ntype = "choice"\nlabel = "Industry"\n', encoding="utf-8")
    monkeypatch.setenv("FIELDS_FILE", str(bad))
    monkeypatch.setenv("CAPTURE_DATA_DIR", str(tmp_path))
    assert main(["db", "upgrade"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"Bad FIELDS_FILE: {bad}: field 'industry': type choice needs a list of choices"


def test_a_builtin_field_needs_no_column_unless_sql_must_index_or_match_it() -> None:
    """Adding a built-in is one declaration (plus its locale strings): WeChat has no column."""
    spec = registry.current().spec("wechat")
    assert not spec.column and not spec.custom
    with pytest.raises(ValueError, match="'skype': an indexed or matched field needs"):
        registry.Registry((*registry.BUILTINS, registry.FieldSpec("skype", matched=True)))


def test_a_builtin_without_a_column_is_sealed_shown_and_counted(core: Core) -> None:
    contact_id = add_contact(core, PERSON)
    with core.engine.connect() as connection:
        raw = connection.execute(
            sql("SELECT extra, extra_keys, extra_search FROM contact WHERE id = :id"),
            {"id": contact_id},
        ).one()
    assert "zhangwei_88" not in raw[0] and ",wechat," in raw[1]  # sealed; its key plain
    assert "zhangwei_88" not in (raw[2] or "")  # personal: not in the plain search text
    rep = Chat(core, REP)
    assert "WeChat: zhangwei_88" in rep.command("view", str(contact_id))
    assert customers.collect_stats(core.engine, core.settings)["completeness"]["wechat"] == 100


# --- in the chat ------------------------------------------------------------------------------


def new_lead(chat: Chat) -> str:
    chat.command("new")
    for answer in ("Zhang Wei", "+8613800138000", "zhang.wei@example.org", "Acme", "CEO"):
        chat.text(answer)
    return chat.command("skip")  # notes: on to the custom questions


def test_a_yes_or_no_reads_in_the_readers_language() -> None:
    fields = registry.parse(
        '[fields.newsletter]\ntype = "yesno"\nlabel = { en = "Newsletter", zh = "订阅简报" }\n'
    )
    previous = registry.configure(fields)
    try:
        assert fields.validate("newsletter", "是", "CN") == "yes"  # stored the same in any language
        assert "订阅简报：是" in flow.summary_text(
            {"name": "王伟", "newsletter": "yes"}, "zh", "CN"
        )
        assert "Newsletter: No" in flow.summary_text(
            {"name": "Wang", "newsletter": "no"}, "en", "CN"
        )
    finally:
        registry.configure(previous)


def test_the_intro_counts_the_questions_with_the_custom_ones(core: Core) -> None:
    opened = Chat(core, REP).command("new")  # six built-ins, industry and LinkedIn
    assert "I'll ask 8 short questions" in opened and "Question 1 of 8" in opened
    zh = flow.start(flow.Ctx("zh", "CN"), None).replies[0].text
    assert "我会问 8 个简短的问题" in zh
    previous = registry.configure(registry.Registry())
    try:
        assert (
            "I'll ask 6 short questions" in flow.start(flow.Ctx("en", "CN"), None).replies[0].text
        )
    finally:
        registry.configure(previous)


def test_a_rep_is_asked_the_custom_fields_with_reprompts_and_buttons(core: Core) -> None:
    chat = Chat(core, REP)
    asked = new_lead(chat)
    assert (
        "Which industry is the company in?" in asked and "Retail, Finance, Manufacturing" in asked
    )
    rev = (chat.state() or {})["rev"]
    picks = [b for b in chat.buttons(flow.Press("resume", "", rev)) if b[0] == "pick"]
    assert picks == [("pick", "1"), ("pick", "2"), ("pick", "3")]
    assert t("en", "invalid.choice") in chat.text("Mining")  # reprompted with the reason
    assert t("en", "invalid.choice") in chat.press("pick", "9")  # a forged button too ...
    assert (chat.state() or {})["step"] == "industry"  # ... and nothing else changes
    said = chat.press("pick", "2")
    assert "LinkedIn" in said
    assert "web" in chat.text("not a url at all").lower()  # the URL validator's reason
    summary = chat.text("linkedin.com/in/zhangwei")
    assert (
        "Industry: Finance" in summary and "LinkedIn: https://linkedin.com/in/zhangwei" in summary
    )
    assert "Saved as #1" in chat.press("save")
    with session_scope(core.engine) as s:
        contact = s.exec(select(Contact)).one()
        assert (
            contact.value("industry") == "finance" and contact.extra_keys == ",industry,linkedin,"
        )
        assert contact.extra_search and "金融" in contact.extra_search  # found by either label


def test_the_chinese_side_shows_chinese_labels_and_choices(core: Core) -> None:
    chat = Chat(core, REP, lang="zh")
    asked = new_lead(chat)
    assert "公司属于哪个行业？" in asked and "零售, 金融, 制造业" in asked
    assert t("zh", "invalid.choice") in chat.text("采矿")
    summary = chat.text("制造业")
    assert "领英" in summary
    summary = chat.command("skip")
    assert "行业：制造业" in summary


def test_a_required_builtin_is_one_line_in_the_fields_file(core: Core) -> None:
    fields = registry.parse("[fields.company]\nrequired = true\n", "fields.toml")
    previous = registry.configure(fields)
    try:
        chat = Chat(core, REP)
        chat.command("new")
        for answer in ("Zhang Wei", "+8613800138000", "zhang.wei@example.org"):
            chat.text(answer)
        refused = chat.command("skip")  # company may not be skipped, and the reply says which
        assert "Company is required, so it can't be skipped." in refused
        assert (chat.state() or {})["step"] == "company"
    finally:
        registry.configure(previous)


def test_view_edit_and_find_cover_custom_fields(core: Core) -> None:
    contact_id = add_contact(core, PERSON)
    rep = Chat(core, REP)
    view = rep.command("view", str(contact_id))
    assert "Industry: Retail" in view and "Next follow-up: 2027-03-12" in view
    assert "LinkedIn: https://linkedin.com/in/zhangwei" in view
    rep.command("edit", str(contact_id))
    rep.change("next_followup", "3/12/2027")
    rep.change("industry", "Finance")
    assert "updated" in rep.save()
    after = fields_of(core.engine, contact_id)
    assert after["next_followup"] == "2027-03-12" and after["industry"] == "finance"
    assert after["linkedin"] == PERSON["linkedin"] and after["notes"] == PERSON["notes"]
    assert f"#{contact_id}" in rep.command("find", "finance")
    assert f"#{contact_id}" in rep.command("find", "金融")
    assert f"#{contact_id}" not in rep.command("find", "linkedin.com")  # not searchable


def test_a_customer_updates_visible_custom_fields_and_never_sees_staff_ones(core: Core) -> None:
    contact_id = add_contact(core, PERSON)
    link_customer(core, contact_id)
    chat = Chat(core, CUSTOMER)
    menu = chat.command("update")
    assert "Industry" in menu and "LinkedIn" not in menu and "linkedin.com" not in menu
    chat.change("industry", "Manufacturing")
    chat.save()
    after = fields_of(core.engine, contact_id)
    assert after["industry"] == "manufacturing" and after["linkedin"] == PERSON["linkedin"]
    mydata = customers_mydata(core)
    assert mydata["contact"]["industry"] == "manufacturing" and "linkedin" not in mydata["contact"]
    assert "linkedin" not in json.dumps(mydata["history"])


def customers_mydata(core: Core) -> dict[str, Any]:
    outcome = core.handle(Chat(core, CUSTOMER).actor, flow.Command("mydata"))
    document = outcome.replies[0].document
    assert document is not None
    return json.loads(document)  # type: ignore[no-any-return]


@pytest.mark.parametrize("fmt", ["json", "csv", "vcf"])
def test_export_and_reimport_carry_custom_fields_unchanged(
    core: Core, tmp_path: Path, fmt: str
) -> None:
    """Exported from one deployment, imported into a fresh one: every field as it was."""
    contact_id = add_contact(core, PERSON)
    with session_scope(core.engine) as s:
        contact = repo.get_contact(s, contact_id)
        assert contact is not None
        contact.external_id = "crm-7"
        s.add(contact)
    out = io.StringIO()
    with session_scope(core.engine) as s:
        write_contacts(repo.iter_contacts(s), fmt, out)
    text = out.getvalue()
    assert "2027-03-12" in text and "linkedin.com/in/zhangwei" in text
    if fmt == "vcf":
        assert "X-CAPTURE-NEXT-FOLLOWUP:2027-03-12" in text
    path = tmp_path / f"export.{fmt}"
    path.write_text(text, encoding="utf-8")
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        migrate(fresh)
        report = import_rows(fresh, read_rows(path), region="CN")
        assert report.imported == 1, report
        with session_scope(fresh) as s:
            copy = s.exec(select(Contact)).one()
            fresh_id = copy.id or 0
        got = fields_of(fresh, fresh_id)
    finally:
        fresh.dispose()
    assert got == fields_of(core.engine, contact_id)


def test_erasure_takes_custom_values_too(core: Core) -> None:
    contact_id = add_contact(core, PERSON)
    link_customer(core, contact_id)
    chat = Chat(core, CUSTOMER)
    chat.command("forget")
    chat.menu("forget", "yes")
    with session_scope(core.engine) as s:
        contact = repo.get_contact(s, contact_id)
        assert contact is not None and contact.status == "erased"
        assert contact.extra is None and contact.extra_keys is None and contact.extra_search is None


def test_the_scheduled_reminder_shows_every_field_the_customer_may_see(core: Core) -> None:
    contact_id = add_contact(core, PERSON)
    link_customer(core, contact_id)
    morning_in_shanghai = datetime(2030, 1, 7, 3, 0, tzinfo=UTC)  # the number is +86: 11:00
    result = customers.sweep(core.engine, core.settings, now=morning_in_shanghai)
    [(user_id, ask)] = result.messages
    assert user_id == CUSTOMER
    assert "Industry: Retail" in ask.text and "Next follow-up: 2027-03-12" in ask.text
    assert "WeChat: zhangwei_88" in ask.text and "Zhang Wei" in ask.text
    assert "LinkedIn" not in ask.text and "linkedin.com" not in ask.text  # staff-only
    assert "slow payer" not in ask.text


def test_stats_count_custom_fields_without_opening_a_record(core: Core) -> None:
    add_contact(core, PERSON)
    add_contact(core, {"name": "Li Na", "phone": "+8613700137000"})
    figures = customers.collect_stats(core.engine, core.settings)
    assert figures["completeness"]["industry"] == 50
    assert "linkedin" not in figures["completeness"]  # staff-only: not a completeness target
    text = Chat(core, MANAGER).command("stats")
    assert "Industry 50%" in text


def test_a_field_removed_from_the_file_is_hidden_but_kept(core: Core) -> None:
    contact_id = add_contact(core, PERSON)
    previous = registry.configure(registry.parse(CUSTOM_FIELDS_TOML.split("[fields.linkedin]")[0]))
    try:
        rep = Chat(core, REP)
        assert "LinkedIn" not in rep.command("view", str(contact_id))
        rep.command("edit", str(contact_id))
        rep.change("title", "CTO")
        assert "updated" in rep.save()
    finally:
        registry.configure(previous)
    assert fields_of(core.engine, contact_id)["linkedin"] == PERSON["linkedin"]
    with session_scope(core.engine) as s:
        contact = repo.get_contact(s, contact_id)
        assert contact is not None and contacts.values_of(contact)["linkedin"] == PERSON["linkedin"]


def test_the_documented_example_file_loads() -> None:
    example = Path(__file__).parents[2] / "docs" / "fields.example.toml"
    fields = registry.load(example)
    assert fields.custom == ("industry", "next_followup", "linkedin", "budget", "products",
                             "newsletter")  # fmt: skip
    assert "company" in fields.required
    assert fields.validate("products", "Cloud、培训", "CN") == "cloud,training"
    assert fields.validate("newsletter", "是", "CN") == "yes"
