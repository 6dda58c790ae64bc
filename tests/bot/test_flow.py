"""The capture state machine, driven as plain data: no Telegram, no database."""

from __future__ import annotations

import json

import pytest

from bot import flow, registry
from bot.flow import (
    CardRead,
    CheckDuplicates,
    Command,
    Ctx,
    DuplicateCheck,
    Press,
    SaveContact,
    Saved,
    SharedContact,
    State,
    Text,
    Unsupported,
)
from bot.i18n import t

EN = Ctx("en", "CN")
ZH = Ctx("zh", "CN")


class Chat:
    """A rep typing into the machine; keeps the state as the core would (round-tripped via JSON)."""

    def __init__(self, ctx: Ctx = EN) -> None:
        self.ctx = ctx
        tr = flow.start(ctx, None)
        self.state: State | None = tr.state
        self.replies = tr.replies
        self.effects: list = []

    def _apply(self, tr: flow.Transition) -> list[str]:
        self.state = (
            State.from_dict(json.loads(json.dumps(tr.state.to_dict()))) if tr.state else None
        )
        self.replies, self.effects, self.refused = tr.replies, tr.effects, tr.refused
        return [r.text for r in tr.replies]

    def send(self, event: flow.Input) -> list[str]:
        assert self.state is not None
        return self._apply(flow.step(self.state, event, self.ctx))

    def type(self, text: str) -> list[str]:
        return self.send(Text(text))

    def press(self, action: str, arg: str = "") -> list[str]:
        assert self.state is not None
        return self.send(Press(action, arg, self.state.rev))

    def buttons(self) -> list[str]:
        return [b.action for r in self.replies for row in r.buttons for b in row]


def fill(chat: Chat) -> None:
    chat.type("Zhang Wei")
    chat.type("+86 138 0013 8000")
    chat.type("zhang.wei@example.com")
    chat.type("Acme Trading Ltd")
    chat.type("Purchasing Manager")
    chat.type("Met at the fair")


def test_questions_come_in_order_and_end_in_a_summary() -> None:
    chat = Chat()
    assert "Question 1 of 6" in chat.replies[-1].text
    steps = []
    for answer in ("Zhang Wei", "13800138000", "zw@example.com", "Acme", "Buyer", "hello"):
        chat.type(answer)
        steps.append(chat.state.step)
    assert steps == ["phone", "email", "company", "title", "notes", "summary"]
    summary = chat.replies[-1].text
    assert "Phone: +86 138 0013 8000" in summary and "Company: Acme" in summary
    assert chat.buttons() == ["save", "edit", "cancel"]


def test_a_rejected_answer_gives_the_reason_repeats_the_question_and_changes_nothing() -> None:
    chat = Chat()
    chat.type("Zhang Wei")
    before = dict(chat.state.draft)
    texts = chat.type("12")
    assert chat.state.step == "phone" and chat.state.draft == before
    assert "too short" in texts[0] and "Phone number?" in texts[1]


def test_phone_is_stored_in_e164() -> None:
    chat = Chat()
    chat.type("Li Na")
    chat.type("０２１－６２３４ ５６７８")  # full-width, Shanghai landline
    assert chat.state.draft["phone"] == "+862162345678"


def test_name_cannot_be_skipped_and_phone_or_email_is_needed() -> None:
    chat = Chat()
    assert "required" in chat.send(Command("skip"))[0]
    chat.type("Zhang Wei")
    chat.send(Command("skip"))  # no phone: allowed for now, the email question says it is needed
    assert chat.state.step == "email"
    assert "email is needed" in chat.replies[-1].text
    assert "phone number or an email" in chat.send(Command("skip"))[0]
    assert chat.state.step == "email"


def test_skip_button_after_three_rejected_answers_to_an_optional_question() -> None:
    chat = Chat()
    chat.type("Zhang Wei")
    chat.type("13800138000")
    chat.type("zw@example.com")
    for _ in range(2):
        chat.type("x" * 200)
        assert "skip" not in chat.buttons()
    chat.type("x" * 200)
    assert "skip" in chat.buttons()
    chat.press("skip")
    assert chat.state.step == "title" and "company" not in chat.state.draft


def test_back_shows_the_current_answer_and_keep_moves_on() -> None:
    chat = Chat()
    chat.type("Zhang Wei")
    chat.type("13800138000")
    texts = chat.send(Command("back"))
    assert chat.state.step == "phone"
    assert "Current answer: +86 138 0013 8000" in texts[-1]
    chat.press("keep")
    assert chat.state.step == "email" and chat.state.draft["phone"] == "+8613800138000"


