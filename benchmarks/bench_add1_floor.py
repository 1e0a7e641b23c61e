"""How fast can any add1 search be that locates every change of the funded sequence?

    .venv/bin/python benchmarks/bench_add1_floor.py [--only Hungary_Budapest_2024] [--repeat 3]

The add1 search (``cocity.budgeting.rules.equal_shares.iterate``) certifies stretches of units
where MES funds the same sequence, so it must at least make, for every change of the sequence
at unit ``u``, the runs at ``u - 1`` and ``u`` and one certificate over the stretch that ends at
``u - 1``. This script measures that floor with an *oracle*: it first applies the definition at
every unit (runs made from the top down, each hinted by the one above: the same runs, faster)
to learn where the sequence changes, then times a search that knows them — the run at ``u``
(above every run made so far, so unhinted), the run at ``u - 1`` hinted by it, and the
certificate (sequence, else slope) from the stretch's first unit to ``u - 1``. It reports that
time (best of ``--repeat``) beside the real search's, with how many stretches the slope
certificate could not span in one jump (a real search needs more runs there). A second figure
makes the same runs from the top down, each hinted by the nearest run above (a run hinted by
one of its own stretch needs few evaluations): the floor if a search could also know, before
making a run, the runs above it.

Not part of the rules benchmark: the definition's sweep takes ~25 s on Budapest 2024.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cocity.budgeting.rules import equal_shares as es  # noqa: E402
from cocity.budgeting.rules import pabulib  # noqa: E402
from cocity.budgeting.rules.data import pabulib_files  # noqa: E402


def changes(e: es.Election, top: int) -> list[int]:
    """The units in [1, top] whose sequence differs from the unit below's (the definition)."""
    b0 = float(e.instance.budget) / e.n
    seqs: list[list[int]] = []
    above = None
    for k in range(top, -1, -1):
        above = es.run_mes(e, b0 + k, hint=above, explain=False)
        seqs.append(above.sequence)
    seqs.reverse()
    return [k for k in range(1, len(seqs)) if seqs[k] != seqs[k - 1]]


def oracle(e: es.Election, units: list[int], top: int = 0) -> dict[str, float]:
    """Time the search that knows where the sequence changes (see the module docstring); with
    ``top``, make the runs from the top down first (from a run at ``top``)."""
    b0 = float(e.instance.budget) / e.n
    clock = {"runs": 0.0, "certificates": 0.0, "unspanned": 0}
    made: dict[int, es.Run] = {}
    if top:
        t = time.perf_counter()
        above = es.run_mes(e, b0 + top, slack=es.SLACK, explain=False)
        for k in sorted({0, *units, *(u - 1 for u in units)}, reverse=True):
            above = made[k] = es.run_mes(e, b0 + k, slack=es.SLACK, hint=above, explain=False)
        clock["runs"] += time.perf_counter() - t

    def run(k: int, hint: es.Run | None = None) -> es.Run:
        if k in made:
            return made[k]
        t = time.perf_counter()
        out = es.run_mes(e, b0 + k, slack=es.SLACK, hint=hint, explain=False)
        clock["runs"] += time.perf_counter() - t
        return out

    first = run(0)
    for u in units:
        at = run(u)
        last = run(u - 1, at)
        if last.b > first.b:
            t = time.perf_counter()
            ok = es.certified(first, last) or es.slope_certified(e, first, last)
            clock["certificates"] += time.perf_counter() - t
            clock["unspanned"] += not ok
        first = at
    return clock


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="Hungary_Budapest_2024")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for path in pabulib_files():
        if args.only not in path.stem:
            continue
        parsed = pabulib.read(path)
        t = time.perf_counter()
        e = es.Election(parsed.instance, parsed.profile)
        build = time.perf_counter() - t
        search, info = min((timed_search(e) for _ in range(args.repeat)), key=lambda pair: pair[0])
        top = int(info["k"]) + 1
        units = changes(e, top)
        best = min((oracle(e, units) for _ in range(args.repeat)), key=_total)
        down = min((oracle(e, units, top) for _ in range(args.repeat)), key=_total)
        print(f"{path.stem}: stops at unit {info['k']}, {len(units)} changes of the sequence")
        print(f"  building the election   {build:.3f} s")
        print(
            f"  the search              {search:.3f} s  ({info['runs']} runs, "
            f"{info['slope']} slope certificates)"
        )
        print(
            f"  the oracle (the floor)  {build + _total(best):.3f} s  "
            f"(runs {best['runs']:.3f} s: {2 * len(units) + 1}; certificates "
            f"{best['certificates']:.3f} s: {len(units)}, of which {best['unspanned']} "
            "could not span their stretch in one jump)"
        )
        print(
            f"  the same, top down      {build + _total(down):.3f} s  "
            f"(runs {down['runs']:.3f} s, certificates {down['certificates']:.3f} s)"
        )


def timed_search(e: es.Election) -> tuple[float, dict[str, object]]:
    t = time.perf_counter()
    _, info = es.iterate(e, 1.0)
    return time.perf_counter() - t, info


def _total(clock: dict[str, float]) -> float:
    return clock["runs"] + clock["certificates"]


if __name__ == "__main__":
    main()
