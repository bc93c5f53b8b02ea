"""Which page of a list was asked for, read the same way everywhere.

``requested_page()`` reads ``?page=``: a whole number of plain digits from 1 to
``MAX_PAGE``; anything else (empty, negative, ``2.5``, ``²``, ``1e9``, a NUL byte) means
page 1, and a larger number the last page there can be. ``paginate(query, per_page)`` gives
that page of a query, and the last page when the number is beyond the end, so an
out-of-range or garbled ``page=`` never reaches the database as a huge OFFSET (SQLite
refuses integers beyond 64 bits) and never answers an empty page by surprise.
"""

from __future__ import annotations

from flask import request

from register.extensions import db

#: no list of the portal comes near this many pages (the public search is capped at 1,000 hits)
MAX_PAGE = 10_000


def page_from(value: str | None) -> int:
    """A page number from the text ``value`` (see the module's docstring)."""
    text = (value or "").strip()
    if not text or not (text.isascii() and text.isdigit()):
        return 1
    return max(1, min(int(text[:6]), MAX_PAGE)) if len(text) <= 6 else MAX_PAGE


def requested_page(name: str = "page") -> int:
    """The page the request asks for in its query string."""
    return page_from(request.args.get(name))


def paginate(query, *, per_page: int, page: int | None = None):
    """One page of ``query`` (a Flask-SQLAlchemy ``Pagination``): the requested page, or
    the last one when the request asks for a page beyond the end."""
    number = requested_page() if page is None else page
    found = db.paginate(query, page=number, per_page=per_page, error_out=False)
    if found.pages and number > found.pages:
        found = db.paginate(query, page=found.pages, per_page=per_page, error_out=False)
    return found
