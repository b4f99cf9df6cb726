"""How a Hub folder asks to be cited: BibTeX for its card and Croissant, and ``CITATION.cff``,
citing the package and the corpus the records come from."""

from __future__ import annotations

import json
from dataclasses import dataclass

from quotes.core.models import Article
from quotes.publish.facts import Facts
from quotes.version import DISTRIBUTION, __version__

__all__ = ["CITE_AS", "CORPORA", "Cited", "bibtex", "citation_cff"]

AUTHORS = "The quotes project contributors"
CITE_AS = (
    "@misc{nato_russia_quotes,\n"
    f"  title = {{{DISTRIBUTION}: a gold-standard quote-attribution dataset "
    "(NATO-Russia missile defence news, 2001-2011)},\n"
    f"  author = {{{{{AUTHORS}}}}},\n"
    f"  note = {{Version {__version__}}}\n"
    "}"
)
"""The package (and its bundled dataset), as BibTeX."""


@dataclass(frozen=True)
class Cited:
    """A source corpus as a citation."""

    key: str
    title: str
    authors: tuple[str, ...]
    year: int
    venue: str
    url: str


CORPORA: dict[str, Cited] = {
    "polnear": Cited(
        "newell2018polnear",
        "An Attribution Relations Corpus for Political News",
        ("Edward Newell", "Drew Margolin", "Derek Ruths"),
        2018,
        "Proceedings of LREC 2018",
        "https://github.com/networkdynamics/PolNeAR",
    ),
    "wikinews-de": Cited(
        "petersenfrey2024german",
        "Dataset of Quotation Attribution in German News Articles",
        ("Fynn Petersen-Frey", "Chris Biemann"),
        2024,
        "Proceedings of LREC-COLING 2024",
        "https://github.com/uhh-lt/german-news-quotation-attribution-2024",
    ),
    "quotebank": Cited(
        "vaucher2021quotebank",
        "Quotebank: A Corpus of Quotations from a Decade of News",
        ("Timoté Vaucher", "Andreas Spitz", "Michele Catasta", "Robert West"),
        2021,
        "Proceedings of WSDM 2021",
        "https://doi.org/10.5281/zenodo.4277311",
    ),
}
"""``quotes import`` format name -> the work that published the corpus."""


def _bibtex_entry(cited: Cited) -> str:
    return (
        f"@inproceedings{{{cited.key},\n"
        f"  title = {{{cited.title}}},\n"
        f"  author = {{{' and '.join(cited.authors)}}},\n"
        f"  booktitle = {{{cited.venue}}},\n"
        f"  year = {{{cited.year}}},\n"
        f"  url = {{{cited.url}}}\n"
        "}"
    )


def bibtex(corpus: Facts) -> str:
    """The BibTeX entries to cite: the package, then each source corpus it knows."""
    entries = [CITE_AS, *(_bibtex_entry(CORPORA[c]) for c in corpus.corpora if c in CORPORA)]
    return "\n\n".join(entries)


def _scalar(value: str | int) -> str:
    return str(value) if isinstance(value, int) else json.dumps(value, ensure_ascii=False)


def _reference_lines(fields: list[tuple[str, str | int]], authors: list[str]) -> list[str]:
    (first_key, first), *rest = fields
    lines = [f"  - {first_key}: {_scalar(first)}"]
    lines += [f"    {key}: {_scalar(value)}" for key, value in rest]
    lines += ["    authors:", *(f"      - name: {_scalar(name)}" for name in authors)]
    return lines


def _article_reference(article: Article) -> list[str]:
    fields: list[tuple[str, str | int]] = [
        ("type", "newspaper-article"),
        ("title", article.title or f"Article {article.id}"),
    ]
    if article.url:
        fields.append(("url", article.url))
    fields.append(("year", article.published.year))
    fields.append(("notes", f"Article {article.id} of the dataset."))
    return _reference_lines(fields, [article.outlet or "Unknown"])


def citation_cff(corpus: Facts) -> str:
    """The text of the folder's ``CITATION.cff`` (CFF 1.2.0): the dataset, with references to
    the package and to the source corpora (or, for records made with the package, to the
    articles)."""
    lines = [
        "cff-version: 1.2.0",
        "message: If you use this dataset, please cite it and the works it comes from.",
        "type: dataset",
        f"title: {_scalar(corpus.title)}",
        "authors:",
        f"  - name: {_scalar(AUTHORS)}",
        f"version: {_scalar(__version__)}",
    ]
    if corpus.licence.license.startswith("cc-"):
        lines.append(f"license: {corpus.licence.license.upper()}")
    lines.append("references:")
    package: list[tuple[str, str | int]] = [
        ("type", "software"),
        ("title", DISTRIBUTION),
        ("version", __version__),
    ]
    lines += _reference_lines(package, [AUTHORS])
    for name in corpus.corpora:
        if name in CORPORA:
            cited = CORPORA[name]
            fields: list[tuple[str, str | int]] = [
                ("type", "conference-paper"),
                ("title", cited.title),
                ("year", cited.year),
                ("url", cited.url),
                ("notes", f"The {name} corpus, which the records were imported from."),
            ]
            lines += _reference_lines(fields, list(cited.authors))
    for article in sorted(corpus.articles, key=lambda a: a.id):
        if article.source is None:
            lines += _article_reference(article)
    return "\n".join(lines) + "\n"
