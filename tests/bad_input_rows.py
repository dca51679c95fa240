"""The rows of tests/test_bad_input.py: each a malformed input, its exit code and what stderr says.

Imported by name (pytest puts tests/ on sys.path for its conftest).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pytest

# --- the rows --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bad:
    args: tuple[str, ...]
    code: int
    says: str  # a piece of stderr, case-insensitive
    env: dict[str, str] = field(default_factory=dict)
    config: bytes | Literal["folder"] | None = None  # written to LEERLOG_CONFIG first
    file: tuple[str, str | bytes] | None = None  # (name, content) in the row's folder: {file}
    listed: bool = False  # an invalid import: one "row N, ..." line per problem first


def bad(case_id: str, code: int, says: str, *args: str, **extra: object) -> object:
    return pytest.param(Bad(args, code, says, **extra), id=case_id)  # type: ignore[arg-type]


def imp(case_id: str, name: str, content: str | bytes, says: str, listed: bool = False) -> object:
    return bad(case_id, 1, says, "import", "{file}", file=(name, content), listed=listed)


def conf(
    case_id: str, content: bytes | Literal["folder"], says: str, *args: str, **extra: object
) -> object:
    return bad(case_id, 2, says, *args, config=content, **extra)


def envvar(case_id: str, name: str, value: str, says: str, *args: str) -> object:
    return bad(case_id, 2, says, *args, env={name: value})


ADD = ("add", "werk", "Huisbezoek")
OK = ("-m", "45")
ONE = '{"person": "anna", "date": "2026-11-01", "category": "werk", "minutes": 45, "title": "t"'
CSV_HEAD = "person,date,category,minutes,title\n"
LRS = b'[lrs]\nendpoint = "https://lrs.example.org/xapi/"\nusername = "u"\nhomepage = "https://gemeente.example"\n'
HUGE_NUMBER = "7" * 5000  # longer than the 4300 digits int() converts by default

# fmt: off
NO_HOME = "~leerlog-no-such-user"
ROWS = [
    # add
    bad("add-nothing", 2, "missing what", "add"),
    bad("add-no-title", 2, "missing title", "add", "werk", *OK),
    bad("add-no-minutes", 2, "missing minutes", *ADD),
    bad("add-title-after-dashes-eats-options", 2, "missing minutes", "add", "werk", "--", *OK),
    bad("add-unknown-option", 2, "no such option", *ADD, *OK, "--colour", "red"),
    bad("add-option-without-value", 2, "requires an argument", *ADD, "-m"),
    bad("add-option-without-value-hint", 2, "run 'leerlog add --help'", *ADD, "-m"),
    bad("subcommand-option-without-value", 2, "run 'leerlog session list --help'", "session",
        "list", "--period"),
    bad("option-value-that-names-a-command", 2, "run 'leerlog list --help'", "--person",
        "session", "list", "--since"),
    bad("add-month-13", 2, "not a date", *ADD, *OK, "-d", "2026-13-01"),
    bad("add-february-30", 2, "not a date", *ADD, *OK, "-d", "2026-02-30"),
    bad("add-date-word", 2, "not a date", *ADD, *OK, "-d", "gister"),
    bad("add-date-dutch-order-no-such-day", 2, "not a date", *ADD, *OK, "-d", "31-11-2026"),
    bad("add-two-days-ahead", 2, "more than one day ahead", *ADD, *OK, "-d", "2026-11-29"),
    bad("add-minutes-0", 2, "between 1 and 1440", *ADD, "-m", "0"),
    bad("add-minutes-1441", 2, "between 1 and 1440", *ADD, "-m", "1441"),
    bad("add-minutes-25h", 2, "between 1 and 1440", *ADD, "-m", "25h"),
    bad("add-minutes-negative", 2, "not a duration", *ADD, "-m=-5"),
    bad("add-minutes-word", 2, "not a duration", *ADD, "-m", "lang"),
    bad("add-minutes-1h75", 2, "not a duration", *ADD, "-m", "1h75"),
    bad("add-minutes-two-decimals", 2, "not a duration", *ADD, "-m", "1.5.5h"),
    bad("add-minutes-empty", 2, "not a duration", *ADD, "-m", ""),
    bad("add-title-blank", 2, "title is empty", "add", "werk", "   ", *OK),
    bad("add-title-501", 2, "501 characters", "add", "werk", "x" * 501, *OK),
    bad("add-person-blank", 2, "person is empty", *ADD, *OK, "--person", "  "),
    bad("add-global-person-empty", 2, "person is empty", "--person", "", *ADD, *OK),
    bad("add-unknown-category", 2, "unknown category or type", "add", "leren", "T", *OK),
    bad("add-type-misspelt", 2, "unknown category or type", "add", "intervisies", "T", *OK),
    bad("add-tag-with-comma", 2, "comma", *ADD, *OK, "-t", "schuld,hulp"),
    # list
    bad("list-limit-0", 2, "--limit", "list", "--limit", "0"),
    bad("list-limit-negative", 2, "--limit", "list", "-n", "-3"),
    bad("list-limit-word", 2, "--limit", "list", "--limit", "tien"),
    bad("list-limit-beyond-sqlite", 2, "limit", "list", "--limit", "9" * 23),
    bad("list-format-xml", 2, "--format", "list", "--format", "xml"),
    bad("list-period-month-13", 2, "not a period", "list", "--period", "2026-13"),
    bad("list-since-word", 2, "not a date", "list", "--since", "ooit"),
    bad("list-until-february-30", 2, "not a date", "list", "--until", "2026-02-30"),
    bad("list-since-after-until", 2, "starts after", "list", "--since", "-1d", "--until", "-9d"),
    bad("list-period-and-since", 2, "either --period", "list", "--period", "2026", "--since", "-3d"),
    bad("list-search-blank", 2, "search text is empty", "list", "--search", " "),
    bad("list-with-blank", 2, "name is empty", "list", "--with", ""),
    bad("undo-dry-run-nothing", 1, "nothing to undo", "undo", "--dry-run", env={"LEERLOG_PERSON": "zoe"}),
    bad("list-person-and-all", 2, "cannot be combined", "list", "--person", "bob", "--all"),
    bad("list-team-and-all", 2, "cannot be combined", "list", "--team", "Noord", "--all"),
    bad("list-person-and-team", 2, "cannot be combined", "list", "-p", "bob", "--team", "Noord"),
    bad("list-unknown-category", 2, "unknown category", "list", "--category", "leren"),
    bad("list-extra-argument", 2, "unexpected extra argument", "list", "anna"),
    # edit
    bad("edit-unknown-id", 1, "no activity", "edit", "zzzz", *OK),
    bad("edit-ambiguous-prefix", 1, "more than one", "edit", "{shared}", *OK),
    bad("edit-empty-id", 2, "id is empty", "edit", "", *OK),
    bad("edit-blank-id", 2, "id is empty", "edit", "   ", *OK),
    bad("edit-no-id", 2, "missing argument", "edit"),
    bad("edit-no-changes", 2, "nothing to change", "edit", "{id}"),
    bad("edit-minutes-0", 2, "between 1 and 1440", "edit", "{id}", "-m", "0"),
    bad("edit-minutes-clock-75", 2, "not a duration", "edit", "{id}", "-m", "1:75"),
    bad("edit-date-next-year", 2, "more than one day ahead", "edit", "{id}", "-d", "2027-01-01"),
    bad("edit-date-word", 2, "not a date", "edit", "{id}", "-d", "volgende week"),
    bad("edit-title-empty", 2, "title is empty", "edit", "{id}", "--title", ""),
    bad("edit-title-501", 2, "501 characters", "edit", "{id}", "--title", "y" * 501),
    bad("edit-unknown-category", 2, "unknown category", "edit", "{id}", "-c", "leren"),
    bad("edit-unknown-type", 2, "unknown type", "edit", "{id}", "--type", "kursus"),
    bad("edit-type-against-category", 2, "not formal", "edit", "{id}", "--type", "coaching",
        "--category", "formal"),
    bad("edit-tag-with-comma", 2, "comma", "edit", "{id}", "-t", "a,b"),
    bad("edit-person-blank", 2, "person is empty", "edit", "{id}", "--person", " "),
    # delete
    bad("delete-without-yes-or-terminal", 2, "confirmation", "delete", "{id}"),
    bad("delete-unknown-id", 1, "no activity", "delete", "zzzz", "--yes"),
    bad("delete-ambiguous-prefix", 1, "more than one", "delete", "{shared}", "--yes"),
    bad("delete-empty-id", 2, "id is empty", "delete", "", "--yes"),
    bad("delete-no-id", 2, "missing argument", "delete", "--yes"),
    # undo
    bad("undo-person-without-changes", 1, "nothing to undo", "--person", "bob", "undo"),
    bad("undo-unknown-person", 1, "nothing to undo", "--person", "zoe", "undo"),
    bad("undo-extra-argument", 2, "unexpected extra argument", "undo", "2"),
    # report: periods, targets, choices
    bad("report-month-13", 2, "months run from 01 to 12", "report", "--period", "2026-13"),
    bad("report-quarter-5", 2, "Q1 to Q4", "report", "--period", "2026-Q5"),
    bad("report-week-54", 2, "W01 to W53", "report", "--period", "2026-W54"),
    bad("report-week-53-of-2025", 2, "W01 to W52", "report", "--period", "2025-W53"),
    bad("report-week-0", 2, "not a period", "report", "--period", "2026-W00"),
    bad("report-year-999", 2, "not a period", "report", "--period", "0999"),
    bad("report-last-decade", 2, "not a period", "report", "--period", "last-decade"),
    bad("report-since-after-until", 2, "starts after", "report", "--since", "2026-11-20",
        "--until", "2026-11-01"),
    bad("report-period-and-until", 2, "either --period", "report", "--period", "2026-Q3",
        "--until", "2026-11-01"),
    bad("report-target-two-parts", 2, "not a valid target", "report", "--target", "60:25"),
    bad("report-target-101", 2, "adds up to 101", "report", "--target", "60:25:16"),
    bad("report-target-letters", 2, "not a valid target", "report", "--target", "a:b:c"),
    bad("report-target-negative", 2, "not a valid target", "report", "--target=-10:60:50"),
    bad("report-target-mixed-separators", 2, "not a valid target", "report", "--target", "70:20/10"),
    bad("report-target-huge-number", 2, "target", "report", "--target", f"{HUGE_NUMBER}:0:100"),
    bad("report-by-hours", 2, "--by", "report", "--by", "hours"),
    bad("report-format-xml", 2, "--format", "report", "--format", "xml"),
    bad("report-person-and-all", 2, "cannot be combined", "report", "--person", "x", "--all"),
    bad("report-team-and-all", 2, "cannot be combined", "report", "--team", "Noord", "--all"),
    bad("report-person-blank", 2, "person is empty", "report", "--person", "  "),
    bad("report-output-for-the-table", 2, "--output goes with", "report", "--output", "r.html"),
    bad("report-html-to-a-folder", 2, "is a folder", "report", "--format", "html", "--output",
        "{tmp}"),
    bad("report-output-unknown-placeholder", 2, "does not fill in", "report", "--format", "json",
        "--output", "r-{month}.json"),
    bad("report-html-over-the-database", 2, "the database itself", "report", "--format", "html",
        "--output", "{data}/leerlog.db"),
    # export
    bad("balance-format-xml", 2, "--format", "export", "balance", "--format", "xml"),
    bad("balance-excel-json", 2, "--excel", "export", "balance", "--excel", "--format", "json"),
    bad("balance-month-13", 2, "not a period", "export", "balance", "--period", "2026-13"),
    bad("balance-since-after-until", 2, "starts after", "export", "balance", "--since",
        "2026-12-01", "--until", "2026-01-01"),
    bad("balance-person-and-team", 2, "cannot be combined", "export", "balance", "--person", "a",
        "--team", "b"),
    bad("balance-target-6", 2, "adds up to 6", "export", "balance", "--target", "1:2:3"),
    bad("activities-format-xlsx", 2, "--format", "export", "activities", "-f", "xlsx"),
    bad("activities-period-word", 2, "not a period", "export", "activities", "--period", "ooit"),
    bad("activities-person-and-team", 2, "cannot be combined", "export", "activities", "-p", "a",
        "--team", "b"),
    bad("activities-excel-json", 2, "--excel", "export", "activities", "--excel", "-f", "json"),
    bad("export-unknown-kind", 2, "no such command", "export", "people"),
    # check: the personal-data listing
    bad("check-format-csv", 2, "--format", "check", "--format", "csv"),
    bad("check-person-and-all", 2, "cannot be combined", "check", "--person", "a", "--all"),
    bad("check-allow-option", 2, "no such option", "check", "--allow-personal-data"),
    bad("export-no-kind", 2, "missing command", "export"),
    # import: unreadable files, wrong headers, invalid rows (all exit 1, nothing stored)
    bad("import-missing-file", 1, "cannot read", "import", "{tmp}/nergens.csv"),
    bad("import-folder", 1, "cannot read", "import", "{tmp}"),
    bad("import-no-argument", 2, "missing argument", "import"),
    imp("import-empty-file", "leeg.csv", "", "is empty"),
    imp("import-blank-file", "leeg.jsonl", " \n\n", "is empty"),
    imp("import-unknown-column", "a.csv", CSV_HEAD[:-1] + ",colour\n", "unknown columns: colour"),
    imp("import-mixed-separators", "a.csv", "person;date,minutes\nanna;2026-11-01;45\n", "';'"),
    imp("import-comma-row-in-excel-file", "a.csv", "person;date;category;minutes;title\n"
        "anna,2026-11-01,werk,45,x\n", "1 invalid row", True),
    imp("import-missing-columns", "a.csv", "person,date,title\nanna,-1d,x\n", "missing columns"),
    imp("import-column-twice", "a.csv", CSV_HEAD[:-1] + ",title\n", "a column twice"),
    imp("import-latin-1", "a.csv", (CSV_HEAD + "anna,-1d,werk,45,café\n").encode("latin-1"),
        "not UTF-8"),
    imp("import-utf-16", "a.csv", CSV_HEAD.encode("utf-16"), "not UTF-8"),
    # Past the first 512 characters the file is decoded while it is imported.
    imp("import-latin-1-late", "a.csv",
        (CSV_HEAD + "anna,-1d,werk,45,ok\n" * 40 + "anna,-1d,werk,45,café\n").encode("latin-1"),
        "not UTF-8"),
    imp("import-latin-1-late-json", "a.json", ("[" + (ONE + "},\n") * 20 + ONE + "}, 'é']")
        .encode("latin-1"), "not UTF-8"),
    imp("import-malformed-json", "a.json", "[" + ONE + ",", "not valid JSON"),
    imp("import-json-object", "a.json", ONE + "}", "not an array"),
    imp("import-json-empty-array", "a.json", "[]", "holds no activities"),
    imp("import-json-deeply-nested", "a.json", "[" * 100_000, "not valid JSON"),
    imp("import-json-huge-number", "a.json", f'[{{"minutes": {HUGE_NUMBER}}}]', "not valid JSON"),
    imp("import-csv-header-too-long", "a.csv", "x" * 200_000 + "\n", "CSV"),
    imp("import-jsonl-broken-line", "a.jsonl", ONE + "}\n" + ONE + "\n", "1 invalid row", True),
    imp("import-json-not-objects", "a.json", "[1, 2]", "2 invalid rows", True),
    imp("import-csv-invalid-row", "a.csv", CSV_HEAD + "anna,-1d,werk,45,ok\nanna,2026-13-01,x,0,\n",
        "1 invalid row", True),
    imp("import-csv-short-row", "a.csv", CSV_HEAD + "anna,-1d,werk\n", "1 invalid row", True),
    imp("import-json-minutes-0.0", "a.json", "[" + ONE.replace("45", "0.0") + "}]",
        "1 invalid row", True),
    imp("import-json-minutes-true", "a.json", "[" + ONE.replace("45", "true") + "}]",
        "1 invalid row", True),
    imp("import-id-conflict", "a.jsonl", '{"id": "{id}", ' + ONE[1:] + "}\n", "other content", True),
    # types
    bad("types-key-uppercase-underscore", 2, "not a usable type key", "types", "add", "Bad_Key",
        "-c", "werk"),
    bad("types-key-one-letter", 2, "not a usable type key", "types", "add", "x", "-c", "werk"),
    bad("types-key-digit-first", 2, "not a usable type key", "types", "add", "1x", "-c", "werk"),
    bad("types-key-builtin", 2, "exists already", "types", "add", "intervisie", "-c", "sociaal"),
    bad("types-key-own", 2, "exists already", "types", "add", "huisbezoek", "-c", "werk"),
    bad("types-key-alias", 2, "names a category", "types", "add", "opleiding", "-c", "formal"),
    bad("add-title-not-utf8", 2, "not UTF-8: 'Caf\ufffd test'", "add", "werk", "Caf\udce9 test",
        "-m", "10"),
    bad("types-key-type-word", 2, "names the type 'course'", "types", "add", "cursus", "-c", "werk"),
    bad("types-key-type-word-capitals", 2, "names the type 'conference'", "types", "add", "Congres",
        "-c", "werk"),
    bad("types-unknown-category", 2, "unknown category", "types", "add", "nieuw", "-c", "leren"),
    bad("types-no-category", 2, "missing option", "types", "add", "nieuw"),
    bad("types-unknown-subcommand", 2, "no such command", "types", "remove", "huisbezoek"),
    # people
    bad("people-set-blank-name", 2, "name is empty", "people", "set", "  ", "--team", "Noord"),
    bad("people-set-no-team", 2, "missing option", "people", "set", "anna"),
    bad("people-forget-unknown", 1, "does not know", "people", "forget", "zoe", "--yes"),
    bad("people-forget-without-yes", 2, "confirmation", "people", "forget", "carla"),
    bad("people-reset-pseudonyms-without-yes", 2, "confirmation", "people", "reset-pseudonyms"),
    bad("people-unknown-subcommand", 2, "no such command", "people", "move", "a", "b"),
    bad("people-rename-unknown", 1, "did you mean 'carla'", "people", "rename", "carl", "Carla"),
    bad("people-rename-same", 2, "same name", "people", "rename", "carla", "carla"),
    bad("people-rename-control", 2, "U+0007", "people", "rename", "carla", "car\x07la"),
    # backup
    bad("backup-existing-target", 1, "exists already", "backup", "{file}", file=("b.db", "old")),
    bad("backup-onto-database", 1, "exists already", "backup", "{data}/leerlog.db"),
    bad("backup-onto-database-by-detour", 1, "exists already", "backup",
        "{data}/../data/leerlog.db"),
    bad("backup-no-target", 2, "missing argument", "backup"),
    # sync (to a Learning Record Store; configured under [lrs])
    bad("sync-batch-0", 2, "--batch", "sync", "--batch", "0"),
    bad("sync-batch-5001", 2, "--batch", "sync", "--batch", "5001"),
    bad("sync-timeout-0", 2, "--timeout", "sync", "--timeout", "0"),
    bad("sync-timeout-not-a-number", 2, "--timeout", "sync", "--timeout", "soon"),
    bad("sync-without-lrs-config", 2, "lrs.endpoint is not set", "sync"),
    bad("sync-extra-argument", 2, "unexpected extra argument", "sync", "--dry-run", "now"),
    conf("sync-without-password-or-terminal", LRS, "password", "sync",
         env={"LEERLOG_LRS_PASSWORD": ""}),
    conf("sync-unknown-lrs-key", LRS + b'colour = "red"\n', "[lrs]", "sync", "--dry-run"),
    # config files: exit 2 for whatever command runs
    conf("config-unknown-key", b'colour = "red"\n', "unknown key", "list"),
    conf("config-invalid-toml", b"person = \n", "not valid TOML", *ADD, *OK),
    conf("config-key-twice", b'person = "a"\nperson = "b"\n', "not valid TOML", "report"),
    conf("config-target-two-parts", b'target = "60:25"\n', "not a valid target", "report"),
    conf("config-target-101", b'target = "60:25:16"\n', "adds up to 101", "export", "balance"),
    conf("config-number", b"person = 5\n", "must be non-empty text", "undo"),
    conf("config-list", b'team = ["Noord"]\n', "must be non-empty text", "people", "list"),
    conf("config-blank", b'db = "  "\n', "must be non-empty text", "types"),
    conf("config-section", b"[leerlog]\nperson = 'a'\n", "unknown key", "config"),
    conf("config-latin-1", 'person = "josé"\n'.encode("latin-1"), "not valid TOML", "list"),
    conf("config-utf-16", b"\xff\xfe", "not valid TOML", "delete", "{id}", "--yes"),
    conf("config-is-a-folder", "folder", "cannot read the config", "people", "list"),
    conf("config-import", b"person = 'anna'\nteam = 7\n", "must be non-empty text", "import",
         "{file}", file=("ok.csv", CSV_HEAD + "anna,-1d,werk,45,Goed\n")),
    # environment variables
    envvar("today-word", "LEERLOG_TODAY", "notadate", "LEERLOG_TODAY", "list"),
    # ~NAME of a user the system does not know: no home to put the file in.
    envvar("config-home-unknown", "LEERLOG_CONFIG", f"{NO_HOME}/c.toml", "no home folder", "list"),
    envvar("db-home-unknown", "LEERLOG_DB", f"{NO_HOME}/l.db", "no home folder", *ADD, *OK),
    bad("db-option-home-unknown", 2, "no home folder", "--db", f"{NO_HOME}/l.db", *ADD, *OK),
    bad("output-home-unknown", 2, "no home folder", "export", "balance", "-o", f"{NO_HOME}/b.csv"),
    bad("evidence-home-unknown", 2, "no home folder", *ADD, *OK, "--evidence", f"{NO_HOME}/c.pdf"),
    envvar("today-february-30", "LEERLOG_TODAY", "2026-02-30", "LEERLOG_TODAY", *ADD, *OK),
    envvar("today-blank", "LEERLOG_TODAY", " ", "LEERLOG_TODAY", "report"),
    envvar("busy-timeout-word", "LEERLOG_BUSY_TIMEOUT", "abc", "LEERLOG_BUSY_TIMEOUT", "list"),
    envvar("busy-timeout-negative", "LEERLOG_BUSY_TIMEOUT", "-1", "LEERLOG_BUSY_TIMEOUT", "undo"),
    envvar("busy-timeout-nan", "LEERLOG_BUSY_TIMEOUT", "nan", "LEERLOG_BUSY_TIMEOUT", "types"),
    envvar("busy-timeout-too-long", "LEERLOG_BUSY_TIMEOUT", "3601", "LEERLOG_BUSY_TIMEOUT", *ADD, *OK),
    # global options and commands
    bad("db-text-file-list", 1, "not a leerlog database", "--db", "{data}/notes.txt", "list"),
    bad("db-text-file-add", 1, "not a leerlog database", "--db", "{data}/notes.txt", *ADD, *OK),
    bad("db-folder-list", 2, "is a folder", "--db", "{data}", "list"),
    bad("db-folder-add", 2, "is a folder", "--db", "{data}", *ADD, *OK),
    bad("db-without-value", 2, "requires an argument", "--db"),
    # An unset variable in a script (--db "$DB") must not fall back to the usual log.
    bad("db-empty-add", 2, "the database path is empty", "--db", "", *ADD, *OK),
    bad("db-blank-list", 2, "the database path is empty", "list", "--db", " "),
    bad("unknown-global-option", 2, "no such option", "--colour", "list"),
    bad("unknown-command", 2, "no such command", "frobnicate"),
    bad("command-in-dutch", 2, "no such command", "toevoegen", "werk", "T", *OK),
]
# fmt: on
