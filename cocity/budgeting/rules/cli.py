"""``cocity pb-outcome FILE.pb --rule RULE [--explain]``: the outcome of a Pabulib election.

Prints the funded project ids one per line, in *selection order* (the order the rule funded
them; pabutools prints its outcomes sorted, so compare as sets). ``--explain`` adds one line
per project saying why it was or was not funded. Exit status 2 on a file that cannot be read,
with the line number of the problem.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import RULES, compute, pabulib


def build_parser(prog: str = "cocity pb-outcome") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    parser.add_argument("file", help="a Pabulib .pb file")
    parser.add_argument(
        "--rule",
        default="greedy",
        choices=[*RULES, "official"],
        help="outcome rule ('official': the one the file's META rule names)",
    )
    parser.add_argument(
        "--explain", action="store_true", help="say why each project was or was not funded"
    )
    parser.add_argument(
        "--warnings", action="store_true", help="print the parser's warnings to stderr"
    )
    return parser


def main(argv: Sequence[str] | None = None, *, stdout=None, stderr=None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        election = pabulib.read(args.file)
    except pabulib.ParseError as e:
        print(f"{args.file}: cannot read this Pabulib file: {e}", file=err)
        return 2
    except (OSError, UnicodeDecodeError) as e:
        print(f"{args.file}: cannot read: {e}", file=err)
        return 2
    if args.warnings:
        for w in election.warnings:
            print(f"{args.file}: warning: {w}", file=err)
    try:
        outcome = compute(args.rule, election.instance, election.profile)
    except ValueError as e:
        print(f"{args.file}: {e}", file=err)
        return 2
    if args.explain:
        for line in outcome.explain():
            print(line, file=out)
    else:
        for pid in outcome.selected:
            print(pid, file=out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
