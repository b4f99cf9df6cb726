"""Start the draft of a new article from its seed file and the records ``quotes extract`` proposes.

    quotes extract SEED.txt --date YYYY-MM-DD --out proposed.jsonl --articles-out article.jsonl
    python curation/draft.py SEED.txt proposed.jsonl

writes ``curation/articles/<id>.json`` (the id is the seed's whole stem,
:func:`quotes.core.ids.article_id_for`) holding:

* the text reference (file name and SHA-256 of the seed);
* the metadata: the date and its precision from the proposals, every other fact a ``TODO``
  placeholder or null for the annotator to fill in from PROVENANCE.md;
* every proposed record, turned into verbatim strings (locators) and marked ``proposed_by``;
* every other pair of quotation marks as a non-quotation with a ``TODO`` reason.

The build refuses the article while a ``TODO`` or a ``proposed_by`` is left, so nothing reaches
``quotes/data/`` unread. See docs/annotation.md, section 13, for the whole workflow.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import drafts as D  # noqa: E402  (curation/drafts.py)
import records as R  # noqa: E402  (curation/records.py)

from quotes.core.ids import article_id_for  # noqa: E402
from quotes.core.models import Quote  # noqa: E402

TODO = D.TODO


def locator_for(text: str, start: int, end: int) -> D.Locator:
    """The simplest locator of ``text[start:end]``: the string, or its occurrence by index."""
    needle = text[start:end]
    hits = R.occurrences(text, needle)
    return needle if len(hits) == 1 else D.Nth(text=needle, index=hits.index(start))


def quote_draft(text: str, q: Quote) -> D.QuoteDraft:
    """A proposed record as the annotator will edit it: strings, no offsets."""
    tool = q.annotation.tool or q.annotation.method
    if q.annotation.confidence is not None:
        tool += f" (confidence {q.annotation.confidence:.2f})"
    uttered = None
    if q.uttered and q.uttered_precision and q.uttered_confidence and q.uttered_evidence:
        uttered = D.Uttered(
            date=q.uttered,
            precision=q.uttered_precision,
            confidence=q.uttered_confidence,
            evidence=q.uttered_evidence,
        )
    mention = q.speaker.mention
    return D.QuoteDraft(
        kind=q.kind,
        segments=[locator_for(text, s, e) for s, e in q.spans],
        speaker=D.SpeakerDraft(
            name=q.speaker.name,
            description=q.speaker.description,
            type=q.speaker.type,
            members=list(q.speaker.members),
            wikidata=q.speaker.wikidata,
            mention=locator_for(text, mention.start, mention.end) if mention else None,
            evidence=q.speaker.evidence or f"{TODO}: how name and role were established",
        ),
        cue=locator_for(text, q.cue.start, q.cue.end) if q.cue else None,
        addressee=q.addressee,
        via=q.via,
        uttered=uttered,
        region=q.region,
        proposed_by=tool,
    )


def new_draft(seed: Path, proposed: list[Quote]) -> D.ArticleDraft:
    """The draft of the article in ``seed`` with the ``proposed`` records of that article."""
    raw = seed.read_bytes()
    text = raw.decode("utf-8")
    article_id = article_id_for(seed.name)
    mine = [q for q in proposed if q.article_id == article_id]
    if not mine:
        raise ValueError(f"no proposed record of article {article_id!r}")
    first = mine[0]
    quotes = [quote_draft(text, q) for q in sorted(mine, key=lambda q: q.spans[0][0])]
    inside = [(s, e) for q in mine for s, e in q.spans]
    others = [
        D.NonQuotation(
            text=locator_for(text, a, b),
            reason=f"{TODO}: a quotation (then add its record) or a label (say why)",
        )
        for a, b in R.mark_pairs(text, article_id)
        if not any(s <= a and b <= e for s, e in inside) and a < b
    ]
    return D.ArticleDraft(
        schema_=D.SCHEMA_REF,
        file=seed.name,
        sha256=hashlib.sha256(raw).hexdigest(),
        title=f"{TODO}: the headline, or null if unknown",
        outlet=first.outlet or f"{TODO}: the outlet, or null if unknown",
        outlet_confidence=None,
        outlet_evidence=None,
        url=None,
        wire=None,
        wire_confidence=None,
        wire_evidence=None,
        byline=None,
        published=first.date,
        published_precision=first.date_precision,
        published_confidence="inferred",
        published_evidence=f"{TODO}: what the date rests on (the text, PROVENANCE.md)",
        rights_holder=f"{TODO}: the copyright holder of the text",
        citation=D.CitationDraft(
            author=f"{TODO}: the author named in CITATION.cff (the publisher if no byline)",
            notes=f"{TODO}: provenance in a few sentences (outlet, date, wire, byline)",
        ),
        quotes=quotes,
        non_quotations=others,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python curation/draft.py",
        description="Write curation/articles/<id>.json for a new seed article, from the records "
        "quotes extract proposed for it. Then edit the draft and run python curation/build.py.",
        epilog="example: python curation/draft.py ../shared/seeds/005_story.txt proposed.jsonl",
    )
    parser.add_argument("seed", type=Path, help="the article's seed file (UTF-8 text)")
    parser.add_argument("proposed", type=Path, help="quotes extract's output for it (JSONL)")
    parser.add_argument("--force", action="store_true", help="replace an existing draft")
    args = parser.parse_args(argv)
    try:
        article_id = article_id_for(args.seed.name)
        target = D.ARTICLES_DIR / f"{article_id}.json"
        if target.exists() and not args.force:
            raise ValueError(f"{target} exists (it may hold annotations): use --force to replace")
        lines = args.proposed.read_text(encoding="utf-8").splitlines()
        proposed = [Quote.model_validate_json(line) for line in lines if line.strip()]
        draft = new_draft(args.seed, proposed)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        print(f"python curation/draft.py: {error}", file=sys.stderr)
        return 2
    D.write_atomic(target, D.dumps(draft))
    print(
        f"wrote {target.relative_to(ROOT)}: {len(draft.quotes)} proposed records and "
        f"{len(draft.non_quotations)} other quoted strings to check, "
        f"{len(D.unfinished(draft)) - len(draft.quotes)} TODO placeholders to fill; "
        "edit it, then run python curation/build.py"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
