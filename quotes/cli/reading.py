"""The commands that read records and report on them: ``validate``, ``stats``, ``show`` and
``evaluate``. Each is one :class:`~quotes.cli.command.Command`."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from quotes.cli.command import BUNDLED, QUOTES_HELP, Command, count, jobs, option, progress_bar
from quotes.cli.errors import with_flags

if TYPE_CHECKING:
    from quotes.core.models import Article, Quote
    from quotes.evaluate import Evaluation
    from quotes.evaluate.units import Scores


def in_split(args: argparse.Namespace, quotes: Iterable[Quote]) -> Iterable[Quote]:
    """The quotes of the splits given with ``--split`` (all without it), lazily; their articles
    are read from ``--articles``."""
    if not args.split:
        return quotes
    if not args.articles:
        raise ValueError("--split needs the articles the quotes are taken from; give --articles")
    from quotes.core.models import Article
    from quotes.core.splits import in_splits, wanted_splits
    from quotes.io.jsonl import read

    articles = {a.id: a for path in args.articles for a in read(path, Article)}
    return in_splits(quotes, articles, wanted_splits(args.split, articles.values()))


class Validate(Command):
    name = "validate"
    help = "check JSONL files (default: the bundled dataset)"
    description = (
        "Check JSONL records against the schema and, given articles, against the article "
        "texts. Compressed files (.gz, .bz2, .xz) and - (stdin) are read too."
    )
    example = "quotes validate my_quotes.jsonl --articles bundled"
    quotes = ("paths",)
    inputs = ("articles",)

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "paths", nargs="*", metavar="PATH", help="JSONL files (default: bundled)"
        )
        option(parser, "articles", "default: none (record-level checks only)")
        parser.add_argument(
            "--max-errors",
            type=count,
            default=100,
            metavar="N",
            help="stop after N problems (default 100; 0 for no limit)",
        )
        option(parser, "format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--jobs",
            type=jobs,
            default=None,
            metavar="N",
            help="processes to use (default: all cores; the report is the same for any N)",
        )
        option(parser, "quiet")

    def defaults(self, args: argparse.Namespace) -> None:
        if not args.paths and not args.articles:
            args.paths = [BUNDLED]

    def run(self, args: argparse.Namespace) -> int:
        from quotes.engine.pipeline import validate

        with progress_bar(args, args.paths) as progress:
            report = validate(
                args.paths,
                articles=args.articles or [],
                max_errors=args.max_errors or None,
                jobs=args.jobs,
                progress=progress,
            )
        report = dataclasses.replace(report, problems=[with_flags(p) for p in report.problems])
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


class Stats(Command):
    name = "stats"
    help = "count quotes by kind, speaker, outlet, year and split"
    description = (
        "Count the quotes of a file (default: the bundled ones) by kind, speaker, outlet, "
        "publication year, year uttered and article; and, asked for with --by split, by their "
        "articles' split."
    )
    example = "quotes stats --by speaker --top 20"
    quotes = ("path",)
    inputs = ("articles",)

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        from quotes.stats import SPLIT, TABLES

        parser.add_argument("path", nargs="?", default=BUNDLED, metavar="QUOTES", help=QUOTES_HELP)
        parser.add_argument(
            "--by",
            choices=[*TABLES, SPLIT[0]],
            action="append",
            help="only these tables (repeatable; default: all but split); year is the article's "
            "publication year, uttered the year the words were said, split the article's split "
            "(needs --articles)",
        )
        parser.add_argument(
            "--top",
            type=count,
            default=0,
            metavar="N",
            help="only the N most frequent rows of each table (default 0: all)",
        )
        option(parser, "articles", "for --split and --by split (default: bundled)")
        option(parser, "split")

    def run(self, args: argparse.Namespace) -> int:
        from quotes.core.models import Article, Quote
        from quotes.io.jsonl import read
        from quotes.stats import SPLIT, render

        by = args.by or ()
        articles = None
        if SPLIT[0] in by and args.articles:
            articles = {a.id: a for path in args.articles for a in read(path, Article)}
        quotes = in_split(args, read(args.path, Quote))
        sys.stdout.write(render(quotes, by, top=args.top or None, articles=articles))
        return 0


class Show(Command):
    name = "show"
    help = "print quotes with their context"
    description = "Print quotes (default: the bundled ones) with the article text around them."
    example = "quotes show --speaker Appathurai"
    quotes = ("path",)
    inputs = ("articles",)

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        from quotes.core.record_rules import KINDS

        parser.add_argument("path", nargs="?", default=BUNDLED, metavar="QUOTES", help=QUOTES_HELP)
        option(parser, "articles", "default: bundled")
        parser.add_argument("--speaker", help="part of the speaker's name, role or a member's name")
        parser.add_argument(
            "--article", help="article id or its source's file name, e.g. 003_0c8d9f83576395f4"
        )
        parser.add_argument("--kind", choices=KINDS)
        parser.add_argument("--id", help="one quote id, e.g. 003_0c8d9f83576395f4-1234")
        option(parser, "split")
        parser.add_argument(
            "--context", type=count, default=120, metavar="N", help="characters around"
        )

    def run(self, args: argparse.Namespace) -> int:
        from quotes.engine.corpus import load
        from quotes.show import render

        corpus = load(args.path, args.articles or ())
        article = None if args.article is None else corpus.article_named(args.article).id
        quotes = corpus.filter(
            id=args.id, article=article, speaker=args.speaker, kind=args.kind, split=args.split
        )
        sys.stdout.write(render(corpus, quotes, args.context))
        print(f"{len(quotes)} quote(s)", file=sys.stderr)
        return 0 if quotes else 1


PROTOCOLS = ("cofenet", "citron", "ggt", "halves")


def scored(
    protocol: str,
    gold: list[Quote],
    predicted: list[Quote],
    articles: dict[str, Article] | None,
) -> Scores:
    """``predicted`` scored against ``gold`` by a published protocol (``--protocol``)."""
    if protocol == "ggt":
        from quotes.evaluate.ggt import ggt

        return ggt(gold, predicted)
    if protocol == "halves":
        from quotes.evaluate.halves import halves

        return halves(gold, predicted)
    if protocol == "citron":
        from quotes.evaluate.citron import citron

        return citron(gold, predicted, articles)
    from quotes.evaluate.cofenet import cofenet

    return cofenet(gold, predicted, articles)


class Evaluate(Command):
    name = "evaluate"
    help = "score predicted quotes against gold ones"
    description = (
        "Precision, recall and F1 per kind under exact span match and token overlap, with "
        "speaker and cue accuracy on matched quotes (rules: docs/evaluation.md); --protocol "
        "scores by a published protocol instead (cofenet, citron or ggt), or by records matched "
        "by halves (halves). GOLD 'bundled' means "
        "the bundled quotes (and articles)."
    )
    example = "quotes evaluate bundled predicted.jsonl"
    quotes = ("gold", "predicted")
    inputs = ("articles",)

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("gold", metavar="GOLD", help="gold quotes JSONL, or 'bundled'")
        parser.add_argument("predicted", metavar="PRED", help="predicted quotes JSONL")
        option(parser, "articles", "given, every record is first checked against its text")
        option(parser, "format", choices=["table", "json", "markdown"], default="table")
        option(parser, "split", "gold and predicted alike; needs --articles")
        parser.add_argument(
            "--protocol",
            choices=list(PROTOCOLS),
            help="score by a published protocol instead: CofeNet's (per role: exact, begin and "
            "Jaccard match), citron's (exact and token overlap) or the Gender Gap Tracker's "
            "(quote overlap at 0.3 and 0.8, speaker and verb match); or halves: records sharing "
            "at least half the characters of each, with speaker mention match",
        )

    def run(self, args: argparse.Namespace) -> int:
        from quotes.core.models import Article, Quote
        from quotes.evaluate import checked_quotes, evaluate
        from quotes.io.jsonl import read

        articles = None
        if args.articles:  # every problem of both files, as validate lists them
            articles = {a.id: a for path in args.articles for a in read(path, Article)}
            (gold, g), (predicted, p) = (
                checked_quotes(f, articles) for f in (args.gold, args.predicted)
            )
            for problem in [*g.problems, *p.problems]:
                print(f"quotes evaluate: {with_flags(problem)}", file=sys.stderr)
            if not (g.ok and p.ok):
                return 2 if g.unreadable or p.unreadable else 1
        else:  # a RecordError reaches main(), which reports it
            gold, predicted = (list(read(f, Quote)) for f in (args.gold, args.predicted))
        gold, predicted = (list(in_split(args, q)) for q in (gold, predicted))
        result: Evaluation | Scores = (
            scored(args.protocol, gold, predicted, articles)
            if args.protocol
            else evaluate(gold, predicted, articles)
        )
        if args.format == "json":
            print(result.to_json())
        else:
            sys.stdout.write(result.table(markdown=args.format == "markdown"))
        return 0
