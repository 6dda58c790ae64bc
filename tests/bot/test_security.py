"""Signed button data."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.replies import Button
from bot.security import MAX_CALLBACK_BYTES, decode_button, encode_button

KEY = b"k" * 32


def test_round_trip_and_binding_to_the_user() -> None:
    data = encode_button(KEY, 7, Button("Save", "save", "", rev=12))
    assert len(data.encode()) <= MAX_CALLBACK_BYTES
    assert decode_button(KEY, 7, data) == ("save", "", 12)
    assert decode_button(KEY, 8, data) is None  # another user's button
    assert decode_button(b"x" * 32, 7, data) is None  # another key


def test_altered_data_is_refused() -> None:
    data = encode_button(KEY, 7, Button("View", "view", "12"))
    assert decode_button(KEY, 7, data.replace("|12|", "|13|")) is None


@given(st.text(max_size=80))
def test_random_data_never_decodes(data: str) -> None:
    assert decode_button(KEY, 7, data) is None
