"""Time whole leerlog processes against baselines measured in the same run; write RESULTS.md.

python benchmarks/run.py                 # every figure at full size (takes a while): RESULTS.md
python benchmarks/run.py --only a b      # some figures, printed only
python benchmarks/run.py --scale 0.1     # a tenth of the rows, for a quick look, printed only
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from harness import HERE, WORK, Figure, compile_leerlog, write_results


def main() -> None:
    from figures import FIGURES

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="*", default=None, help="figure keys, e.g. a b c")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument(
        "--results",
        type=Path,
        default=None,
        help="write the table here (default: RESULTS.md after a full run; else only printed)",
    )
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    compile_leerlog()
    figures: list[Figure] = []
    for key, measure in FIGURES.items():
        if args.only and key not in args.only:
            continue
        print(f"measuring {key} ...", file=sys.stderr, flush=True)
        figures.extend(measure(args.runs, args.scale))
    full_run = args.only is None and args.scale == 1.0
    print(write_results(figures, args.results or (HERE / "RESULTS.md" if full_run else None)))
    if args.scale != 1.0:
        print(f"(scale {args.scale}: not the sizes the targets are set for)")
    shutil.rmtree(WORK / "tmp", ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
