"""The learned extractor: a CRF (python-crfsuite, the ``learn`` extra) tagging each paragraph's
tokens with BIO tags for content, source (the speaker mention) and cue, over the features of
:mod:`.features` (the rules' own proposals among them); :mod:`.decode` turns the tags into
records.

:func:`train` writes a model folder (:data:`MODEL_FILE`, the CRF, and :data:`MANIFEST_FILE`, what
it was trained on, with which settings, and the rights it inherits); :func:`load_model` reads
one, and :meth:`Model.extract` proposes records for an article as :func:`.merge.extract` does.

Training reads only the ``train`` split of each corpus, and ``validation`` (``dev``) to choose
the regularisation; a corpus without splits is all ``train``. It is reproducible: the articles
are read in order of corpus and id and their paragraphs in document order, and crfsuite's L-BFGS
has no randomness, so the same data and settings give the same model, byte for byte.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quotes.core.models import Article, Quote
from quotes.core.splits import article_split
from quotes.extract.decode import (
    CONTENT,
    CUE,
    SOURCE,
    chunks,
    combined,
    decoding,
    learned_first,
    records,
    weak_sources,
)
from quotes.extract.features import FEATURE_SET, Reading, read_article
from quotes.extract.induced import LEXICON_FILE, Induced, add_induced, induce
from quotes.extract.merge import ExtractionError
from quotes.io.files import Overwrite, staged
from quotes.version import __version__

if TYPE_CHECKING:
    import pycrfsuite

    from quotes.engine.corpus import Corpus

__all__ = [
    "GRID",
    "MANIFEST_FILE",
    "MODEL_FILE",
    "TOOL_NAME",
    "Manifest",
    "Model",
    "ModelError",
    "NoLearning",
    "Trained",
    "load_model",
    "tag_article",
    "train",
]

TOOL_NAME = "quotes-crf"
"""The tool name written into ``annotation.tool`` of a learned record (with the version)."""
MODEL_FILE = "model.crfsuite"
MANIFEST_FILE = "manifest.json"
FORMAT = "quotes-crf-model"
"""The manifest's ``format``: what the folder holds."""
GRID = ((2.0, 0.01), (1.0, 0.01))
"""The ``(c1, c2)`` tried on ``validation`` when there is one (the best token F1 of the three
roles there wins); the first when there is none. On PolNeAR dev, c1 0.1 scored 0.786, 0.3 scored
0.800, 1.0 scored 0.820 (c2 0.01; feature set 1); the German corpus's dev chose 1.0 over 0.3.
Trained on PolNeAR train alone with the induced word lists (feature set 4), c1 2.0 against 1.0
scored CofeNet exact F1 0.722 / 0.661 / 0.602 against 0.713 / 0.660 / 0.588 (source, cue,
content) on dev and token-overlap F1 0.854 against 0.852; c2 0.1 and 0.001 (c1 1.0) scored
lower. Each setting is one fit, about four minutes on one core; 400 L-BFGS iterations instead
of 150 gained less than 0.005 (feature set 3)."""
MAX_ITERATIONS = 150
"""L-BFGS iterations: training stops there (or earlier, when it converges)."""


class ModelError(ExtractionError):
    """A model folder that cannot be used: missing, not a model, or of other features."""


class NoLearning(ExtractionError):
    """python-crfsuite is not installed (``pip install "nato-russia-quotes[learn]"``)."""

    def __init__(self) -> None:
        super().__init__(
            'the learned extractor needs python-crfsuite: pip install "nato-russia-quotes[learn]"'
        )


def _crfsuite() -> Any:
    try:
        import pycrfsuite
    except ImportError:
        raise NoLearning() from None
    return pycrfsuite


@dataclass(frozen=True)
class Manifest:
    """What a model was trained on and how (``manifest.json``)."""

    format: str
    package_version: str
    feature_set: int
    corpora: list[dict[str, Any]]
    """Each corpus: its ``name``, the ``splits`` read (``train``, ``validation``) and counts."""
    rights: list[str]
    """Every distinct ``rights`` of the articles trained on: the model inherits them."""
    c1: float
    c2: float
    max_iterations: int
    scores: dict[str, float] = field(default_factory=dict)
    """Token F1 on ``validation`` of each setting tried (``"c1=0.1 c2=0.01"``), when tuned."""
    lexicon: str = LEXICON_FILE
    """The file of the folder holding the word lists induced from ``train``
    (:mod:`.induced`)."""


