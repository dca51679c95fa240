"""The rows of tests/test_bad_input.py for proof and registration: evidence files, reflect, the
register profiles and the dossier. Each a malformed input, its exit code and what stderr says.

Imported by name (pytest puts tests/ on sys.path for its conftest).
"""

from __future__ import annotations

from bad_input_rows import ADD, OK, bad, conf

REG = ("register", "set")
DOSSIER = ("register", "dossier", "--output")
START = ("--start", "2024-01-01")
OWN_PROFILE = (
    'key = "eigen"\nlabel = "Eigen"\nsources = ["https://example.org/"]\nchecked = 2026-12-01\n'
    'years = 5\n\n[[categories]]\nkey = "pe"\ncategories = ["formeel"]\nlabel = "PE"\n'
)

# fmt: off
PROOF_ROWS = [
    # evidence and reflect
    bad("evidence-add-missing-file", 2, "no file at", "evidence", "add", "{id}", "{tmp}/nope.pdf"),
    bad("evidence-add-folder", 2, "is a folder, not a file", "evidence", "add", "{id}", "{data}"),
    bad("evidence-add-path-under-a-file", 1, "cannot read", "evidence", "add", "{id}",
        "{data}/notes.txt/scan.pdf"),
    bad("evidence-add-one-good-one-missing", 2, "no file at", "evidence", "add", "{id}", "{file}",
        "{tmp}/nope.pdf", file=("certificaat.pdf", b"%PDF-1.4")),
    bad("evidence-add-no-file", 2, "missing argument", "evidence", "add", "{id}"),
    bad("evidence-add-unknown-id", 1, "no activity with id", "evidence", "add", "ffffffff",
        "{file}", file=("certificaat.pdf", b"%PDF-1.4")),
    bad("evidence-add-ambiguous-id", 1, "more than one activity", "evidence", "add", "{shared}",
        "{file}", file=("certificaat.pdf", b"%PDF-1.4")),
    bad("add-evidence-missing", 2, "no file at", *ADD, *OK, "--evidence", "{tmp}/nope.pdf"),
    bad("add-evidence-folder", 2, "is a folder", *ADD, *OK, "--evidence", "{tmp}"),
    bad("edit-evidence-missing", 2, "no file at", "edit", "{id}", "--evidence", "{tmp}/x.pdf"),
    bad("edit-minutes-evidence-folder", 2, "is a folder", "edit", "{id}", "-m", "50",
        "--evidence", "{data}"),
    bad("evidence-list-unknown-id", 1, "no activity with id", "evidence", "list", "ffffffff"),
    bad("evidence-list-bad-format", 2, "invalid value", "evidence", "list", "{id}", "-f", "xml"),
    bad("evidence-get-none-kept", 1, "has no proof files", "evidence", "get", "{id}", "1", "-o",
        "{tmp}/out.pdf"),
    bad("evidence-get-number-zero", 2, "invalid value", "evidence", "get", "{id}", "0", "-o",
        "{tmp}/out.pdf"),
    bad("evidence-get-number-word", 2, "invalid value", "evidence", "get", "{id}", "een", "-o",
        "{tmp}/out.pdf"),
    bad("evidence-get-no-output", 2, "missing option", "evidence", "get", "{id}", "1"),
    bad("evidence-get-output-folder", 2, "is a folder", "evidence", "get", "{id}", "1", "-o",
        "{tmp}"),
    bad("evidence-get-output-the-db", 2, "is the database itself", "evidence", "get", "{id}", "1",
        "-o", "{data}/leerlog.db"),
    bad("evidence-remove-none-kept", 1, "has no proof files", "evidence", "remove", "{id}", "1"),
    bad("evidence-unknown-subcommand", 2, "no such command", "evidence", "delete", "{id}", "1"),
    bad("reflect-no-template", 2, "missing option", "reflect", "{id}"),
    bad("reflect-unknown-template", 2, "did you mean skj", "reflect", "{id}", "--template", "skk"),
    bad("reflect-unknown-part", 2, "its parts are: normatief, ", "reflect", "{id}", "--template",
        "skj", "--part", "normatif=Waarden"),
    bad("reflect-part-of-the-other-template", 2, "SKJ has no part 'situatie'", "reflect", "{id}",
        "--template", "skj", "--part", "situatie=Thuis"),
    bad("reflect-part-without-text", 2, "write it as NAME=TEXT", "reflect", "{id}", "--template",
        "starr", "--part", "situatie"),
    bad("reflect-part-empty", 2, "is empty", "reflect", "{id}", "--template", "skj", "--part",
        "normatief= "),
    bad("reflect-part-control-character", 2, "U+001B, a control character", "reflect", "{id}",
        "--template", "skj", "--part", "normatief=a\x1b[2Jb"),
    bad("reflect-part-twice", 2, "given twice", "reflect", "{id}", "--template", "skj", "--part",
        "normatief=a", "--part", "Normatief=b"),
    bad("reflect-missing-parts-no-terminal", 2, "needs the parts technisch-instrumenteel, "
        "persoonlijk, and there is no terminal", "reflect", "{id}", "--template", "skj",
        "--part", "normatief=Waarden"),
    bad("reflect-too-long", 2, "at most 20000 fit", "reflect", "{id}", "--template", "skj",
        "--part", "technisch-instrumenteel=" + "x" * 20_000, "--part", "normatief=n",
        "--part", "persoonlijk=p"),
    bad("reflect-unknown-id", 1, "no activity with id", "reflect", "ffffffff", "--template",
        "starr", "--part", "situatie=s", "--part", "taak=t", "--part", "actie=a", "--part",
        "resultaat=r", "--part", "reflectie=r"),
    # registers
    bad("register-unknown-profile", 2, "did you mean 'skj-jeugdzorgwerker'", *REG, "skj-jeugdzorgwerkr", *START),
    bad("register-profile-by-its-first-letters", 2, "did you mean 'skj-jeugdzorgwerker'", *REG, "skj", *START),
    bad("register-start-in-future", 2, "is in the future", *REG, "skj-jeugdzorgwerker", "--start", "2026-11-28"),
    bad("register-start-too-long-ago", 2, "too long ago", *REG, "skj-jeugdzorgwerker", "--start", "0001-01-01"),
    bad("register-start-not-a-date", 2, "not a date", *REG, "registerplein", "--start", "ooit"),
    bad("register-start-missing", 2, "missing option", *REG, "registerplein"),
    bad("register-number-two-lines", 2, "--number", *REG, "registerplein", *START, "--number", "1\n2"),
    bad("register-number-too-long", 2, "--number", *REG, "registerplein", *START, "--number", "4" * 51),
    bad("register-broken-own-profile", 2, "line 2: not valid TOML", *REG, "registerplein", *START,
        file=("registers/eigen.toml", 'key = "eigen"\nlabel = = "x"\n')),
    bad("register-own-profile-unknown-category", 2, "line 9: unknown 70:20:10 category 'formeel'",
        "register", "list", file=("registers/eigen.toml", OWN_PROFILE)),
    bad("register-status-unknown-profile", 2, "did you mean 'vvn-kwaliteitsregister'",
        "register", "status", "--profile", "vvn-kwaliteit"),
    bad("register-status-not-registered", 1, "register set", "register", "status"),
    bad("register-remove-not-registered", 1, "not registered", "register", "remove", "registerplein"),
    bad("register-status-bad-format", 2, "invalid value", "register", "status", "--format", "pdf"),
    conf("config-registers-unknown-register", b"[registers.registerplain]\nminimum_total = 3\n",
         "did you mean 'registerplein'", "register", "list"),
    conf("config-registers-bad-minimum", b'[registers.registerplein]\nminimum = { reflectie = "tien" }\n',
         "must be {", "register", "list"),
    conf("config-registers-unknown-key", b"[registers.registerplein]\nmaximum = 3\n",
         "may only hold", "list"),
    conf("config-registers-not-a-table", b"registers = 5\n",
         "minimum = { reflectie = 20 }", "list"),
    conf("config-registers-unknown-category", b"[registers.registerplein]\ncap = { overige = 3 }\n",
         "unknown category 'overige'", "register", "set", "registerplein", *START),
    # register dossier
    bad("register-dossier-no-output", 2, "missing option", "register", "dossier"),
    bad("register-dossier-not-zip", 2, "is not a .zip file", *DOSSIER, "{tmp}/dossier.pdf"),
    bad("register-dossier-folder", 2, "is a folder", *DOSSIER, "{data}"),
    bad("register-dossier-unknown-placeholder", 2, "{period}, which leerlog does not fill in",
        *DOSSIER, "{tmp}/dossier-{period}.zip"),
    bad("register-dossier-unknown-profile", 2, "did you mean 'skj-jeugdzorgwerker'", *DOSSIER,
        "{tmp}/dossier.zip", "--profile", "skj-jeugdzorgwerkr"),
    bad("register-dossier-not-registered", 1, "leerlog register set", *DOSSIER, "{tmp}/d.zip"),
]
# fmt: on
