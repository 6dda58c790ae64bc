"""Import parsing and validation: plain text in, plain rows out, no database."""

from __future__ import annotations

import io
import quopri
from datetime import datetime
from pathlib import Path

import pytest

from bot.fields import Doubt, doubt
from bot.i18n import catalog, t
from bot.importer import (
    CSV_COLUMNS,
    ImportFileError,
    Origin,
    ProgressBar,
    RawRow,
    Report,
    RowError,
    ValidRow,
    parse_csv,
    parse_vcards,
    read_rows,
    validate_row,
)

FIXTURES = Path(__file__).with_name("fixtures")
HEADER = ",".join(CSV_COLUMNS) + "\n"


def valid(raw: RawRow, region: str = "CN") -> ValidRow:
    result = validate_row(raw, region)
    assert isinstance(result, ValidRow), result
    return result


def errors(raw: RawRow, region: str = "CN") -> list[tuple[str, str]]:
    result = validate_row(raw, region)
    assert isinstance(result, list), result
    return [(e.field, e.reason) for e in result]


def one_card(text: str) -> RawRow:
    cards = parse_vcards(text)
    assert len(cards) == 1
    return cards[0]


# --- CSV -----------------------------------------------------------------------------------


def test_csv_fixture_reads_bom_quotes_chinese_and_multiline_cells() -> None:
    rows = read_rows(FIXTURES / "leads.csv")
    first = rows[0].values
    assert first["external_id"] == "crm-1"  # the BOM is not part of the first column name
    assert first["company"] == "上海明辉科技有限公司（浦东分公司）"
    assert first["notes"] == "首次见面：展会\n对价格敏感"
    assert rows[1].values["company"] == "Acme, Ltd"
    assert rows[2].values["notes"] == 'met at "Canton Fair"'
    # spreadsheet numbering: the header is row 1, a blank row keeps its number
    assert [r.row for r in rows] == [2, 3, 4, 5, 6, 7, 9, 10, 11]


def test_csv_fixture_rows_are_judged_by_the_chat_validators() -> None:
    results = {r.values["external_id"] or r.values["name"]: validate_row(r, "CN") for r in
               read_rows(FIXTURES / "leads.csv")}  # fmt: skip
    imported = {k for k, v in results.items() if isinstance(v, ValidRow)}
    assert imported == {"crm-1", "crm-2", "crm-3", "陈静"}
    wang = results["crm-1"]
    assert isinstance(wang, ValidRow) and wang.values["phone"] == "+8613800138000"
    sean = results["crm-2"]
    assert isinstance(sean, ValidRow)
    assert sean.values["phone"] == "+14155552671" and sean.values["country"] == "US"
    li = results["crm-3"]
    assert isinstance(li, ValidRow) and li.values["email"] == "LI.NA@example.com"
    reasons = {
        k: [(e.field, e.reason) for e in v] for k, v in results.items() if isinstance(v, list)
    }
    assert reasons == {
        "crm-4": [("phone", "invalid.phone.too_short")],
        "crm-5": [("name", "import.name_required")],
        "crm-6": [("phone", "import.phone_or_email")],
        "crm-7": [("country", "import.country")],  # its phone is not judged in a bad region
        "crm-8": [("email", "invalid.email.local_part")],
    }


def test_csv_columns_in_any_order_with_optional_website() -> None:
    text = "Name , EMAIL,website,phone,company,title,address,country,notes,external_id\r\n"
    text += "Ada Lovelace,ada@example.com,example.com,,,,,,,x1\r\n"
    (row,) = parse_csv(text)
    checked = valid(row)
    assert checked.values["website"] == "https://example.com"
    assert checked.external_id == "x1"


@pytest.mark.parametrize(
    ("header", "fragment"),
    [
        ("name,phone,email\n", "missing external_id, company"),
        (HEADER.strip() + ",fax\n", "unknown 'fax'"),
        (HEADER.strip() + ",name\n", "repeated name"),
    ],
)
def test_csv_wrong_header_is_a_file_error(header: str, fragment: str) -> None:
    with pytest.raises(ImportFileError, match=fragment):
        parse_csv(header + "a,b,c\n")


def test_empty_csv_is_a_file_error() -> None:
    with pytest.raises(ImportFileError, match="empty"):
        parse_csv("\ufeff")


def test_csv_row_with_wrong_cell_count_is_rejected_whole() -> None:
    rows = parse_csv(HEADER + "x1,Ada Lovelace,,,,ada@example.com,,,,extra\n" + "x2,Bob\n")
    assert errors(rows[0]) == [("row", "import.columns")]
    assert ("row", "import.columns") in errors(rows[1])


