"""The commands that write files: ``export``, ``schema``, ``extract``, ``train``, ``view`` and
``import``.
Each is one :class:`~quotes.cli.command.Command`."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from quotes.cli.command import (
    BUNDLED,
    QUOTES_HELP,
    Command,
    chosen_engine,
    date,
    engine_options,
    folder,
    jobs,
    option,
    progress_bar,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Sequence

    from quotes.core.models import Article, Precision, Quote
    from quotes.export import Records


HUB = "hub"
"""The export format the publishing feature writes (not in the export feature's table)."""


class Export(Command):
    name = "export"
    help = "write quotes and articles as JSONL, Parquet, CSV, brat, BIO tokens or a Hub dataset"
    description = (
        "Check the quotes and articles (default: the bundled dataset) and write them in another "
        "format into a folder, every file atomically; --format hub writes a Hugging Face "
        "dataset repository folder (card, Parquet and JSONL by split, croissant.json, "
        "CITATION.cff), refusing texts whose rights forbid redistribution unless --gated."
    )
    example = "quotes export --format parquet --out dist/"
    quotes = ("path",)
    inputs = ("articles",)

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        from quotes.export import EXPORTERS

        parser.add_argument("path", nargs="?", default=BUNDLED, metavar="QUOTES", help=QUOTES_HELP)
        option(parser, "articles", "default: bundled")
        formats = {name: e.description for name, e in EXPORTERS.items()}
        formats[HUB] = "a Hugging Face dataset repository folder, ready to push"
        option(
            parser,
            "format",
            "; ".join(f"{name}: {description}" for name, description in formats.items()),
            choices=list(formats),
            required=True,
        )
        option(
            parser,
            "out",
            "a folder (created if need be); '-' writes the quotes alone",
            required=True,
        )
        option(parser, "force")
        option(parser, "quiet")
        option(parser, "split", "a corpus with splits is written one folder per split")
        parser.add_argument(
            "--gated",
            action="store_true",
            help="hub: a folder for a private, gated repository (the only kind that may hold "
            "texts whose rights forbid redistribution)",
        )
        parser.add_argument(
            "--title", help="hub: the dataset's name on its card (default: made from the records)"
        )

    def defaults(self, args: argparse.Namespace) -> None:
        # before 'bundled' becomes the bundled files' paths: hub gives the bundled data its title
        args.bundled = args.path == BUNDLED and args.articles in (None, [], [BUNDLED])

    def run(self, args: argparse.Namespace) -> int:
        from quotes.engine.corpus import load
        from quotes.export import NoStreamForm, Records, export, export_stream

        if args.format == HUB and args.out == "-":
            raise NoStreamForm(HUB)
        corpus = load(args.path, args.articles or ())
        if args.split:
            corpus = corpus.subset(args.split)
        records = Records(corpus.quotes, list(corpus.articles.values()))
        if args.format == HUB:
            return self.hub(args, records)
        if args.out == "-":
            export_stream(args.format, sys.stdout, records)
            return 0
        with progress_bar(args, []) as progress:
            written = export(args.format, args.out, records, force=args.force, progress=progress)
        for path in written:
            print(path)
        return 0

    def hub(self, args: argparse.Namespace, records: Records) -> int:
        """``--format hub``: the Hub folder, made by the publishing feature."""
        from quotes.publish.hub import export_hub

        given = () if args.bundled and not args.split else (records.quotes, records.articles)
        with progress_bar(args, []) as progress:
            written = export_hub(
                args.out,
                *given,
                title=args.title,
                gated=args.gated,
                force=args.force,
                progress=progress,
            )
        for path in written:
            print(path)
        return 0


class Schema(Command):
    name = "schema"
    help = "print or write the JSON Schema files"
    description = "Print the JSON Schema of a record type, or write both files to a folder."
    example = "quotes schema quote > quote.schema.json"

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("record", nargs="?", choices=["quote", "article"], default="quote")
        parser.add_argument(
            "--write",
            metavar="DIR",
            help="write article/quote.schema.json into DIR; a file there is replaced only when "
            "it is a schema quotes generated (or with --force)",
        )
        option(parser, "force")

    def run(self, args: argparse.Namespace) -> int:
        from quotes.core.models import Article, Quote
        from quotes.publish.schema import render, write_schemas

        if args.write:
            for path in write_schemas(args.write, force=args.force):
                print(path)
        else:
            sys.stdout.write(render(Quote if args.record == "quote" else Article))
        return 0


def _extractor(model: str | None) -> Callable[[Sequence[Article]], list[Quote]]:
    """The rules, or with ``--model`` the trained model's extractor (which adds to the rules)."""
    from quotes.extract import extract_all

    if model is None:
        return extract_all
    from quotes.extract.learned import load_model

    return load_model(model).extract_all


class Extract(Command):
    name = "extract"
    help = "propose quote records from raw article text (rule-based baseline)"
    description = (
        "Run the rule-based baseline over .txt files or folders of them (or, with no file, over "
        "the articles given with --articles, else the bundled articles) and write candidate "
        "quote records for review. A raw .txt needs --date, or --articles holding its article "
        "(id = the file name less its suffix, each character other than letters, digits, _ . - "
        "made '.'), which also gives regions and outlet. The articles built from raw texts are "
        "written beside --out (OUT.articles.jsonl; articles.jsonl beside quotes.jsonl) unless "
        "--articles-out names another file."
    )
    example = "quotes extract 005_story.txt --date 2012-03-01 --out proposed.jsonl"
    inputs = ("articles", "files")

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "files",
            nargs="*",
            metavar="FILE.txt",
            help="raw article texts (UTF-8), or folders: their .txt files",
        )
        option(parser, "articles", "default: bundled when no FILE is given")
        parser.add_argument(
            "--date",
            type=date,
            metavar="YYYY[-MM[-DD]]",
            help="publication date of raw texts not in --articles",
        )
        option(parser, "out", "the proposed quotes (default: standard output)")
        parser.add_argument(
            "--articles-out",
            metavar="PATH",
            help="write the articles built from raw texts here (default: beside --out)",
        )
        option(parser, "force")
        parser.add_argument(
            "--jobs",
            type=jobs,
            default=1,
            metavar="N",
            help="extract on N processes, or 'all' (default 1; the output is the same)",
        )
        engine_options(parser)
        parser.add_argument(
            "--model",
            metavar="DIR",
            help="propose with this trained model (quotes train) as well as the rules",
        )

    def defaults(self, args: argparse.Namespace) -> None:
        if not args.files and not args.articles:
            args.articles = [BUNDLED]

    def run(self, args: argparse.Namespace) -> int:
        from quotes.core.models import Article
        from quotes.extract import extract_files, write_extraction, write_sharded
        from quotes.extract.files import PARTS_PER_SLOT
        from quotes.io.jsonl import read

        published: dt.date | None = None
        precision: Precision = "day"
        if args.date:
            published, precision = args.date  # parsed by date()
        if args.engine == "spark" and (args.out in (None, "-") or args.articles_out):
            raise ValueError(
                "with --engine spark, give --out DIR (a folder for the shards of quotes.jsonl, "
                "and of articles.jsonl, the articles built from raw texts) and no --articles-out"
            )
        engine = chosen_engine(args)
        known = [a for path in args.articles or () for a in read(path, Article)]
        result = extract_files(
            args.files,
            articles=known,
            date=published,
            precision=precision,
            jobs=args.jobs,
            engine=engine,
            extractor=_extractor(args.model),
        )
        if engine is not None:
            shards = engine.slots * PARTS_PER_SLOT
            for path in write_sharded(result, args.out, shards=shards, overwrite=args.force):
                print(path)
            print(result.summary(), file=sys.stderr)
            return 0
        written = write_extraction(
            result, out=args.out, articles_out=args.articles_out, overwrite=args.force
        )
        print(result.summary(), file=sys.stderr)
        if written.articles is not None and result.built:
            print(f"articles written to {written.articles}", file=sys.stderr)
        if written.unwritten:
            print(
                f"the {written.unwritten} article record(s) built from raw texts were not "
                "written (the quotes went to standard output); give --articles-out FILE to keep "
                "them: validate, show and view need them",
                file=sys.stderr,
            )
        return 0


