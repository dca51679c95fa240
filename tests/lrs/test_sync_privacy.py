"""`leerlog sync` and the personal-data guard: refused before any request, the real Ralph LRS
receives nothing; with --allow-personal-data it receives everything."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from fake_lrs import FakeLrs
from ralph_server import PASSWORD, RalphServer

if TYPE_CHECKING:
    from conftest import Leerlog

BSN = "123456782"
IBAN = "NL91ABNA0417164300"


def test_sync_is_refused_and_ralph_receives_nothing(
    leerlog: Leerlog, lrs_config: RalphServer
) -> None:
    ralph = lrs_config
    plain = leerlog.add("intervisie", "Casus schuldhulp", "-m", "45")
    with_bsn = leerlog.add("intervisie", f"Casus {BSN}", "-m", "45")
    with_iban = leerlog.add("intervisie", "Casus", "-m", "45", "-r", f"Schuld op {IBAN}")
    before = leerlog.file_bytes()

    result = leerlog.sync()
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert f"{with_bsn[:8]}: the title field looks like it holds a BSN (123…782)" in result.stderr
    assert f"{with_iban[:8]}: the reflection field looks like it holds an IBAN" in result.stderr
    assert plain[:8] not in result.stderr
    assert "2 activities look like they hold a client's personal data; nothing was sent" in (
        result.stderr
    )
    assert BSN not in result.stderr and IBAN not in result.stderr
    assert ralph.count() == 0 and ralph.stored() == []
    assert leerlog.file_bytes() == before
    assert leerlog.table("SELECT count(*) FROM lrs_sent") == [(0,)]

    result = leerlog.sync("--allow-personal-data")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [leerlog.summary(3)]
    stored = ralph.stored()
    assert {s["object"]["id"].rsplit(":", 1)[1] for s in stored} == {plain, with_bsn, with_iban}
    assert BSN in str(stored) and IBAN in str(stored)


def test_a_dry_run_is_refused_as_the_sync_it_previews(
    leerlog: Leerlog, lrs_config: RalphServer
) -> None:
    """It would list the client's details and count them as to be sent, where sync refuses."""
    with_bsn = leerlog.add("intervisie", f"Casus {BSN}", "-m", "45")
    before = leerlog.file_bytes()
    result = leerlog.sync("--dry-run")
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert f"{with_bsn[:8]}: the title field looks like it holds a BSN (123…782)" in result.stderr
    assert BSN not in result.stderr
    assert leerlog.file_bytes() == before
    result = leerlog.sync("--dry-run", "--allow-personal-data")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("send  ") and f"Casus {BSN}" in result.stdout
    assert lrs_config.count() == 0


def test_only_what_would_be_sent_is_checked(leerlog: Leerlog, lrs_config: RalphServer) -> None:
    """Once an activity is in the LRS, it no longer stops a sync of what is new."""
    ralph = lrs_config
    leerlog.add("intervisie", f"Casus {BSN}", "-m", "45")
    assert leerlog.sync("--allow-personal-data").exit_code == 0
    leerlog.add("intervisie", "Casus schuldhulp", "-m", "45")
    result = leerlog.sync()
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [leerlog.summary(1)]
    assert ralph.count() == 2


def test_a_refused_sync_makes_no_request_at_all(
    leerlog: Leerlog, monkeypatch: pytest.MonkeyPatch
) -> None:
    leerlog.add("intervisie", "Casus", "-m", "45", "--with", "j.jansen@example.nl")
    monkeypatch.setenv("LEERLOG_LRS_PASSWORD", PASSWORD)
    with FakeLrs("good") as lrs:
        leerlog.configure(lrs.endpoint)
        result = leerlog.sync()
        assert result.exit_code == 1
        assert "the with field looks like it holds an e-mail address (j…@example.nl)" in (
            result.stderr
        )
        assert lrs.requests == []
