"""The ``quotes`` command: a table of commands (``COMMANDS``), each parsing its arguments and
calling the Python API, then formatting the result.

Conventions, the same in every command:

* exit codes: 0 success, 1 the data has problems, 2 bad usage or input that cannot be read
  (an API ``ValueError`` or ``OSError``; :func:`main` maps them, in one place); 130 after Ctrl-C
  and 141 when standard output is closed early (``quotes validate | head -1``), quietly;
* ``bundled`` names the bundled data wherever a command takes a data file; as the quotes file it
  also brings the bundled articles unless ``--articles`` is given;
* ``-`` is standard input for an input file (read once: it can be named only once) and standard
  output for ``--out``;
* the shared options (:data:`quotes.cli.commands.OPTIONS`: ``--articles``, ``--out``, ``--force``,
  ``--quiet``, ``--format``) mean the same in every command that has them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from quotes.cli import commands
from quotes.version import __version__


@dataclass(frozen=True)
class Command:
    """One subcommand: its help, its arguments and the function that runs it."""

    run: Callable[[argparse.Namespace], int]
    help: str
    description: str
    example: str
    arguments: Callable[[argparse.ArgumentParser], None]
    quotes: tuple[str, ...] = ()
    """Arguments naming quotes files ('bundled' there also brings the bundled articles)."""
    inputs: tuple[str, ...] = ()
    """Other arguments naming input files (with ``quotes``: standard input at most once)."""
    defaults: Callable[[argparse.Namespace], None] | None = None
    """Fills in ``bundled`` where the command reads the bundled data by default."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}; see '{self.prog} --help'\n")


COMMANDS: dict[str, Command] = {
    "validate": Command(
        commands.run_validate,
        "check JSONL files (default: the bundled dataset)",
        "Check JSONL records against the schema and, given articles, against the article "
        "texts. Compressed files (.gz, .bz2, .xz) and - (stdin) are read too.",
        "quotes validate my_quotes.jsonl --articles bundled",
        commands.validate_arguments,
        quotes=("paths",),
        inputs=("articles",),
        defaults=commands.validate_defaults,
    ),
    "stats": Command(
        commands.run_stats,
        "count quotes by kind, speaker, outlet and year",
        "Count the quotes of a file (default: the bundled ones) by kind, speaker, outlet, "
        "publication year, year uttered and article.",
        "quotes stats --by speaker",
        commands.stats_arguments,
        quotes=("path",),
    ),
    "show": Command(
        commands.run_show,
        "print quotes with their context",
        "Print quotes (default: the bundled ones) with the article text around them.",
        "quotes show --speaker Appathurai",
        commands.show_arguments,
        quotes=("path",),
        inputs=("articles",),
    ),
    "export": Command(
        commands.run_export,
        "write quotes and articles as JSONL, Parquet, CSV, brat or BIO tokens",
        "Check the quotes and articles (default: the bundled dataset) and write them in another "
        "format into a folder, every file atomically.",
        "quotes export --format parquet --out dist/",
        commands.export_arguments,
        quotes=("path",),
        inputs=("articles",),
    ),
    "schema": Command(
        commands.run_schema,
        "print or write the JSON Schema files",
        "Print the JSON Schema of a record type, or write both files to a folder.",
        "quotes schema quote > quote.schema.json",
        commands.schema_arguments,
    ),
    "evaluate": Command(
        commands.run_evaluate,
        "score predicted quotes against gold ones",
        "Precision, recall and F1 per kind under exact span match and token overlap, with "
        "speaker and cue accuracy on matched quotes (rules: README, 'Evaluation'). GOLD "
        "'bundled' means the bundled quotes (and articles).",
        "quotes evaluate bundled predicted.jsonl",
        commands.evaluate_arguments,
        quotes=("gold", "predicted"),
        inputs=("articles",),
    ),
    "extract": Command(
        commands.run_extract,
        "propose quote records from raw article text (rule-based baseline)",
        "Run the rule-based baseline over .txt files (or, with no file, over the articles given "
        "with --articles, else the bundled articles) and write candidate quote records for "
        "review. A raw .txt needs --date, or --articles holding its article (id = the file "
        "name before '_'), which also gives regions and outlet.",
        "quotes extract 005_story.txt --date 2012-03-01 --out proposed.jsonl",
        commands.extract_arguments,
        inputs=("articles", "files"),
        defaults=commands.extract_defaults,
    ),
    "view": Command(
        commands.run_view,
        "write static HTML pages showing each article with its quotations",
        "Write index.html and one page per article into DIR: the article text with each "
        "quotation highlighted, its speaker, cue and regions, and the article's metadata. The "
        "pages work offline. With --compare, gold and predicted records side by side (match = "
        "overlapping spans paired one to one, as quotes evaluate pairs them).",
        "quotes view --out view/   (then open view/index.html in a browser)",
        commands.view_arguments,
        quotes=("path", "compare"),
        inputs=("articles",),
    ),
    "import": Command(
        commands.run_import,
        "convert a corpus (PolNeAR, brat, ...) into articles.jsonl and quotes.jsonl",
        "Read SOURCE in FORMAT and write DIR/articles.jsonl and DIR/quotes.jsonl, validated "
        "before anything is written (all or nothing). Prints what came through and, counted by "
        "reason, what could not be mapped. Formats: see the README.",
        "quotes import polnear PolNeAR/ --out polnear/   (a git checkout)",
        commands.import_arguments,
    ),
}
"""Every subcommand, in the order ``quotes --help`` lists them."""