@dataclass(frozen=True)
class Trained:
    """What :func:`train` wrote."""

    folder: Path
    manifest: Manifest
    sequences: int
    """Paragraphs trained on."""


def gold_tags(reading: Reading, quotes: Sequence[Quote]) -> list[list[str]]:
    """The BIO tags of each paragraph of ``reading`` from the records of its article: a token
    is content when a content span covers it, else source or cue (source or cue first, then
    content, where the article's language decodes so: :attr:`.decode.Decoding.source_over_content`);
    one record's spans are one chunk each (``B-`` at each span's first token)."""
    label: dict[int, tuple[str, int]] = {}

    def mark(start: int, end: int, role: str) -> None:
        for i in range(start, end):
            label.setdefault(i, (role, start))

    first, then = _mark_contents, _mark_roles
    if decoding(reading.article.language).source_over_content:
        first, then = then, first
    first(quotes, mark)
    then(quotes, mark)
    tags = []
    for paragraph in reading.paragraphs:
        row, previous = [], None
        for start, end in paragraph.tokens:
            found = next((label[i] for i in range(start, end) if i in label), None)
            if found is None:
                row.append("O")
            else:
                row.append(("I-" if previous == found else "B-") + found[0])
            previous = found
        tags.append(row)
    return tags


def _mark_contents(quotes: Sequence[Quote], mark: Callable[[int, int, str], None]) -> None:
    for q in quotes:
        for s, e in q.spans:
            mark(s, e, CONTENT)


def _mark_roles(quotes: Sequence[Quote], mark: Callable[[int, int, str], None]) -> None:
    for q in quotes:
        if q.speaker.mention is not None:
            mark(q.speaker.mention.start, q.speaker.mention.end, SOURCE)
        if q.cue is not None:
            mark(q.cue.start, q.cue.end, CUE)


Example = tuple[list[list[str]], list[str]]
"""One paragraph's features and gold tags."""


def _tagged(corpora: Mapping[str, Corpus], split: str) -> list[tuple[Reading, list[list[str]]]]:
    """Every article of ``split`` read, with its paragraphs' gold tags, in order of corpus and
    article id."""
    result = []
    for corpus in corpora.values():
        by_article: dict[str, list[Quote]] = {}
        for q in corpus.quotes:
            by_article.setdefault(q.article_id, []).append(q)
        for key in sorted(corpus.articles):
            article = corpus.articles[key]
            if article_split(article) != split:
                continue
            reading = read_article(article)
            result.append((reading, gold_tags(reading, by_article.get(key, []))))
    return result


def _examples(tagged: Sequence[tuple[Reading, list[list[str]]]], induced: Induced) -> list[Example]:
    """Every paragraph of ``tagged``, in order, with the ``induced`` features added."""
    result = []
    for reading, tags in tagged:
        add_induced(reading, induced)
        for paragraph, row in zip(reading.paragraphs, tags, strict=True):
            result.append((paragraph.features, row))
    return result


def _fit(
    examples: Sequence[tuple[list[list[str]], list[str]]], c1: float, c2: float, path: Path
) -> None:
    trainer = _crfsuite().Trainer(verbose=False)
    for features, tags in examples:
        trainer.append(features, tags)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": MAX_ITERATIONS,
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(path))


def _token_f1(model: Path, examples: Sequence[tuple[list[list[str]], list[str]]]) -> float:
    """Micro F1 over tokens of the three roles (``B-`` and ``I-`` alike)."""
    tagger = _crfsuite().Tagger()
    tagger.open(str(model))
    hit = predicted = gold = 0
    for features, tags in examples:
        for p, g in zip(tagger.tag(features), tags, strict=True):
            p_role, g_role = p[2:], g[2:]
            predicted += bool(p_role)
            gold += bool(g_role)
            hit += bool(p_role) and p_role == g_role
    tagger.close()
    return 2 * hit / (predicted + gold) if predicted + gold else 0.0