class Train(Command):
    name = "train"
    help = "train an attribution tagger (a CRF) for quotes extract --model"
    description = (
        "Train a CRF tagging content, speaker mention and cue on the train split of each CORPUS "
        "(a folder holding quotes.jsonl and articles.jsonl, as quotes import writes it, or "
        "'bundled'; a corpus without splits is all train), its regularisation chosen on the "
        "validation (dev) split when there is one; test is never read. Writes "
        "DIR/model.crfsuite, DIR/lexicon.json (word lists counted from train) and "
        "DIR/manifest.json (what it was trained on, and the rights of those texts, which the "
        "model inherits). Needs the learn extra (python-crfsuite)."
    )
    example = "quotes train polnear/ --out polnear-model/"

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "corpora",
            nargs="+",
            metavar="CORPUS",
            help="a folder with quotes.jsonl and articles.jsonl, or 'bundled'",
        )
        option(parser, "out", "the model folder (created if need be)", required=True)
        option(parser, "force")

    def run(self, args: argparse.Namespace) -> int:
        from quotes.engine.corpus import Corpus, load
        from quotes.extract.learned import train

        corpora: dict[str, Corpus] = {}
        for name in args.corpora:
            if name in corpora:
                raise ValueError(f"{name}: given twice; give each corpus once")
            corpora[name] = load() if name == BUNDLED else load(name)
        trained = train(corpora, folder(args.out, "train"), overwrite=args.force)
        manifest = trained.manifest
        print(
            f"trained on {trained.sequences} paragraphs (c1={manifest.c1}, c2={manifest.c2}); "
            f"the model inherits the rights of: {'; '.join(manifest.rights)}",
            file=sys.stderr,
        )
        print(trained.folder)
        return 0