def _parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; only the command that ``argv`` names gets its arguments (building them
    imports that command's modules, and ``quotes validate`` should not wait for the others')."""
    words = list(sys.argv[1:] if argv is None else argv)
    chosen = next((w for w in words if not w.startswith("-")), None)
    parser = _Parser(
        prog="quotes",
        description="Validate, inspect and export quote-attribution records.",
        epilog="example: quotes validate   (checks the bundled dataset)",
    )
    parser.add_argument("--version", action="version", version=f"quotes {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, command in COMMANDS.items():
        p = sub.add_parser(
            name,
            help=command.help,
            description=command.description,
            epilog=f"example: {command.example}",
        )
        if name == chosen:
            command.arguments(p)
    return parser


def _files(args: argparse.Namespace, names: Sequence[str]) -> list[str]:
    values = [getattr(args, name, None) for name in names]
    return [v for value in values for v in (value if isinstance(value, list) else [value]) if v]


def _resolve_bundled(
    args: argparse.Namespace, command: Command, stack: contextlib.ExitStack[Any]
) -> None:
    """Replace ``bundled`` by the bundled files' paths (a quotes file ``bundled`` brings the
    bundled articles when ``--articles`` is not given)."""
    if command.defaults is not None:
        command.defaults(args)
    if commands.BUNDLED in _files(args, command.quotes) and "articles" in command.inputs:
        args.articles = args.articles or [commands.BUNDLED]

    def resolve(value: str, name: str) -> str:
        if value != commands.BUNDLED:
            return value
        from quotes.core.bundled import data_path

        return str(stack.enter_context(data_path(name)))

    for name in (*command.quotes, *command.inputs):
        value = getattr(args, name, None)
        data = "articles.jsonl" if name == "articles" else "quotes.jsonl"
        if isinstance(value, list):
            setattr(args, name, [resolve(v, data) for v in value])
        elif isinstance(value, str):
            setattr(args, name, resolve(value, data))


def _run(args: argparse.Namespace) -> int:
    command = COMMANDS[args.command]
    if _files(args, (*command.quotes, *command.inputs)).count("-") > 1:
        raise ValueError("standard input (-) can be read only once; name it once")
    with contextlib.ExitStack() as stack:
        _resolve_bundled(args, command, stack)
        return command.run(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (see the module docstring)."""
    args = _parser(argv).parse_args(argv)
    # numpy (imported for large inputs, to sort hashes) would start a BLAS thread per core that
    # spins beside the workers; the command line does no linear algebra.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    name = f"quotes {args.command}"
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("quotes: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 141  # standard output closed early (`| head`): fail, quietly
    except Exception as e:  # the CLI never shows a traceback; each error says what to do
        return _report_error(name, args, e)


def _report_error(name: str, args: argparse.Namespace, e: Exception) -> int:
    """The one place where API errors become messages and exit codes."""
    from quotes.io.files import RecordError

    if isinstance(e, RecordError):
        print(f"{name}: {e}", file=sys.stderr)
        return 2 if e.problem.type in ("unreadable-file", "compression-error") else 1
    if isinstance(e, FileExistsError):
        hint = "--force replaces it" if hasattr(args, "force") else "give another name"
        print(f"{name}: {e.filename}: already exists; {hint}", file=sys.stderr)
        return 2
    if isinstance(e, OSError):
        where = f"{e.filename}: " if e.filename else ""
        print(f"{name}: {where}{e.strerror or e}", file=sys.stderr)
        return 2
    if isinstance(e, ValueError):
        print(f"{name}: error: {e}", file=sys.stderr)
        return 2
    print(f"{name}: internal error: {type(e).__name__}: {e}", file=sys.stderr)
    return 2


def run() -> NoReturn:
    """Console-script entry point."""
    code = main()
    if code == 141:  # nothing more can reach the closed pipe: stop the flush at exit failing
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(code)
