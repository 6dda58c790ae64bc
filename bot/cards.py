"""Business cards in the conversation: OCR off the event loop, and what to ask the rep about.

Tesseract takes about half a second a card; it runs in a bounded pool of worker threads (the
work is in the tesseract subprocess and Pillow, which release the GIL), so other chats go on.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TYPE_CHECKING

from bot import flow, registry
from bot.core import CardFailed, CardPhoto
from bot.fields import Rejected, phone_region

if TYPE_CHECKING:
    from ocr import CardResult

MAX_BYTES = 20 * 1024 * 1024
CONFIDENT = 0.8  # below this a value the card gave is shown to the rep to confirm


class CardReader:
    def __init__(
        self,
        *,
        workers: int,
        languages: str,
        region: str,
        max_decoded: int,
        engine: str = "tesseract",
    ) -> None:
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr")
        self.languages = languages
        self.engine = engine
        self.region = region
        self.max_decoded = max_decoded
        self.max_bytes = MAX_BYTES

    async def read(self, data: bytes) -> CardPhoto | CardFailed:
        from ocr import ImageRejected, read_card

        job = partial(
            read_card,
            data,
            languages=self.languages,
            region=self.region,
            max_decoded=self.max_decoded,
            engine=self.engine,
        )
        try:
            result = await asyncio.get_running_loop().run_in_executor(self.executor, job)
        except ImageRejected as exc:
            return CardFailed(exc.reason)
        read = card_to_input(result, self.region)
        return CardPhoto(read, data) if isinstance(read, flow.CardRead) else read

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


def _unreadable(result: CardResult) -> CardFailed:
    """Nothing usable on the card; from a small photo the size is the reason to give the rep."""
    return CardFailed("unreadable_small" if result.small_photo else "unreadable")


def card_to_input(result: CardResult, region: str) -> flow.CardRead | CardFailed:
    """Validated values go into the draft; invalid or unsure ones are asked about."""
    if result.is_empty():
        return _unreadable(result)
    phone = result.phone
    found = {spec.key: result.reading(spec.ocr) for spec in registry.current().fields if spec.ocr}
    values: dict[str, str] = {}
    doubtful: list[str] = []
    for name, raw in found.items():
        if not raw:
            continue
        checked = registry.current().validate(name, raw, region)
        confidence = result.confidence.get(name, 0.0)
        if name == "phone" and phone is not None and not phone.valid:
            confidence = 0.0
        if isinstance(checked, Rejected):
            doubtful.append(name)
            continue
        values[name] = checked
        if confidence < CONFIDENT:
            doubtful.append(name)
    fax = result.fax.e164 if result.fax and result.fax.valid else None
    if not values and not fax:
        return _unreadable(result)
    # the card's own country (any number on it, a fax too) reads numbers typed later for it
    printed = (*result.phones, *([result.fax] if result.fax else []))
    country = next((r for p in printed if p.valid and (r := phone_region(p.e164))), None)
    asked = registry.current().asked
    return flow.CardRead(
        values,
        tuple(d for d in doubtful if d in asked),
        region=country,
        fax=fax,
        small_photo=result.small_photo,
    )
