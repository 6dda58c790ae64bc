"""The rep's capture conversation, end to end: the real bot process, through the sandbox."""

from __future__ import annotations

import json

from bot.replies import Button
from bot.security import decode_button, encode_button
from storage.crypto import Keyring
from tests.conftest import TEST_SECRET, BotProcess


def answer_all(rep) -> None:  # type: ignore[no-untyped-def]
    rep.send("/new")
    rep.send("Zhang Wei")
    rep.send("138 0013 8000")
    rep.send("zhang.wei@example.com")
    rep.send("Acme Trading Ltd")
    rep.send("Purchasing Manager")
    rep.send("Met at the Canton Fair")


def exported(bot: BotProcess) -> list[dict]:
    out = bot.cli("export", "--format", "json").stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_start_and_help(bot: BotProcess, new_user_id: int) -> None:
    stranger = bot.client.user(new_user_id, first_name="Zed", language_code="en")
    assert "Hello, Zed" in stranger.send("/start")[0].text
    help_text = stranger.send("/help")[0].text
    assert "/help" in help_text and "/new" not in help_text
    admin = bot.client.user(BotProcess.ADMIN_ID, first_name="Ada", language_code="en")
    admin.send("/start")
    assert "New lead" in admin.wait_for("What would you like to do").button_texts[0]
    assert "/new" in admin.send("/help")[0].text


def test_a_whole_lead_is_captured_saved_and_exported(bot: BotProcess, rep) -> None:  # type: ignore[no-untyped-def]
    answer_all(rep)
    summary = rep.last
    assert "Please check the lead" in summary.text
    assert "Phone: +86 138 0013 8000" in summary.text
    saved = rep.press("Save")
    text = " ".join(m.text for m in saved)
    assert "Saved as #" in text
    contact_id = int(text.split("Saved as #")[1].split()[0])
    record = next(r for r in exported(bot) if r["id"] == contact_id)
    assert record["name"] == "Zhang Wei" and record["phone"] == "+8613800138000"
    assert record["email"] == "zhang.wei@example.com" and record["source"] == "manual"
    assert record["owner_id"] == rep.id
    view = rep.send(f"/view {contact_id}")[0].text
    assert "Zhang Wei" in view and "Acme Trading Ltd" in view


def test_bad_answers_are_refused_with_the_reason(bot: BotProcess, rep) -> None:  # type: ignore[no-untyped-def]
    rep.send("/new")
    replies = rep.send("+86 138 0013 8000")  # a phone where the name goes
    assert "phone number" in replies[0].text.lower() and "Full name" in replies[-1].text
    rep.send("Li Na")
    replies = rep.send("12345")
    assert "too short" in replies[0].text and "Phone number?" in replies[-1].text
    replies = rep.send_sticker()
    assert "typed answer" in replies[0].text
    rep.send("+86 21 6234 5678")
    replies = rep.send("li.na@gmial.com")
    assert "Did you mean li.na@gmail.com?" in replies[-1].text
    rep.press("Use li.na@gmail.com")
    rep.send("/cancel")
    rep.press("Yes, discard")
    assert "Discarded" in rep.last.text


def test_back_edit_and_cancel(bot: BotProcess, rep) -> None:  # type: ignore[no-untyped-def]
    rep.send("/new")
    rep.send("Wang Fang")
    rep.send("13912345678")
    replies = rep.send("/back")
    assert "Current answer: +86 139 1234 5678" in replies[-1].text
    rep.press("Keep current")
    rep.send("/skip")  # email, the phone is there
    rep.send("/skip")
    rep.send("/skip")
    rep.send("/skip")
    rep.press("Edit")
    rep.press("Company")
    replies = rep.send("Globex GmbH")
    assert "Company: Globex GmbH" in replies[-1].text
    rep.send("/cancel")
    rep.press("No, keep going")
    assert "Please check the lead" in rep.last.text


def test_a_shared_contact_fills_name_and_phone(bot: BotProcess, rep) -> None:  # type: ignore[no-untyped-def]
    rep.send("/new")
    replies = rep.send_contact(
        phone_number="+8613912345678", first_name="Fang", last_name="Wang", user_id=777
    )
    assert "Email address?" in replies[-1].text
    rep.send("/back")
    assert "Current answer: +86 139 1234 5678" in rep.last.text


def test_duplicate_phone_is_said_before_saving(bot: BotProcess, rep) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):
        rep.send("/new")
        rep.send("Chen Jie")
        rep.send("+86 137 0000 1111")
        for _ in range(4):
            rep.send("/skip")
        replies = rep.press("Save")
    text = " ".join(m.text for m in replies)
    assert "may already be saved" in text and "Chen Jie" in text and "same phone" in text
    assert "Saved as" not in text
    replies = rep.press("Save anyway")
    assert "Saved as #" in replies[0].text


def test_strangers_cannot_capture(bot: BotProcess, new_user_id: int) -> None:
    stranger = bot.client.user(new_user_id, first_name="Eve", language_code="en")
    assert "sales team" in stranger.send("/new")[0].text  # what a stranger is told, no manager
    assert "sales team" in stranger.send("hello")[0].text


