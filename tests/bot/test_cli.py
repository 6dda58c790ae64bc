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
        [sys.executable, "-m", "bot", *args], env=environment, cwd=tmp_path, capture_output=True,
        text=True, timeout=120,
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

    records = [json.loads(x) for x in run(tmp_path, "export").stdout.splitlines()]
    assert [r["external_id"] for r in records] == ["x1", "x2", "x4"]
    assert records[0]["phone"] == "+8613800138000" and records[0]["source"] == "import"
    csv_out = run(tmp_path, "export", "--format", "csv").stdout
    assert csv_out.splitlines()[0].startswith("id,external_id,name,company")


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
    table = run(tmp_path, "ocr", "card.png").stdout
    assert "Daniel Fischer" in table and "phones" in table
