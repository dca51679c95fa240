"""The register group: registrations with professional registers, and how far each one is."""

# No `from __future__ import annotations` here: typer reads these signatures on every run, and
# string annotations make it evaluate each Annotated[...] four times (with a compile each).

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from leerlog.cli import completion
from leerlog.cli.common import (
    named_person,
    note_new_person,
    one_line,
    out,
    out_changed,
    require_known,
    require_log,
    runtime,
)
from leerlog.cli.help import command, group
from leerlog.cli.options import (
    AllowPersonalDataOption,
    PersonOption,
    TableOrJson,
    TableOrJsonOption,
)
from leerlog.domain.errors import DataProblem, InvalidValue
from leerlog.i18n import _

# No registration starts before this year; it also keeps a year before the start a date.
EARLIEST_START = 1900

if TYPE_CHECKING:
    from leerlog.cli.common import Runtime
    from leerlog.registers.profile import Profile
    from leerlog.registers.registrations import Registration
    from leerlog.registers.status import Status

register_app = group(
    help=_(
        """Registers: keep your registration (SKJ, V&VN, Registerplein) with your learning log.

    \b
    Example:
      leerlog register set skj-jeugdzorgwerker --start 2024-01-01 --number 0123456
      leerlog register status
    """
    )
)

ProfileArgument = Annotated[
    str,
    typer.Argument(
        metavar=_("REGISTER"),
        help=_("The register's key, e.g. skj-jeugdzorgwerker (see 'leerlog register list')."),
        show_default=False,
        autocompletion=completion.registers,
    ),
]


def profiles(rt: "Runtime") -> dict[str, "Profile"]:
    """Every register profile, built-in and own; a [registers.KEY] in the config file that
    names no register or category is a configuration error."""
    from leerlog.registers.profile import check_config
    from leerlog.registers.profile_file import load_all, own_folder

    settings = rt.settings
    type_keys = list(rt.store.types()) if settings.db_path.exists() else []
    found = load_all(own_folder(settings.config_file), type_keys)
    check_config(found, settings.registers, str(settings.config_file))
    return found


def set_(
    ctx: typer.Context,
    profile: ProfileArgument,
    start: Annotated[
        str,
        typer.Option(
            "--start", metavar=_("DATE"), help=_("The first day of the period: YYYY-MM-DD, D-M-YYYY."),
            show_default=False,
        ),
    ],
    number: Annotated[
        str | None,
        typer.Option("--number", metavar="N", help=_("Your registration number, as text.")),
    ] = None,
    person: PersonOption = None,
) -> None:  # fmt: skip
    """Register a person with a register from a start date; again to change start or number.

    Set again without --number, the number stays; --number "" removes it.

    \b
    Example:
      leerlog register set skj-jeugdzorgwerker --start 2024-01-01 --number 0123456
      leerlog register set vvn-kwaliteitsregister --start 1-7-2022 --person bob
    """
    from leerlog.domain.parsing import parse_date
    from leerlog.registers.points import period_end
    from leerlog.registers.profile import unknown_profile
    from leerlog.registers.registrations import Registration, set_registration

    rt = runtime(ctx)
    settings = rt.settings
    who = named_person(person) or settings.me
    found = profiles(rt)
    key = profile.strip()
    if key not in found:
        raise unknown_profile(key, found)
    first = parse_date(start, settings.today)
    if first > settings.today:
        raise InvalidValue(
            _("the start {date} is in the future").format(date=first.isoformat()),
            _("give the first day of the period that is running now"),
        )
    if first.year < EARLIEST_START:
        raise InvalidValue(
            _("the start {date} is too long ago for a registration").format(date=first.isoformat()),
            _("give the first day of the period that is running now"),
        )
    # Text as typed: a leading 0 matters.
    given = one_line(
        number, "--number", 50, _("give the registration number as the register wrote it")
    )
    registration = Registration(who, key, first, given)
    known = rt.store.person_names()
    before = set_registration(rt.store, registration, settings.me, keep_number=number is None)
    if before is not None and number is None:
        registration = Registration(who, key, first, before.number)
    note_new_person(who, known)
    end = period_end(first, found[key].years)
    line = _("{person}: {register} from {start} to {end}").format(
        person=who, register=key, start=first.isoformat(), end=end.isoformat()
    )
    if registration.number:
        line += ", " + _("no. {number}").format(number=registration.number)
    if before is not None:
        line += " " + _("(was from {start}, no. {number})").format(
            start=before.start.isoformat(), number=before.number or "—"
        )
    out_changed(line, _("the registration was stored"))