def test_csv_unterminated_quote_reads_to_the_end_and_is_rejected() -> None:
    (row,) = parse_csv(HEADER + 'x1,"Ada,,,,ada@example.com,,,,\nx2,Bob,,,,b@example.com,,,,\n')
    assert ("row", "import.columns") in errors(row)


def test_csv_region_comes_from_the_row_then_the_import() -> None:
    rows = parse_csv(HEADER + "a,Ann Lee,,,2025550123,,,US,\nb,Bo Li,,,2025550123,,,,\n")
    assert valid(rows[0], "CN").values["phone"] == "+12025550123"
    assert valid(rows[1], "US").values["phone"] == "+12025550123"
    assert valid(rows[1], "CN").values["phone"] == "+862025550123"  # a Guangzhou line


def test_name_and_phone_or_email_rule() -> None:
    rows = parse_csv(
        HEADER
        + "a,,,,13800138000,,,,\n"  # no name
        + "b,王芳,,,,,,,\n"  # neither phone nor email
        + "c,王芳,,,,wf@example.cn,,,\n"  # email is enough
        + "d,王芳,,,13800138000,,,,\n"  # phone is enough
        + "e,王芳,,,123,,,,\n"  # a bad phone is the reason, not 'phone or email'
    )
    assert errors(rows[0]) == [("name", "import.name_required")]
    assert errors(rows[1]) == [("phone", "import.phone_or_email")]
    valid(rows[2])
    valid(rows[3])
    assert errors(rows[4]) == [("phone", "invalid.phone.too_short")]


def test_every_bad_field_of_a_row_is_reported() -> None:
    (row,) = parse_csv(HEADER + "a,O'Brien 2,,,12,bad@,,,\n")
    assert errors(row) == [
        ("name", "invalid.name.digits"),
        ("phone", "invalid.phone.too_short"),
        ("email", "invalid.email.domain"),
    ]


def test_invisible_only_optional_cell_counts_as_empty() -> None:
    (row,) = parse_csv(HEADER + "a,Ada Lovelace,\u200b,,,ada@example.com,,,\n")
    assert "company" not in valid(row).values


def test_full_width_and_spaces_are_normalized_like_in_the_chat() -> None:
    (row,) = parse_csv(HEADER + "a,  张　三  ,ＡＢＣ公司,,１３８００１３８０００,,,,\n")
    values = valid(row).values
    assert values["name"] == "张 三"
    assert values["company"] == "ABC公司"
    assert values["phone"] == "+8613800138000"


def test_rows_without_external_id_get_a_stable_derived_one() -> None:
    a = valid(parse_csv(HEADER + ",陈静,,,+852 5123 4567,,,HK,\n")[0])
    b = valid(parse_csv(HEADER + ",陈静 ,,,+852 5123 4567,,,hk,\n")[0])
    c = valid(parse_csv(HEADER + ",陈静,,,+852 5123 4568,,,HK,\n")[0])
    assert a.external_id.startswith("csv:") and a.external_id == b.external_id
    assert a.external_id != c.external_id


def test_too_long_external_id_is_rejected() -> None:
    (row,) = parse_csv(HEADER + "x" * 201 + ",Ada Lovelace,,,,ada@example.com,,,\n")
    assert errors(row) == [("external_id", "invalid.too_long")]


# --- vCard ---------------------------------------------------------------------------------


def test_vcard_3_fixture_folding_quoted_printable_escapes_and_preference() -> None:
    zhang, john, bad = read_rows(FIXTURES / "contacts-v3.vcf")
    z = valid(zhang).values
    assert z["name"] == "张伟" and z["external_id"] == "tengfei-0001"
    assert z["title"] == "市场经理"  # quoted-printable in UTF-8
    assert z["notes"].startswith("展会认识，要报价")  # a QP soft line break joined
    assert z["phone"] == "+8613900139000"  # the TYPE=pref number, not the first one
    assert "phone: 0755-8888 6666" in z["notes"]  # the other one is kept
    assert z["company"] == "深圳市腾飞电子有限公司, 市场部"
    assert z["address"] == "中国广东省深圳市南山区科技园路1号"
    j = valid(john).values
    assert j["company"] == "Smith, Jones & Co; Partners"
    assert j["title"].endswith("(Retail and Wholesale)")  # folded line
    assert j["email"] == "john@example.com"
    assert j["notes"] == "Met at CES, booth 12\nFollow up in March\nemail: j.appleseed@gmail.com"
    assert j["address"] == "1 Infinite Loop, Suite 5, Cupertino, CA 95014, USA"
    assert j["external_id"].startswith("vcf:")
    assert bad.where == "card 3 (line 27)"
    assert errors(bad) == [("name", "invalid.name.digits"), ("phone", "invalid.phone.too_short")]


