"""Write a deterministic activities CSV: N people x M activities each (same seed, same bytes)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import uuid
from pathlib import Path

TYPES = (
    "experiment", "new-task", "self-reflection", "coaching", "feedback", "intervisie",
    "casuistiekoverleg", "meelopen", "workshop", "course", "e-learning", "reading",
)  # fmt: skip
WORDS = ("casus", "schuldhulp", "intake", "huisbezoek", "participatiewet", "gesprek", "werkgever")
HEADER = [
    "id",
    "person",
    "date",
    "category",
    "type",
    "minutes",
    "title",
    "with",
    "tags",
    "reflection",
    "created_at",
]


def generate(path: Path, people: int, per_person: int, seed: int = 7010) -> int:
    """The CSV leerlog exports, so `leerlog import` reads it as it is; returns the row count."""
    rng = random.Random(seed)
    start = dt.date(2025, 11, 28)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for p in range(people):
            person = f"medewerker-{p:05d}"
            for _ in range(per_person):
                day = start + dt.timedelta(days=rng.randrange(365))
                writer.writerow([
                    str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    person,
                    day.isoformat(),
                    "",
                    rng.choice(TYPES),
                    rng.choice((15, 30, 45, 60, 90, 120, 180, 240)),
                    f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {rng.randrange(1000)}",
                    "",
                    rng.choice(("", "", "intake", "schuldhulp,intake")),
                    "",
                    f"{day.isoformat()}T09:00:00.000Z",
                ])  # fmt: skip
    return people * per_person


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path)
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--per-person", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7010)
    args = parser.parse_args()
    rows = generate(args.output, args.people, args.per_person, args.seed)
    print(f"wrote {rows} activities to {args.output}")


if __name__ == "__main__":
    main()
