"""Engine: the checking pipeline (:func:`quotes.validate`) and what reads through it
(:func:`quotes.load`), with its engines: the sequential one (:class:`quotes.engine.check.Checker`,
which load, import and evaluate use too), the fast record validator, the process pool
(:mod:`quotes.engine.parallel`) and Spark (:mod:`quotes.engine.spark`).

Built on :mod:`quotes.io` and :mod:`quotes.core`.
"""
