"""Import through the database, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, text
from sqlmodel import Session, col, select

from bot import contacts, importer
from bot.config import Settings
from bot.export import vcard, write_contacts
from bot.importer import CSV_COLUMNS, RawRow, Report, import_rows, parse_csv, read_rows
from storage import repo
from storage.db import make_engine, session_scope
from storage.models import AuditEvent, Contact, ContactKey, DuplicateCandidate

FIXTURES = Path(__file__).with_name("fixtures")
HEADER = ",".join(CSV_COLUMNS) + "\n"
TABLES = (Contact, AuditEvent, ContactKey, DuplicateCandidate)


@pytest.fixture(autouse=True)
def _no_leftover_keys(engine: Engine) -> Iterator[None]:
    """The shared PostgreSQL database restarts contact ids after each test but keeps blocking
    keys and candidates; stale ones would point at this test's new contacts."""

    def clean() -> None:
        if engine.dialect.name == "postgresql":
            with engine.begin() as conn:
                conn.execute(text("TRUNCATE contactkey, duplicatecandidate RESTART IDENTITY"))

    clean()
    yield
    clean()


def run(engine: Engine, raws: list, *, dry_run: bool = False, owner: int | None = 77) -> Report:
    return import_rows(engine, raws, region="CN", owner=owner, dry_run=dry_run, threshold=0.8)


def counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as s:
        return {t.__name__: s.exec(select(func.count()).select_from(t)).one() for t in TABLES}


def by_external_id(engine: Engine, external_id: str) -> Contact | None:
    with Session(engine) as s:
        return repo.get_contact_by_external_id(s, external_id)


def test_csv_import_stores_valid_rows_and_reports_the_rest(engine: Engine) -> None:
    report = run(engine, read_rows(FIXTURES / "leads.csv"))
    assert (report.read, report.imported, report.skipped, report.rejected_rows) == (9, 4, 0, 5)
    assert report.flagged == []
    wang = by_external_id(engine, "crm-1")
    assert wang is not None
    assert (wang.name, wang.phone, wang.source, wang.owner_id) == (
        "王伟", "+8613800138000", "import", 77,
    )  # fmt: skip
    assert wang.notes == "首次见面：展会\n对价格敏感"
    sean = by_external_id(engine, "crm-2")
    assert sean is not None and (sean.phone, sean.country) == ("+14155552671", "US")
    with Session(engine) as s:
        assert len(repo.audit_for_contact(s, wang.id or 0)) == 1  # its "create"
        chen = s.exec(select(Contact).where(Contact.name == "陈静")).one()
        assert chen.external_id and chen.external_id.startswith("csv:")
        assert s.exec(select(ContactKey).where(ContactKey.contact_id == wang.id)).first()


def test_a_row_with_one_bad_field_is_not_imported_at_all(engine: Engine) -> None:
    run(engine, read_rows(FIXTURES / "leads.csv"))
    # crm-8 has a good name and phone but a bad email; crm-7 a bad country
    assert by_external_id(engine, "crm-8") is None
    assert by_external_id(engine, "crm-7") is None
    with Session(engine) as s:
        assert s.exec(select(Contact).where(Contact.name == "Maria Garcia")).first() is None


def test_reimport_changes_nothing(engine: Engine) -> None:
    raws = read_rows(FIXTURES / "leads.csv") + read_rows(FIXTURES / "contacts-v3.vcf")
    first = run(engine, raws)
    before = counts(engine)
    again = run(engine, raws)
    assert (again.imported, again.skipped, again.flagged) == (0, first.imported, [])
    assert again.rejected_rows == first.rejected_rows
    assert counts(engine) == before


