"""What a new user sees in the chat (issue 19), through the sandbox: the customer's phone
keyboard, choices kept on the message after a press, in English and Chinese."""

from __future__ import annotations

from tests.conftest import BotProcess
from tests.handlers.test_customers import accept, invite_link, new_lead


def test_a_customer_sees_the_share_button_and_keeps_their_number(  # type: ignore[no-untyped-def]
    bot: BotProcess, rep, new_user_id: int
) -> None:
    contact_id = new_lead(rep, "Ruth Hale", "+1 401 555 0142")
    ruth = bot.client.user(new_user_id + 600_000, first_name="Ruth", language_code="en")
    accept(ruth, invite_link(rep, contact_id))
    ruth.press("Update")
    ruth.press("Phone")
    asked = ruth.wait_for("Your phone number?")
    # Telegram shows a reply keyboard or inline buttons, never both: everything is on the keyboard
    assert asked.button_texts == []
    assert ruth.keyboard == [
        [{"text": "📱 Share my phone number", "request_contact": True}],
        [{"text": "+1 401 555 0142"}],
    ]
    assert "Tap “📱 Share my phone number” below" in asked.text
    assert "Current answer: +1 401 555 0142 — tap it below to keep it." in asked.text
    ruth.send("+1 401 555 0142")  # what tapping the key sends
    summary = ruth.last
    assert "Phone: +1 401 555 0142" in summary.text and "was" not in summary.text

    ruth.press("Edit")
    ruth.press("Phone")
    said = " ".join(m.text or "" for m in ruth.send("401 555 0187"))  # her own country: US
    assert "(China)" not in said and "Phone: +1 401 555 0187 (was: +1 401 555 0142)" in said


def test_a_chinese_customer_reads_the_same_keyboard(  # type: ignore[no-untyped-def]
    bot: BotProcess, rep, new_user_id: int
) -> None:
    contact_id = new_lead(rep, "Wang Fang", "+86 139 5821 4407")
    wang = bot.client.user(new_user_id + 600_000, first_name="芳", language_code="zh-hans")
    payload = invite_link(rep, contact_id)
    wang.send(f"/start {payload}")
    wang.press("我同意")
    wang.press("更新")
    wang.press("电话")
    asked = wang.wait_for("您的手机号")
    assert "点下方的“📱 分享我的手机号”" in asked.text and "+86 139 5821 4407" in asked.text
    assert wang.keyboard[0][0] == {"text": "📱 分享我的手机号", "request_contact": True}


def test_a_pressed_button_stays_named_on_its_message(  # type: ignore[no-untyped-def]
    rep, bot: BotProcess, new_user_id: int
) -> None:
    rep.send("/new")
    rep.send("Anna Berg")
    rep.send("/skip")
    question = rep.send("anna@gmial.com")[-1]
    assert question.button_texts == ["Use anna@gmail.com", "Keep anna@gmial.com"]
    rep.press("Use anna@gmail.com")
    marked = next(m for m in rep.messages if m.message_id == question.message_id)
    assert marked.button_texts == [] and marked.edited
    assert marked.text.endswith("✔️ You chose: Use anna@gmail.com")
    assert "Did you mean" in marked.text  # the question itself is still there

    li = bot.client.user(new_user_id + 300_000, first_name="丽", language_code="zh-hans")
    bot.set_role(li.id, "rep")
    li.send("/language")
    choose = li.last
    li.press("中文")
    marked = next(m for m in li.messages if m.message_id == choose.message_id)
    assert marked.text.endswith("✔️ 已选择：中文")


def _data(message, label: str) -> str:  # type: ignore[no-untyped-def]
    return next(d for row in message.buttons for text, d in row if label in text)


def _now(user, message):  # type: ignore[no-untyped-def]
    """The message as the chat shows it now (edits applied)."""
    return next(m for m in user.messages if m.message_id == message.message_id)


