"""What a read card puts into the conversation: every field correctable, a fax kept apart."""

from __future__ import annotations

import pytest

from bot import flow
from bot.cards import card_to_input
from bot.flow import CardRead, Ctx
from ocr import CardPhone, CardResult
from tests.bot.test_flow import EN, ZH, Chat

READ = {
    "name": "Jane Doe",
    "phone": "+442079460958",
    "company": "Contoso",
    "website": "www.contoso.co.uk",
    "address": "12 Baker Street, London NW1 6XE",
}


def test_a_fax_is_kept_apart_from_the_phone() -> None:
    result = CardResult(
        name="Jane Doe",
        phones=[
            CardPhone("+442079460958", "office", True, 0.95, ""),
            CardPhone("+442079460959", "fax", True, 0.95, ""),
        ],
        confidence={"name": 0.95, "phone": 0.95},
    )
    read = card_to_input(result, "GB")
    assert isinstance(read, CardRead)
    assert read.values["phone"] == "+442079460958" and read.fax == "+442079460959"
    only_fax = card_to_input(
        CardResult(phones=[CardPhone("+442079460959", "fax", True, 0.9, "")]), "GB"
    )
    assert isinstance(only_fax, CardRead) and "phone" not in only_fax.values


@pytest.mark.parametrize(
    ("ctx", "label"), [(EN, "Fax: +44 20 7946 0959"), (ZH, "传真：+44 20 7946 0959")]
)
def test_the_fax_is_shown_on_its_own_and_kept_in_the_notes(ctx: Ctx, label: str) -> None:
    chat = Chat(ctx)
    texts = chat._apply(flow.start_card(ctx, chat.state, CardRead(READ, (), fax="+442079460959")))
    assert chat.state.draft["notes"] == label
    assert chat.state.draft["phone"] == "+442079460958"  # the phone stays the phone
    assert any("+44 20 7946 0959" in t and "7946 0958" not in t for t in texts[1:])


@pytest.mark.parametrize("field", ["name", "company", "website", "address", "phone"])
def test_any_field_read_from_a_card_can_be_corrected_from_the_summary(field: str) -> None:
    chat = Chat()
    chat._apply(flow.start_card(EN, chat.state, CardRead(READ, ())))
    assert chat.state.step == "summary"
    assert "www.contoso.co.uk" in chat.replies[-1].text and "Baker Street" in chat.replies[-1].text
    chat.press("edit")
    assert field in [b.arg for row in chat.replies[-1].buttons for b in row]
    chat.press("field", field)
    new, want = {
        "name": ("Jane Smith", "Jane Smith"),
        "company": ("Fabrikam Ltd", "Fabrikam Ltd"),
        "website": ("www.fabrikam.com", "https://www.fabrikam.com"),
        "address": ("1 Main Street, Leeds LS1 4AP", "1 Main Street, Leeds LS1 4AP"),
        "phone": ("+44 20 7946 0000", "+442079460000"),
    }[field]
    chat.type(new)
    assert chat.state.step == "summary"
    assert chat.state.draft[field] == want
    assert all(chat.state.draft[f] == v for f, v in READ.items() if f != field)


def test_a_wechat_read_from_a_card_is_validated_into_the_lead() -> None:
    result = CardResult(name="陈静", wechat="chenjing_sh", confidence={"name": 0.95})
    read = card_to_input(result, "CN")
    assert isinstance(read, CardRead) and read.values["wechat"] == "chenjing_sh"
    as_number = card_to_input(CardResult(name="Li Na", wechat="138 0013 8000"), "CN")
    assert isinstance(as_number, CardRead) and as_number.values["wechat"] == "+8613800138000"
    garbled = card_to_input(CardResult(name="Li Na", wechat="c#enj"), "CN")
    assert isinstance(garbled, CardRead) and "wechat" not in garbled.values
