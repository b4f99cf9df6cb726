"""Static HTML views of articles with their quotations highlighted, for checking records by eye.

:func:`quotes.view.pages.write_view` writes one page per article (``article-<id>.html``) and an
``index.html`` into a folder (``quotes view`` reads the files with :func:`quotes.load` and calls
it). The pages need no server and no network: the CSS and the little JavaScript they use are
inline, and nothing is fetched. What a page shows: :mod:`quotes.view.pages`; how gold and
predicted records are compared: :mod:`quotes.view.compare`.

Modules, by job: ``markup`` (escaping, and valid nesting from overlapping highlights),
``columns`` (an article's text with one set of quotations and their side list), ``assets`` (style
sheet, script, legend, page frame), ``compare`` (matches on :mod:`quotes.core.pairing`), ``pages``
(the pages and writing them).
"""