def test_vcard_4_fixture_tel_uri_label_and_name_from_n() -> None:
    li, hans = read_rows(FIXTURES / "contacts-v4.vcf")
    values = valid(li).values
    assert values["phone"] == "+8613800138001"
    assert values["address"] == "北京市朝阳区建国路88号, SOHO现代城"
    assert values["external_id"] == "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"
    h = valid(hans).values
    assert h["name"] == "Hans Müller"  # no FN: given name first, the prefix left out
    assert h["website"] == "https://www.mueller-gmbh.de"
    assert h["notes"] == "Prefers email; no calls before 10:00"


def test_vcard_2_1_bare_parameters_and_gb2312_quoted_printable() -> None:
    encoded = quopri.encodestring("王伟".encode("gb2312")).decode()
    card = one_card(
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        f"N;CHARSET=GB2312;QUOTED-PRINTABLE:{encoded};;;;\r\n"
        "TEL;CELL;VOICE:13800138000\r\nEND:VCARD\r\n"
    )
    values = valid(card).values
    assert values["name"] == "王伟" and values["phone"] == "+8613800138000"


def test_vcard_undecodable_text_rejects_the_card() -> None:
    card = one_card(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nEMAIL:ada@example.com\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=FF=FE\n"
        "TITLE;CHARSET=klingon;ENCODING=QUOTED-PRINTABLE:=41\nEND:VCARD\n"
    )
    assert errors(card) == [("notes", "import.vcard.decode"), ("title", "import.vcard.decode")]


def test_vcard_several_cards_groups_and_junk_between() -> None:
    text = (
        "some header a mail client added\n"
        "BEGIN:VCARD\nVERSION:4.0\nFN:Ada Lovelace\nitem1.EMAIL:ada@example.com\nEND:VCARD\n\n"
        "begin:vcard\nversion:3.0\nfn:Bob Smith\ntel;type=work:+1 202 555 0123\nend:vcard\n"
    )
    ada, bob = parse_vcards(text)
    assert valid(ada).values["email"] == "ada@example.com"
    assert valid(bob).values["phone"] == "+12025550123"
    assert (ada.where, bob.where) == ("card 1 (line 2)", "card 2 (line 8)")


def test_vcard_without_end_is_rejected_and_the_next_card_still_read() -> None:
    first, second = parse_vcards(
        "BEGIN:VCARD\nFN:Ada Lovelace\nEMAIL:a@example.com\n"
        "BEGIN:VCARD\nFN:Bob Smith\nEMAIL:b@example.com\nEND:VCARD\n"
    )
    assert errors(first) == [("card", "import.vcard.unterminated")]
    valid(second)


def test_vcard_without_any_name_or_contact_detail() -> None:
    card = one_card("BEGIN:VCARD\nVERSION:4.0\nORG:Acme\nEND:VCARD\n")
    assert errors(card) == [("name", "import.name_required"), ("phone", "import.phone_or_email")]


def test_no_vcards_is_a_file_error() -> None:
    with pytest.raises(ImportFileError, match="no vCards"):
        parse_vcards("FN:Ada\n")


def test_derived_vcard_id_ignores_folding_and_line_endings() -> None:
    plain = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jonathan Appleseed\r\n"
        "EMAIL:j@example.com\r\nEND:VCARD\r\n"
    )
    folded = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Jonathan Ap\n pleseed\nEMAIL:j@exam\n\tple.com\nEND:VCARD\n"
    )
    other = plain.replace("j@example.com", "k@example.com")
    ids = [valid(one_card(text)).external_id for text in (plain, folded, other)]
    assert ids[0] == ids[1] != ids[2]


def test_exported_vcard_reads_back() -> None:
    from bot.export import vcard

    record = {
        "id": 7, "name": "王伟", "company": "Acme, Ltd; Shanghai", "phone": "+8613800138000",
        "email": "wei@example.cn", "address": '上海市, 浦东新区 "A座"', "notes": "one\ntwo",
        "website": "https://acme.cn", "updated_at": "2026-01-01T00:00:00+00:00",
    }  # fmt: skip
    values = valid(one_card(vcard(record))).values
    for key in ("name", "company", "phone", "email", "address", "notes", "website"):
        assert values[key] == record[key], key
    assert values["external_id"] == "urn:capture-bot:contact:7"


def test_an_email_typo_the_chat_asks_about_is_kept_as_typed_and_noted() -> None:
    (row,) = parse_csv(HEADER + "a2,Bad Mail,Acme,,+44 7911 123457,bob@gmial.com,,GB,\n")
    checked = valid(row)
    assert checked.values["email"] == "bob@gmial.com"  # never rewritten behind the user's back
    assert [(d.where, d.field, d.reason, dict(d.params)) for d in checked.doubts] == [
        ("row 2", "email", "email.did_you_mean", {"suggested": "bob@gmail.com"}),
    ]
    # the chat's question and the import's note are the one check in bot/fields.py
    assert doubt("email", "bob@gmial.com") == Doubt("email.did_you_mean", "bob@gmail.com")
    assert valid(parse_csv(HEADER + "a3,Good Mail,,,,bob@gmail.com,,,\n")[0]).doubts == ()


