"""The ``quotes`` command: each command is one :class:`~quotes.cli.command.Command` (its
arguments, help, example and run function, in :mod:`quotes.cli.reading` and
:mod:`quotes.cli.writing`), the table :data:`COMMANDS` is what they define, and
:mod:`quotes.cli.errors` is the one place where the library's errors become messages naming
flags, and exit codes.

Conventions, the same in every command:

* exit codes: 0 success, 1 the data has problems, 2 bad usage or input that cannot be read
  (an API ``ValueError`` or ``OSError``; :func:`quotes.cli.errors.describe` maps them, in one
  place); 130 after Ctrl-C and 141 when standard output is closed early
  (``quotes validate | head -1``), quietly;
* ``bundled`` names the bundled data wherever a command takes a data file; as the quotes file it
  also brings the bundled articles unless ``--articles`` is given;
* ``-`` is standard input for an input file (read once: it can be named only once) and standard
  output for ``--out``;
* the shared options (:data:`quotes.cli.command.OPTIONS`: ``--articles``, ``--out``, ``--force``,
  ``--quiet``, ``--format``) mean the same in every command that has them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from quotes.cli import reading, writing  # noqa: F401 (they define the commands, in --help's order)
from quotes.cli.command import BUNDLED, COMMANDS, Command
from quotes.cli.errors import describe
from quotes.version import __version__

__all__ = ["COMMANDS", "main", "run"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}; see '{self.prog} --help'\n")


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
    command.defaults(args)
    if BUNDLED in _files(args, command.quotes) and "articles" in command.inputs:
        args.articles = args.articles or [BUNDLED]

    def resolve(value: str, name: str) -> str:
        if value != BUNDLED:
            return value
        from quotes.core.bundled import CONFIGS, data_path

        config = CONFIGS["articles" if name == "articles" else "quotes"]
        return str(stack.enter_context(data_path(config.file)))

    for name in (*command.quotes, *command.inputs):
        value = getattr(args, name, None)
        if isinstance(value, list):
            setattr(args, name, [resolve(v, name) for v in value])
        elif isinstance(value, str):
            setattr(args, name, resolve(value, name))


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
        lines, code = describe(name, args, e)
        print("\n".join(lines), file=sys.stderr)
        return code


def run() -> NoReturn:
    """Console-script entry point."""
    code = main()
    if code == 141:  # nothing more can reach the closed pipe: stop the flush at exit failing
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(code)
