"""What users read (issue 19), through the real core: real plurals, named fields, one phone
format, human history and team lines, in English and Chinese."""

from __future__ import annotations

import re

from bot import flow
from bot.core import CardPhoto, Core
from bot.i18n import t
from tests.bot.conftest import MANAGER, REP, Chat, add_contact


def card(values: dict[str, str], doubtful: tuple[str, ...]) -> CardPhoto:
    return CardPhoto(flow.CardRead(values, doubtful), b"\x89PNG\r\n\x1a\n")


def test_a_card_names_the_fields_to_check(core: Core) -> None:
    rep = Chat(core, REP)
    said = rep.send(card({"name": "Anna Berg", "company": "Nordlicht AB"}, ("company",)))
    # no phone and no email on the card: both asked, with the doubtful company, by name
    assert "Please check 3 fields I was not sure about or could not read: " in said
    assert "phone, email and company." in said and "field(s)" not in said

    rep.command("cancel")
    rep.press("cancel_yes")
    said = rep.send(card({"name": "Anna Berg", "phone": "+46701234567"}, ("name",)))
    assert "Please check one field I was not sure about or could not read: name." in said


def test_a_card_names_the_fields_to_check_in_chinese(core: Core) -> None:
    rep = Chat(core, REP, "zh")
    said = rep.send(card({"name": "王伟", "phone": "+8613800138000"}, ("phone", "title")))
    assert "有 2 个字段我不太确定或没读到，请核对：电话和职位。" in said


def test_find_counts_in_words(core: Core) -> None:
    add_contact(core, {"name": "Oskar Lind", "company": "Lindqvist AB"})
    add_contact(core, {"name": "Pia Lind", "company": "Lindqvist AB"})
    boss = Chat(core, MANAGER)
    assert '2 matches for "Lindqvist"' in boss.command("find", "Lindqvist")
    assert '1 match for "Oskar"' in boss.command("find", "Oskar")
    assert "“Oskar”有 1 条匹配" in Chat(core, MANAGER, "zh").command("find", "Oskar")


def test_phone_numbers_have_one_format_everywhere(core: Core) -> None:
    us = add_contact(core, {"name": "Ruth Hale", "phone": "+14015555555"})
    uk = add_contact(core, {"name": "Ian Moss", "phone": "+447911123456"}, owner=MANAGER)
    boss = Chat(core, MANAGER)
    view_us, view_uk = boss.command("view", str(us)), boss.command("view", str(uk))
    assert "Phone: +1 401 555 5555" in view_us and "Phone: +44 7911 123456" in view_uk
    listed = boss.command("find", "Ruth")
    assert "+1 401 555 5555" in listed and "401-555" not in listed
    boss.command("edit", str(us))
    asked = boss.press("field", "phone")
    assert "+1 401 555 5555" in asked and "401-555" not in asked
    # a refused number's example has the same shape
    assert re.search(r"e\.g\. \+\d+( \d+)+\.", boss.text("55"))


# --- whose country a number typed without + is read in -----------------------------------------


def test_a_customer_with_a_us_number_types_it_without_plus(core: Core) -> None:
    from tests.bot.conftest import CUSTOMER, link_customer

    lead = add_contact(core, {"name": "Ruth Hale", "phone": "+14015555555"})
    link_customer(core, lead)
    ruth = Chat(core, CUSTOMER)  # Telegram says only "en"; DEFAULT_REGION is CN
    ruth.command("update")
    asked = ruth.press("field", "phone")
    assert "a local number without the + (United States)" in asked or "+1 401 555 5555" in asked
    said = ruth.text("401 555 0199")
    assert "isn't" not in said and "CN" not in said
    assert "+1 401 555 0199" in said  # the summary of the change


def test_a_new_customer_is_read_in_their_languages_country(core: Core) -> None:
    boss = Chat(core, MANAGER)
    code = re.search(r"start=c_(\w+)", boss.command("campaign", "Expo")).group(1)
    guest = Chat(core, 7100, "en-US")
    guest.command("start", f"c_{code}")
    guest.menu("cyes", f"c:{code}")
    assert "Your phone number?" in guest.text("Jo Park")
    said = guest.text("401 555 0199")
    assert "doesn't exist" not in said and "too short" not in said
    assert guest.state()["draft"]["phone"] == "+14015550199"

    wang = Chat(core, 7200, "zh")  # Chinese: China, whatever DEFAULT_REGION says
    core.settings = core.settings.model_copy(update={"default_region": "US"})
    wang.command("start", f"c_{code}")
    wang.menu("cyes", f"c:{code}")
    wang.text("王芳")
    wang.text("138 0013 8000")
    assert wang.state()["draft"]["phone"] == "+8613800138000"


def test_a_lead_is_read_in_its_own_country(core: Core) -> None:
    lead = add_contact(core, {"name": "Ian Moss", "phone": "+447911123456"})
    rep = Chat(core, REP)
    rep.command("edit", str(lead))
    asked = rep.press("field", "phone")
    assert "a local number without the + (United Kingdom)" in asked
    rep.text("07400 123456")  # a UK mobile typed the British way
    assert rep.state()["draft"]["phone"] == "+447400123456"

    # a card with a German number: a second number typed for it is German too
    rep.command("cancel")
    rep.press("cancel_yes")
    read = flow.CardRead({"name": "Jonas Weber"}, ("phone",), region="DE")
    said = rep.send(CardPhoto(read, b"\x89PNG\r\n\x1a\n"))
    assert "a local number without the + (Germany)" in said
    rep.text("030 901820")
    assert rep.state()["draft"]["phone"] == "+4930901820"