def test_exported_vcard_keeps_the_external_id_and_the_record_it_was() -> None:
    from bot.export import vcard

    record = {"id": 7, "external_id": "crm;7", "name": "王伟", "email": "wei@example.cn",
              "created_at": "2026-01-01T08:30:15.123456+08:00", "updated_at": "2026-01-02"}
    text = vcard(record)
    assert "X-CAPTURE-EXTERNAL-ID:crm\\;7\r\n" in text
    assert "CREATED:20260101T003015Z\r\n" in text  # RFC 9554, in UTC
    card = one_card(text)
    assert valid(card).external_id == "crm;7"
    assert card.origin == Origin(7, datetime(2026, 1, 1, 0, 30, 15))
    # another address book's UID is its external id, and names no record of ours
    other = one_card("BEGIN:VCARD\nFN:Ada\nEMAIL:a@example.com\nUID:urn:uuid:1234\n"
                     "CREATED:20260101T003015Z\nEND:VCARD\n")  # fmt: skip
    assert valid(other).external_id == "urn:uuid:1234" and other.origin is None
    for uid, created in (("0", "20260101T003015Z"), ("9" * 20, "20260101T003015Z"),
                         ("7", "yesterday"), ("7", "")):  # fmt: skip
        card = one_card(f"BEGIN:VCARD\nFN:Ada\nUID:urn:capture-bot:contact:{uid}\n"
                        f"CREATED:{created}\nEND:VCARD\n")  # fmt: skip
        assert card.origin is None, (uid, created)


# --- files, messages, report ---------------------------------------------------------------


def test_exported_csv_reads_back_with_its_bom_and_formula_guards(tmp_path: Path) -> None:
    from bot.export import csv_cell

    row = {"external_id": "x1", "name": "王伟", "company": "=HYPERLINK(1)", "title": "",
           "phone": "+8613800138000", "email": "", "address": "", "country": "CN",
           "notes": "-call back"}  # fmt: skip
    line = ",".join(str(csv_cell(k, v)) for k, v in row.items())
    for bom in ("\ufeff", ""):
        path = tmp_path / "leads.csv"
        path.write_text(bom + HEADER + line + "\n", encoding="utf-8")
        assert read_rows(path)[0].values == row


def test_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes((HEADER + "a,王伟,,,13800138000,,,,\n").encode("gbk"))
    with pytest.raises(ImportFileError, match="not UTF-8"):
        read_rows(path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="cannot read"):
        read_rows(tmp_path / "nope.csv")


def test_vcard_recognised_by_content_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text("\ufeffBEGIN:VCARD\nFN:Ada Lovelace\nEMAIL:a@example.com\nEND:VCARD\n")
    assert read_rows(path)[0].kind == "vcf"


@pytest.mark.parametrize("reason", sorted(k for k in catalog("en") if k.startswith("import.")))
def test_every_import_reason_renders_in_both_languages(reason: str) -> None:
    params = {"value": "XX", "found": "3", "expected": "9", "detail": "QP"}
    assert RowError(2, "row 2", "x", reason, params).message()
    assert t("zh", reason, **params) != t("en", reason, **params)


def test_report_lists_counts_then_rejected_rows() -> None:
    report = Report("leads.csv", read=4, imported=2, skipped=1)
    report.flagged.append(("row 3", "#12 王伟"))
    (row,) = parse_csv(HEADER + "a,Zhang San,,,12345,,,,\n")
    bad = validate_row(row, "CN")
    assert isinstance(bad, list)
    report.rejected.extend(bad)
    lines = report.render().splitlines()
    assert lines[0] == "leads.csv: 4 rows read"
    assert [line.split(":")[0].strip() for line in lines[1:5]] == [
        "imported", "already there (skipped)", "flagged as duplicate", "rejected",
    ]  # fmt: skip
    assert [line.split()[-1] for line in lines[1:3]] == ["2", "1"]
    assert "row 2: phone — That phone number is too short (China)" in report.render()
    assert "row 3: possible duplicate of #12 王伟" in report.render()


def test_progress_bar_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    piped, terminal = io.StringIO(), Terminal()
    for stream in (piped, terminal):
        bar = ProgressBar(stream)
        for done in range(1, 4):
            bar(done, 3)
    assert piped.getvalue() == ""
    assert "3/3" in terminal.getvalue()
