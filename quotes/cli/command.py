"""What a command of ``quotes`` is (:class:`Command`), the table of commands it fills
(:data:`COMMANDS`), and what commands share: the options declared once (:data:`OPTIONS`), the
argument types, ``bundled``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from quotes.core.models import Precision
    from quotes.engine.mapping import Mapper
    from quotes.io.progress import Progress

BUNDLED = "bundled"
"""The one spelling of "the bundled data" on the command line."""
QUOTES_HELP = "quotes JSONL ('-': standard input), or 'bundled' (the default)"

COMMANDS: dict[str, Command] = {}
"""Every command by name, in the order they are defined (and ``quotes --help`` lists them);
filled by :class:`Command` itself, so a command is written in one place only."""


class Command:
    """One command of ``quotes``, written in one place: its name, help, description and example,
    its arguments, and the function that runs it (parse, call the API, print the result).

    Defining a subclass adds one instance of it to :data:`COMMANDS`. ``arguments`` is called
    only for the command being run (building arguments may import that command's modules)."""

    name: ClassVar[str]
    help: ClassVar[str]
    """One line, for ``quotes --help``."""
    description: ClassVar[str]
    """A paragraph, for ``quotes NAME --help``."""
    example: ClassVar[str]
    """One use of the command, ``quotes NAME ...``: the last line of ``quotes NAME --help``."""
    quotes: ClassVar[tuple[str, ...]] = ()
    """Arguments naming quotes files ('bundled' there also brings the bundled articles)."""
    inputs: ClassVar[tuple[str, ...]] = ()
    """Other arguments naming input files (with ``quotes``: standard input at most once)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        COMMANDS[cls.name] = cls()

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        """Declare the command's arguments on ``parser``."""

    def defaults(self, args: argparse.Namespace) -> None:
        """Fill in ``bundled`` where the command reads the bundled data by default (before
        ``bundled`` is resolved to files); by default nothing."""

    def run(self, args: argparse.Namespace) -> int:
        """Run the command; returns the exit code. Errors are raised, for :mod:`quotes.cli`
        to report."""
        raise NotImplementedError


OPTIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "articles": (
        "--articles",
        {
            "action": "append",
            "metavar": "PATH",
            "help": "articles JSONL the quotes are taken from (repeatable; 'bundled': the "
            "bundled articles; '-': standard input)",
        },
    ),
    "out": ("--out", {"metavar": "PATH", "help": "where to write ('-': standard output)"}),
    "force": ("--force", {"action": "store_true", "help": "replace existing output files"}),
    "quiet": ("--quiet", {"action": "store_true", "help": "no progress bar"}),
    "format": ("--format", {"help": "output format"}),
    "split": (
        "--split",
        {
            "action": "append",
            "metavar": "NAME",
            "help": "only the articles of this split and their quotes (the source's split, as "
            "the Hub names it: train, validation (also: dev), test); repeatable",
        },
    ),
}
"""The shared options, declared once: name -> (flag, argparse settings)."""


def option(parser: argparse.ArgumentParser, name: str, note: str = "", **settings: Any) -> None:
    """Add a shared option; ``note`` adds what it means in this command (its default)."""
    flag, declared = OPTIONS[name]
    merged = {**declared, **settings}
    if note:
        merged["help"] = f"{merged['help']}; {note}"
    parser.add_argument(flag, **merged)


SPARK_MASTER = "QUOTES_SPARK_MASTER"
"""The environment variable giving ``--spark-master``'s default."""


def engine_options(parser: argparse.ArgumentParser) -> None:
    """``--engine`` and ``--spark-master``, for the commands that can run on Spark."""
    parser.add_argument(
        "--engine",
        choices=["local", "spark"],
        default="local",
        help="local: this machine (default); spark: the parts run on Spark executors and "
        "--out gets sharded output (shards and manifest.json: see 'quotes concat')",
    )
    parser.add_argument(
        "--spark-master",
        metavar="URL",
        default=os.environ.get(SPARK_MASTER),
        help=f"with --engine spark: the master (default: ${SPARK_MASTER}, else Spark's own: "
        "local[*], or the one spark-submit was given)",
    )


def chosen_engine(args: argparse.Namespace) -> Mapper | None:
    """The engine ``--engine`` names: None for this machine, else Spark's."""
    if args.engine != "spark":
        if args.spark_master is not None and not os.environ.get(SPARK_MASTER):
            raise ValueError("--spark-master needs --engine spark")
        return None
    from quotes.engine.spark import SparkMapper, spark_session

    return SparkMapper(spark_session(args.spark_master))


def jobs(value: str) -> int:
    """``--jobs``: a number of processes, or ``all``."""
    if value == "all":
        from quotes.engine.parallel import default_jobs

        return default_jobs()
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a number of processes (1, 2, ... or all)"
        )
    return int(value)


def count(value: str) -> int:
    """A whole number, 0 included."""
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number (0, 1, 2, ...)")
    return int(value)


def date(value: str) -> tuple[dt.date, Precision]:
    """``--date``: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, with the precision it has."""
    parts = value.split("-")
    precision: Precision | None = {1: "year", 2: "month", 3: "day"}.get(len(parts))  # type: ignore[assignment]
    try:
        if precision is None:
            raise ValueError
        return dt.date(*([int(p) for p in parts] + [1] * (3 - len(parts)))), precision
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"
        ) from None


def progress_bar(args: argparse.Namespace, paths: Sequence[str]) -> Progress:
    """A progress bar sized by the files in ``paths``, off with ``--quiet``."""
    from quotes.io.progress import Progress

    sizes = [Path(p).stat().st_size if Path(p).is_file() else 0 for p in paths]
    return Progress(sum(sizes) or None, enabled=False if args.quiet else None)


def folder(out: str, command: str) -> Path:
    """``--out`` of a command that writes several files: a folder, never ``-``."""
    if out == "-":
        raise ValueError(f"{command} writes several files; give a folder with --out DIR, not -")
    return Path(out)
