"""Build the dataset and every file derived from it from the drafts in ``curation/articles/``.

Run from a checkout (the ``quotes`` package of that checkout is used)::

    python curation/build.py            # rewrite whatever is out of date
    python curation/build.py --check    # exit 1 if any file is out of date (CI runs this)

One draft per article, ``curation/articles/<id>.json`` (see ``curation/drafts.py``). Every offset
is computed here from the verbatim strings of the drafts: a string that is absent or ambiguous
stops the build. The records are built as :mod:`quotes.core.models` objects (which validate), every
span, mention, cue, region and correction is checked against the article text, every pair of
quotation marks in every article must be accounted for (inside a quote span, or a listed
non-quotation), and then these files are brought up to date, each written atomically:

* ``quotes/data/articles.jsonl`` and ``quotes/data/quotes.jsonl``;
* ``curation/non_quotations.json``;
* the generated blocks of ``ANNOTATION.md`` (counts, decisions, non-quotations, and the
  agreement with the second pass, see ``curation/agreement.py``);
* the ``references`` of ``CITATION.cff`` (one per article);
* ``curation/article.schema.json``, the JSON Schema of a draft (for editors);
* ``hub/``, the bundled dataset's Hugging Face repository folder (card, Parquet and JSON Lines,
  ``croissant.json``, ``CITATION.cff``, ``LICENSE.md``), written from the records built here by
  the code of ``quotes export --format hub`` (:func:`quotes.publish.hub.write_hub`); its Parquet
  files are compared by content, so another pyarrow version does not count as drift;
* the baseline table of ``docs/extractor.md`` (what the commands of its "Baseline scores"
  section print).

The article texts are the seed files, read from ``$QUOTES_SEEDS`` or, by default,
``../shared/seeds`` next to the checkout; each must have the SHA-256 its draft records. Where a
seed file is absent, the text already bundled in ``quotes/data/articles.jsonl`` is used if it has
that SHA-256, so a checkout without the seeds can still check and rebuild. Running the build
twice gives byte-identical files. Exit codes: 0 done (or up to date), 1 a check failed or a file
is out of date, 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "curation"))

import agreement  # noqa: E402  (curation/agreement.py)
import drafts as D  # noqa: E402  (curation/drafts.py)
from records import (  # noqa: E402  (curation/records.py: drafts to records)
    DATA,
    BuildError,
    build_articles,
    build_non_quotations,
    build_quotes,
    fail,
)

from quotes.core.models import Article, Quote  # noqa: E402
from quotes.core.record_rules import KINDS  # noqa: E402
from quotes.publish.facts import facts  # noqa: E402
from quotes.publish.hub import BUNDLED_TITLE, hub_files, write_hub  # noqa: E402

NON_QUOTATIONS_JSON = ROOT / "curation" / "non_quotations.json"
ANNOTATION_MD = ROOT / "docs" / "annotation.md"
CITATION_CFF = ROOT / "CITATION.cff"
EXTRACTOR_MD = ROOT / "docs" / "extractor.md"
HUB = ROOT / "hub"

# ------------------------------------------------------------------------------- docs/annotation.md


def replace_block(document: str, name: str, body: str, file: str = "docs/annotation.md") -> str:
    start_marker, end_marker = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if document.count(start_marker) != 1 or document.count(end_marker) != 1:
        fail(f"{file} needs exactly one {start_marker} and one {end_marker}")
    head, rest = document.split(start_marker)
    _, tail = rest.split(end_marker)
    return f"{head}{start_marker}\n{body}{end_marker}{tail}"


def md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def counts_block(articles: dict[str, Article], quotes: list[Quote]) -> str:
    counts = Counter((q.article_id, q.kind) for q in quotes)
    regions = Counter((q.article_id, q.region) for q in quotes)
    lines = [
        f"| article | outlet | {' | '.join(KINDS)} | total | of which sidebar |",
        "|---|---|" + "---:|" * (len(KINDS) + 2),
    ]
    for article_id, article in sorted(articles.items()):
        row = [counts[(article_id, k)] for k in KINDS]
        lines.append(
            f"| {article_id} | {article.outlet} | "
            + " | ".join(str(c) for c in row)
            + f" | {sum(row)} | {regions[(article_id, 'sidebar')]} |"
        )
    totals = [sum(counts[(a, k)] for a in articles) for k in KINDS]
    lines.append(
        "| **all** | | "
        + " | ".join(str(c) for c in totals)
        + f" | {sum(totals)} | {sum(regions[(a, 'sidebar')] for a in articles)} |"
    )
    return "\n".join(lines) + "\n"


def decisions_block(
    drafts: dict[str, D.ArticleDraft], built: list[tuple[D.QuoteDraft, Quote]]
) -> str:
    """Every record-level note (with the record's id), then the decisions that made no record."""
    lines = [f"- `{q.id}` ({q.kind}): {md(item.note)}" for item, q in built if item.note]
    for article_id, draft in sorted(drafts.items()):
        lines.extend(f"- {article_id}, no record: {md(text)}" for text in draft.decisions)
    return "\n".join(lines) + "\n"


def non_quotations_block(listed: list[dict[str, Any]]) -> str:
    lines = ["| article | offsets | quoted text | reason |", "|---|---|---|---|"]
    for d in listed:
        lines.append(
            f"| {d['article_id']} | {d['start']}-{d['end']} | `{md(d['text'])}` | "
            f"{md(d['reason'])} |"
        )
    return "\n".join(lines) + "\n"


def agreement_block(articles: dict[str, Article], quotes: list[Quote]) -> str:
    """The agreement of the records with the second pass (see curation/agreement.py)."""
    try:
        a = agreement.agreement(quotes, {i: article.text for i, article in articles.items()})
    except (ValueError, KeyError) as error:
        fail(f"curation/second_pass.json: {error}")
    n = len(a.pairs)
    kind, speaker = a.agreeing("kind"), a.agreeing("speaker")
    rows = [
        ("records (dataset / second pass / matched)", f"{len(a.gold)} / {len(a.second)} / {n}"),
        ("quotation F1, overlapping spans", f"{a.f1:.3f}"),
        ("quotation F1, exact spans", f"{a.exact_f1:.3f} ({a.exact} of {n} identical)"),
        ("kind agreement on matched records", f"{kind / n:.3f} ({kind} of {n})"),
        (
            "speaker agreement on matched records (name, or type if unnamed)",
            f"{speaker / n:.3f} ({speaker} of {n})",
        ),
    ]
    lines = ["| measure | value |", "|---|---|", *(f"| {m} | {v} |" for m, v in rows)]
    return "\n".join(lines) + "\n"


def annotation_md(
    document: str,
    drafts: dict[str, D.ArticleDraft],
    articles: dict[str, Article],
    built: list[tuple[D.QuoteDraft, Quote]],
    listed: list[dict[str, Any]],
) -> str:
    quotes = [q for _, q in built]
    document = replace_block(document, "counts", counts_block(articles, quotes))
    document = replace_block(document, "decisions", decisions_block(drafts, built))
    document = replace_block(document, "agreement", agreement_block(articles, quotes))
    return replace_block(document, "non-quotations", non_quotations_block(listed))


# ------------------------------------------------------------------------------------ CITATION.cff

_PLAIN = re.compile(r"^[A-Za-z0-9(][^\n]*$")


def yaml_scalar(key: str, value: str | int, indent: int, width: int = 94) -> list[str]:
    """``key: value`` as YAML lines: plain, double-quoted, or folded (``>-``) when too long."""
    pad = " " * indent
    if isinstance(value, int):
        return [f"{pad}{key}: {value}"]
    if "\n" in value or "  " in value or value != value.strip():
        fail(f"CITATION.cff {key}: {value!r} has line breaks or runs of spaces")
    plain = _PLAIN.match(value) and ": " not in value and " #" not in value
    text = value if plain and not value.endswith(":") else json.dumps(value)
    if len(pad) + len(key) + 2 + len(text) <= width and key != "notes":
        return [f"{pad}{key}: {text}"]
    folded = textwrap.wrap(
        value,
        width=width,
        initial_indent=pad + "  ",
        subsequent_indent=pad + "  ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [f"{pad}{key}: >-", *folded]


def reference(article: Article, draft: D.ArticleDraft) -> list[str]:
    """The ``CITATION.cff`` reference of one article."""
    title = article.title or draft.citation.title
    if title is None:
        fail(f"{article.id}: an article without a title needs citation.title (a description)")
    lines = ["  - type: newspaper-article", *yaml_scalar("title", str(title), 4)]
    lines += ["    authors:", *yaml_scalar("- name", draft.citation.author, 6)]
    if article.outlet:
        lines += ["    publisher:", *yaml_scalar("name", article.outlet, 6)]
    if article.url:
        lines += yaml_scalar("url", article.url, 4)
    published = article.published
    # Only a date known to the day and not inferred is given as a full date.
    if article.published_precision == "day" and article.published_confidence != "inferred":
        lines.append(f'    date-published: "{published.isoformat()}"')
    else:
        lines += yaml_scalar("year", published.year, 4)
        if article.published_precision != "year":
            lines += yaml_scalar("month", published.month, 4)
    notes = f"Article {article.id} of the dataset. {draft.citation.notes}"
    return lines + yaml_scalar("notes", notes, 4)


def citation_cff(
    document: str, drafts: dict[str, D.ArticleDraft], articles: dict[str, Article]
) -> str:
    head, marker, _ = document.partition("\nreferences:\n")
    if not marker:
        fail("CITATION.cff needs a top-level 'references:' key (the build writes the list)")
    lines = [line for a in sorted(articles) for line in reference(articles[a], drafts[a])]
    return head + marker + "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------- docs/extractor.md


def baseline_block(page: str) -> str:
    """What the commands of the "Baseline scores" section of ``docs/extractor.md`` print for the
    bundled data on disk (the extractor over the bundled articles, scored against the bundled
    quotes)."""
    try:
        section = page.split("\n## Baseline scores\n", 1)[1]
        commands = section.split("```bash\n", 1)[1].split("```", 1)[0].strip().splitlines()
    except IndexError:
        fail("docs/extractor.md: no ```bash block of commands under '## Baseline scores'")
    paths = [str(ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    output = ""
    with tempfile.TemporaryDirectory() as tmp:
        for command in commands:
            words = command.split()
            if words[:1] != ["quotes"]:
                fail(f"docs/extractor.md, Baseline scores: {command!r} is not a quotes command")
            done = subprocess.run(
                [sys.executable, "-m", "quotes", *words[1:]],
                cwd=tmp,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                fail(
                    f"docs/extractor.md, Baseline scores: {command!r} failed: {done.stderr.strip()}"
                )
            output = done.stdout
    return output


# ------------------------------------------------------------------------------------ outputs


def jsonl(records: Sequence[Article] | Sequence[Quote]) -> str:
    return "".join(r.model_dump_json() + "\n" for r in records)


def outputs() -> tuple[dict[Path, str], dict[str, bytes]]:
    """Every file the build makes, with its up-to-date text, and the files of ``hub/`` (path
    relative to it -> content). Raises :class:`BuildError`."""
    try:
        drafts = D.load_all()
    except D.DraftError as error:
        fail(str(error))
    if not drafts:
        fail(f"no drafts in {D.ARTICLES_DIR}")
    articles = build_articles(drafts)
    built = build_quotes(drafts, articles)
    quotes = sorted((q for _, q in built), key=lambda q: (q.article_id, q.spans[0][0]))
    listed = build_non_quotations(drafts, articles, quotes)
    texts = {
        DATA / "articles.jsonl": jsonl(list(articles.values())),
        DATA / "quotes.jsonl": jsonl(quotes),
        NON_QUOTATIONS_JSON: json.dumps(listed, ensure_ascii=False, indent=2) + "\n",
        ANNOTATION_MD: annotation_md(
            ANNOTATION_MD.read_text(encoding="utf-8"), drafts, articles, built, listed
        ),
        CITATION_CFF: citation_cff(CITATION_CFF.read_text(encoding="utf-8"), drafts, articles),
        D.SCHEMA: D.schema(),
    }
    texts[EXTRACTOR_MD] = EXTRACTOR_MD.read_text(encoding="utf-8")
    return texts, hub_outputs(quotes, list(articles.values()))


# ------------------------------------------------------------------------------------ hub/


def hub_outputs(quotes: Sequence[Quote], articles: Sequence[Article]) -> dict[str, bytes]:
    """Every file of ``hub/`` (path relative to it -> content), as ``quotes export --format
    hub`` writes it for these records."""
    corpus = facts(quotes, articles, title=BUNDLED_TITLE)
    with tempfile.TemporaryDirectory() as tmp:
        write_hub(corpus, tmp)
        return {name: (Path(tmp) / name).read_bytes() for name in hub_files(corpus)}


def same_file(name: str, current: Path, expected: bytes) -> bool:
    """Whether the file ``current`` of ``hub/`` holds ``expected``; Parquet by content."""
    if not current.is_file():
        return False
    if not name.endswith(".parquet"):
        return current.read_bytes() == expected
    import pyarrow as pa
    import pyarrow.parquet as pq

    def content(source: Any) -> tuple[Any, list[int]]:
        meta = pq.ParquetFile(source).metadata
        rows = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
        return pq.read_table(source, use_threads=False), rows

    (have, have_rows), (want, want_rows) = content(current), content(pa.BufferReader(expected))
    return have_rows == want_rows and have.equals(want, check_metadata=True)


def stale_hub(expected: dict[str, bytes]) -> tuple[list[str], list[Path]]:
    """The files of ``hub/`` that are out of date or missing, and those it should not hold."""
    stale = [name for name, data in expected.items() if not same_file(name, HUB / name, data)]
    present = [p for p in HUB.rglob("*") if p.is_file()] if HUB.is_dir() else []
    extra = [p for p in present if p.relative_to(HUB).as_posix() not in expected]
    return stale, extra


def write_hub_files(expected: dict[str, bytes], stale: list[str], extra: list[Path]) -> None:
    for name in stale:
        path = HUB / name
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(expected[name])
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        print(f"wrote {path.relative_to(ROOT)}")
    for path in extra:
        path.unlink()
        print(f"removed {path.relative_to(ROOT)}")


def report_stale(stale: list[Path], total: int) -> int:
    """``--check``: name every out-of-date file; the exit code."""
    for path in stale:
        print(
            f"out of date: {path.relative_to(ROOT)}; run python curation/build.py", file=sys.stderr
        )
    if not stale:
        print(f"up to date: {total} files")
    return 1 if stale else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python curation/build.py",
        description="Build quotes/data/ and every derived file (non_quotations.json, "
        "docs/annotation.md blocks, CITATION.cff references, the baseline table of "
        "docs/extractor.md, hub/) from the "
        "drafts in curation/articles/.",
        epilog="example: python curation/build.py --check",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a file is out of date"
    )
    args = parser.parse_args(argv)
    try:
        texts, hub = outputs()
        if not args.check:  # the baseline runs on the data on disk, so write the data first
            for path in (DATA / "articles.jsonl", DATA / "quotes.jsonl"):
                if not path.is_file() or path.read_text(encoding="utf-8") != texts[path]:
                    D.write_atomic(path, texts[path])
                    print(f"wrote {path.relative_to(ROOT)}")
        block = baseline_block(texts[EXTRACTOR_MD])
        texts[EXTRACTOR_MD] = replace_block(
            texts[EXTRACTOR_MD], "baseline", block, "docs/extractor.md"
        )
    except BuildError as error:
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    stale = [
        path
        for path, text in texts.items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]
    hub_stale, hub_extra = stale_hub(hub)
    if args.check:
        return report_stale(
            [*stale, *(HUB / name for name in hub_stale), *hub_extra], len(texts) + len(hub)
        )
    for path in stale:
        D.write_atomic(path, texts[path])
        print(f"wrote {path.relative_to(ROOT)}")
    write_hub_files(hub, hub_stale, hub_extra)
    quotes = texts[DATA / "quotes.jsonl"].splitlines()
    kinds = Counter(json.loads(line)["kind"] for line in quotes)
    print(
        f"{len(texts[DATA / 'articles.jsonl'].splitlines())} articles, {len(quotes)} quotes "
        f"({', '.join(f'{k} {kinds[k]}' for k in KINDS)}), "
        f"{len(json.loads(texts[NON_QUOTATIONS_JSON]))} non-quotations"
    )
    return 0


if __name__ == "__main__":
    code = main()
    # Reading Parquet starts Arrow's thread pools, which now and then abort the interpreter's
    # own exit (std::terminate on a joinable thread, apache/arrow#34314): everything is written
    # and closed by now, so end the process without that teardown.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