def _rights(corpora: Mapping[str, Corpus], splits: set[str]) -> list[str]:
    articles = [a for corpus in corpora.values() for a in corpus.articles.values()]
    return sorted({a.rights for a in articles if article_split(a) in splits})


def _tune(
    train_set: Sequence[tuple[list[list[str]], list[str]]],
    dev_set: Sequence[tuple[list[list[str]], list[str]]],
    grid: Sequence[tuple[float, float]],
    work: Path,
) -> tuple[tuple[float, float], Path, dict[str, float]]:
    """The ``(c1, c2)`` of ``grid`` whose model scores best on ``dev_set`` (the first of equals),
    that model's file in ``work``, and every setting's score."""
    scores: dict[str, float] = {}
    best, best_score, best_path = grid[0], -1.0, work
    for c1, c2 in grid:
        path = work / f"c1={c1}-c2={c2}.crfsuite"
        _fit(train_set, c1, c2, path)
        score = scores[f"c1={c1} c2={c2}"] = round(_token_f1(path, dev_set), 4)
        if score > best_score:
            best, best_score, best_path = (c1, c2), score, path
    return best, best_path, scores


def train(
    corpora: Mapping[str, Corpus],
    out: str | os.PathLike[str],
    *,
    grid: Sequence[tuple[float, float]] = GRID,
    overwrite: Overwrite = False,
) -> Trained:
    """Train a model on the ``train`` split of ``corpora`` (by name), its ``(c1, c2)`` chosen
    from ``grid`` on their ``validation`` split when there is one (else the first of ``grid``),
    and write it to the folder ``out`` (all or nothing, :func:`quotes.io.files.staged`; an
    existing file there is replaced only as ``overwrite`` allows). ``test`` is never read.
    Raises :class:`NoLearning` without python-crfsuite, ``ValueError`` when there is nothing to
    train on."""
    train_tagged = _tagged(corpora, "train")
    induced = induce(train_tagged)
    train_set = _examples(train_tagged, induced)
    del train_tagged
    if not any(any(t != "O" for t in tags) for _, tags in train_set):
        raise ExtractionError("no quote in the train split of the corpora: nothing to learn from")
    dev_set = _examples(_tagged(corpora, "validation"), induced)
    with tempfile.TemporaryDirectory(prefix="quotes-train-") as work:
        if dev_set and len(grid) > 1:
            (c1, c2), fitted, scores = _tune(train_set, dev_set, grid, Path(work))
        else:
            (c1, c2), scores = grid[0], {}
            fitted = Path(work) / MODEL_FILE
            _fit(train_set, c1, c2, fitted)
        splits = {"train", "validation"} if dev_set else {"train"}
        manifest = Manifest(
            format=FORMAT,
            package_version=__version__,
            feature_set=FEATURE_SET,
            corpora=[_described(name, c) for name, c in corpora.items()],
            rights=_rights(corpora, splits),
            c1=c1,
            c2=c2,
            max_iterations=MAX_ITERATIONS,
            scores=scores,
            lexicon=LEXICON_FILE,
        )
        with staged(out, [MODEL_FILE, LEXICON_FILE, MANIFEST_FILE], overwrite=overwrite) as stage:
            shutil.copyfile(fitted, stage.path(MODEL_FILE))
            stage.path(LEXICON_FILE).write_text(induced.dumps(), encoding="utf-8")
            text = json.dumps(asdict(manifest), indent=2, ensure_ascii=False) + "\n"
            stage.path(MANIFEST_FILE).write_text(text, encoding="utf-8")
    return Trained(Path(out), manifest, len(train_set))


def _described(name: str, corpus: Corpus) -> dict[str, Any]:
    splits: dict[str, int] = {}
    for article in corpus.articles.values():
        split = article_split(article)
        if split in ("train", "validation"):
            splits[split] = splits.get(split, 0) + 1
    return {"name": name, "articles_by_split": dict(sorted(splits.items()))}


