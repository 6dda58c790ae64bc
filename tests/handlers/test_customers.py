"""Customers keep their own details right, end to end through the sandbox."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sandbox import SandboxServer
from tests.conftest import BotProcess

ZONES = ["Pacific/Honolulu", "America/New_York", "Europe/London", "Asia/Shanghai",
         "Australia/Sydney", "Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata",
         "Europe/Moscow", "America/Sao_Paulo"]  # fmt: skip


def zone_where(day: bool) -> str:
    """A time zone where it is now well inside (or well outside) 09:00–20:00."""
    for name in ZONES:
        hour = datetime.now(UTC).astimezone(ZoneInfo(name)).hour
        if (10 <= hour <= 18) if day else (hour >= 22 or hour <= 6):
            return name
    raise AssertionError("no zone found")


def new_lead(rep, name: str, phone: str) -> int:  # type: ignore[no-untyped-def]
    rep.send("/new")
    rep.send(name)
    rep.send(phone)
    for _ in range(4):
        rep.send("/skip")
    rep.press("Save")
    return int(re.search(r"Saved as #(\d+)", rep.wait_for("Saved as #").text).group(1))


def invite_link(rep, contact_id: int) -> str:  # type: ignore[no-untyped-def]
    rep.send(f"/view {contact_id}")
    rep.press("Invite customer")
    text = rep.wait_for("Invitation for").text
    return re.search(r"https://t\.me/\S+\?start=(i_[\w-]+)", text).group(1)


def accept(customer, payload: str):  # type: ignore[no-untyped-def]
    consent = customer.send(f"/start {payload}")[-1]
    assert "What we store" in consent.text and consent.button_texts == ["✅ I agree", "No, thanks"]
    return customer.press("I agree")


def test_invite_consent_confirm(bot: BotProcess, rep, new_user_id: int) -> None:  # type: ignore[no-untyped-def]
    contact_id = new_lead(rep, "Olga Petrova", "+7 912 345 67 89")
    payload = invite_link(rep, contact_id)
    olga = bot.client.user(new_user_id + 600_000, first_name="Olga", language_code="en")
    accept(olga, payload)
    record = olga.last
    assert "Name: Olga Petrova" in record.text and "Phone: +7 912 345 67 89" in record.text
    assert record.button_texts == ["✅ All correct", "✏️ Update"]
    assert "Thank you for confirming" in olga.press("All correct")[0].text
    today = f"{datetime.now(UTC):%Y-%m-%d}"
    assert f"Customer: linked, last confirmed {today}" in rep.send(f"/view {contact_id}")[-1].text

    # the same link again, by someone else: refused, nothing changes
    mallory = bot.client.user(new_user_id + 700_000, first_name="Mal", language_code="en")
    assert "already been used" in mallory.send(f"/start {payload}")[-1].text


def test_a_second_link_cancels_the_first(bot: BotProcess, rep, new_user_id: int) -> None:  # type: ignore[no-untyped-def]
    contact_id = new_lead(rep, "Lin Huiyin", "+86 137 6666 0002")
    first = invite_link(rep, contact_id)
    second = invite_link(rep, contact_id)
    assert f"The link made before for #{contact_id} is cancelled" in rep.last.text
    lin = bot.client.user(new_user_id + 600_000, first_name="Lin", language_code="en")
    assert "only the newest works" in lin.send(f"/start {first}")[-1].text
    accept(lin, second)
    assert "Lin Huiyin" in lin.last.text
    # an Invite button on an older /view of the linked record makes no link
    rep.send(f"/view {contact_id}")
    assert "Invite customer" not in rep.last.button_texts
    mallory = bot.client.user(new_user_id + 700_000, first_name="Mallory", language_code="en")
    for payload in (first, second):
        reply = mallory.send(f"/start {payload}")[-1].text
        assert "Lin Huiyin" not in reply and "What we store" not in reply
    assert "Customer: linked" in rep.send(f"/view {contact_id}")[-1].text


def test_staff_opening_a_customer_link_forward_it(bot: BotProcess, rep, new_user_id: int) -> None:  # type: ignore[no-untyped-def]
    contact_id = new_lead(rep, "Zhou Xuan", "+86 137 6666 0004")
    payload = invite_link(rep, contact_id)
    reply = rep.send(f"/start {payload}")[-1]
    assert "please forward it to them" in reply.text and not reply.button_texts
    zhou = bot.client.user(new_user_id + 600_000, first_name="Zhou", language_code="en")
    accept(zhou, payload)  # still unused: the customer takes it
    assert "Zhou Xuan" in zhou.last.text


def test_update_with_a_bad_then_a_good_phone(bot: BotProcess, rep, new_user_id: int) -> None:  # type: ignore[no-untyped-def]
    contact_id = new_lead(rep, "Pablo Ruiz", "+34 612 345 678")
    pablo = bot.client.user(new_user_id + 600_000, first_name="Pablo", language_code="en")
    accept(pablo, invite_link(rep, contact_id))
    pablo.press("Update")
    pablo.press("Phone")
    replies = pablo.send("123")
    assert "too short" in replies[0].text
    pablo.send("+34 699 111 222")
    pablo.press("Save changes")
    assert "your details are saved" in pablo.wait_for("details are saved").text
    view = rep.send(f"/view {contact_id}")[-1].text
    assert "+34 699 11 12 22" in view
    data = json.loads(pablo.send("/mydata")[-1].document.download())
    assert data["contact"]["phone"] == "+34699111222"
    change = next(h for h in data["history"] if h["field"] == "phone")
    assert change["by_you"] and change["old"] == "+34612345678"
    assert data["consents"][0]["accepted"] is True


def test_an_expired_link_is_refused(bot: BotProcess, rep, new_user_id: int) -> None:  # type: ignore[no-untyped-def]
    payload = invite_link(rep, new_lead(rep, "Ivan Horvat", "+385 91 234 5678"))
    with sqlite3.connect(bot.data_dir / "capture.db") as db:
        db.execute(
            "UPDATE invite SET expires_at = '2020-01-01 00:00:00' WHERE token = ?", (payload,)
        )
    late = bot.client.user(new_user_id + 600_000, first_name="Ivan", language_code="en")
    assert "has expired" in late.send(f"/start {payload}")[-1].text


def test_decline_leaves_the_contact_unlinked(bot: BotProcess, rep, new_user_id: int) -> None:  # type: ignore[no-untyped-def]
    contact_id = new_lead(rep, "Nina Berg", "+46 70 123 45 67")
    nina = bot.client.user(new_user_id + 600_000, first_name="Nina", language_code="en")
    nina.send(f"/start {invite_link(rep, contact_id)}")
    assert "nothing was changed" in nina.press("No, thanks")[0].text
    assert "You declined to share your details" in nina.send("/mydata")[-1].text
    assert "Customer: not linked yet" in rep.send(f"/view {contact_id}")[-1].text


def test_forget_erases_and_leaves_a_tombstone(bot: BotProcess, rep, new_user_id: int) -> None:  # type: ignore[no-untyped-def]
    contact_id = new_lead(rep, "Emil Larsen", "+45 20 12 34 56")
    emil = bot.client.user(new_user_id + 600_000, first_name="Emil", language_code="en")
    accept(emil, invite_link(rep, contact_id))
    emil.send("/forget")
    assert "erased" in emil.press("Yes, erase my data")[0].text
    for command in ("/mydata", "/update", "/forget"):
        assert "Your data was erased" in emil.send(command)[-1].text
    today = f"{datetime.now(UTC):%Y-%m-%d}"
    assert f"#{contact_id} was erased on {today}" in rep.send(f"/view {contact_id}")[-1].text
    assert not [
        r
        for r in json.loads("[" + ",".join(bot.cli("export").stdout.splitlines()) + "]")
        if r["id"] == contact_id
    ]
    with sqlite3.connect(bot.data_dir / "capture.db") as db:
        values = db.execute(
            "SELECT old_value, new_value FROM auditevent WHERE contact_id = ?", (contact_id,)
        ).fetchall()
    assert len(values) >= 3 and set(values) == {(None, None)}  # history kept, values gone


def test_a_customers_stale_button_points_to_their_own_commands(  # type: ignore[no-untyped-def]
    bot: BotProcess, rep, new_user_id: int
) -> None:
    """Customers cannot /new: a button of a conversation that has ended tells them theirs."""
    contact_id = new_lead(rep, "Stale Button", "+86 139 9200 0001")
    sara = bot.client.user(new_user_id + 600_000, first_name="Sara", language_code="en")
    accept(sara, invite_link(rep, contact_id))
    menu = sara.send("/update")[-1]
    asked = sara.send("/cancel")[-1]
    assert "Discard" in asked.text
    sara.press(asked.button_texts[0])  # yes, discard: the conversation has ended
    data = next(d for label, d in menu.buttons[0] if label)
    answer = " ".join(m.text or "" for m in sara.press_data(menu.message_id, data))
    assert "/update" in answer and "/new" not in answer and "lead" not in answer, answer


def test_a_customer_saving_after_an_erasure_is_told_their_data_was_erased(  # type: ignore[no-untyped-def]
    bot: BotProcess, rep, new_user_id: int
) -> None:
    boss = bot.client.user(new_user_id + 500_000, first_name="Mona", language_code="en")
    bot.set_role(boss.id, "manager")
    boss.send("/start")
    boss.send("/digest off")
    for offset, name, lang, update, phone, save, erased in (
        (600_000, "Gone Soon", "en", "Update", "Phone", "Save changes", "Your data was erased"),
        (700_000, "王删除", "zh-hans", "更新", "电话", "保存修改", "您的数据已被删除"),
    ):
        contact_id = new_lead(rep, name, f"+86 139 9000 {offset // 100_000:04d}")
        customer = bot.client.user(new_user_id + offset, first_name="G", language_code=lang)
        customer.send(f"/start {invite_link(rep, contact_id)}")
        customer.press(customer.last.button_texts[0])  # I agree / 我同意
        customer.press(update)
        customer.press(phone)
        customer.send("+86 139 9000 0099")
        boss.send(f"/erase {contact_id}")
        boss.press("Yes, erase")
        answer = " ".join(m.text or "" for m in customer.press(save))
        assert erased in answer and "/new" not in answer and "线索" not in answer, answer
        rows = [json.loads(x) for x in bot.cli("export").stdout.splitlines() if x.strip()]
        assert not any(r["id"] == contact_id or r.get("phone") == "+8613990000099" for r in rows)


def test_self_entry_through_a_campaign(bot: BotProcess, new_user_id: int) -> None:
    boss = bot.client.user(new_user_id, first_name="Mia", language_code="en")
    bot.set_role(boss.id, "manager")
    link = boss.send("/campaign Canton Fair")[-1].text
    payload = re.search(r"\?start=(c_[\w-]+)", link).group(1)
    wang = bot.client.user(new_user_id + 600_000, first_name="芳", language_code="zh-hans")
    wang.send(f"/start {payload}")
    wang.press("我同意")
    wang.send("王芳")
    phone_question = wang.wait_for("您的手机号")
    assert phone_question.keyboard and phone_question.keyboard[0][0].get("request_contact")
    wang.send_contact(phone_number="+8613912345678", first_name="芳", last_name="王")
    for _ in range(4):
        wang.send("/skip")
    summary = wang.last.text
    assert "姓名：王芳" in summary and "电话：+86 139 1234 5678" in summary
    assert "资料已保存" in wang.press("保存")[0].text
    record = next(r for r in map(json.loads, bot.cli("export").stdout.splitlines())
                  if r["phone"] == "+8613912345678")  # fmt: skip
    assert record["source"] == "self" and record["owner_id"] == boss.id
    stats = boss.send("/stats")[-1].text
    assert "active contact" in stats and "customer" in stats.lower()  # one, or several


def test_sharing_my_own_number_links_my_record(bot: BotProcess, rep, new_user_id: int) -> None:  # type: ignore[no-untyped-def]
    contact_id = new_lead(rep, "Kofi Mensah", "+233 24 412 3456")
    kofi = bot.client.user(new_user_id + 600_000, first_name="Kofi", language_code="en")
    hello = kofi.send("/start")[-1]
    assert hello.keyboard and hello.keyboard[0][0].get("request_contact")
    replies = kofi.send_contact(phone_number="+233244123456", first_name="Kofi")
    assert "What we store" in replies[-1].text
    kofi.press("I agree")
    assert "Kofi Mensah" in kofi.last.text
    assert "Customer: linked" in rep.send(f"/view {contact_id}")[-1].text


def test_customers_cannot_use_staff_commands(bot: BotProcess, rep, new_user_id: int) -> None:  # type: ignore[no-untyped-def]
    contact_id = new_lead(rep, "Lea Wolf", "+43 664 1234567")
    lea = bot.client.user(new_user_id + 600_000, first_name="Lea", language_code="en")
    accept(lea, invite_link(rep, contact_id))
    for command in ("/new", f"/view {contact_id}", "/mine", "/dupes", "/stats"):
        assert "not for your role" in lea.send(command)[-1].text


# --- reminders: a bot of their own with a seconds-long interval ------------------------------


@pytest.fixture
def fast_bot(tmp_path: Path) -> Iterator[BotProcess]:
    with SandboxServer(host="127.0.0.1", port=0) as server:
        process = BotProcess(
            server, tmp_path, CONFIRM_INTERVAL="8s", REMINDER_FOLLOWUPS="1h",
            REMINDER_SWEEP_SECONDS="0.5",
        )  # fmt: skip
        process.start()
        yield process
        process.stop()


def reminders_in(user) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.text for m in user.messages if m.text and "still correct?" in m.text]


def test_one_reminder_across_a_restart_and_quiet_hours(fast_bot: BotProcess) -> None:
    def night_due_local() -> datetime:
        with sqlite3.connect(fast_bot.data_dir / "capture.db") as db:
            (due,) = db.execute(
                "SELECT due_at FROM reminder r JOIN contact c ON c.id = r.contact_id "
                "WHERE c.name = 'Nils Night'").fetchone()  # fmt: skip
        moment = datetime.fromisoformat(due).replace(tzinfo=UTC)
        return moment.astimezone(ZoneInfo(zone_where(day=False)))

    fast_bot.set_role(10, "rep")
    rep = fast_bot.client.user(10, first_name="Rita", language_code="en")
    day = fast_bot.client.user(11, first_name="Dora", language_code="en")
    night = fast_bot.client.user(12, first_name="Nils", language_code="en")
    people = (
        (day, "Dora Day", "+44 7911 123401", True),
        (night, "Nils Night", "+44 7911 123402", False),
    )
    for customer, name, phone, daytime in people:
        accept(customer, invite_link(rep, new_lead(rep, name, phone)))
        assert "Time zone set" in customer.send(f"/timezone {zone_where(day=daytime)}")[-1].text
        customer.press("All correct")
    assert reminders_in(day) == []  # not due yet: the restart comes first
    fast_bot.stop()
    fast_bot.start()
    day.wait_for("still correct?", timeout=20)
    deadline = time.monotonic() + 20
    while (held := night_due_local()).hour != 9:  # held until the customer's morning
        assert time.monotonic() < deadline, held
        time.sleep(0.5)
    assert held.minute == 0
    time.sleep(1.5)  # a few more sweeps
    assert len(reminders_in(day)) == 1
    assert reminders_in(night) == []

    assert "Thank you for confirming" in day.press("All correct")[0].text


def test_a_customer_who_blocked_the_bot_is_unreachable(fast_bot: BotProcess) -> None:
    fast_bot.set_role(20, "manager")
    boss = fast_bot.client.user(20, first_name="Bea", language_code="en")
    gone = fast_bot.client.user(21, first_name="Gus", language_code="en")
    accept(gone, invite_link(boss, new_lead(boss, "Gus Gone", "+44 7911 123403")))
    gone.send(f"/timezone {zone_where(day=True)}")
    gone.block()
    deadline = time.monotonic() + 15
    while "1 unreachable" not in (stats := boss.send("/stats")[-1].text):
        assert time.monotonic() < deadline, stats
        time.sleep(0.5)
