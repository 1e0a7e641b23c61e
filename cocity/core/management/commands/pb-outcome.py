"""``cocity pb-outcome FILE.pb --rule greedy|mes|mes-add1|…``: see cocity.budgeting.rules.cli.

The module name has a hyphen on purpose (the command's name); Django finds commands with
pkgutil and imports them with importlib, which both accept it.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cocity.budgeting.rules import cli


class Command(BaseCommand):
    help = "Compute the outcome of a participatory-budgeting election stored as a Pabulib .pb file."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any):
        # argparse of our plain CLI, so `cocity pb-outcome --help` and the function agree
        return cli.build_parser(prog=f"{prog_name.split('/')[-1]} {subcommand}")

    def run_from_argv(self, argv: list[str]) -> None:
        code = cli.main(argv[2:], stdout=self.stdout._out, stderr=self.stderr._out)
        if code:
            raise SystemExit(code)

    def handle(self, *args: Any, **options: Any) -> None:  # pragma: no cover - via call_command
        argv = [options["file"], "--rule", options["rule"]]
        if options.get("explain"):
            argv.append("--explain")
        if cli.main(argv, stdout=self.stdout._out, stderr=self.stderr._out):
            raise CommandError("could not compute the outcome (see above)")