def test_a_forged_button_is_refused(bot: BotProcess, rep) -> None:  # type: ignore[no-untyped-def]
    rep.send("/new")
    message = rep.last
    rep.press_data(message.message_id, "save||1|AAAAAAAAAAAA", wait=False)
    answer = rep.wait_for_answer("not valid")
    assert answer.show_alert
    replies = rep.send("Zhang San")
    assert "Phone number?" in replies[-1].text  # the conversation went on unchanged


def test_buttons_are_signed_with_the_derived_button_key(bot: BotProcess, rep) -> None:  # type: ignore[no-untyped-def]
    """Never the raw master secret; a button signed with it (one from before the upgrade) is
    refused politely and changes nothing."""
    answer_all(rep)
    summary = rep.last
    data = [d for row in summary.buttons for _label, d in row if d]
    assert data
    derived = Keyring(TEST_SECRET.encode()).button_key
    assert all(decode_button(derived, rep.id, d) for d in data)
    assert not any(decode_button(TEST_SECRET.encode(), rep.id, d) for d in data)
    save = next(d for row in summary.buttons for label, d in row if label.endswith("Save") and d)
    action, arg, rev, _mac = save.split("|")
    old = encode_button(TEST_SECRET.encode(), rep.id, Button("Save", action, arg, rev=int(rev)))
    rep.press_data(summary.message_id, old, wait=False)
    assert rep.wait_for_answer("not valid").show_alert
    assert not any(r["owner_id"] == rep.id for r in exported(bot))


def test_chinese_user_gets_chinese(bot: BotProcess, new_user_id: int) -> None:
    bot.set_role(new_user_id, "rep")
    li = bot.client.user(new_user_id, first_name="娜", language_code="zh-hans")
    replies = li.send("/new")
    assert "线索" in replies[0].text and "姓名" in replies[-1].text
    li.send("王伟")
    li.send("/language")
    li.press("English")
    assert "Language set to English" in li.wait_for("Language set").text


def test_a_chinese_summary_and_search_show_the_extension_after_zhuan(
    bot: BotProcess, new_user_id: int
) -> None:
    zh = bot.client.user(new_user_id, first_name="丽", language_code="zh-hans")
    bot.set_role(zh.id, "rep")
    zh.send("/new")
    zh.send("欧阳卫东")
    zh.send("(010) 6552 9988 转 123")
    zh.send("ouyang.weidong@example.com")
    for _ in range(3):
        zh.send("/skip")
    summary = zh.last.text
    (phone_line,) = [line for line in summary.splitlines() if line.startswith("电话")]
    assert "+86 10 6552 9988 转 123" in phone_line and "ext." not in phone_line, summary
    zh.press("保存")
    zh.wait_for("已保存为 #")
    found = zh.send("/find 欧阳卫东")[0].text
    assert "转 123" in found and "ext." not in found, found
    row = next(r for r in exported(bot) if r["name"] == "欧阳卫东")
    assert row["phone"] == "+861065529988;ext=123"  # stored the same whatever the language


def test_mine_find_view_and_edit(bot: BotProcess, rep, new_user_id: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(7):
        rep.send("/new")
        rep.send(f"Lead Number {chr(65 + i)}")
        rep.send(f"+86 138 1111 22{i:02d}")
        for _ in range(4):
            rep.send("/skip")
        rep.press("Save")
    page = rep.send("/mine")[0]
    assert "1–5 of 7" in page.text and "Lead Number G" in page.text
    page2 = rep.press("Older")[0]
    assert "6–7 of 7" in page2.text and "Lead Number A" in page2.text
    found = rep.send("/find number c")[0]
    assert "Lead Number C" in found.text
    contact_id = int(found.text.split("#")[1].split()[0])
    rep.send(f"/edit {contact_id}")
    rep.press("Title")
    rep.send("Chief Buyer")
    replies = rep.press("Save changes")
    assert "updated" in replies[0].text
    assert "Chief Buyer" in rep.send(f"/view {contact_id}")[0].text
    other = bot.client.user(new_user_id + 100_000, first_name="Bob", language_code="en")
    bot.set_role(other.id, "rep")
    assert "belongs to another rep" in other.send(f"/view {contact_id}")[0].text
    assert "No leads you can see" in other.send("/find Lead Number")[0].text


def test_saving_an_edit_that_changed_nothing_says_so(  # type: ignore[no-untyped-def]
    bot: BotProcess, new_user_id: int
) -> None:
    """QA 46 #15: no "updated" and no history entry for a Save that changed nothing."""
    bot.set_role(new_user_id, "manager")
    morgan = bot.client.user(new_user_id, first_name="Morgan", language_code="en")
    answer_all(morgan)
    saved = morgan.press("Save")
    if not any("Saved as" in (m.text or "") for m in saved):
        saved = morgan.press("Save anyway")
    text = next(m.text for m in saved if "Saved as" in (m.text or ""))
    contact_id = int(text.split("#")[1].split()[0])
    morgan.send(f"/edit {contact_id}")
    morgan.press("Back to summary")
    said = morgan.press("Save changes")[0].text
    assert said.startswith("Nothing was changed") and "updated" not in said
    morgan.send(f"/edit {contact_id}")
    morgan.press("Title")
    morgan.send("Purchasing Manager")  # the same title again
    assert "Nothing was changed" in morgan.press("Save changes")[0].text
    history = " ".join(m.text or "" for m in morgan.send(f"/history {contact_id}"))
    assert "added the lead" in history and "changed the" not in history
