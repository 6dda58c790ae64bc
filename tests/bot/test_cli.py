"""The capture-bot command line, run as a user would run it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CSV = (
    "\ufeffexternal_id,name,company,title,phone,email,address,country,notes\n"
    "x1,Zhang Wei,Acme Ltd,CEO,13800138000,zw@acme.cn,,CN,\n"
    "x2,Wei Zhang,Acme Limited,,+86 138 0013 8000,,,,\n"
    "x3,Bad Phone,,,12,,,,\n"
    "x4,Ann Lee,Globex,,,ann@globex.example,,,\n"
)


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ, "CAPTURE_DATA_DIR": str(tmp_path / "data"),
        "CAPTURE_SECRET_KEY": "cli-test-secret-key-0123456789",
        "DATABASE_URL": "", "LOG_LEVEL": "WARNING", **env,
    }  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "handlers", *args], env=environment, cwd=tmp_path,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_help_lists_every_command(tmp_path: Path) -> None:
    out = run(tmp_path, "--help").stdout
    for command in ("run", "sandbox", "db", "role", "export", "import", "duplicates", "ocr"):
        assert f"    {command}" in out


def test_a_bad_setting_stops_with_one_line(tmp_path: Path) -> None:
    result = run(tmp_path, "db", "upgrade", DEFAULT_REGION="Atlantis")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Bad setting DEFAULT_REGION: 'Atlantis' is not an ISO country code phonenumbers knows, "
        "like CN or US"
    ]


def test_import_scan_and_export(tmp_path: Path) -> None:
    (tmp_path / "leads.csv").write_text(CSV, encoding="utf-8")
    first = run(tmp_path, "import", "leads.csv")
    assert first.returncode == 0, first.stderr
    assert "row 4: phone" in first.stdout  # the file's fourth line, the header being row 1
    again = run(tmp_path, "import", "leads.csv")
    assert "already there (skipped)" in again.stdout

    pairs = [json.loads(x) for x in run(tmp_path, "duplicates", "--json").stdout.splitlines()]
    assert [(p["external_id_a"], p["external_id_b"]) for p in pairs] == [("x1", "x2")]
    assert "same_phone" in pairs[0]["reasons"] and pairs[0]["score"] >= 0.8
    # After an upgrade: keys rebuilt with the current code, weights estimated from the contacts.
    trained = run(tmp_path, "duplicates", "--reindex", "--train", "--json")
    assert trained.returncode == 0, trained.stderr
    assert "3 contacts are too few" in trained.stderr and "  name: " in trained.stderr
    pairs = [json.loads(x) for x in trained.stdout.splitlines()]
    assert [(p["external_id_a"], p["external_id_b"]) for p in pairs] == [("x1", "x2")]

    records = [json.loads(x) for x in run(tmp_path, "export").stdout.splitlines()]
    assert [r["external_id"] for r in records] == ["x1", "x2", "x4"]
    assert records[0]["phone"] == "+8613800138000" and records[0]["source"] == "import"
    csv_out = run(tmp_path, "export", "--format", "csv").stdout
    header = csv_out.splitlines()[0]
    assert header.startswith("\ufeffid,external_id,name,phone,email,wechat,company")


def test_an_email_typo_the_chat_questions_is_reported_with_its_row(tmp_path: Path) -> None:
    # QA: bob@gmial.com went in without a word, while the chat asks "Did you mean bob@gmail.com?"
    (tmp_path / "bad.csv").write_text(
        CSV.splitlines()[0] + "\n"
        "a1,Anna Good,Acme,,+44 7911 123456,anna@acme.example,,GB,\n"
        "a2,Bad Mail,Acme,,+44 7911 123457,bob@gmial.com,,GB,\n", encoding="utf-8",
    )  # fmt: skip
    for dry_run in (["--dry-run"], []):
        result = run(tmp_path, "import", "bad.csv", *dry_run)
        assert result.returncode == 0, result.stderr
        assert "flagged to check:" in result.stdout
        assert "rejected:                0" in result.stdout
        assert (
            "row 3: email — Did you mean bob@gmail.com? (kept as typed; check it)"
        ) in result.stdout
    records = [json.loads(x) for x in run(tmp_path, "export").stdout.splitlines()]
    assert [r["email"] for r in records] == ["anna@acme.example", "bob@gmial.com"]  # not rewritten


@pytest.mark.parametrize("fmt", ["vcf", "json", "csv"])
def test_an_export_imported_again_changes_nothing(tmp_path: Path, fmt: str) -> None:
    # QA: the vCard export carried no external id, so `import all.vcf` doubled every contact
    (tmp_path / "v.csv").write_text(
        CSV.splitlines()[0] + "\n"
        "v1,王伟,华为,经理,13800138000,wang@hw.example,,CN,\n"
        "v2,Anna Good,Acme,,+44 7400 123456,anna@acme.example,,GB,\n", encoding="utf-8",
    )  # fmt: skip
    assert run(tmp_path, "import", "v.csv").returncode == 0
    exported = run(tmp_path, "export", "--format", fmt, "-o", f"all.{fmt}")
    assert exported.returncode == 0, exported.stderr
    again = run(tmp_path, "import", f"all.{fmt}")
    assert again.returncode == 0, again.stderr
    assert "imported:                0" in again.stdout, again.stdout
    assert "already there (skipped): 2" in again.stdout, again.stdout
    records = [json.loads(x) for x in run(tmp_path, "export").stdout.splitlines()]
    assert [r["external_id"] for r in records] == ["v1", "v2"]


@pytest.mark.parametrize("bad", ["nope.csv"])
def test_import_of_a_missing_file_says_so(tmp_path: Path, bad: str) -> None:
    result = run(tmp_path, "import", bad)
    assert result.returncode == 2 and bad in result.stderr


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_ocr_prints_one_json_line_per_image(tmp_path: Path) -> None:
    from tests.handlers.test_cards import card_png

    (tmp_path / "card.png").write_bytes(card_png())
    (tmp_path / "notes.txt").write_text("not an image")
    result = run(tmp_path, "ocr", "card.png", "notes.txt", "--json")
    assert result.returncode == 1 and "notes.txt: not read — not_image" in result.stderr
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["file"] == "card.png" and record["name"] == "Daniel Fischer"
    assert record["phones"] == ["+4915123456789"] and record["seconds"] > 0
    assert record["fax"] is None  # a fax is listed apart from the phones
    table = run(tmp_path, "ocr", "card.png").stdout
    assert "Daniel Fischer" in table and "phones" in table


def key_file_run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The key kept in <data dir>/secret.key (CAPTURE_SECRET_KEY unset)."""
    return run(tmp_path, *args, CAPTURE_SECRET_KEY="")


