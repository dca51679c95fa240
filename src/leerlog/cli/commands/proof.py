"""Proof and reflection: the evidence group (files kept with an activity) and reflect."""

# No `from __future__ import annotations` here: typer reads these signatures on every run, and
# string annotations make it evaluate each Annotated[...] four times (with a compile each).

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from leerlog.cli import common
from leerlog.cli.common import describe, out_changed, require_log, runtime, say
from leerlog.cli.help import command, group
from leerlog.cli.options import IdArgument, TableOrJson, TableOrJsonOption
from leerlog.domain.errors import ConfirmationNeeded, InvalidValue
from leerlog.domain.escapes import cell
from leerlog.domain.text import user_path
from leerlog.i18n import _, ngettext

if TYPE_CHECKING:
    from leerlog.registers.reflection import Part

evidence_app = group(
    help=_(
        """Proof files kept inside the log with an activity: certificates, signed lists, scans.

    Each file may hold up to 20 MiB; it is stored in the log file itself, so a backup carries it
    and 'leerlog people forget' erases it.

    \b
    Example:
      leerlog evidence add 3f2a certificaat.pdf
      leerlog evidence list 3f2a
      leerlog evidence get 3f2a 1 --output certificaat.pdf
    """
    )
)

FilesArgument = Annotated[
    list[Path],
    # readable=False: open_proof says what keeps a file from being read, in the reader's words.
    typer.Argument(
        metavar=_("FILE"), help=_("The files to keep."), show_default=False, readable=False
    ),
]
NumberArgument = Annotated[
    int,
    typer.Argument(metavar="N", help=_("The file's number in 'leerlog evidence list'."), min=1),
]


def add(ctx: typer.Context, id_: IdArgument, files: FilesArgument) -> None:
    """Keep one or more files as proof of an activity; 'leerlog undo' takes them back.

    Every file is checked first (it exists, is a file, can be read, holds at most 20 MiB):
    when one cannot be kept, none is.

    \b
    Example:
      leerlog evidence add 3f2a certificaat.pdf
      leerlog evidence add 3f2a presentielijst.pdf foto-whiteboard.jpg
    """
    from leerlog.registers.proofs import add_proofs

    rt = runtime(ctx)
    require_log(rt)
    activity = rt.store.find(id_)
    paths = [user_path(path, _("FILE")) for path in files]
    kept = add_proofs(rt.store, activity, paths, actor=rt.settings.person.value or activity.person)
    from leerlog.cli.guard import warn_proofs

    warn_proofs(activity.id, [item.name for item in kept])
    lines = [
        _("{id}  proof kept: {number}. {name} ({size})").format(
            id=activity.id[:8], number=item.number, name=cell(item.name), size=_size(item.size)
        )
        for item in kept
    ]
    out_changed("\n".join(lines), _("the proof of {id} was stored").format(id=activity.id))


def list_(
    ctx: typer.Context,
    id_: IdArgument,
    format_: TableOrJsonOption = TableOrJson.table,
) -> None:
    """List an activity's proof files, numbered from 1, with size, media type and SHA-256.

    \b
    Example:
      leerlog evidence list 3f2a
      leerlog evidence list 3f2a --format json
    """
    from leerlog.registers.proofs import listed

    rt = runtime(ctx)
    require_log(rt)
    activity = rt.store.find(id_)
    files = listed(rt.store, activity.id)
    if format_ is TableOrJson.json:
        import json
        import sys

        data = [{"activity": activity.id, **item.as_json()} for item in files]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    from leerlog.terminal.record import evidence_table

    evidence_table(files)


def get(
    ctx: typer.Context,
    id_: IdArgument,
    number: NumberArgument,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar=_("FILE"), help=_("Where to write the file ('-' for stdout)."),
            show_default=False,
        ),
    ],
) -> None:  # fmt: skip
    """Write one proof file, byte for byte as it was kept, to FILE.

    \b
    Example:
      leerlog evidence get 3f2a 1 --output certificaat.pdf
    """
    from leerlog.registers.proofs import listed, pick, write_out

    rt = runtime(ctx)
    if str(output) == "-":  # stdout, as for the exports
        if sys.stdout.isatty():
            raise InvalidValue(
                _("--output - writes the file's bytes to stdout, not for the terminal"),
                _("pipe it to a program or a file, or give --output FILE"),
            )
        output = Path("/dev/stdout")
    path = user_path(output, "--output")
    if path.is_dir():
        raise InvalidValue(
            _("--output {path} is a folder").format(path=path),
            _("give a file name, e.g. {example}").format(example=path / "bewijs.pdf"),
        )
    if path.resolve() == rt.settings.db_path.resolve():
        raise InvalidValue(
            _("{path} is the database itself; it was left as it is").format(path=path),
            _("choose another file name for the proof file"),
        )
    require_log(rt)
    activity = rt.store.find(id_)
    chosen = pick(listed(rt.store, activity.id), activity.id, number)
    size = write_out(rt.store, chosen, path)
    say(
        _("Wrote {name} ({size}) to {path}").format(
            name=repr(chosen.name), size=_size(size), path=path
        )
    )