class Model:
    """A trained model, ready to tag (:func:`load_model`). Pickled as its folder's path, so a
    worker process opens its own copy."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.manifest = _manifest(self.folder)
        self.induced = _induced(self.folder, self.manifest)
        self._tagger: pycrfsuite.Tagger = _crfsuite().Tagger()
        self._tagger.open(str(self.folder / MODEL_FILE))
        self.tool = f"{TOOL_NAME} {__version__}"

    def __reduce__(self) -> tuple[type[Model], tuple[str]]:
        return (Model, (str(self.folder),))

    def extract(self, article: Article) -> list[Quote]:
        """Proposed records for one article, in document order, each checked verbatim: the
        rules' quotations and the model's other records (:func:`.decode.combined`), or, where
        the article's language decodes so, the model's records and the rules' quotations they
        miss (:func:`.decode.learned_first`)."""
        reading = self._read(article)
        merge = combined if decoding(reading.article.language).rules_first else learned_first
        return merge(reading.proposed, self._records(reading))

    def learned(self, article: Article) -> list[Quote]:
        """The model's own records for one article, without the rules' quotations (to measure
        what it learned), in document order, each checked verbatim."""
        return self._records(self._read(article))

    def _read(self, article: Article) -> Reading:
        reading = read_article(article)
        add_induced(reading, self.induced)
        return reading

    def _records(self, reading: Reading) -> list[Quote]:
        return records(reading, tag_article(self._tagger, reading), self.tool)

    def extract_all(self, articles: Iterable[Article]) -> list[Quote]:
        """:meth:`extract` over several articles, concatenated."""
        return [q for article in articles for q in self.extract(article)]


def tag_article(tagger: Any, reading: Reading) -> list[list[Any]]:
    """The chunks of each paragraph of ``reading`` as ``tagger`` tags them (and its weak sources,
    where the article's language decodes so: :attr:`.decode.Decoding.weak_sources`)."""
    weak = decoding(reading.article.language).weak_sources
    result = []
    for paragraph in reading.paragraphs:
        tags = tagger.tag(paragraph.features)
        confidences = [tagger.marginal(tag, i) for i, tag in enumerate(tags)]
        found = chunks(tags, confidences)
        if weak:
            found += weak_sources(tags, _source_chances(tagger, len(tags)))
        result.append(found)
    return result


def _source_chances(tagger: Any, n: int) -> list[float]:
    """Each token's probability of a source tag, as ``tagger`` last tagged."""
    return [tagger.marginal(f"B-{SOURCE}", i) + tagger.marginal(f"I-{SOURCE}", i) for i in range(n)]


def _manifest(folder: Path) -> Manifest:
    try:
        raw = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{folder}: no {MANIFEST_FILE}; not a model quotes train wrote") from None
    except (OSError, ValueError) as e:
        raise ModelError(f"{folder}: cannot read {MANIFEST_FILE} ({e})") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ModelError(f"{folder}: {MANIFEST_FILE} does not describe a quotes model")
    if raw.get("feature_set") != FEATURE_SET:
        raise ModelError(
            f"{folder}: trained on feature set {raw.get('feature_set')}, this version reads "
            f"{FEATURE_SET}; train it again"
        )
    if not (folder / MODEL_FILE).is_file():
        raise ModelError(f"{folder}: no {MODEL_FILE}")
    if raw.get("lexicon") != LEXICON_FILE:
        raise ModelError(f"{folder}: {MANIFEST_FILE} names no {LEXICON_FILE}; train it again")
    return Manifest(**raw)


def _induced(folder: Path, manifest: Manifest) -> Induced:
    """The word lists the model was trained with (:data:`.induced.LEXICON_FILE`)."""
    try:
        raw = json.loads((folder / manifest.lexicon).read_text(encoding="utf-8"))
        return Induced.from_json(raw)
    except FileNotFoundError:
        raise ModelError(f"{folder}: no {manifest.lexicon}; train it again") from None
    except (OSError, ValueError) as e:
        raise ModelError(f"{folder}: cannot read {manifest.lexicon} ({e})") from None


def load_model(folder: str | os.PathLike[str]) -> Model:
    """The model in ``folder`` (as :func:`train` wrote it). Raises :class:`ModelError` for a
    folder that holds none, or one trained on other features, and :class:`NoLearning` without
    python-crfsuite."""
    return Model(folder)