def test_email_typo_offers_the_correction() -> None:
    chat = Chat()
    chat.type("Zhang Wei")
    chat.type("13800138000")
    texts = chat.type("zw@gmial.com")
    assert "Did you mean zw@gmail.com?" in texts[-1]
    chat.press("email_keep")
    assert chat.state.draft["email"] == "zw@gmial.com" and chat.state.step == "company"


def test_edit_from_summary_asks_one_field_then_returns() -> None:
    chat = Chat()
    fill(chat)
    chat.press("edit")
    assert chat.state.step == "edit_menu"
    chat.press("field", "company")
    chat.type("Globex GmbH")
    assert chat.state.step == "summary" and chat.state.draft["company"] == "Globex GmbH"


def test_cancel_asks_first_then_discards() -> None:
    chat = Chat()
    chat.type("Zhang Wei")
    chat.send(Command("cancel"))
    assert chat.state.step == "confirm_cancel"
    chat.press("cancel_no")
    assert chat.state.step == "phone" and chat.state.draft["name"] == "Zhang Wei"
    chat.send(Command("cancel"))
    chat.press("cancel_yes")
    assert chat.state is None


def test_save_checks_duplicates_then_saves() -> None:
    chat = Chat()
    fill(chat)
    chat.press("save")
    assert chat.effects == [CheckDuplicates(chat.state.draft, None)]
    chat.send(DuplicateCheck(()))
    assert isinstance(chat.effects[0], SaveContact) and chat.effects[0].source == "manual"
    texts = chat.send(Saved(7, created=True))
    assert chat.state is None and "#7" in texts[0]


def test_a_duplicate_warns_before_saving() -> None:
    chat = Chat()
    fill(chat)
    chat.press("save")
    match = {"id": 3, "name": "Zhang Wei", "company": "Acme", "owner": "Li", "date": "2026-10-02",
             "reason": "same phone", "editable": True}  # fmt: skip
    texts = chat.send(DuplicateCheck((match,)))
    assert "#3 Zhang Wei (Acme), added by Li on 2026-10-02" in texts[0]
    assert chat.effects == [] and chat.state.step == "duplicate"
    chat.press("save_anyway")
    assert isinstance(chat.effects[0], SaveContact)


def test_stale_and_out_of_place_buttons_change_nothing() -> None:
    chat = Chat()
    chat.type("Zhang Wei")
    old_rev = chat.state.rev - 1
    before = chat.state.to_dict()
    texts = chat.send(Press("save", "", old_rev))
    assert "out of date" in texts[0] and chat.state.to_dict() == before
    assert chat.refused  # the handler leaves the pressed message unstamped
    texts = chat.press("save")  # right revision, wrong step
    assert "out of date" in texts[0] and chat.state.draft == before["draft"]
    assert chat.refused
    chat.type("+86 138 0013 8000")
    chat.send(Command("cancel"))
    chat.press("cancel_no")  # an accepted press
    assert not chat.refused


def test_non_text_gets_a_polite_reprompt() -> None:
    chat = Chat()
    texts = chat.send(Unsupported("sticker"))
    assert "typed answer" in texts[0] and chat.state.step == "name"


def test_shared_contact_fills_name_and_phone() -> None:
    chat = Chat()
    chat.send(SharedContact("+8613912345678", "Fang", "Wang"))
    assert chat.state.draft == {"phone": "+8613912345678", "name": "Fang Wang"}
    assert chat.state.step == "email"


def test_new_with_a_draft_offers_resume() -> None:
    chat = Chat()
    chat.type("Zhang Wei")
    chat.send(Command("new"))
    assert set(chat.buttons()) == {"resume", "restart"}
    chat.press("resume")
    assert chat.state.step == "phone" and chat.state.draft["name"] == "Zhang Wei"
    chat.send(Command("new"))
    chat.press("restart")
    assert chat.state.step == "name" and chat.state.draft == {}


def test_chinese_messages() -> None:
    chat = Chat(ZH)
    assert "第 1 题" in chat.replies[-1].text
    chat.type("王伟")
    assert chat.state.draft["name"] == "王伟"
    assert "电话号码" in chat.replies[-1].text


def test_edit_mode_returns_to_summary_and_saves_changes() -> None:
    tr = flow.start_edit(EN, 12, {"name": "Zhang Wei", "phone": "+8613800138000"})
    chat = Chat()
    chat._apply(tr)
    chat.press("field", "title")
    chat.type("CTO")
    assert chat.state.step == "summary" and "Save changes" in chat.replies[-1].buttons[0][0].label
    chat.press("save")
    assert chat.effects[0] == CheckDuplicates(chat.state.draft, 12)
    chat.send(DuplicateCheck(()))
    assert chat.effects[0].contact_id == 12


