"""The HTML report in a real browser: at 1280 and 390 pixels it asks for nothing but itself, the
numbers read back from the rendered page are --format json's, and on a phone nothing sticks out.

Screenshots of both widths are written to test-artefacts/ at the top of the repository
(ignored by git), as report-1280.png and report-390.png, and the printed page as report-a4.pdf.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from chrome import Browser, executable, png_size

from page_tables import rows

if TYPE_CHECKING:
    from conftest import Run

ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artefacts"
HOSTILE = "<script>alert(1)</script>"
KEYS = ("person", "team", "activities", "minutes_total", "pct_experiential", "pct_social",
        "pct_formal", "deviation")  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    path = executable()
    if path is None:
        if os.environ.get("CI"):  # .ci/run installs it: there, a missing browser is a failure
            pytest.fail("chromium is missing on CI, which must run the browser tests")
        pytest.skip("chromium is not installed (CI installs it: apt-get install chromium)")
    started = Browser(path)
    yield started
    started.close()


@pytest.fixture
def report(run: Run, tmp_path: Path) -> tuple[Path, dict[str, object]]:
    """A team's page in a folder of its own (nothing else to load), and its --format json."""
    people = (
        ("anna", "Noord"),
        (HOSTILE, "Noord"),
        ("Marie-Louise van den Berg-Oosterhuis", "Zuid"),
    )
    for name, team in people:
        assert run("people", "set", name, "--team", team).exit_code == 0
    for name, what, minutes, date in (
        ("anna", "werk", "640", "2026-11-20"), ("anna", "coaching", "240", "2026-10-15"),
        ("anna", "training", "120", "2026-09-05"), (HOSTILE, "intervisie", "30", "2026-11-02"),
        ("Marie-Louise van den Berg-Oosterhuis", "werk", "90", "2026-08-03"),
    ):  # fmt: skip
        result = run("add", "-q", what, "t", "-m", minutes, "-d", date, "-p", name)
        assert result.exit_code == 0, result.stderr
    folder = tmp_path / "page"
    args = ("report", "--all", "--period", "2026", "--monthly")
    result = run(*args, "--format", "html", "--output", str(folder / "report.html"))
    assert result.exit_code == 0, result.stderr
    data = run(*args, "--format", "json")
    assert data.exit_code == 0
    return folder / "report.html", json.loads(data.stdout)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_page_in_a_browser(
    browser: Browser, report: tuple[Path, dict[str, object]], width: int
) -> None:
    page, data = report
    url = page.as_uri()
    tab = browser.open(url, width)
    # The page asked for itself and for nothing else: no font, image, style or script.
    assert tab.requested() == [url]
    # The numbers as the browser rendered them are those of --format json.
    dom = tab.evaluate("document.documentElement.outerHTML")
    assert rows(dom, "people") == [{k: p[k] for k in KEYS} for p in data["people"]]  # type: ignore[attr-defined]
    months = rows(dom, "months")
    assert [m["month"] for m in months] == [f"2026-{n:02d}" for n in range(1, 13)]
    assert months == [{"month": m["month"], **{k: m[k] for k in KEYS[2:]}} for m in data["months"]]  # type: ignore[attr-defined]
    assert tab.evaluate("document.querySelectorAll('script').length") == 0
    assert HOSTILE in tab.evaluate("document.body.innerText")
    # Nothing wider than the window: the page never scrolls sideways (the layout's own width,
    # as the browser measured it after laying the page out at WIDTH pixels).
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    assert tab.evaluate("document.documentElement.clientWidth") == width
    # Every chart has a text alternative.
    assert tab.evaluate(
        "[...document.querySelectorAll('svg')].every(s => s.getAttribute('role') === 'img'"
        " && (s.getAttribute('aria-label') || s.querySelector('title')))"
    )
    ARTEFACTS.mkdir(exist_ok=True)
    shot = ARTEFACTS / f"report-{width}.png"
    tab.screenshot(shot)
    print(f"screenshot: {shot}")
    assert png_size(shot)[0] == width


def test_the_page_prints_on_a4(browser: Browser, report: tuple[Path, dict[str, object]]) -> None:
    from pypdf import PdfReader

    page, _data = report
    tab = browser.open(page.as_uri(), 1280)
    ARTEFACTS.mkdir(exist_ok=True)
    printed = ARTEFACTS / "report-a4.pdf"
    tab.print_pdf(printed)
    print(f"printed: {printed}")
    pages = PdfReader(printed).pages
    # A4 is 210 x 297 mm: 595.3 x 841.9 points.
    for sheet in pages:
        assert (round(float(sheet.mediabox.width)), round(float(sheet.mediabox.height))) == (
            595,
            842,
        )
    text = " ".join(sheet.extract_text() for sheet in pages)
    for shown in ("Balance per person", HOSTILE, "Marie-Louise", "December 2026", "1120"):
        assert shown in text
