"""A deployment with its own fields, end to end through the sandbox as its users would use it.

The bot runs with FIELDS_FILE naming three custom fields — a picklist "Industry", a date "Next
follow-up" edited only, a staff-only URL "LinkedIn" — and company made required.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox import SandboxServer
from tests.bot.conftest import CUSTOM_FIELDS_TOML
from tests.conftest import BotProcess
from tests.handlers.test_customers import accept, invite_link

FIELDS_TOML = CUSTOM_FIELDS_TOML + "\n[fields.company]\nrequired = true\n"


@pytest.fixture(scope="module")
def fields_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    """A bot with a sandbox of its own (two bots polling one sandbox would take each other's
    updates) and the fields file above."""
    data_dir: Path = tmp_path_factory.mktemp("fields-bot")
    (data_dir / "fields.toml").write_text(FIELDS_TOML, encoding="utf-8")
    with SandboxServer(host="127.0.0.1", port=0) as server:
        process = BotProcess(server, data_dir, FIELDS_FILE=str(data_dir / "fields.toml"))
        process.cli("db", "upgrade")
        process.start()
        yield process
        process.stop()


def texts(messages) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(m.text or "" for m in messages)


def capture(rep) -> int:  # type: ignore[no-untyped-def]
    """English: every question, a reprompt on a wrong answer, a picklist pressed."""
    rep.send("/new")
    for answer in ("Zhang Wei", "+86 138 0013 8000", "zhang.wei@example.org"):
        rep.send(answer)
    assert "required" in texts(rep.send("/skip")).lower()  # company is required here
    rep.send("Acme Trading")
    rep.send("/skip")  # title
    asked = texts(rep.send("/skip"))  # notes: on to Industry
    assert "Which industry is the company in?" in asked
    assert rep.last.button_texts[:3] == ["Retail", "Finance", "Manufacturing"]
    assert "isn't one of the choices" in texts(rep.send("Mining"))
    assert "LinkedIn" in texts(rep.press("Finance"))
    assert "web" in texts(rep.send("not a web address")).lower()
    summary = texts(rep.send("linkedin.com/in/zhangwei"))
    assert (
        "Industry: Finance" in summary and "LinkedIn: https://linkedin.com/in/zhangwei" in summary
    )
    saved = texts(rep.press("Save"))
    return int(re.search(r"Saved as #(\d+)", saved).group(1))


def test_custom_fields_from_new_to_erasure(fields_bot: BotProcess, new_user_id: int) -> None:
    rep = fields_bot.client.user(new_user_id, first_name="Alice", language_code="en")
    fields_bot.set_role(rep.id, "rep")
    contact_id = capture(rep)

    # edited: the date field is only in the edit menu; typed as people type dates
    rep.send(f"/edit {contact_id}")
    rep.press("Next follow-up")
    assert "couldn't read that as a date" in texts(rep.send("someday"))
    rep.send("3/12/2027")
    assert "updated" in texts(rep.press("Save changes"))
    view = texts(rep.send(f"/view {contact_id}"))
    assert "Next follow-up: 2027-03-12" in view and "Industry: Finance" in view
    assert f"#{contact_id}" in texts(rep.send("/find finance"))

    # the customer sees and updates Industry, never LinkedIn
    customer = fields_bot.client.user(new_user_id + 600_000, first_name="Wei", language_code="en")
    record = texts(accept(customer, invite_link(rep, contact_id)))
    assert "Industry: Finance" in record and "LinkedIn:" not in record  # named, never shown
    assert "zhangwei" not in record.replace("zhang.wei@", "")
    customer.press("Update")
    menu = customer.last
    assert "Industry" in menu.button_texts and "LinkedIn" not in menu.button_texts
    customer.press("Industry")
    customer.press("Retail")
    customer.press("Save changes")
    customer.wait_for("details are saved")
    data = json.loads(customer.send("/mydata")[-1].document.download())
    assert data["contact"]["industry"] == "retail" and "linkedin" not in json.dumps(data)

    # exported and re-imported unchanged
    rep.send("/export csv")
    rep.wait_for("Export ready", timeout=60)
    document = next(m for m in reversed(rep.messages) if m.document)
    body = document.document.download().decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(body)) if r["id"] == str(contact_id))
    assert row["industry"] == "retail" and row["next_followup"] == "2027-03-12"
    assert row["linkedin"] == "https://linkedin.com/in/zhangwei"
    exported = fields_bot.data_dir / "exported.jsonl"
    fields_bot.cli("export", "--format", "json", "-o", str(exported))
    records = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    mine = next(r for r in records if r["id"] == contact_id)
    assert {k: mine[k] for k in ("industry", "next_followup", "linkedin")} == {
        "industry": "retail", "next_followup": "2027-03-12",
        "linkedin": "https://linkedin.com/in/zhangwei",
    }  # fmt: skip

    # counted in /stats
    boss = fields_bot.client.user(new_user_id + 300_000, first_name="Mona", language_code="en")
    fields_bot.set_role(boss.id, "manager")
    assert "Industry" in texts(boss.send("/stats"))

    # erased by /forget
    customer.send("/forget")
    customer.press("Yes, erase")
    after = [json.loads(line) for line in fields_bot.cli("export").stdout.splitlines()]
    assert all(r["id"] != contact_id for r in after)  # the export holds active records only
    assert "Zhang Wei" not in texts(rep.send(f"/view {contact_id}"))


def test_the_chinese_side(fields_bot: BotProcess, new_user_id: int) -> None:
    rep = fields_bot.client.user(new_user_id, first_name="李娜", language_code="zh")
    fields_bot.set_role(rep.id, "rep")
    rep.send("/new")
    for answer in ("王伟", "138 0013 8001", "/skip", "华信贸易", "/skip"):
        rep.send(answer)
    asked = texts(rep.send("/skip"))
    assert "公司属于哪个行业？" in asked and rep.last.button_texts[:3] == ["零售", "金融", "制造业"]
    assert "不是可选的选项" in texts(rep.send("采矿"))
    assert "领英" in texts(rep.send("制造业"))
    summary = texts(rep.send("/skip"))
    assert "行业：制造业" in summary