def test_card_asks_only_doubtful_fields() -> None:
    chat = Chat()
    values = {"name": "Zhang Wei", "phone": "+8613800138000", "company": "Acme"}
    chat._apply(flow.start_card(EN, chat.state, CardRead(values, ("company",))))
    assert chat.state.step == "company" and chat.state.source == "card"
    assert "Current answer: Acme" in chat.replies[-1].text
    chat.press("keep")
    assert chat.state.step == "summary"


@pytest.mark.parametrize("ctx", [EN, ZH])
def test_every_prompt_renders(ctx: Ctx) -> None:
    steps = (*registry.current().asked, "summary", "edit_menu", "confirm_cancel", "duplicate")
    for step in (*steps, "card_choice"):
        state = State(step=step, draft={"name": "A B", "phone": "+8613800138000"}, rev=3)
        assert flow._prompt(state, ctx).text


# --- a card photo while a draft is open (QA 46 #3, #18) -----------------------------------------

JANICE = CardRead(
    {"name": "Janice Clayton", "phone": "+447783378876", "company": "Stokes-Baker",
     "title": "Purchasing Manager"},
    (), card_path="cards/janice.jpg", region="GB", fax="+442040479666",
)  # fmt: skip
MARY = CardRead(
    {"name": "Mary Ramsey", "phone": "+15128580777", "email": "mary.ramsey@lovelyons.com"},
    (), card_path="cards/mary.jpg", region="US",
)  # fmt: skip


def card_chat(ctx: Ctx = EN) -> Chat:
    chat = Chat(ctx)
    chat._apply(flow.on_card(ctx, chat.state, JANICE))
    return chat


def test_a_card_at_the_start_of_new_simply_fills_the_lead() -> None:
    chat = Chat()
    texts = chat._apply(flow.on_card(EN, chat.state, MARY))
    assert "Mary Ramsey" in texts[0] and chat.state.draft["name"] == "Mary Ramsey"
    assert chat.state.card is None and chat.state.card_path == "cards/mary.jpg"


@pytest.mark.parametrize("ctx", [EN, ZH])
def test_a_second_card_asks_and_never_mixes_the_two_people(ctx: Ctx) -> None:
    chat = card_chat(ctx)
    janice = dict(chat.state.draft)
    assert janice["title"] == "Purchasing Manager" and "4047 9666" in janice["notes"]
    texts = chat._apply(flow.on_card(ctx, chat.state, MARY))
    assert chat.state.step == "card_choice" and chat.state.draft == janice  # nothing mixed in
    assert "Janice Clayton" in texts[-1] and "Mary Ramsey" in texts[-1]
    assert chat.buttons() == ["card_save", "card_discard", "card_ignore"]
    chat.type("hello")  # a typed answer is no choice: asked again
    assert chat.state.step == "card_choice" and chat.buttons()[-1] == "card_ignore"
    texts = chat.press("card_discard")
    assert "Mary Ramsey" in " ".join(texts)
    # the second card starts from an empty draft: no title, notes or photo of the first
    draft = chat.state.draft
    assert set(draft) == {"name", "phone", "email"} and draft["name"] == "Mary Ramsey"
    assert chat.state.card_path == "cards/mary.jpg" and chat.state.region == "US"
    assert chat.state.card is None


def test_save_first_saves_the_open_lead_then_reads_the_card() -> None:
    chat = card_chat()
    janice = dict(chat.state.draft)
    chat._apply(flow.on_card(EN, chat.state, MARY))
    chat.press("card_save")
    assert chat.effects == [CheckDuplicates(janice, None)]
    chat.send(DuplicateCheck(()))
    save = chat.effects[0]
    assert isinstance(save, SaveContact) and save.values == janice
    assert save.card_path == "cards/janice.jpg"
    texts = chat.send(Saved(7, created=True))
    assert "Saved as #7 (Janice Clayton)" in texts[0] and "Mary Ramsey" in texts[1]
    assert chat.state.draft["name"] == "Mary Ramsey" and "title" not in chat.state.draft
    assert "notes" not in chat.state.draft and chat.state.card is None


def test_save_first_through_a_duplicate_warning_keeps_the_card_waiting() -> None:
    chat = card_chat()
    chat._apply(flow.on_card(EN, chat.state, MARY))
    chat.press("card_save")
    match = {"id": 3, "name": "Janice Clayton", "company": "Stokes-Baker", "owner": "Li",
             "date": "2026-10-02", "reason": "same phone", "editable": True}  # fmt: skip
    chat.send(DuplicateCheck((match,)))
    assert chat.state.step == "duplicate" and chat.state.card is not None
    chat.press("cancel")
    texts = chat.press("cancel_yes")  # the open lead discarded: the card is read now
    assert "discarded" in texts[0] and chat.state.draft["name"] == "Mary Ramsey"


def test_typed_answers_are_not_replaced_by_a_card_without_asking() -> None:
    chat = Chat()
    chat.type("Qian Duoduo")
    texts = chat._apply(flow.on_card(EN, chat.state, JANICE))
    assert chat.state.draft == {"name": "Qian Duoduo"} and chat.state.step == "card_choice"
    # not complete, so it cannot be saved first
    assert chat.buttons() == ["card_discard", "card_ignore"] and "not complete" in texts[-1]
    texts = chat.press("card_ignore")
    assert "ignored the photo" in texts[0]
    assert chat.state.step == "phone" and chat.state.draft == {"name": "Qian Duoduo"}
    assert chat.state.card is None


def test_back_at_the_card_question_keeps_the_draft_where_it_was() -> None:
    chat = Chat()
    chat.type("Qian Duoduo")
    chat.type("+86 138 0013 8000")
    chat.send(Command("cancel"))  # a photo while asked whether to discard
    chat._apply(flow.on_card(EN, chat.state, JANICE))
    chat._apply(flow.on_card(EN, chat.state, MARY))  # a second photo: the newer card waits
    assert chat.state.card["values"]["name"] == "Mary Ramsey"
    chat.send(Command("cancel"))
    chat.press("cancel_no")
    assert chat.state.step == "card_choice"
    chat.send(Command("back"))  # as "Keep it": back at the question before /cancel
    assert chat.state.step == "email" and chat.state.card is None
    assert chat.state.draft == {"name": "Qian Duoduo", "phone": "+8613800138000"}


def test_an_edit_that_changed_nothing_says_so_and_writes_nothing() -> None:
    chat = Chat()
    chat._apply(flow.start_edit(EN, 12, {"name": "Zhang Wei", "phone": "+8613800138000"}))
    chat.press("field", "name")
    chat.type("Zhang Wei")  # the same value again
    chat.press("save")
    save = chat.effects[0]  # no duplicate check, and nothing for the core to write
    assert isinstance(save, SaveContact) and save.contact_id == 12 and save.changed == ()
    texts = chat.send(Saved(12, created=False, changed=False))
    assert chat.state is None
    assert "Nothing was changed" in texts[0] and "#12" in texts[0] and "updated" not in texts[0]
    chat._apply(flow.start_edit(ZH, 12, {"name": "Zhang Wei"}))
    chat.ctx = ZH
    chat.press("summary")  # "Back to summary", then Save with nothing touched
    chat.press("save")
    assert "没有任何改动" in chat.send(Saved(12, created=False, changed=False))[0]
    # the record already held the new values (a colleague made the same change): said too
    chat.ctx = EN
    chat._apply(flow.start_edit(EN, 12, {"name": "Zhang Wei"}))
    chat.press("field", "name")
    chat.type("Zhang Wei Jr")
    chat.press("save")
    chat.send(DuplicateCheck(()))
    assert "Nothing was changed" in chat.send(Saved(12, created=False, changed=False))[0]


@pytest.mark.parametrize("start", ["update", "register"])
def test_a_customer_sharing_someone_elses_contact_is_asked_for_their_own(start: str) -> None:
    chat = Chat()
    if start == "update":
        chat._apply(flow.start_edit(EN, 12, {"name": "Yu Hua", "phone": "+8613755550001"},
                                    customer=True))  # fmt: skip
        chat.press("field", "phone")
    else:
        chat._apply(flow.start_register(EN, "expo"))
    before = chat.state
    said = chat.send(SharedContact("+8613999990000", "Other", None, own=False))
    assert "someone else's contact" in said[0] and chat.state.draft == before.draft
    assert chat.state.step == before.step
    chat.send(SharedContact("+8613755550009", "Yu", "Hua", own=True))
    assert chat.state.draft["phone"] == "+8613755550009"
    assert chat.state.draft["phone_verified"] == "yes"


@pytest.mark.parametrize("ctx", [EN, ZH])
def test_a_customer_cancelling_reads_about_their_own_details(ctx: Ctx) -> None:
    chat = Chat(ctx)
    chat._apply(flow.start_edit(ctx, 12, {"name": "Yu Hua"}, customer=True))
    chat.press("field", "name")
    assert chat.send(Command("cancel")) == [t(ctx.lang, "self.confirm_cancel_edit")]
    assert chat.press("cancel_yes") == [t(ctx.lang, "self.edit_discarded")]
    chat._apply(flow.start_register(ctx, "expo"))
    assert chat.send(Command("cancel")) == [t(ctx.lang, "self.confirm_cancel")]
    assert chat.press("cancel_yes") == [t(ctx.lang, "self.discarded")]
    staff = Chat(ctx)
    staff._apply(flow.start_edit(ctx, 12, {"name": "Yu Hua"}))
    assert staff.send(Command("cancel")) == [t(ctx.lang, "capture.confirm_cancel_edit")]