def test_vcards_import_and_cards_without_uid_are_recognised_again(engine: Engine) -> None:
    raws = read_rows(FIXTURES / "contacts-v3.vcf") + read_rows(FIXTURES / "contacts-v4.vcf")
    report = run(engine, raws)
    assert (report.imported, report.rejected_rows) == (4, 1)
    zhang = by_external_id(engine, "tengfei-0001")
    assert zhang is not None and zhang.title == "市场经理"
    refolded = (FIXTURES / "contacts-v4.vcf").read_text().replace("Müller GmbH", "Müller\n  GmbH")
    again = run(engine, importer.parse_vcards(refolded))
    assert (again.imported, again.skipped) == (0, 2)


def exported(engine: Engine, fmt: str, folder: Path) -> list[RawRow]:
    """What `capture-bot export --format FMT -o FILE` writes, read back as an import reads it."""
    path = folder / f"all.{fmt}"
    with Session(engine) as s, path.open("w", encoding="utf-8", newline="") as out:
        write_contacts(s.exec(select(Contact).order_by(col(Contact.id))), fmt, out)
    return read_rows(path)


@pytest.mark.parametrize("fmt", ["vcf", "json", "csv"])
def test_an_export_imports_again_changing_nothing(engine: Engine, tmp_path: Path, fmt: str) -> None:
    # QA: a vCard export carried no external id, so importing it again doubled every contact
    run(engine, parse_csv(HEADER + "v1,王伟,华为,经理,13800138000,wang@hw.example,,CN,\n"
                          "v2,Anna Good,Acme,,+44 7400 123456,anna@acme.example,,GB,\n"))
    with session_scope(engine) as s:  # captured in the chat: no external_id at all
        contacts.create(s, {"name": "Li Na", "email": "li.na@example.com"}, owner_id=5,
                        source="manual", actor_id=5)  # fmt: skip
    before = counts(engine)
    for dry_run in (True, False):
        again = run(engine, exported(engine, fmt, tmp_path), dry_run=dry_run)
        assert (again.read, again.imported, again.skipped) == (3, 0, 3), again.render()
        assert again.flagged == [] and again.rejected == []
    assert counts(engine) == before
    with Session(engine) as s:
        ids = sorted(c.external_id or "" for c in s.exec(select(Contact)))
    assert ids == ["", "v1", "v2"]


def test_another_databases_record_of_the_same_id_is_imported(engine: Engine) -> None:
    with session_scope(engine) as s:
        here = contacts.create(s, {"name": "Li Na", "email": "li.na@example.com"}, owner_id=5,
                               source="manual", actor_id=5)  # fmt: skip
    # record #N of another database: the same id, created at another time
    card = vcard({"id": here.id, "name": "Bob Other", "email": "bob@other.example",
                  "created_at": "2020-01-01T08:00:00+00:00", "updated_at": "2020-01-02T08:00:00"})
    first = run(engine, importer.parse_vcards(card))
    assert (first.imported, first.skipped) == (1, 0)
    again = run(engine, importer.parse_vcards(card))  # it keeps the UID as its external_id
    assert (again.imported, again.skipped) == (0, 1)
    bob = by_external_id(engine, f"urn:capture-bot:contact:{here.id}")
    assert bob is not None and bob.name == "Bob Other"


def test_dry_run_writes_nothing_and_predicts_the_real_run(engine: Engine) -> None:
    with session_scope(engine) as s:  # a contact captured by chat earlier
        contacts.create(
            s, {"name": "王伟", "phone": "+8613800138000"}, owner_id=5, source="manual",
            actor_id=5,
        )  # fmt: skip
    raws = (
        read_rows(FIXTURES / "leads.csv")
        + parse_csv(
            HEADER + "crm-1,Someone Else,,,,se@example.com,,,\n"  # external_id seen above
            "dup-1,Li Na,,,,li.na@example.com,,,\n"  # repeats row 4 of the file
        )
    )
    before = counts(engine)
    dry = run(engine, raws, dry_run=True)
    assert counts(engine) == before
    real = run(engine, raws)
    assert (dry.imported, dry.skipped, dry.rejected_rows) == (
        real.imported, real.skipped, real.rejected_rows,
    )  # fmt: skip
    assert [where for where, _ in dry.flagged] == [where for where, _ in real.flagged]
    assert dry.flagged == [("row 2", "#1 王伟"), ("row 3", "row 4 of this file")]
    assert dry.render().splitlines()[0].endswith("(dry run: nothing written)")