class View(Command):
    name = "view"
    help = "write static HTML pages showing each article with its quotations"
    description = (
        "Write index.html and one page per article into DIR: the article text with each "
        "quotation highlighted, its speaker, cue and regions, and the article's metadata. The "
        "pages work offline. With --compare, gold and predicted records side by side (match = "
        "overlapping spans paired one to one, as quotes evaluate pairs them)."
    )
    example = "quotes view --out view/   (then open view/index.html in a browser)"
    quotes = ("path", "compare")
    inputs = ("articles",)

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("path", nargs="?", default=BUNDLED, metavar="QUOTES", help=QUOTES_HELP)
        option(parser, "articles", "default: bundled")
        parser.add_argument(
            "--article",
            metavar="ID",
            help="only this article: its id or its source's file name, e.g. 003_0c8d9f83576395f4",
        )
        option(parser, "split")
        option(parser, "out", "a folder (pages are several files, so not '-')", required=True)
        parser.add_argument(
            "--compare",
            metavar="PRED",
            help="predicted quotes JSONL to show beside QUOTES, marking matches, misses, false "
            "alarms",
        )
        option(parser, "force")

    def run(self, args: argparse.Namespace) -> int:
        from quotes.engine.corpus import load, read_quotes
        from quotes.view.pages import write_view

        out = folder(args.out, "view")
        whole = load(args.path, args.articles or (), check=False)
        corpus = whole.subset(args.split) if args.split else whole
        only = None if args.article is None else corpus.article_named(args.article).id
        articles = [a for a in corpus.articles.values() if only in (None, a.id)]
        pred = None
        if args.compare is not None:
            predicted = read_quotes(args.compare, whole.articles, check=False)
            pred = [q for q in predicted if q.article_id in corpus.articles]
            pred = [q for q in pred if only in (None, q.article_id)]
        gold = corpus.filter(article=only)
        for path in write_view(articles, gold, out, compare=pred, force=args.force):
            print(path)
        return 0


class Import(Command):
    name = "import"
    help = "convert a corpus (PolNeAR, brat, ...) into articles.jsonl and quotes.jsonl"
    description = (
        "Read SOURCE in FORMAT and write DIR/articles.jsonl and DIR/quotes.jsonl, validated "
        "before anything is written (all or nothing). Prints what came through and, counted by "
        "reason, what could not be mapped. Formats: see docs/formats/."
    )
    example = "quotes import polnear PolNeAR/ --out polnear/   (a git checkout)"

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        from quotes.formats import FORMATS

        parser.add_argument(
            "format", metavar="FORMAT", choices=list(FORMATS), help=", ".join(FORMATS)
        )
        parser.add_argument("sources", nargs="+", metavar="SOURCE", help="files or folders to read")
        option(
            parser,
            "out",
            "a folder (created if need be) for articles.jsonl and quotes.jsonl",
            required=True,
        )
        option(parser, "force")
        option(parser, "quiet")
        parser.add_argument(
            "--jobs",
            type=jobs,
            default=1,
            metavar="N",
            help="quotebank: parse on N processes, or 'all' (default 1; the output is the same); "
            "other formats read on one",
        )
        option(parser, "split", "polnear and wikinews-de have splits (default: all)")
        engine_options(parser)

    def run(self, args: argparse.Namespace) -> int:
        from quotes.formats import import_corpus, reader, source_paths
        from quotes.io.progress import Progress

        out = folder(args.out, "import")
        total = reader(args.format).total_bytes(source_paths(args.sources))
        with Progress(total or None, enabled=False if args.quiet else None) as progress:
            summary = import_corpus(
                args.format,
                args.sources,
                out,
                force=args.force,
                progress=progress,
                jobs=args.jobs,
                split=args.split,
                engine=chosen_engine(args),
            )
        sys.stdout.write(summary.render())
        return 0


class Concat(Command):
    name = "concat"
    help = "join sharded output (shards and manifest.json) into its files"
    description = (
        "Join the shards that an import or extraction with --engine spark wrote into DIR, in the "
        "order its manifest.json gives, into the files a run on this machine writes (the same "
        "bytes): every shard is checked against the manifest (size, SHA-256) and the files "
        "appear all at once, or not at all."
    )
    example = "quotes concat imported/   (imported/articles.jsonl, quotes.jsonl)"

    def arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("folder", metavar="DIR", help="the sharded output folder")
        option(parser, "out", "a folder for the joined files (default: DIR itself)")
        option(parser, "force")

    def run(self, args: argparse.Namespace) -> int:
        from quotes.io.shards import concat

        if args.out == "-":
            raise ValueError("the joined files are several; give a folder with --out")
        for path in concat(args.folder, args.out, overwrite=args.force):
            print(path)
        return 0
