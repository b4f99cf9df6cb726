"""Engine: the checking pipeline (:func:`quotes.validate`) and what reads through it
(:func:`quotes.load`), with its engines: the fast record validator, the process pool
(:mod:`quotes.engine.parallel`) and Spark (:mod:`quotes.engine.spark`).

Built on :mod:`quotes.io` and :mod:`quotes.core`.
"""
