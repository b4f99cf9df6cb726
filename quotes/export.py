"""Export the bundled dataset as JSONL, Parquet or CSV; every file is written atomically."""

from __future__ import annotations

import csv
import errno
import json
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .io import atomic_output, write
from .models import Article, Quote

if TYPE_CHECKING:
    from .progress import Progress

__all__ = ["export"]

Format = Literal["jsonl", "parquet", "csv"]


def export(
    fmt: Format, out: Path, *, force: bool = False, progress: Progress | None = None
) -> list[Path]:
    """Write ``quotes.<fmt>`` and ``articles.<fmt>`` into ``out`` and return their paths.

    Raises ``FileExistsError`` (before writing anything) when an output exists and ``force`` is
    false. CSV cells of nested fields (``spans``, ``speaker``, ...) hold compact JSON.
    ``progress`` (a :class:`quotes.progress.Progress`) is told of each file's records once written.
    """
    from .corpus import load

    targets = [out / f"{name}.{fmt}" for name in ("quotes", "articles")]
    existing = [str(t) for t in targets if t.exists()]
    if existing and not force:
        raise FileExistsError(errno.EEXIST, "already exists (--force replaces it)", existing[0])
    corpus = load()
    records: dict[str, list[Quote] | list[Article]] = {
        "quotes": corpus.quotes,
        "articles": list(corpus.articles.values()),
    }
    for target in targets:
        rows = records[target.stem]
        if fmt == "jsonl":
            write(rows, target, overwrite=True)
        elif fmt == "parquet":
            import datasets

            from .hub import to_dataset

            dataset = to_dataset()[target.stem]
            bars = datasets.is_progress_bar_enabled()
            datasets.disable_progress_bars()  # quotes draws its own bar, on terminals only
            try:
                with atomic_output(target) as tmp:
                    dataset.to_parquet(str(tmp))
            finally:
                if bars:
                    datasets.enable_progress_bars()
        else:
            with (
                atomic_output(target) as tmp,
                tmp.open("w", newline="", encoding="utf-8") as f,
            ):
                dumped = [r.model_dump(mode="json") for r in rows]
                writer = csv.DictWriter(f, fieldnames=list(dumped[0]))
                writer.writeheader()
                for row in dumped:
                    writer.writerow(
                        {
                            k: json.dumps(v, ensure_ascii=False)
                            if isinstance(v, dict | list)
                            else v
                            for k, v in row.items()
                        }
                    )
        if progress is not None:
            progress.update(target.stat().st_size, len(rows))
    return targets