def test_a_refused_press_leaves_its_message_unstamped(  # type: ignore[no-untyped-def]
    rep, bot: BotProcess
) -> None:
    """QA 46 #7: "✔️ You chose" only for a press that was taken."""
    contact_id = new_lead(rep, "Ida Lamb", "+1 401 555 0190")
    rep.send(f"/edit {contact_id}")
    rep.press("Email")
    summary = rep.send("ida@example.com")[-1]
    assert "Save changes" in " ".join(summary.button_texts)
    rep.send("/back")
    said = rep.press_data(summary.message_id, _data(summary, "Save changes"))
    assert "out of date" in said[0].text
    shown = _now(rep, summary)
    assert "You chose" not in shown.text and not shown.edited
    assert shown.button_texts == summary.button_texts
    assert "ida@example.com" not in rep.send(f"/view {contact_id}")[0].text  # nothing saved

    rep.send("/cancel")
    rep.press("Yes, discard")  # an accepted press: stamped
    assert rep.messages[-2].text.endswith("✔️ You chose: Yes, discard")
    said = rep.press_data(summary.message_id, _data(summary, "Save changes"))
    assert "has ended" in said[0].text  # the conversation is over
    assert "You chose" not in _now(rep, summary).text

    menu = rep.send("/start")[-1]
    bot.set_role(rep.id, "none")  # the role is gone: the old menu's buttons are refused
    said = rep.press_data(menu.message_id, _data(menu, "New lead"))
    assert said and "You chose" not in _now(rep, menu).text


def test_a_manager_opening_a_rep_link_stays_a_manager(bot: BotProcess, new_user_id: int) -> None:
    bot.set_role(new_user_id, "manager")
    boss = bot.client.user(new_user_id, first_name="Mgr", language_code="en")
    link = boss.send("/invite rep")[-1].text
    payload = link.split("start=")[1].split()[0]
    said = boss.send(f"/start {payload}")[-1].text
    assert said == "You are already a manager, so this link changes nothing."
    assert "The team" in " ".join(m.text or "" for m in boss.send("/team"))
    newcomer = bot.client.user(new_user_id + 600_000, first_name="Ren", language_code="en")
    joined = newcomer.send(f"/start {payload}")
    assert any("You are now a sales rep" in (m.text or "") for m in joined)


def test_a_customer_sharing_someone_elses_contact_keeps_their_number(  # type: ignore[no-untyped-def]
    bot: BotProcess, rep, new_user_id: int
) -> None:
    contact_id = new_lead(rep, "Yu Hua", "+86 137 5555 0001")
    yu = bot.client.user(new_user_id + 600_000, first_name="Yu", language_code="en")
    accept(yu, invite_link(rep, contact_id))
    yu.press("Update")
    yu.press("Phone")
    said = yu.send_contact(phone_number="+8613999990000", first_name="Other", user_id=123456)
    assert "someone else's contact" in said[0].text
    assert "Your phone number?" in said[-1].text
    assert "+86 139 9999 0000" not in rep.send(f"/view {contact_id}")[-1].text
    yu.send("/cancel")
    yu.press("Yes, discard")
    assert "+86 137 5555 0001" in rep.send(f"/view {contact_id}")[-1].text


def test_a_customer_changing_language_gets_their_own_menu(  # type: ignore[no-untyped-def]
    bot: BotProcess, rep, new_user_id: int
) -> None:
    contact_id = new_lead(rep, "Xu Zhimo", "+86 137 6666 0001")
    xu = bot.client.user(new_user_id + 600_000, first_name="Xu", language_code="en")
    accept(xu, invite_link(rep, contact_id))
    for choice, hint, stranger in (("中文", "发送 /mydata", "销售团队"),
                                   ("English", "Send /mydata", "sales team")):  # fmt: skip
        xu.send("/language")
        xu.press(choice)
        xu.wait_for(hint)
        assert not [m for m in xu.messages[-3:] if stranger in (m.text or "")]


def test_a_customer_reads_their_own_help_and_cancel(  # type: ignore[no-untyped-def]
    bot: BotProcess, rep, new_user_id: int
) -> None:
    contact_id = new_lead(rep, "Mo Yan", "+86 137 6666 0005")
    mo = bot.client.user(new_user_id + 600_000, first_name="Mo", language_code="en")
    accept(mo, invite_link(rep, contact_id))
    help_text = mo.send("/help")[-1].text
    assert "/cancel — Stop entering or changing your details" in help_text
    assert "lead" not in help_text
    mo.send("/update")
    asked = mo.send("/cancel")[-1]
    assert asked.text == "Discard the changes to your details? What we have stays as it was."
    assert mo.press("Yes, discard")[0].text == "Changes discarded; your details are unchanged."
    assert "Send /help" in mo.send("/cancel")[-1].text


def test_help_on_an_old_menu_answers_after_the_role_is_gone(  # type: ignore[no-untyped-def]
    bot: BotProcess, rep
) -> None:
    menu = rep.send("/start")[-1]
    bot.set_role(rep.id, "none")
    data = next(d for row in menu.buttons for label, d in row if "Help" in label)
    said = rep.press_data(menu.message_id, data)
    assert any("Here is what you can do" in (m.text or "") for m in said)
    assert not any("Ask your manager" in (m.text or "") for m in said)
