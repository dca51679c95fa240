"""The three 70:20:10 categories, the words people use for them, and the activity catalogue."""

from __future__ import annotations

from dataclasses import dataclass

from leerlog.errors import InvalidValue

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


@dataclass(frozen=True)
class ActivityType:
    """One entry of the catalogue: a type key, what it means, and the category it implies."""

    key: str
    label: str
    category: str
    builtin: bool = True


_BUILTIN: tuple[tuple[str, str, str], ...] = (
    ("experiment", "trying a new approach in practice", "experiential"),
    ("stretch-assignment", "challenging task or project", "experiential"),
    ("new-task", "first time doing a task", "experiential"),
    ("knowledge-sharing", "presenting, teaching or writing for colleagues", "experiential"),
    ("self-reflection", "written reflection on own practice", "experiential"),
    ("coaching", "coaching conversation", "social"),
    ("feedback", "feedback received", "social"),
    ("intervisie", "peer supervision (intervisie)", "social"),
    ("supervisie", "supervision", "social"),
    ("werkbegeleiding", "guidance on the job", "social"),
    ("casuistiekoverleg", "case consultation", "social"),
    ("collegiale-consultatie", "consulting a colleague", "social"),
    ("meelopen", "job shadowing, watching a role model", "social"),
    ("teamgesprek", "team learning conversation", "social"),
    ("workshop", "workshop or training session", "formal"),
    ("course", "course, opleiding", "formal"),
    ("lecture", "lecture, college, seminar", "formal"),
    ("inspiratielab", "expert-led inspiration lab", "formal"),
    ("e-learning", "e-learning or webinar", "formal"),
    ("conference", "conference or study day", "formal"),
    ("reading", "professional literature (vakliteratuur)", "formal"),
)

BUILTIN_TYPES: dict[str, ActivityType] = {
    key: ActivityType(key, label, category) for key, label, category in _BUILTIN
}

CATEGORY_HINT = "use experiential/social/formal, 70/20/10, or a Dutch or English alias"
TYPE_HINT = "run 'leerlog types' to see the catalogue"


def normalise_key(text: str) -> str:
    """Compare names the way people type them: case and surrounding space do not matter."""
    return text.strip().lower()


def parse_category(text: str) -> str:
    """The canonical category for a key, a share (70/20/10) or an alias."""
    category = CATEGORY_ALIASES.get(normalise_key(text))
    if category is None:
        raise InvalidValue(f"unknown category: {text!r}", CATEGORY_HINT)
    return category


def resolve_what(text: str, types: dict[str, ActivityType]) -> tuple[str, str | None]:
    """Read the WHAT of `leerlog add`: a type key wins over a category alias of the same name."""
    key = normalise_key(text)
    if key in types:
        return types[key].category, key
    if key in CATEGORY_ALIASES:
        return CATEGORY_ALIASES[key], None
    raise InvalidValue(
        f"unknown category or type: {text!r}",
        "use a category (experiential/social/formal, 70/20/10, werk, sociaal, formeel, ...) "
        "or a type; run 'leerlog types' to see them",
    )


def check_type(type_key: str, category: str | None, types: dict[str, ActivityType]) -> str:
    """The category a type implies; a category that contradicts the type is an error."""
    activity_type = types.get(type_key)
    if activity_type is None:
        raise InvalidValue(f"unknown type: {type_key!r}", TYPE_HINT)
    if category is not None and category != activity_type.category:
        raise InvalidValue(
            f"type {type_key!r} is {activity_type.category}, not {category}",
            "leave out the category, or choose a type of that category",
        )
    return activity_type.category