def remove(ctx: typer.Context, id_: IdArgument, number: NumberArgument) -> None:
    """Remove a proof file from an activity; 'leerlog undo' brings it back.

    \b
    Example:
      leerlog evidence remove 3f2a 2
    """
    from leerlog.registers.proofs import remove_proof

    rt = runtime(ctx)
    require_log(rt)
    activity = rt.store.find(id_)
    gone = remove_proof(
        rt.store, activity, number, actor=rt.settings.person.value or activity.person
    )
    out_changed(
        _("{id}  proof removed: {number}. {name}").format(
            id=activity.id[:8], number=number, name=cell(gone.name)
        ),
        _("the proof file was removed"),
    )


def reflect(
    ctx: typer.Context,
    id_: IdArgument,
    template: Annotated[
        str,
        typer.Option(
            "--template", metavar="skj|starr", help=_("The register's template."),
            show_default=False,
        ),
    ],
    part: Annotated[
        list[str] | None,
        typer.Option(
            "--part", metavar=_("NAME=TEXT"), help=_("One part's text; repeat for each part."),
            show_default=False,
        ),
    ] = None,
) -> None:  # fmt: skip
    """Write an activity's reflection in the parts of a register's template, SKJ or STARR.

    SKJ has three parts: technisch-instrumenteel, normatief, persoonlijk. STARR has five:
    situatie, taak, actie, resultaat, reflectie. Give a part with --part NAME=TEXT; at a
    terminal, the parts not given are asked one by one. The reflection becomes the parts' text,
    a block "Label: text" for each; 'leerlog undo' takes it back.

    \b
    Example:
      leerlog reflect 3f2a --template skj
      leerlog reflect 3f2a --template starr --part situatie="Huisbezoek" --part taak="Gesprek" --part actie="Doorgevraagd" --part resultaat="Plan" --part reflectie="Eerder vragen"
    """
    from leerlog.domain.models import Activity, validate_input
    from leerlog.registers import reflection as templates
    from leerlog.storage.store import now

    rt = runtime(ctx)
    chosen = templates.template(template)
    parts = templates.given_parts(chosen, part or [])
    require_log(rt)
    before = rt.store.find(id_)
    lacking = templates.missing(chosen, parts)
    if lacking and not common.interactive():
        names = ", ".join(item.key for item in lacking)
        raise ConfirmationNeeded(
            ngettext(
                "{template} needs the part {names}, and there is no terminal to ask",
                "{template} needs the parts {names}, and there is no terminal to ask",
                len(lacking),
            ).format(template=templates.TITLES[chosen], names=names),
            _('give each as --part NAME=TEXT, e.g. --part {key}="..."').format(key=lacking[0].key),
        )
    if lacking:
        from leerlog.cli.prompts import ask

        say(
            _("Reflection on {id} {what}, in the parts of {template}:").format(
                id=before.id[:8], what=describe(before), template=templates.TITLES[chosen]
            )
        )
        for item in lacking:
            parts[item.key] = ask(
                f"{item.label} ({_(item.meaning)})",
                f"--part {item.key}=TEXT",
                lambda answer, item=item: _answer(chosen, parts, item, answer),
                hint=False,
            )
    data = before.as_json()
    data["reflection"] = templates.reflection_text(chosen, parts)
    fields = {k: data[k] for k in ("person", "date", "category", "type", "minutes", "title",
                                   "with", "tags", "reflection", "accreditation")}  # fmt: skip
    entry = validate_input(fields, rt.settings.today, rt.store.types())
    after = Activity(
        id=before.id,
        created_at=before.created_at,
        updated_at=now(),
        session=before.session,
        **entry.model_dump(),
    )
    state = {"template": chosen, "parts": parts, "reflection": after.reflection}
    if templates.current_parts(rt.store, before) == state:
        say(_("Nothing changed."))
        return
    actor = rt.settings.person.value or before.person
    # A reflection written by hand (not an earlier template's text) is replaced: say how back.
    replaced = bool(before.reflection) and templates.current_parts(rt.store, before) is None
    templates.save(rt.store, before, after, chosen, parts, actor)
    from leerlog.cli.guard import warn_stored

    warn_stored(after)
    out_changed(
        _("{id}  reflection ({template}): {what}").format(
            id=after.id, template=templates.TITLES[chosen], what=describe(after)
        ),
        _("the reflection of {id} was stored").format(id=after.id),
    )
    if replaced:
        say(_("note: this replaced the reflection written before; 'leerlog undo' brings it back"))


def _answer(chosen: str, parts: "dict[str, str]", item: "Part", answer: str) -> str:
    """One part typed at the terminal, checked, and checked with the parts given before it."""
    from leerlog.registers import reflection as templates

    text = templates.check_part(item, answer)
    templates.check_length(chosen, {**parts, item.key: text})
    return text


def _size(size: int) -> str:
    from leerlog.terminal.record import size_text

    return size_text(size)


def register(app: typer.Typer) -> None:
    for name, function in (
        ("add", add), ("list", list_), ("get", get), ("remove", remove),
    ):  # fmt: skip
        command(evidence_app, name, function)
    command(app, "reflect", reflect)
    app.add_typer(evidence_app, name="evidence")