# --- /history and /team in words ---------------------------------------------------------------


def test_history_reads_as_sentences(core: Core) -> None:
    Chat(core, REP).command("help")  # the rep has written to the bot: the bot knows her name
    lead = add_contact(core, {"name": "Ian Moss", "phone": "+447911123456", "title": "Buyer"})
    other = add_contact(core, {"name": "Ian Moss", "email": "ian@moss.example"})
    boss = Chat(core, MANAGER)
    boss.command("edit", str(lead))
    boss.change("phone", "+44 7400 123456")
    boss.change("title", None)
    boss.save()
    boss.command("reassign", f"{REP} {MANAGER}")
    from bot import contacts
    from storage import repo
    from storage.db import session_scope

    with session_scope(core.engine) as s:
        survivor, gone = repo.get_contact(s, lead), repo.get_contact(s, other)
        contacts.merge(s, contacts.plan_merge(survivor, gone), {}, actor_id=MANAGER)
    said = boss.command("history", str(lead))
    assert f"History of #{lead} (" in said
    assert "— Tester added the lead." in said
    assert "— Tester changed the phone from “+44 7911 123456” to “+44 7400 123456”." in said
    assert "— Tester cleared the title (it was “Buyer”)." in said
    assert "— Tester moved the lead from Tester to Tester." in said
    assert f"— Tester merged #{other} into this lead." in said
    assert "merged_id" not in said and "→" not in said and "owner_id" not in said

    zh = Chat(core, MANAGER, "zh").command("history", str(lead))
    assert "Tester 把电话从“+44 7911 123456”改为“+44 7400 123456”。" in zh
    assert "Tester 清除了职位（原为“Buyer”）。" in zh


# --- /find -------------------------------------------------------------------------------------


def test_find_one_chinese_character_and_by_domain(core: Core) -> None:
    add_contact(core, {"name": "张伟", "company": "华信"})
    add_contact(core, {"name": "王芳", "email": "wang.fang@contoso.com"})
    add_contact(core, {"name": "Bo Ek", "website": "https://www.contoso.com/about"})
    add_contact(core, {"name": "Cai Li", "email": "cai@fabrikam.example"})
    rep = Chat(core, REP, "zh")
    assert "#1 张伟" in rep.command("find", "张") and "王芳" not in rep.command("find", "张")
    assert "“王”有 1 条匹配" in rep.command("find", "王")
    en = Chat(core, REP)
    said = en.command("find", "contoso.com")
    assert '2 matches for "contoso.com"' in said and "王芳" in said and "Bo Ek" in said
    assert "Cai Li" not in said
    for typed in ("@contoso.com", "www.contoso.com", "https://contoso.com", "CONTOSO.COM"):
        assert "2 matches" in en.command("find", typed), typed
    assert "No leads you can see match" in en.command("find", "contoso.org")
    # a single Latin letter is still too little to search for
    assert "too short to search" in en.command("find", "z")


def test_a_pasted_invitation_link_opens_it(core: Core) -> None:
    boss = Chat(core, MANAGER)
    link = boss.command("campaign", "Expo").split()[-1]
    assert link.startswith("https://t.me/capture_bot?start=c_")
    guest = Chat(core, 7300)
    assert "Before we continue" in guest.text(f"  {link} ")
    assert "Before we continue" in guest.text(link.removeprefix("https://"))
    # a link to another bot, or one inside a sentence, is just text
    assert "Before we continue" not in guest.text(link.replace("capture_bot", "other_bot"))
    assert "Before we continue" not in guest.text(f"my friend sent {link}")
    zh = Chat(core, 7301, "zh")
    assert "继续之前" in zh.text(link)


def test_the_inviter_hears_once_that_a_member_cannot_be_reached(core: Core) -> None:
    from bot.replies import Alert, Reply

    core.admin_ids = frozenset({9})
    admin = Chat(core, 9)
    token = re.search(r"start=(r_[\w-]+)", admin.command("invite", "manager")).group(1)
    Chat(core, 8).command("start", token)  # "Tester" joins as a manager
    alert = Alert(8, Reply("⚠️ Possible duplicate #1"), candidate_id=1)
    notices = core.undelivered(alert, "blocked")
    assert [n.chat_id for n in notices] == [9]
    assert notices[0].reply.text.startswith(
        "⚠️ A duplicate alert could not be delivered to Tester (id 8): they blocked the bot."
    )
    assert core.undelivered(alert, "blocked") == []  # told once, not at every alert
    assert "Tester (id 8) — manager, last active" in admin.command("team")
    assert "cannot be reached: they blocked the bot" in admin.command("team")
    core.delivered(8)  # a later message got through
    assert "cannot be reached" not in admin.command("team")


def test_the_consent_text_says_how_to_withdraw_it() -> None:
    """'You can withdraw at any time' with no way named left a customer asking how (QA stop 47):
    the clause naming /forget says that it withdraws the consent, in both languages."""
    for lang, word in (("en", "withdraw"), ("zh", "撤回")):
        text = t(lang, "consent.text", version="v", fields="name", staff_fields="notes")
        clause = next(c for c in re.split(r"[,.，。]", text) if "/forget" in c)
        assert word in clause, (lang, clause)