def seeded(tmp_path: Path) -> Path:
    """Contacts with sealed phones and emails under a generated secret.key; returns that file."""
    (tmp_path / "leads.csv").write_text(CSV, encoding="utf-8")
    assert key_file_run(tmp_path, "import", "leads.csv").returncode == 0
    return tmp_path / "data" / "secret.key"


def test_rotate_key_replaces_secret_key_whole_after_the_commit(tmp_path: Path) -> None:
    key_file = seeded(tmp_path)
    old = key_file.read_text()
    result = key_file_run(tmp_path, "rotate-key")
    assert result.returncode == 0, result.stderr
    assert f"the new key is written to {key_file}" in result.stdout
    assert key_file.read_text() not in ("", old) and key_file.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in key_file.parent.glob("secret.key*")) == ["secret.key"]
    assert "audit chain intact" in key_file_run(tmp_path, "audit", "verify").stdout
    records = [json.loads(x) for x in key_file_run(tmp_path, "export").stdout.splitlines()]
    assert records[0]["phone"] == "+8613800138000"


def test_a_rotation_interrupted_after_its_commit_is_finished_at_the_next_start(
    tmp_path: Path,
) -> None:
    """The crash window: the database is under secret.key.new, secret.key still holds the old."""
    from bot.rotation import rotate_key
    from storage import crypto
    from storage.db import make_engine
    from tests.conftest import TEST_SECRET

    key_file = seeded(tmp_path)
    old, new = key_file.read_bytes(), b"the-key-the-rotation-committed-to"
    (tmp_path / "data" / "secret.key.new").write_bytes(new)
    engine = make_engine(f"sqlite:///{tmp_path / 'data' / 'capture.db'}")
    try:
        rotate_key(engine, old=old, new=new)
    finally:
        engine.dispose()
        crypto.configure(TEST_SECRET.encode())
    result = key_file_run(tmp_path, "audit", "verify")
    assert "audit chain intact" in result.stdout, result.stderr
    assert "had committed: secret.key.new is now secret.key" in result.stderr
    assert key_file.read_bytes() == new
    assert sorted(p.name for p in key_file.parent.glob("secret.key*")) == ["secret.key"]


