"""The ``quotes`` command: a thin layer over the Python API that formats its results.

Exit codes: 0 success, 1 the data has problems, 2 bad usage or input that cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import __version__

if TYPE_CHECKING:
    from .progress import Progress

EXAMPLES = {
    "validate": "example: quotes validate my_quotes.jsonl --articles my_articles.jsonl",
    "stats": "example: quotes stats --by speaker",
    "show": "example: quotes show --speaker Appathurai",
    "export": "example: quotes export --format parquet --out dist/",
    "schema": "example: quotes schema quote > quote.schema.json",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}; see '{self.prog} --help'\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="quotes",
        description="Validate, inspect and export quote-attribution records.",
        epilog="example: quotes validate   (checks the bundled dataset)",
    )
    parser.add_argument("--version", action="version", version=f"quotes {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser(
        "validate",
        help="check JSONL files (default: the bundled dataset)",
        description="Check JSONL records against the schema and, given articles, against "
        "the article texts. Compressed files (.gz, .bz2, .xz) and - (stdin) are read too.",
        epilog=EXAMPLES["validate"],
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="JSONL files (default: bundled)")
    p.add_argument(
        "--articles",
        action="append",
        default=[],
        metavar="PATH",
        help="articles JSONL to check quotes against (repeatable)",
    )
    p.add_argument(
        "--max-errors",
        type=int,
        default=100,
        metavar="N",
        help="stop after N problems (default 100; 0 for no limit)",
    )
    p.add_argument("--format", choices=["text", "json"], default="text", help="report format")
    p.add_argument(
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="processes to use (default: all cores; the report is the same for any N)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    p = sub.add_parser(
        "stats",
        help="count quotes by kind, speaker, outlet and year",
        description="Count the bundled quotes (or a quotes file) by kind, speaker, outlet, year.",
        epilog=EXAMPLES["stats"],
    )
    p.add_argument("path", nargs="?", metavar="QUOTES", help="quotes JSONL (default: bundled)")
    p.add_argument(
        "--by",
        choices=["kind", "speaker", "outlet", "year", "article"],
        action="append",
        help="only these tables (repeatable; default: all)",
    )

    p = sub.add_parser(
        "show",
        help="print quotes with their context",
        description="Print bundled quotes with the article text around them.",
        epilog=EXAMPLES["show"],
    )
    p.add_argument("--speaker", help="part of the speaker's name, role or a member's name")
    p.add_argument("--article", help="article id, e.g. 003")
    p.add_argument("--kind", choices=["direct", "mixed", "indirect"])
    p.add_argument("--id", help="one quote id, e.g. 003-1234")
    p.add_argument("--context", type=int, default=120, metavar="N", help="characters around")

    p = sub.add_parser(
        "export",
        help="write the bundled dataset as JSONL, Parquet or CSV",
        description="Write quotes and articles files into a folder (atomically).",
        epilog=EXAMPLES["export"],
    )
    p.add_argument("--format", choices=["jsonl", "parquet", "csv"], required=True)
    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    p.add_argument("--force", action="store_true", help="replace existing files")
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    p = sub.add_parser(
        "schema",
        help="print or write the JSON Schema files",
        description="Print the JSON Schema of a record type, or write both files to a folder.",
        epilog=EXAMPLES["schema"],
    )
    p.add_argument("record", nargs="?", choices=["quote", "article"], default="quote")
    p.add_argument("--write", metavar="DIR", help="write article/quote.schema.json into DIR")
    return parser


def _jobs(value: str) -> int:
    if value == "all":
        from .parallel import default_jobs

        return default_jobs()
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a number of processes (1, 2, ... or all)"
        )
    return int(value)


def _progress(args: argparse.Namespace, paths: Sequence[str]) -> Progress:
    from .progress import Progress

    sizes = [Path(p).stat().st_size if Path(p).is_file() else 0 for p in paths]
    return Progress(sum(sizes) or None, enabled=False if args.quiet else None)


def _validate(args: argparse.Namespace) -> int:
    from .validation import validate

    max_errors = None if args.max_errors <= 0 else args.max_errors
    with _progress(args, args.paths) as progress:
        report = validate(
            args.paths,
            articles=args.articles,
            max_errors=max_errors,
            jobs=args.jobs,
            progress=progress,
        )
    if args.format == "json":
        print(report.to_json())
    else:
        for problem in report.problems:
            print(problem)
        if report.truncated:
            print(f"stopped after {len(report.problems)} problems; --max-errors 0 lists all")
        print(report.summary(), file=sys.stdout if report.ok else sys.stderr)
    if any(p.type == "unreadable-file" for p in report.problems):
        return 2
    return 0 if report.ok else 1


def _stats(args: argparse.Namespace) -> int:
    from .corpus import load
    from .io import read
    from .models import Quote

    quotes = list(read(args.path, Quote)) if args.path else load().quotes
    tables: dict[str, Counter[str]] = {
        "kind": Counter(q.kind for q in quotes),
        "speaker": Counter(
            q.speaker.name or f"({q.speaker.type}) {q.speaker.description}" for q in quotes
        ),
        "outlet": Counter(q.outlet or "(unknown)" for q in quotes),
        "year": Counter(str(q.date.year) for q in quotes),
        "article": Counter(q.article_id for q in quotes),
    }
    print(f"{len(quotes)} quotes")
    for name in args.by or tables:
        print(f"\nby {name}:")
        for key, n in sorted(tables[name].items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {n:5d}  {key}")
    return 0


def _show(args: argparse.Namespace) -> int:
    from .corpus import load

    corpus = load()
    quotes = corpus.filter(article=args.article, speaker=args.speaker, kind=args.kind)
    if args.id:
        quotes = [q for q in quotes if q.id == args.id]
    for q in quotes:
        article = corpus.article(q)
        start = max(0, q.spans[0][0] - args.context)
        end = min(len(article.text), q.spans[-1][1] + args.context)
        pieces, position = [], start
        for s, e in q.spans:
            pieces += [article.text[position:s], "[[", article.text[s:e], "]]"]
            position = e
        pieces.append(article.text[position:end])
        who = q.speaker.name or f"({q.speaker.type})"
        role = f", {q.speaker.description}" if q.speaker.description else ""
        print(f"{q.id}  {q.kind}  {who}{role}  {q.outlet}, {q.date}")
        print("  ..." + " ".join("".join(pieces).split()) + "...\n")
    print(f"{len(quotes)} quote(s)", file=sys.stderr)
    return 0 if quotes else 1


def _export(args: argparse.Namespace) -> int:
    from .export import export

    try:
        with _progress(args, []) as progress:
            written = export(args.format, Path(args.out), force=args.force, progress=progress)
    except FileExistsError as e:
        print(f"quotes export: {e}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


def _schema(args: argparse.Namespace) -> int:
    from .models import Article, Quote
    from .schema import render, write_schemas

    if args.write:
        for path in write_schemas(args.write):
            print(path)
    else:
        sys.stdout.write(render(Quote if args.record == "quote" else Article))
    return 0


COMMANDS = {
    "validate": _validate,
    "stats": _stats,
    "show": _show,
    "export": _export,
    "schema": _schema,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("quotes: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # the CLI never shows a traceback; the error type says what broke
        from .io import RecordError

        if isinstance(e, RecordError):
            print(f"quotes {args.command}: {e}", file=sys.stderr)
            return 1
        if isinstance(e, OSError):
            print(f"quotes {args.command}: {e}", file=sys.stderr)
            return 2
        print(
            f"quotes {args.command}: internal error: {type(e).__name__}: {e}",
            file=sys.stderr,
        )
        return 2


def run() -> NoReturn:
    """Console-script entry point."""
    sys.exit(main())
