"""I/O: records in and out of files: lines in bounded memory, compressed inputs (bzip2 cut at
its blocks), JSON Lines records, atomic writes, ``datasets`` conversions and progress bars.

Built on :mod:`quotes.core` only.
"""
