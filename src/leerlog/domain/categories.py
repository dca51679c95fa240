"""The three 70:20:10 categories, the words people use for them, and the activity catalogue."""

from __future__ import annotations

from dataclasses import dataclass

from leerlog.domain.errors import InvalidValue
from leerlog.domain.words import nearest, plain
from leerlog.i18n import N_, _

CATEGORIES: tuple[str, str, str] = ("experiential", "social", "formal")

# Every way a person may name a category: the key, its share in the model, English and Dutch.
CATEGORY_ALIASES: dict[str, str] = {
    "experiential": "experiential",
    "70": "experiential",
    "job": "experiential",
    "work": "experiential",
    "werk": "experiential",
    "ervaring": "experiential",
    "social": "social",
    "20": "social",
    "sociaal": "social",
    "coaching": "social",
    "feedback": "social",
    "formal": "formal",
    "10": "formal",
    "formeel": "formal",
    "training": "formal",
    "opleiding": "formal",
}


# The Dutch words people use for built-in types, written without diacritics (see words.plain).
TYPE_WORDS: dict[str, str] = {
    "cursus": "course", "opleiding": "course", "congres": "conference",
    "studiedag": "conference", "lezing": "lecture", "college": "lecture", "seminar": "lecture",
    "vakliteratuur": "reading", "lezen": "reading", "webinar": "e-learning",
    "zelfreflectie": "self-reflection", "kennisdelen": "knowledge-sharing",
    "nieuwe-taak": "new-task", "casusoverleg": "casuistiekoverleg",
    "experimenteren": "experiment",
}  # fmt: skip


def category_name(key: str) -> str:
    """The name people read for a category key, in the chosen language; other text as it is."""
    if key == "experiential":
        return _("experiential")
    if key == "social":
        return _("social")
    if key == "formal":
        return _("formal")
    return key


@dataclass(frozen=True)
class ActivityType:
    """One entry of the catalogue: a type key, what it means, and the category it implies.

    The label of a built-in type is its English text, which is also its message id: show it
    with label_for(), which translates it; an own type's label is shown as it was typed.
    """

    key: str
    label: str
    category: str
    builtin: bool = True


_BUILTIN: tuple[tuple[str, str, str], ...] = (
    ("experiment", N_("trying a new approach in practice"), "experiential"),
    ("stretch-assignment", N_("challenging task or project"), "experiential"),
    ("new-task", N_("first time doing a task"), "experiential"),
    ("knowledge-sharing", N_("presenting, teaching or writing for colleagues"), "experiential"),
    ("self-reflection", N_("written reflection on own practice"), "experiential"),
    ("coaching", N_("coaching conversation"), "social"),
    ("feedback", N_("feedback received"), "social"),
    ("intervisie", N_("peer supervision (intervisie)"), "social"),
    ("supervisie", N_("supervision"), "social"),
    ("werkbegeleiding", N_("guidance on the job"), "social"),
    ("casuistiekoverleg", N_("case consultation"), "social"),
    ("collegiale-consultatie", N_("consulting a colleague"), "social"),
    ("meelopen", N_("job shadowing, watching a role model"), "social"),
    ("teamgesprek", N_("team learning conversation"), "social"),
    ("workshop", N_("workshop or training session"), "formal"),
    ("course", N_("course, opleiding"), "formal"),
    ("lecture", N_("lecture, college, seminar"), "formal"),
    ("inspiratielab", N_("expert-led inspiration lab"), "formal"),
    ("e-learning", N_("e-learning or webinar"), "formal"),
    ("conference", N_("conference or study day"), "formal"),
    ("reading", N_("professional literature (vakliteratuur)"), "formal"),
)

BUILTIN_TYPES: dict[str, ActivityType] = {
    key: ActivityType(key, label, category) for key, label, category in _BUILTIN
}


def label_for(activity_type: ActivityType) -> str:
    """The label people read: a built-in type's in the chosen language, an own type's as typed."""
    return _(activity_type.label) if activity_type.builtin else activity_type.label


def category_hint() -> str:
    """How to name a category, in the chosen language."""
    return _("use experiential/social/formal, 70/20/10, or a Dutch or English alias")


def type_hint() -> str:
    """Where to find the type keys, in the chosen language."""
    return _("run 'leerlog types' to see the catalogue")


def normalise_key(text: str) -> str:
    """Compare names the way people type them: case and surrounding space do not matter."""
    return text.strip().lower()


def type_key_for(text: str, types: dict[str, ActivityType]) -> str | None:
    """The type key TEXT names: a key, or a Dutch word for one, case and diacritics aside."""
    key = normalise_key(text)
    if key in types:
        return key
    word = plain(key)
    word = TYPE_WORDS.get(word, word)
    return word if word in types else None


def _did_you_mean(message: str, value: str, known: list[str]) -> str:
    """MESSAGE (with {value}) about an unknown VALUE, naming the nearest known word if any."""
    suggestion = nearest(value, known)
    if suggestion is None:
        return message.format(value=repr(value))
    # TRANSLATORS: {problem} is e.g. "unknown type 'intervsie'", {suggestion} a known word.
    return _("{problem}; did you mean {suggestion}?").format(
        problem=message.format(value=repr(value)), suggestion=repr(suggestion)
    )


def parse_category(text: str) -> str:
    """The canonical category for a key, a share (70/20/10) or an alias."""
    category = CATEGORY_ALIASES.get(normalise_key(text))
    if category is None:
        message = _did_you_mean(_("unknown category {value}"), text, list(CATEGORY_ALIASES))
        raise InvalidValue(message, category_hint())
    return category


def resolve_what(text: str, types: dict[str, ActivityType]) -> tuple[str, str | None]:
    """Read the WHAT of `leerlog add`: a type key wins over a category alias of the same name."""
    type_key = type_key_for(text, types)
    if type_key is not None:
        return types[type_key].category, type_key
    key = normalise_key(text)
    if key in CATEGORY_ALIASES:
        return CATEGORY_ALIASES[key], None
    known = [*types, *TYPE_WORDS, *CATEGORY_ALIASES]
    raise InvalidValue(
        _did_you_mean(_("unknown category or type {value}"), text, known),
        _(
            "use a category (experiential/social/formal, 70/20/10, werk, sociaal, formeel, ...) "
            "or a type; run 'leerlog types' to see them"
        ),
    )


def check_type(type_key: str, category: str | None, types: dict[str, ActivityType]) -> str:
    """The category a type (a key or a Dutch word for one) implies; a category that contradicts
    the type is an error."""
    known_key = type_key_for(type_key, types)
    if known_key is None:
        message = _did_you_mean(_("unknown type {value}"), type_key, [*types, *TYPE_WORDS])
        raise InvalidValue(message, type_hint())
    activity_type = types[known_key]
    if category is not None and category != activity_type.category:
        raise InvalidValue(
            _("type {type} is {category}, not {other}").format(
                type=repr(type_key),
                category=category_name(activity_type.category),
                other=category_name(category),
            ),
            _("leave out the category, or choose a type of that category"),
        )
    return activity_type.category