def test_a_rotation_interrupted_before_its_commit_keeps_the_old_key(tmp_path: Path) -> None:
    key_file = seeded(tmp_path)
    old = key_file.read_text()
    (tmp_path / "data" / "secret.key.new").write_text("a-key-the-database-never-saw")
    result = key_file_run(tmp_path, "audit", "verify")
    assert "audit chain intact" in result.stdout, result.stderr
    assert "had not changed the database" in result.stderr
    assert key_file.read_text() == old
    (unused,) = key_file.parent.glob("secret.key.unused-*")  # moved aside, never deleted
    assert unused.read_text() == "a-key-the-database-never-saw"
    assert not (tmp_path / "data" / "secret.key.new").exists()


def test_a_failed_rotation_leaves_secret_key_and_no_new_key(tmp_path: Path) -> None:
    key_file = seeded(tmp_path)
    sealed_under = key_file.read_text()
    key_file.write_text("not-the-key-the-data-is-sealed-under")
    result = key_file_run(tmp_path, "rotate-key")
    assert result.returncode == 1 and "DecryptionError" in result.stderr
    assert key_file.read_text() == "not-the-key-the-data-is-sealed-under"
    assert sorted(p.name for p in key_file.parent.glob("secret.key*")) == ["secret.key"]
    key_file.write_text(sealed_under)
    assert "audit chain intact" in key_file_run(tmp_path, "audit", "verify").stdout


def test_a_generated_key_is_printed_before_the_database_moves_to_it(tmp_path: Path) -> None:
    (tmp_path / "leads.csv").write_text(CSV, encoding="utf-8")
    assert run(tmp_path, "import", "leads.csv").returncode == 0
    result = run(tmp_path, "rotate-key")
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.splitlines()
    assert first.startswith("new key (keep it safe") and second.startswith("re-encrypted ")
    new = first.rsplit(": ", 1)[1]
    assert "intact" in run(tmp_path, "audit", "verify", CAPTURE_SECRET_KEY=new).stdout
    assert not list((tmp_path / "data").glob("secret.key*"))