def list_(ctx: typer.Context, person: PersonOption = None) -> None:
    """List the registers leerlog knows, with the date their rules were checked and their
    sources, and the ones the person is registered with.

    Own registers are TOML files in the folder registers/ beside the config file.

    \b
    Example:
      leerlog register list
      leerlog register list --person bob
    """
    from leerlog.registers.points import period_end
    from leerlog.registers.registrations import registrations
    from leerlog.terminal.registers import profiles_table

    rt = runtime(ctx)
    who = named_person(person) or rt.settings.me
    found = profiles(rt)
    mine = registrations(rt.store, who) if rt.settings.db_path.exists() else []
    registered = {
        r.profile: (r.start, period_end(r.start, found[r.profile].years), r.number)
        for r in mine
        if r.profile in found
    }
    profiles_table(list(found.values()), registered)


def remove(ctx: typer.Context, profile: ProfileArgument, person: PersonOption = None) -> None:
    """Remove a person's registration; it says what it removed, so it can be set again.

    \b
    Example:
      leerlog register remove skj-jeugdzorgwerker
    """
    from leerlog.registers import registrations

    rt = runtime(ctx)
    who = named_person(person) or rt.settings.me
    require_log(rt)
    key = profile.strip()
    removed = registrations.remove(rt.store, who, key, rt.settings.me)
    if removed is None:
        keys = [r.profile for r in registrations.registrations(rt.store, who)]
        raise DataProblem(
            _("{person} is not registered with {register}").format(person=who, register=repr(key)),
            _("{person} is registered with: {keys}").format(person=who, keys=", ".join(keys))
            if keys
            else _("run 'leerlog register list' to see the registrations"),
        )
    line = _("{person}: removed {register} from {start}").format(
        person=who, register=key, start=removed.start.isoformat()
    )
    if removed.number:
        line += ", " + _("no. {number}").format(number=removed.number)
    again = f"leerlog register set {key} --start {removed.start.isoformat()}"
    if removed.number:
        again += f" --number {removed.number}"
    out_changed(
        line + "\n" + _("to set it again: {command}").format(command=again),
        _("the registration was removed"),
    )


def status(
    ctx: typer.Context,
    person: PersonOption = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile", metavar=_("REGISTER"), help=_("Only this register (needed for JSON of several)."),
            autocompletion=completion.registers,
        ),
    ] = None,
    format_: TableOrJsonOption = TableOrJson.table,
) -> None:  # fmt: skip
    """Show how far a registration is: per category the points, the minimum, what is left,
    the deadline and a forecast at the pace of the last 365 days; and what does not count.

    \b
    Example:
      leerlog register status
      leerlog register status --profile vvn-kwaliteitsregister --format json
    """
    rt = runtime(ctx)
    found = statuses(rt, person, profile, one=format_ is TableOrJson.json)
    if format_ is TableOrJson.json:
        import json

        sys.stdout.write(json.dumps(found[0].as_json(), ensure_ascii=False, indent=2) + "\n")
        return
    from leerlog.terminal.registers import status_table

    for n, each in enumerate(found):
        if n:
            out()
        status_table(each, str(rt.settings.config_file))


def statuses(
    rt: "Runtime", person: str | None, profile: str | None, *, one: bool
) -> list["Status"]:
    """The Status of each registration of PERSON (--person, default you) that `register
    status` shows, or `register dossier` writes: all of them, or the one --profile names.

    ONE: exactly one is needed (JSON, a dossier), so several without --profile is exit 2. An
    unknown --profile is exit 2 with the nearest name; no registration at all is exit 1.
    """
    from leerlog.registers.profile import unknown_profile

    who = named_person(person) or rt.settings.me
    known = profiles(rt)
    if profile is not None and profile.strip() not in known:
        raise unknown_profile(profile.strip(), known)
    require_log(rt)
    if named_person(person) is not None and who not in rt.store.person_names():
        require_known(rt, who, None)  # a typo: named with the nearest person
    return [compute(rt, known, r) for r in _chosen(rt, who, profile, one)]


