"""The commands behind ``quotes`` (see :mod:`quotes.cli`): for each, a function declaring its
arguments and one running it (parse, call the API, format the result), and the shared options
declared once (``OPTIONS``), with the argument types.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quotes.core.models import Precision
    from quotes.io.progress import Progress

BUNDLED = "bundled"
"""The one spelling of "the bundled data" on the command line."""
QUOTES_HELP = "quotes JSONL ('-': standard input), or 'bundled' (the default)"

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
}
"""The shared options, declared once: name -> (flag, argparse settings)."""


def option(parser: argparse.ArgumentParser, name: str, note: str = "", **settings: Any) -> None:
    """Add a shared option; ``note`` adds what it means in this command (its default)."""
    flag, declared = OPTIONS[name]
    merged = {**declared, **settings}
    if note:
        merged["help"] = f"{merged['help']}; {note}"
    parser.add_argument(flag, **merged)


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
    from quotes.io.progress import Progress

    sizes = [Path(p).stat().st_size if Path(p).is_file() else 0 for p in paths]
    return Progress(sum(sizes) or None, enabled=False if args.quiet else None)


def folder(out: str, command: str) -> Path:
    if out == "-":
        raise ValueError(f"{command} writes several files; give a folder with --out DIR, not -")
    return Path(out)


# --- validate -------------------------------------------------------------------------------


def validate_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="JSONL files (default: bundled)")
    option(p, "articles", "default: none (record-level checks only)")
    p.add_argument(
        "--max-errors",
        type=count,
        default=100,
        metavar="N",
        help="stop after N problems (default 100; 0 for no limit)",
    )
    option(p, "format", choices=["text", "json"], default="text")
    p.add_argument(
        "--jobs",
        type=jobs,
        default=None,
        metavar="N",
        help="processes to use (default: all cores; the report is the same for any N)",
    )
    option(p, "quiet")


def validate_defaults(args: argparse.Namespace) -> None:
    if not args.paths and not args.articles:
        args.paths = [BUNDLED]


def run_validate(args: argparse.Namespace) -> int:
    from quotes.engine.pipeline import validate

    with progress_bar(args, args.paths) as progress:
        report = validate(
            args.paths,
            articles=args.articles or [],
            max_errors=args.max_errors or None,
            jobs=args.jobs,
            progress=progress,
        )
    if args.format == "json":
        print(report.to_json())
    else:
        for problem in report.problems:
            print(problem)
        if report.truncated:
            print(f"stopped after {len(report.problems)} problem(s); --max-errors 0 lists all")
        print(report.summary(), file=sys.stdout if report.ok else sys.stderr)
    if report.unreadable:  # an input not readable (to its end): exit 2, as in every command
        return 2
    return 0 if report.ok else 1


# --- stats, show ----------------------------------------------------------------------------


def stats_arguments(p: argparse.ArgumentParser) -> None:
    from quotes.stats import TABLES

    p.add_argument("path", nargs="?", default=BUNDLED, metavar="QUOTES", help=QUOTES_HELP)
    p.add_argument(
        "--by",
        choices=list(TABLES),
        action="append",
        help="only these tables (repeatable; default: all); year is the article's publication "
        "year, uttered the year the words were said",
    )


def run_stats(args: argparse.Namespace) -> int:
    from quotes.core.models import Quote
    from quotes.io.jsonl import read
    from quotes.stats import render

    sys.stdout.write(render(read(args.path, Quote), args.by or ()))
    return 0


def show_arguments(p: argparse.ArgumentParser) -> None:
    from quotes.core.record_rules import KINDS

    p.add_argument("path", nargs="?", default=BUNDLED, metavar="QUOTES", help=QUOTES_HELP)
    option(p, "articles", "default: bundled")
    p.add_argument("--speaker", help="part of the speaker's name, role or a member's name")
    p.add_argument("--article", help="article id, e.g. 003")
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--id", help="one quote id, e.g. 003-1234")
    p.add_argument("--context", type=count, default=120, metavar="N", help="characters around")


def run_show(args: argparse.Namespace) -> int:
    from quotes.engine.corpus import load
    from quotes.show import render

    corpus = load(args.path, args.articles or ())
    quotes = corpus.filter(article=args.article, speaker=args.speaker, kind=args.kind)
    quotes = [q for q in quotes if args.id in (None, q.id)]
    sys.stdout.write(render(corpus, quotes, args.context))
    print(f"{len(quotes)} quote(s)", file=sys.stderr)
    return 0 if quotes else 1


# --- export, schema -------------------------------------------------------------------------


def export_arguments(p: argparse.ArgumentParser) -> None:
    from quotes.export import EXPORTERS

    p.add_argument("path", nargs="?", default=BUNDLED, metavar="QUOTES", help=QUOTES_HELP)
    option(p, "articles", "default: bundled")
    option(
        p,
        "format",
        "; ".join(f"{name}: {e.description}" for name, e in EXPORTERS.items()),
        choices=list(EXPORTERS),
        required=True,
    )
    option(p, "out", "a folder (created if need be); '-' writes the quotes alone", required=True)
    option(p, "force")
    option(p, "quiet")


def run_export(args: argparse.Namespace) -> int:
    from quotes.engine.corpus import load
    from quotes.export import Records, export, export_stream

    corpus = load(args.path, args.articles or ())
    records = Records(corpus.quotes, list(corpus.articles.values()))
    if args.out == "-":
        export_stream(args.format, sys.stdout, records)
        return 0
    with progress_bar(args, []) as progress:
        written = export(args.format, args.out, records, force=args.force, progress=progress)
    for path in written:
        print(path)
    return 0


def schema_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("record", nargs="?", choices=["quote", "article"], default="quote")
    p.add_argument(
        "--write",
        metavar="DIR",
        help="write article/quote.schema.json into DIR; a file there is replaced only when it is "
        "a schema quotes generated (or with --force)",
    )
    option(p, "force")


def run_schema(args: argparse.Namespace) -> int:
    from quotes.core.models import Article, Quote
    from quotes.publish.schema import render, write_schemas

    if args.write:
        for path in write_schemas(args.write, force=args.force):
            print(path)
    else:
        sys.stdout.write(render(Quote if args.record == "quote" else Article))
    return 0


# --- evaluate, extract, view ----------------------------------------------------------------


def evaluate_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("gold", metavar="GOLD", help="gold quotes JSONL, or 'bundled'")
    p.add_argument("predicted", metavar="PRED", help="predicted quotes JSONL")
    option(p, "articles", "given, every record is first checked against its text")
    option(p, "format", choices=["table", "json", "markdown"], default="table")


def run_evaluate(args: argparse.Namespace) -> int:
    from quotes.core.models import Article, Quote
    from quotes.engine.corpus import read_numbered
    from quotes.evaluate import evaluate, unfit
    from quotes.io.jsonl import read

    # a RecordError reaches main(), which reports it
    gold_lines = list(read_numbered(args.gold, Quote))
    predicted_lines = list(read_numbered(args.predicted, Quote))
    gold, predicted = [q for _, q in gold_lines], [q for _, q in predicted_lines]
    articles = None
    if args.articles:
        articles = {a.id: a for path in args.articles for a in read(path, Article)}
        problems = unfit({args.gold: gold_lines, args.predicted: predicted_lines}, articles)
        for q, problem in problems:  # each names its file and line, and the quote
            print(
                f"quotes evaluate: {problem.path}:{problem.line}: {q.id}: {problem.field}: "
                f"{problem.message}",
                file=sys.stderr,
            )
        if problems:
            return 1
    result = evaluate(gold, predicted, articles)
    if args.format == "json":
        print(result.to_json())
    else:
        sys.stdout.write(result.table(markdown=args.format == "markdown"))
    return 0


def extract_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="*", metavar="FILE.txt", help="raw article texts (UTF-8)")
    option(p, "articles", "default: bundled when no FILE is given")
    p.add_argument(
        "--date",
        type=date,
        metavar="YYYY[-MM[-DD]]",
        help="publication date of raw texts not in --articles",
    )
    option(p, "out", "the proposed quotes (default: standard output)")
    p.add_argument(
        "--articles-out",
        metavar="PATH",
        help="also write the articles built from raw texts here",
    )
    option(p, "force")


def extract_defaults(args: argparse.Namespace) -> None:
    if not args.files and not args.articles:
        args.articles = [BUNDLED]


def run_extract(args: argparse.Namespace) -> int:
    from quotes.core.models import Article
    from quotes.extract import extract_files, write_extraction
    from quotes.io.jsonl import read

    date: dt.date | None = None
    precision: Precision = "day"
    if args.date:
        date, precision = args.date  # parsed by date()
    known = [a for path in args.articles or () for a in read(path, Article)]
    result = extract_files(args.files, articles=known, date=date, precision=precision)
    write_extraction(result, out=args.out, articles_out=args.articles_out, overwrite=args.force)
    print(result.summary(), file=sys.stderr)
    return 0


def view_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", default=BUNDLED, metavar="QUOTES", help=QUOTES_HELP)
    option(p, "articles", "default: bundled")
    p.add_argument("--article", metavar="ID", help="only this article, e.g. 003")
    option(p, "out", "a folder (pages are several files, so not '-')", required=True)
    p.add_argument(
        "--compare",
        metavar="PRED",
        help="predicted quotes JSONL to show beside QUOTES, marking matches, misses, false alarms",
    )
    option(p, "force")


def run_view(args: argparse.Namespace) -> int:
    from quotes.engine.corpus import load, read_quotes
    from quotes.view.pages import write_view

    out = folder(args.out, "view")
    corpus = load(args.path, args.articles or (), check=False)
    compare = None
    if args.compare is not None:
        compare = read_quotes(args.compare, corpus.articles, check=False)
    articles = list(corpus.articles.values())
    if args.article is not None:
        if args.article not in corpus.articles:
            raise ValueError(f"no article with id {args.article!r}")
        articles = [corpus.articles[args.article]]
    keep = {a.id for a in articles}
    gold = [q for q in corpus.quotes if q.article_id in keep]
    pred = None if compare is None else [q for q in compare if q.article_id in keep]
    for path in write_view(articles, gold, out, compare=pred, force=args.force):
        print(path)
    return 0


# --- import ---------------------------------------------------------------------------------


def import_arguments(p: argparse.ArgumentParser) -> None:
    from quotes.formats import FORMATS

    p.add_argument("format", metavar="FORMAT", choices=list(FORMATS), help=", ".join(FORMATS))
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="files or folders to read")
    option(
        p, "out", "a folder (created if need be) for articles.jsonl and quotes.jsonl", required=True
    )
    option(p, "force")
    option(p, "quiet")
    p.add_argument(
        "--jobs",
        type=jobs,
        default=1,
        metavar="N",
        help="quotebank: parse on N processes, or 'all' (default 1; the output is the same); "
        "other formats read on one",
    )
    p.add_argument(
        "--split",
        action="append",
        metavar="NAME",
        help="keep only the articles of this split (source.split: train, dev, test for polnear "
        "and wikinews-de) and their quotes; repeat for several (default: all)",
    )


def run_import(args: argparse.Namespace) -> int:
    from quotes.core.record_rules import KINDS
    from quotes.formats import ImportFailed, SourceError, import_corpus, reader
    from quotes.io.progress import Progress

    out = folder(args.out, "import")
    total = reader(args.format).total_bytes([Path(s) for s in args.sources])
    try:
        with Progress(total or None, enabled=False if args.quiet else None) as progress:
            summary = import_corpus(
                args.format,
                args.sources,
                out,
                force=args.force,
                progress=progress,
                jobs=args.jobs,
                split=args.split,
            )
    except SourceError as e:
        print(f"quotes import: {e}", file=sys.stderr)
        return 2
    except ImportFailed as e:
        for problem in e.report.problems[:20]:
            print(problem, file=sys.stderr)
        print(f"quotes import: {e}", file=sys.stderr)
        return 1
    kinds = ", ".join(f"{summary.kinds[k]} {k}" for k in KINDS)
    print(f"imported {summary.articles} articles and {summary.quotes} quotes ({kinds})")
    if summary.splits:
        print("articles by split: " + ", ".join(f"{k} {n}" for k, n in summary.splits.items()))
    if summary.left_out:
        left = ", ".join(f"{k} {n}" for k, n in sorted(summary.left_out.items()))
        print(f"left out by --split (articles with their quotes): {left}")
    for path in summary.files:
        print(f"  {path}")
    for title, counts in (
        ("not imported", summary.lost),
        ("imported with a loss", summary.adjusted),
    ):
        if counts:
            print(f"{title}: {sum(counts.values())}")
            for reason, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
                print(f"  {n:6d}  {reason}  (first: {summary.examples[reason]})")
    return 0