def test_audit_verify_reports_tampering_truncation_and_lost_history(tmp_path: Path) -> None:
    """Never a traceback: a line naming the event, and exit code 1."""
    import sqlite3

    (tmp_path / "leads.csv").write_text(CSV, encoding="utf-8")
    assert run(tmp_path, "import", "leads.csv").returncode == 0
    assert run(tmp_path, "backup").returncode == 0  # records the tail in audit-checkpoints.jsonl
    verified = run(tmp_path, "audit", "verify")
    assert "audit chain intact" in verified.stdout and "1 recorded tail" in verified.stdout
    db = sqlite3.connect(tmp_path / "data" / "capture.db")
    (event, token), *_ = db.execute(
        "SELECT id, new_value FROM auditevent WHERE new_value IS NOT NULL ORDER BY id"
    ).fetchall()
    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    with db:
        db.execute("UPDATE auditevent SET new_value = ? WHERE id = ?", (flipped, event))
    tampered = run(tmp_path, "audit", "verify")
    assert tampered.returncode == 1 and "Traceback" not in tampered.stderr, tampered.stderr
    assert f"audit chain BROKEN at event {event}: its new_value does not decrypt" in tampered.stdout
    with db:
        db.execute("UPDATE auditevent SET new_value = ? WHERE id = ?", (token, event))
        (newest,) = db.execute("SELECT max(id) FROM auditevent").fetchone()
        db.execute("DELETE FROM auditevent WHERE id = ?", (newest,))
    cut = run(tmp_path, "audit", "verify")
    assert cut.returncode == 1
    assert f"audit chain BROKEN at event {newest}: the newest events were deleted" in cut.stdout
    with db:  # a contact slipped in without any history, the chain itself untouched
        (contact,) = db.execute(
            "INSERT INTO contact (name, source, status, created_at, updated_at) "
            "SELECT 'Ghost', source, status, created_at, updated_at FROM contact LIMIT 1 "
            "RETURNING id"
        ).fetchone()
    (tmp_path / "data" / "audit-checkpoints.jsonl").unlink()
    lost = run(tmp_path, "audit", "verify")
    assert lost.returncode == 1
    assert f"audit chain BROKEN: contact {contact} has no create event" in lost.stdout
    db.close()


def test_sandbox_mode_keeps_its_own_data_dir_and_never_touches_the_real_database(
    tmp_path: Path,
) -> None:
    """`run` with no token: preset roles, its key and its database stay in <data dir>/sandbox."""
    import signal
    import sqlite3
    import time

    real = tmp_path / "data" / "capture.db"
    assert run(tmp_path, "role", "777000111", "manager").returncode == 0  # a real user
    before = sqlite3.connect(real).execute("SELECT id, role FROM user ORDER BY id").fetchall()
    env = {
        **os.environ, "CAPTURE_DATA_DIR": str(tmp_path / "data"), "TELEGRAM_BOT_TOKEN": "",
        "CAPTURE_SECRET_KEY": "", "DATABASE_URL": f"sqlite:///{real}", "SANDBOX_PORT": "0",
        "LOG_LEVEL": "INFO",
    }  # fmt: skip
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "handlers", "run"], env=env, cwd=tmp_path,
                                stdout=out, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while "Application started" not in log.read_text(errors="replace"):
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    text = log.read_text()
    assert f"sandbox mode keeps its data in {tmp_path / 'data' / 'sandbox'}" in text
    after = sqlite3.connect(real).execute("SELECT id, role FROM user ORDER BY id").fetchall()
    assert after == before == [(777000111, "manager")]
    assert not (tmp_path / "data" / "secret.key").exists()  # no key generated for the real data
    sandbox_db = sqlite3.connect(tmp_path / "data" / "sandbox" / "capture.db")
    roles = dict(sandbox_db.execute("SELECT id, role FROM user").fetchall())
    assert roles[1001] == "admin" and roles[1003] == "rep" and 777000111 not in roles
    assert (tmp_path / "data" / "sandbox" / "secret.key").exists()


def test_audit_verify_with_the_wrong_key_says_so_not_broken(tmp_path: Path) -> None:
    (tmp_path / "leads.csv").write_text(CSV, encoding="utf-8")
    assert run(tmp_path, "import", "leads.csv").returncode == 0
    wrong = run(tmp_path, "audit", "verify", CAPTURE_SECRET_KEY="another-key-0123456789abcdef")
    assert wrong.returncode == 2 and "BROKEN" not in wrong.stdout
    assert "cannot verify: the audit trail is sealed under key" in wrong.stderr
    assert "Traceback" not in wrong.stderr