def test_dry_run_goes_on_while_another_process_writes(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's single writer lock")
    other = make_engine(engine.url.render_as_string(hide_password=False))
    try:
        with other.begin() as conn:  # BEGIN IMMEDIATE: holds the write lock, like a busy bot
            conn.execute(text("INSERT INTO auditevent (at, action) VALUES ('2026-01-01', 'x')"))
            started = time.monotonic()
            report = run(engine, read_rows(FIXTURES / "leads.csv"), dry_run=True)
            assert time.monotonic() - started < 10 and report.imported == 4
    finally:
        other.dispose()


def test_duplicates_are_imported_flagged_and_recorded_as_candidates(engine: Engine) -> None:
    with session_scope(engine) as s:
        saved = contacts.create(
            s, {"name": "王伟", "phone": "+8613800138000"}, owner_id=5, source="manual",
            actor_id=5,
        )  # fmt: skip
    raws = parse_csv(
        HEADER + "a,王伟,,,138-0013-8000,,,,\n"  # the saved contact again
        "b,Ada Lovelace,,,,ada@example.com,,,\n"
        "c,Ada Lovelace,,,,ADA@example.com,,,\n"  # an earlier row of the same file
    )
    report = run(engine, raws)
    assert report.imported == 3
    assert [where for where, _ in report.flagged] == ["row 2", "row 4"]
    a, b, c = (by_external_id(engine, x) for x in "abc")
    assert a is not None and b is not None and c is not None
    with Session(engine) as s:
        pairs = {(d.a_id, d.b_id, d.status) for d in s.exec(select(DuplicateCandidate))}
        assert pairs == {(saved.id, a.id, "open"), (b.id, c.id, "open")}
        reasons = s.exec(select(DuplicateCandidate.reasons).where(
            col(DuplicateCandidate.a_id) == saved.id)).one()  # fmt: skip
        assert "same_phone" in reasons
    assert f"row 4: possible duplicate of #{b.id} Ada Lovelace" in report.render()


def settings_for(engine: Engine) -> Settings:
    return Settings(database_url=engine.url.render_as_string(hide_password=False))


def test_main_prints_the_report_and_audits_the_run(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    path = FIXTURES / "leads.csv"
    code = importer.main(settings_for(engine), path, dry_run=False, region=None, owner=None)
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("leads.csv: 9 rows read\n")
    assert "row 5: phone — That phone number is too short (China)" in out
    with Session(engine) as s:
        audit = s.exec(select(AuditEvent).where(AuditEvent.action == "import")).one()
        assert audit.field == "leads.csv" and '"imported": 4' in (audit.new_value or "")


def test_main_dry_run_writes_nothing(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "contacts-v4.vcf"
    code = importer.main(settings_for(engine), path, dry_run=True, region="us", owner=3)
    assert code == 0
    assert "would be imported:" in capsys.readouterr().out
    assert all(n == 0 for n in counts(engine).values())


def test_main_refuses_a_bad_file_or_region(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("name,phone\nAda,123\n")
    settings = settings_for(engine)
    assert importer.main(settings, wrong, dry_run=False, region=None, owner=None) == 2
    assert "wrong CSV header" in capsys.readouterr().err
    missing = tmp_path / "missing.vcf"
    assert importer.main(settings, missing, dry_run=False, region=None, owner=None) == 2
    leads = FIXTURES / "leads.csv"
    assert importer.main(settings, leads, dry_run=False, region="XX", owner=None) == 2
    assert all(n == 0 for n in counts(engine).values())