def _chosen(rt: "Runtime", who: str, profile: str | None, one: bool) -> list["Registration"]:
    """The registrations `register status` shows: all of WHO's, or the one --profile names."""
    from leerlog.registers.registrations import registrations

    mine = registrations(rt.store, who)
    if not mine:
        raise DataProblem(
            _("{person} is not registered with a register").format(person=who),
            _("run 'leerlog register set REGISTER --start DATE' first"),
        )
    keys = ", ".join(r.profile for r in mine)
    if profile is not None:
        picked = [r for r in mine if r.profile == profile.strip()]
        if not picked:
            raise InvalidValue(
                _("{person} is not registered with {register}").format(
                    person=who, register=repr(profile.strip())
                ),
                _("choose --profile from: {keys}").format(keys=keys),
            )
        return picked
    if one and len(mine) > 1:
        raise InvalidValue(
            _("{person} is registered with more than one register").format(person=who),
            _("choose --profile from: {keys}").format(keys=keys),
        )
    return mine


def compute(rt: "Runtime", found: dict[str, "Profile"], registration: "Registration") -> "Status":
    """The Status of one registration today: its profile's rules in force, then one query of
    the person's activities from a year before the period's start, and one pass over them."""
    import datetime as dt

    from leerlog.registers import points
    from leerlog.registers.profile import effective
    from leerlog.registers.registrations import activities

    settings = rt.settings
    profile = found.get(registration.profile)
    if profile is None:
        raise DataProblem(
            _("the register {register} has no profile any more").format(
                register=repr(registration.profile)
            ),
            _("put its file back in the folder registers/, or remove the registration"),
        )
    end = points.period_end(registration.start, profile.years)
    config = settings.registers.get(profile.key, {})
    rules = effective(profile, end, config)
    since = registration.start - dt.timedelta(days=365)  # EARLIEST_START keeps this a date
    return points.status(
        rules,
        person=registration.person,
        number=registration.number,
        start=registration.start,
        today=settings.today,
        activities=activities(rt.store, registration.person, since),
    )


# The group's commands; `register dossier` and others are added to this table.
COMMANDS = [("set", set_), ("list", list_), ("remove", remove), ("status", status)]


def register(app: typer.Typer) -> None:
    for name, function in COMMANDS:
        command(register_app, name, function)
    app.add_typer(register_app, name="register")


# -- register dossier: a registration's dossier as one ZIP ------------------------------------

DossierOutput = Annotated[
    str,
    typer.Option(
        "--output", "-o", metavar=_("FILE"),
        help=_("The ZIP file to write ({date}: today)."), show_default=False,
    ),
]  # fmt: skip


def dossier(
    ctx: typer.Context,
    output: DossierOutput,
    person: PersonOption = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            metavar=_("REGISTER"),
            help=_("The register, when the person is registered with more than one."),
        ),
    ] = None,
    allow_personal_data: AllowPersonalDataOption = False,
) -> None:
    """Write a registration's dossier as one ZIP, to hand in: overzicht.pdf (the status and
    every activity that counts), activiteiten.csv, bewijs/ with the proof files, SHA256SUMS.
    Client data in a title, with, tag or reflection stops it unless --allow-personal-data.

    Check it after unpacking with 'sha256sum -c SHA256SUMS'.

    \b
    Example:
      leerlog register dossier --output "dossier-{date}.zip"
      leerlog register dossier --person anna --profile skj-jeugdzorgwerker -o dossier.zip
    """
    from leerlog.cli.common import say
    from leerlog.i18n import language
    from leerlog.registers import dossier as dossiers
    from leerlog.storage.db import read_transaction

    rt = runtime(ctx)
    path = dossiers.output_path(output, rt.settings.today, rt.settings.db_path)
    # The status, its activities and their proof files: all read from one state of the log.
    with read_transaction(rt.store.reader(), rt.store.path) as conn:
        [status] = statuses(rt, person, profile, one=True)
        gathered = dossiers.gather(status, conn)
        if not allow_personal_data:
            from leerlog.cli import guard

            found = [
                *guard.in_activities(gathered.activities),
                *guard.in_proofs(gathered.proofs),
            ]
            guard.refuse(found, _("nothing was written"), _("write it"))
        written = dossiers.write(path, gathered, conn, language()[0])
    for line in dossiers.summary(path, status, written):
        say(line)


COMMANDS.append(("dossier", dossier))
