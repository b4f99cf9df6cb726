"""The ``quotes`` command: a thin layer over the Python API that formats its results.

Exit codes: 0 success, 1 the data has problems, 2 bad usage or input that cannot be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from .version import __version__

if TYPE_CHECKING:
    from .models import Precision, Quote
    from .progress import Progress

EXAMPLES = {
    "validate": "example: quotes validate my_quotes.jsonl --articles my_articles.jsonl",
    "stats": "example: quotes stats --by speaker",
    "show": "example: quotes show --speaker Appathurai",
    "export": "example: quotes export --format parquet --out dist/",
    "schema": "example: quotes schema quote > quote.schema.json",
    "evaluate": "example: quotes evaluate gold.jsonl predicted.jsonl --articles articles.jsonl",
    "extract": "example: quotes extract 005_story.txt --date 2012-03-01 --out proposed.jsonl",
    "view": "example: quotes view --out view/   (then open view/index.html in a browser)",
    "import": "example: quotes import polnear PolNeAR/ --out polnear/   (a git checkout)",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}; see '{self.prog} --help'\n")


def _parser() -> argparse.ArgumentParser:
    from .formats import FORMATS

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
        type=_count,
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
    p.add_argument("--context", type=_count, default=120, metavar="N", help="characters around")

    p = sub.add_parser(
        "export",
        help="write the bundled dataset as JSONL, Parquet, CSV, brat, BIO tokens or citron",
        description="Write quotes and articles files into a folder (atomically): the bundled "
        "dataset, or QUOTES with --articles (validated first). brat: a .txt and .ann per "
        "article, metadata.tsv and annotation.conf; bio: bio.jsonl, tokens with BIO tags; "
        "citron: a .txt and citron .json per article, metadata.tsv.",
        epilog=EXAMPLES["export"],
    )
    p.add_argument("quotes", nargs="?", metavar="QUOTES", help="quotes JSONL (default: bundled)")
    p.add_argument("--articles", metavar="PATH", help="articles JSONL of QUOTES")
    p.add_argument(
        "--format", choices=["jsonl", "parquet", "csv", "brat", "bio", "citron"], required=True
    )
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

    p = sub.add_parser(
        "evaluate",
        help="score predicted quotes against gold ones",
        description="Precision, recall and F1 per kind under exact span match and token "
        "overlap, with speaker and cue accuracy on matched quotes (rules: README, "
        "'Evaluation'). GOLD 'bundled' means the bundled quotes (and articles).",
        epilog=EXAMPLES["evaluate"],
    )
    p.add_argument("gold", metavar="GOLD", help="gold quotes JSONL, or 'bundled'")
    p.add_argument("predicted", metavar="PRED", help="predicted quotes JSONL")
    p.add_argument(
        "--articles",
        metavar="PATH",
        help="articles JSONL: check every record against its text first",
    )
    p.add_argument("--format", choices=["table", "json", "markdown"], default="table")

    p = sub.add_parser(
        "extract",
        help="propose quote records from raw article text (rule-based baseline)",
        description="Run the rule-based baseline over .txt files (or, with no file, over "
        "the articles given with --articles, else the bundled articles) and write candidate "
        "quote records for review. A raw .txt needs --date, or --articles holding its "
        "article (id = the file name before '_'), which also gives regions and outlet.",
        epilog=EXAMPLES["extract"],
    )
    p.add_argument("files", nargs="*", metavar="FILE.txt", help="raw article texts (UTF-8)")
    p.add_argument("--articles", metavar="PATH", help="articles JSONL holding the articles")
    p.add_argument(
        "--date",
        metavar="YYYY[-MM[-DD]]",
        help="publication date of raw texts not in --articles",
    )
    p.add_argument("--out", metavar="PATH", help="write the quotes here (default: stdout)")
    p.add_argument(
        "--articles-out",
        metavar="PATH",
        help="also write the articles built from raw texts here",
    )
    p.add_argument("--force", action="store_true", help="replace existing output files")

    p = sub.add_parser(
        "view",
        help="write static HTML pages showing each article with its quotations",
        description="Write index.html and one page per article into DIR: the article text with "
        "each quotation highlighted, its speaker, cue and regions, and the article's metadata. "
        "The pages work offline. With --compare, gold and predicted records side by side "
        "(match = same article and overlapping spans).",
        epilog=EXAMPLES["view"],
    )
    p.add_argument("path", nargs="?", metavar="QUOTES", help="quotes JSONL (default: bundled)")
    p.add_argument(
        "--articles",
        action="append",
        default=[],
        metavar="PATH",
        help="articles JSONL (repeatable; default: bundled)",
    )
    p.add_argument("--article", metavar="ID", help="only this article, e.g. 003")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    p.add_argument(
        "--compare",
        metavar="PRED",
        help="predicted quotes JSONL to show beside QUOTES, marking matches, misses, false alarms",
    )
    p.add_argument("--force", action="store_true", help="replace existing pages")

    p = sub.add_parser(
        "import",
        help="convert a corpus (PolNeAR, brat, ...) into articles.jsonl and quotes.jsonl",
        description="Read SOURCE in FORMAT and write DIR/articles.jsonl and DIR/quotes.jsonl, "
        "validated before anything is written (all or nothing). Prints what came through and, "
        "counted by reason, what could not be mapped. Formats: see the README.",
        epilog=EXAMPLES["import"],
    )
    p.add_argument("format", metavar="FORMAT", choices=list(FORMATS), help=", ".join(FORMATS))
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="files or folders to read")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    p.add_argument("--force", action="store_true", help="replace existing files")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="quotebank: parse on N processes, or 'all' (default 1); other formats use one",
    )
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


def _count(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number (0, 1, 2, ...)")
    return int(value)


def _progress(args: argparse.Namespace, paths: Sequence[str]) -> Progress:
    from .progress import Progress

    sizes = [Path(p).stat().st_size if Path(p).is_file() else 0 for p in paths]
    return Progress(sum(sizes) or None, enabled=False if args.quiet else None)


def _validate(args: argparse.Namespace) -> int:
    from .validation import validate

    max_errors = None if args.max_errors == 0 else args.max_errors
    if [*args.paths, *args.articles].count("-") > 1:
        print("quotes validate: error: standard input (-) can be read only once", file=sys.stderr)
        return 2
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
            print(f"stopped after {len(report.problems)} problem(s); --max-errors 0 lists all")
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
        "speaker": Counter(_speaker_label(q) for q in quotes),
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


def _speaker_label(q: Quote) -> str:
    s = q.speaker
    if s.name:
        return s.name
    mention = f'"{s.mention.text}"' if s.mention else "no mention"
    return f"({s.type}) {s.description or mention}"


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

    if (args.quotes is None) != (args.articles is None):
        print("quotes export: error: give QUOTES and --articles together", file=sys.stderr)
        return 2
    with _progress(args, []) as progress:
        written = export(
            args.format,
            Path(args.out),
            force=args.force,
            progress=progress,
            quotes=args.quotes,
            articles=args.articles,
        )
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


def _evaluate(args: argparse.Namespace) -> int:
    import contextlib

    from .corpus import data_path
    from .evaluate import evaluate
    from .io import read
    from .models import Article, Quote
    from .validation import quote_problems

    with contextlib.ExitStack() as stack:
        gold_path, articles_path = args.gold, args.articles
        if gold_path == "bundled":
            gold_path = stack.enter_context(data_path("quotes.jsonl"))
            if articles_path is None:
                articles_path = stack.enter_context(data_path("articles.jsonl"))
        gold = list(read(gold_path, Quote))  # a RecordError reaches main(), which reports it
        predicted = list(read(args.predicted, Quote))
        articles = None
        if articles_path is not None:
            articles = {a.id: a for a in read(articles_path, Article)}
    if articles is not None:
        problems = []
        for name, quotes in ((str(args.gold), gold), (str(args.predicted), predicted)):
            for q in quotes:
                problems += [
                    f"{name}: {q.id}: {p.field}: {p.message}"
                    for p in quote_problems(q, articles, path=name, line=None)
                ]
        if problems:
            for problem in problems:
                print(f"quotes evaluate: {problem}", file=sys.stderr)
            return 1
    result = evaluate(gold, predicted, articles)
    if args.format == "json":
        print(result.to_json())
    else:
        sys.stdout.write(result.table(markdown=args.format == "markdown"))
    return 0


def _parse_date(value: str) -> tuple[dt.date, Precision]:
    parts = value.split("-")
    precision: Precision | None = {1: "year", 2: "month", 3: "day"}.get(len(parts))  # type: ignore[assignment]
    try:
        if precision is None:
            raise ValueError
        numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
        return dt.date(*numbers), precision
    except ValueError:
        raise ValueError(
            f"--date {value!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"
        ) from None


def _extract(args: argparse.Namespace) -> int:
    from .corpus import data_path
    from .extract import ExtractionError, article_from_text, extract_all
    from .io import dumps, read, write
    from .models import Article

    known: dict[str, Article] = {}
    if args.articles:
        known = {a.id: a for a in read(args.articles, Article)}
    elif not args.files:
        with data_path("articles.jsonl") as path:
            known = {a.id: a for a in read(path, Article)}
    built: list[Article] = []
    articles: list[Article] = []
    try:
        date = _parse_date(args.date) if args.date else None
        for name in args.files:
            path = Path(name)
            key = path.name.split("_")[0]
            if key in known:
                text = path.read_bytes().decode("utf-8", errors="replace")
                if text != known[key].text:
                    raise ExtractionError(
                        f"{name}: the text differs from article {key!r} in {args.articles}; "
                        "give the matching file, or drop --articles and give --date"
                    )
                articles.append(known[key])
                continue
            if date is None:
                raise ExtractionError(
                    f"{name}: no article {key!r} in --articles and no --date: a record needs "
                    "the publication date; give --date YYYY-MM-DD (or YYYY-MM, YYYY)"
                )
            article = article_from_text(path, date[0], date[1])
            built.append(article)
            articles.append(article)
    except (ExtractionError, ValueError) as e:
        print(f"quotes extract: {e}", file=sys.stderr)
        return 2
    if not args.files:
        articles = list(known.values())
    try:
        quotes = extract_all(articles)
    except ExtractionError as e:
        print(f"quotes extract: internal error: {e}", file=sys.stderr)
        return 2
    if args.out:
        write(quotes, args.out, overwrite=args.force)
    else:
        for q in quotes:
            sys.stdout.write(dumps(q))
    if args.articles_out:
        write(built, args.articles_out, overwrite=args.force)
    kinds = Counter(q.kind for q in quotes)
    summary = ", ".join(f"{kinds[k]} {k}" for k in ("direct", "mixed", "indirect"))
    print(f"{len(quotes)} quotes ({summary}) from {len(articles)} article(s)", file=sys.stderr)
    return 0


def _read_quotes(path: str) -> list[tuple[int, Quote]]:
    from .io import RecordError, iter_lines, parse_line
    from .models import Quote

    records = []
    for number, line in iter_lines(path):
        result = parse_line(line, Quote, path=path, number=number)
        if isinstance(result, list):
            raise RecordError(result[0])
        assert isinstance(result, Quote)
        records.append((number, result))
    return records


def _view(args: argparse.Namespace) -> int:
    from .corpus import data_path
    from .io import read
    from .models import Article
    from .view import write_view

    if args.articles:
        articles = [a for path in args.articles for a in read(path, Article)]
    else:
        with data_path("articles.jsonl") as path:
            articles = list(read(path, Article))
    if args.path:
        quote_path = args.path
        quotes = _read_quotes(args.path)
    else:
        with data_path("quotes.jsonl") as path:
            quote_path = str(path)
            quotes = _read_quotes(quote_path)
    predicted = _read_quotes(args.compare) if args.compare else None
    if args.article is not None:
        if args.article not in {a.id for a in articles}:
            print(f"quotes view: no article with id {args.article!r}", file=sys.stderr)
            return 2
        articles = [a for a in articles if a.id == args.article]
    known = {a.id for a in articles}
    for name, records in ((quote_path, quotes), (args.compare, predicted or [])):
        for number, q in records:
            if q.article_id not in known and args.article is None:
                print(
                    f"quotes view: {name}:{number}: article_id: no article with id "
                    f"{q.article_id!r} in the articles given; pass its file with --articles",
                    file=sys.stderr,
                )
                return 1
    gold = [q for _, q in quotes if q.article_id in known]
    pred = None if predicted is None else [q for _, q in predicted if q.article_id in known]
    written = write_view(articles, gold, Path(args.out), compare=pred, force=args.force)
    for path in written:
        print(path)
    return 0


def _import(args: argparse.Namespace) -> int:
    from .formats import ImportFailed, SourceError, import_corpus, reader
    from .progress import Progress

    try:
        module = reader(args.format)
        total = module.total_bytes([Path(s) for s in args.sources])
    except ValueError as e:
        print(f"quotes import: error: {e}", file=sys.stderr)
        return 2
    try:
        with Progress(total or None, enabled=False if args.quiet else None) as progress:
            summary = import_corpus(
                args.format,
                args.sources,
                args.out,
                force=args.force,
                progress=progress,
                jobs=args.jobs,
            )
    except SourceError as e:
        print(f"quotes import: {e}", file=sys.stderr)
        return 2
    except ImportFailed as e:
        for problem in e.report.problems[:20]:
            print(problem, file=sys.stderr)
        print(f"quotes import: {e}", file=sys.stderr)
        return 1
    kinds = ", ".join(f"{summary.kinds[k]} {k}" for k in ("direct", "mixed", "indirect"))
    print(f"imported {summary.articles} articles and {summary.quotes} quotes ({kinds})")
    if summary.splits:
        print("articles by split: " + ", ".join(f"{k} {n}" for k, n in summary.splits.items()))
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


COMMANDS = {
    "validate": _validate,
    "stats": _stats,
    "show": _show,
    "export": _export,
    "schema": _schema,
    "evaluate": _evaluate,
    "extract": _extract,
    "view": _view,
    "import": _import,
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
            return 2 if e.problem.type in ("unreadable-file", "compression-error") else 1
        if isinstance(e, FileExistsError):
            print(
                f"quotes {args.command}: {e.filename}: already exists; --force replaces it",
                file=sys.stderr,
            )
            return 2
        if isinstance(e, OSError):
            where = f"{e.filename}: " if e.filename else ""
            print(f"quotes {args.command}: {where}{e.strerror or e}", file=sys.stderr)
            return 2
        print(
            f"quotes {args.command}: internal error: {type(e).__name__}: {e}",
            file=sys.stderr,
        )
        return 2


def run() -> NoReturn:
    """Console-script entry point."""
    sys.exit(main())
