"""Core: the domain's rules and facts, written once, with no files and no processes.

The record models and their record-level rules, the corpus-level rules (a quote against its
article), the problem registry and the report, the pairing of predicted with gold quotations,
the quotation marks (:mod:`.marks`), the regions a quote may stand in (:mod:`.regions`), the
token rule (:mod:`.tokens`), the id rules (:mod:`.ids`) and the bundled configs. Every other
layer imports from here; this layer imports nothing of the package but :mod:`quotes.version`.
"""
