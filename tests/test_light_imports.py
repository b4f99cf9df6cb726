"""The features that do not validate files load neither the validation engine nor msgspec."""

from __future__ import annotations

import subprocess
import sys

import pytest

ENGINE = ("quotes.engine.pipeline", "quotes.engine.parallel", "quotes.engine.fast", "msgspec")


@pytest.mark.parametrize("feature", ["quotes.view", "quotes.extract", "quotes.formats"])
def test_a_feature_imports_without_the_validation_engine(feature: str) -> None:
    code = f"import sys, {feature}; print(*[m for m in {ENGINE!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == []
