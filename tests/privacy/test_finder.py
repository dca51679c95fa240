"""The personal-data finder on its own: what it finds in each field, what it leaves alone."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leerlog.privacy.finder import (
    BSN,
    EMAIL,
    FIELDS,
    IBAN,
    PHONE,
    PREFILTER_GLOBS,
    in_record,
    in_text,
    might_hold,
)


def eleven_test(number: str) -> bool:
    """The BSN eleven-test, by its definition: 9a + 8b + ... + 2h - i is a multiple of 11."""
    digits = [int(d) for d in number]
    total = sum(weight * digit for weight, digit in zip(range(9, 1, -1), digits[:8], strict=True))
    return int(number) > 0 and (total - digits[8]) % 11 == 0


def test_the_numbers_of_the_issue_by_hand() -> None:
    # 123456782: 9+16+21+24+25+24+21+16 = 156, minus 2 is 154 = 14 x 11.
    assert eleven_test("123456782")
    # 123456789: 156 - 9 = 147, not a multiple of 11.
    assert not eleven_test("123456789")
    # NL91ABNA0417164300: moved and lettered, ABNA0417164300NL91 is a number that leaves 1 mod 97.
    moved = "ABNA0417164300NL91"
    assert int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize(
    ("text", "kind", "masked"),
    [
        ("Casus van cliënt 123456782 besproken", BSN, "123…782"),
        ("BSN 123.456.782", BSN, "123…782"),
        ("BSN 123 456 782", BSN, "123…782"),
        ("BSN 1234.56.782", BSN, "123…782"),
        ("BSN 123-456-782", BSN, "123…782"),
        ("BSN123456782", BSN, "123…782"),
        ("bsn111-222-333 gebeld", BSN, "111…333"),
        ("BSN 123\u2013456\u2013782", BSN, "123…782"),  # en dashes, as a word processor makes them
        ("BSN 123\u2011456\u2011782", BSN, "123…782"),  # non-breaking hyphens
        ("Schuld op NL91ABNA0417164300 afgelost", IBAN, "NL9…300"),
        ("rekening nl91 abna 0417 1643 00 van de cliënt", IBAN, "NL9…300"),
        ("rekening AT61 1904 3002 3457 3201 van de cliënt", IBAN, "AT6…201"),
        ("mail van jan.de.vries@example.nl gekregen", EMAIL, "j…@example.nl"),
        ("bel 06-12345678", PHONE, "061…678"),
        ("bel 06 1234 5678", PHONE, "061…678"),
        ("bel +31 6 12345678", PHONE, "+31…678"),
        ("bel 0031 6 12345678", PHONE, "003…678"),
        ("bel 020-1234567", PHONE, "020…567"),
        ("bel 010 123 4567", PHONE, "010…567"),
        ("bel 0612345678", PHONE, "061…678"),
        # as people write them after a word: with a colon, a dot or a dash in between
        ("BSN:111222333", BSN, "111…333"),
        ("nr.111222333", BSN, "111…333"),
        ("client-111222333", BSN, "111…333"),
        ("tel:0612345678", PHONE, "061…678"),
        ("t.0612345678", PHONE, "061…678"),
        # a dash after the area code, spaces after it; a no-break space pasted from a mail
        ("bel 020-123 45 67", PHONE, "020…567"),
        ("bel 06-1234 5678", PHONE, "061…678"),
        ("bel +31 (0)6-1234 5678 morgen", PHONE, "+31…678"),
        ("bel +31 (0)20-123 45 67", PHONE, "+31…567"),
        ("bel 06\u00a012345678", PHONE, "061…678"),
        # nine digits in a row beside other numbers, or glued to a word
        ("Moeder met BSN 111222333 2 kinderen", BSN, "111…333"),
        ("Casus 3 123456782 besproken", BSN, "123…782"),
        ("om 9.30 111222333 gebeld", BSN, "111…333"),
        ("klant111222333", BSN, "111…333"),
        ("bsn_111222333", BSN, "111…333"),
        ("111222333x", BSN, "111…333"),
        ("ABSN123456782", BSN, "123…782"),
        ("zaak 2026-123456782", BSN, "123…782"),
        # pasted: other digits, other spaces, invisible characters between the digits
        ("BSN \uff11\uff11\uff11\uff12\uff12\uff12\uff13\uff13\uff13", BSN, "111…333"),
        ("BSN \u0661\u0661\u0661\u0662\u0662\u0662\u0663\u0663\u0663", BSN, "111…333"),
        ("BSN \u06f1\u06f1\u06f1\u06f2\u06f2\u06f2\u06f3\u06f3\u06f3", BSN, "111…333"),
        ("BSN \U0001d7cf\U0001d7cf\U0001d7cf\U0001d7d0\U0001d7d0\U0001d7d0333", BSN, "111…333"),
        ("BSN 111\u200b222\u200b333", BSN, "111…333"),
        ("BSN 111\u2060222\u2060333", BSN, "111…333"),
        ("BSN 111\u00ad222\u00ad333", BSN, "111…333"),
        ("BSN 111\u2009222\u2009333", BSN, "111…333"),
        ("BSN 111  222  333", BSN, "111…333"),
        ("BSN 111\n222\n333", BSN, "111…333"),
        # an IBAN with dots or dashes, grouped otherwise, glued to a word
        ("rekening NL91.ABNA.0417.1643.00", IBAN, "NL9…300"),
        ("rekening NL91-ABNA-0417-1643-00", IBAN, "NL9…300"),
        ("rekening NL20-INGB-0001-2345-67", IBAN, "NL2…567"),
        ("rekening NL20 INGB 000123 4567", IBAN, "NL2…567"),
        ("rekening NL 20 INGB 0001 2345 67", IBAN, "NL2…567"),
        ("rekening NL91ABNA\u200b0417164300", IBAN, "NL9…300"),
        ("rekNL91ABNA0417164300", IBAN, "NL9…300"),
        ("NL91ABNA0417164300x", IBAN, "NL9…300"),
        ("rekening NL91 ABNA 0417 1643 00 12 maart", IBAN, "NL9…300"),
        # an address whose first letters and digits read like the start of an IBAN
        ("mail ja12.jansen.vries@gmail.com", EMAIL, "j…@gmail.com"),
        ("mail pk12-de-vries-jansen@hotmail.com", EMAIL, "p…@hotmail.com"),
        ("contact: mb06.hendriks.coach@ziggo.nl", EMAIL, "m…@ziggo.nl"),
    ],
)
def test_each_kind_is_found_in_each_field(field: str, text: str, kind: str, masked: str) -> None:
    value: object = [text] if field == "tags" else text
    record = {"title": "Intervisie", "with": None, "tags": [], "reflection": None, field: value}
    found = in_record(record)
    assert [(f.field, f.kind, f.masked) for f in found] == [(field, kind, masked)]


@pytest.mark.parametrize(
    "text",
    [
        "123456789",  # fails the eleven-test
        "Verslag: 123456789 activiteiten geteld",  # a 9-digit count that fails it too
        "987654321 minuten in 2026",  # 81+64+49+36+25+16+9+4 = 284, minus 1: 283, not 11k
        "12345678",  # eight digits
        "1234567820",  # ten digits are no BSN; 12... is no Dutch area code
        "2026-11-20 10:30",
        "20-11-2026 10:30",
        "01-02-2026 10:30",
        "€ 123.456.782,00",  # an amount, though its digits pass the eleven-test
        "3 x 45 min, 1u30, 90 minuten",
        "NL91ABNA0417164301",  # a wrong check sum
        "123-456-789",  # dashed, and failing the eleven-test
        "123-456.782",  # two kinds of separator
        "1-123-456-782",  # part of a longer number
        "000000000",
        "Casus schuldhulp 123",
        "12.123456782",
        "bedrag 123456782,50",  # an amount
        "111 222-333",  # two kinds of separator
        "12-03-2026 van 13:00 tot 16:30",
        "01-02 2026 10:00",
        "",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert list(in_text(text)) == []


def test_a_count_that_passes_the_eleven_test_is_flagged() -> None:
    # 200000007: 2 x 9 = 18, minus 7 is 11. The contract calls that a BSN, so it is one.
    assert eleven_test("200000007")
    assert list(in_text("Verslag: 200000007 activiteiten")) == [(BSN, "200…007")]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Gezin: BSN 111222333 123456782", [(BSN, "111…333"), (BSN, "123…782")]),
        ("111222333/123456782", [(BSN, "111…333"), (BSN, "123…782")]),
        ("NL91ABNA0417164300 111222333", [(IBAN, "NL9…300"), (BSN, "111…333")]),
        ("NL91 ABNA 0417 1643 00 en 0612345678", [(IBAN, "NL9…300"), (PHONE, "061…678")]),
    ],
)
def test_each_of_several_is_found(text: str, found: list[tuple[str, str]]) -> None:
    assert list(in_text(text)) == found


def test_the_value_is_never_given_back_whole() -> None:
    found = in_record({"title": "123456782 NL91ABNA0417164300", "tags": ["a@b.nl"]})
    for item in found:
        assert "123456782" not in item.masked and "0417164300" not in item.masked
    assert {item.kind for item in found} == {BSN, IBAN, EMAIL}


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=999_999_999))
def test_nine_digits_are_a_bsn_exactly_when_they_pass_the_eleven_test(number: int) -> None:
    digits = f"{number:09d}"
    found = list(in_text(f"Casus {digits} besproken"))
    assert (found == [(BSN, f"{digits[:3]}…{digits[-3:]}")]) == eleven_test(digits), found


# Also the digits, spaces and invisible characters a paste brings.
TEXT = st.text(
    alphabet="0123456789 .-+@()abcNLnlxyz,:/\uff11\u0661\u06f2\U0001d7cf\u200b\u2009\u00ad",
    max_size=40,
)


def globbed(text: str) -> bool:
    conn = sqlite3.connect(":memory:")
    try:
        return any(
            conn.execute("SELECT ? GLOB ?", (text, g)).fetchone()[0] for g in PREFILTER_GLOBS
        )
    finally:
        conn.close()


@settings(max_examples=400, deadline=None)
@given(st.one_of(TEXT, st.from_regex(r"[0-9 .+-]{9,20}", fullmatch=True)))
def test_the_cheap_tests_never_leave_out_a_finding(text: str) -> None:
    if list(in_text(text)):
        assert might_hold(text)
        assert globbed(text)


def test_what_is_not_text_is_left_to_the_import_to_refuse() -> None:
    # an import's raw record may hold numbers where text belongs: the finder skips them
    record = {"title": 123456782, "with": 5, "tags": [1, "bsn 111222333"], "reflection": None}
    assert [(f.field, f.kind) for f in in_record(record)] == [("tags", BSN)]
