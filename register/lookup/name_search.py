"""Name search whose cost follows the page, not the number of matches.

A typed name is read into relevance classes (``register.domain.names.parse_query``), best
first: the surname with the given names typed, another reading of the words, the surname
alone, the surname typed in part, and so on. Each class is split into *segments*, each one
range of one of the two name-search indexes (``ix_registration_name_search`` on the
surname key, ``ix_registration_name_search_alt`` on the alternative key), read in that
index's own order with a limit.
Segments are read one class after another until the page is full, so "Berg" (15,000 matches
in a register of a million) reads about as many index entries as "Bergsma" (a handful). A row
that more than one segment holds counts where it ranks best (``find``).

The total is counted up to ``TOTAL_CAP`` and no further: the page says "more than 1,000"
rather than reading every match to count it. Both the ranked segments and the capped count
read only index columns (the id is in both indexes), so neither database reads a table row
until the page's ids are known.

The statements depend only on the *shape* of the query (how many readings, how many given
names, whether a prefix or filters were given), so each shape is built once and reused with
new values.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, func, literal, not_, or_, select, true, union_all
from sqlalchemy.sql.elements import ColumnElement

from register.domain.names import NameQuery, key_variants, prefix_range
from register.models.registrations import Registration

#: Totals are counted up to this many; beyond it the answer says "more than".
TOTAL_CAP = 1000

_surname = Registration.surname_key
_alt = Registration.surname_alt_key
_given = Registration.given_key
_later = Registration.given_later_key
_prefix = Registration.prefix_key


@dataclass(frozen=True)
class Shape:
    """What the statements depend on: everything about a query except its values."""

    given_counts: tuple[int, ...]  # given-name words per reading, most likely reading first
    variants: int  # how many spellings of the first reading's surname to try in part
    prefix: bool
    tier: bool
    status: bool


@dataclass(frozen=True)
class Plan:
    """The statements for one shape: one per relevance class, best first (``:lim`` rows of
    each segment: segment number, rank in it, id), and one that counts the matches as
    disjoint ranges, each up to ``:cap``."""

    ranked: tuple
    counted: object
    everything: object  # every segment in one statement: for names with few matches
    #: the count and the first class in one statement (one round trip): ``total`` on every
    #: row, and the first class's ``seg, rn, id`` (NULL on the one row when it has none)
    counted_first: object


def shape_and_params(parsed: NameQuery, tier: int | None, status) -> tuple[Shape, dict]:
    """The query's shape and the values of its bound parameters."""
    params: dict = {}
    for i, (key, given) in enumerate(parsed.candidates):
        params[f"k{i}"] = key
        for j, word in enumerate(given):
            low, high = prefix_range(word)
            params[f"g{i}_{j}_lo"], params[f"g{i}_{j}_hi"] = low, high
            params[f"g{i}_{j}_first"], params[f"g{i}_{j}_later"] = f"{word}%", f"% {word}%"
    variants = key_variants(parsed.candidates[0][0])
    for v, variant in enumerate(variants):
        params[f"v{v}_lo"], params[f"v{v}_hi"] = prefix_range(variant)
    if parsed.prefix:
        params["p"] = parsed.prefix
    if tier is not None:
        params["tier"] = tier
    if status is not None:
        params["status"] = getattr(status, "value", status)
    shape = Shape(
        tuple(len(given) for _, given in parsed.candidates),
        len(variants),
        bool(parsed.prefix),
        tier is not None,
        status is not None,
    )
    return shape, params


def _eq(column, i: int) -> ColumnElement[bool]:
    condition = column == bindparam(f"k{i}")
    # The alternative key is mostly NULL: say so, so that the partial index applies and a
    # negation (in an exclusion) is never NULL.
    return and_(_alt.is_not(None), condition) if column is _alt else condition


def _range(column, v: int, after_exact: bool) -> ColumnElement[bool]:
    low = bindparam(f"v{v}_lo")
    lower = column > low if after_exact else column >= low
    condition = and_(lower, column < bindparam(f"v{v}_hi"))
    return and_(_alt.is_not(None), condition) if column is _alt else condition


def _word(i: int, j: int) -> ColumnElement[bool]:
    return or_(_given.like(bindparam(f"g{i}_{j}_first")), _given.like(bindparam(f"g{i}_{j}_later")))


def _given_all(i: int, words: int) -> ColumnElement[bool]:
    return and_(*[_word(i, j) for j in range(words)])


def _given_first(i: int, words: int) -> ColumnElement[bool]:
    """The first given name starts with the first typed one: a range of the index, since the
    given key follows the surname key (the LIKE keeps it exact under any collation)."""
    return and_(
        _given >= bindparam(f"g{i}_0_lo"),
        _given < bindparam(f"g{i}_0_hi"),
        _given.like(bindparam(f"g{i}_0_first")),
        *[_word(i, j) for j in range(1, words)],
    )


def _given_later(i: int, words: int) -> ColumnElement[bool]:
    """A later given name starts with the first typed one: a range of the index on the
    surname and the later given names (``ix_registration_name_search_later``)."""
    return and_(
        _later.is_not(None),
        _later >= bindparam(f"g{i}_0_lo"),
        _later < bindparam(f"g{i}_0_hi"),
        _later.like(bindparam(f"g{i}_0_first")),
        *[_word(i, j) for j in range(1, words)],
    )


def _classes(shape: Shape) -> list[list[tuple[object, ColumnElement[bool]]]]:
    """The relevance classes, best first, each a list of ``(index column, condition)``;
    the column is the index's first, or a tuple of the columns to order by."""
    counts = shape.given_counts
    exact = [(_surname, _eq(_surname, 0)), (_alt, _eq(_alt, 0))]
    classes: list[list[tuple[object, ColumnElement[bool]]]] = []

    def with_given(segments, i):
        if not counts[i]:
            return segments
        words = counts[i]
        first = [(col, and_(cond, _given_first(i, words))) for col, cond in segments]
        later = []
        for col, cond in segments:
            if col is _surname:  # the second given name, as a range of its own index
                later.append(((_surname, _later), and_(cond, _given_later(i, words))))
            else:  # alternative keys are few per name: filtered within their range
                later.append((col, and_(cond, _given_all(i, words))))
        return first + later

    # 1. the first reading's surname with its given names (or alone, if none were typed)
    classes.append(with_given(exact, 0))
    # 2. the other readings, with their given names
    for i in range(1, len(counts)):
        classes.append(with_given([(_surname, _eq(_surname, i)), (_alt, _eq(_alt, i))], i))
    # 3. the first reading's surname, any given names
    if counts[0]:
        classes.append(exact)
    # 4. the other readings' surnames, any given names
    for i in range(1, len(counts)):
        if counts[i]:
            classes.append([(_surname, _eq(_surname, i)), (_alt, _eq(_alt, i))])
    # 5. the first reading's surname typed in part (every key starting with it), with the
    #    given names, then without. The range starts after the exact key: class 1 or 3 has
    #    every exact match already.
    partial = []
    for v in range(shape.variants):
        partial += [(_surname, _range(_surname, v, v == 0)), (_alt, _range(_alt, v, v == 0))]
    if counts[0]:
        classes.append([(col, and_(cond, _given_all(0, counts[0]))) for col, cond in partial])
    classes.append(partial)

    if shape.prefix:  # within each class, the typed prefix first
        prefix = _prefix == bindparam("p")
        classes = [[(col, and_(cond, prefix)) for col, cond in cls] + cls for cls in classes]
    return classes


def _filters(shape: Shape) -> list[ColumnElement[bool]]:
    filters = []
    if shape.tier:
        filters.append(Registration.tier == bindparam("tier"))
    if shape.status:
        filters.append(Registration.status == bindparam("status"))
    return filters


def _union(children: list) -> object:
    """One statement for several limited selects (each wrapped, as SQLite requires)."""
    wrapped = [select(*child.subquery().c) for child in children]
    return wrapped[0] if len(wrapped) == 1 else union_all(*wrapped)


@functools.lru_cache(maxsize=512)
def plan(shape: Shape) -> Plan:
    """The statements for ``shape``, built once: one per relevance class (its segments in
    one round trip, each numbered and ranked in its index's order), and one for the count."""
    filters = _filters(shape)
    ranked, number, every = [], 0, []
    for cls in _classes(shape):
        children = []
        for column, condition in cls:
            leading = column if isinstance(column, tuple) else (column, _given)
            order = (*leading, _prefix, Registration.number)
            children.append(
                select(
                    literal(number).label("seg"),
                    func.row_number().over(order_by=order).label("rn"),
                    Registration.id.label("id"),
                )
                .where(condition, *filters)
                .order_by(*order)
                .limit(bindparam("lim"))
            )
            number += 1
        ranked.append(_union(children))
        every += children
    # The matches, as disjoint index ranges: every key starting with the first reading's
    # surname, and the other readings' surnames exactly; each counted up to the cap.
    segments = []
    for v in range(shape.variants):
        segments += [_range(_surname, v, False), _range(_alt, v, False)]
    for i in range(1, len(shape.given_counts)):
        segments += [_eq(_surname, i), _eq(_alt, i)]
    children, earlier = [], []
    for condition in segments:
        where = [condition, *filters]
        if earlier:
            where.append(not_(or_(*earlier)))
        children.append(
            select(literal(1).label("one"))
            .select_from(Registration)
            .where(*where)
            .limit(bindparam("cap"))
        )
        earlier.append(condition)
    counted = select(func.count().label("total")).select_from(_union(children).subquery())
    total, first = counted.subquery("counted"), ranked[0].subquery("first")
    counted_first = select(total.c.total, first.c.seg, first.c.rn, first.c.id).select_from(
        total.outerjoin(first, true())
    )
    return Plan(tuple(ranked), counted, _union(every), counted_first)


@dataclass(frozen=True)
class NameHits:
    """The ids of one page, in rank order, and the total (``capped``: more than that)."""

    ids: list[int]
    total: int
    capped: bool


#: A name with at most this many matches is read in one statement, every class at once: each
#: segment then reads at most this many index entries.
FEW_MATCHES = 200


_COMPILED: dict = {}


def _execute(connection, statement, params: dict):
    """Run a plan's statement from its SQL, compiled once per database: SQLAlchemy would
    otherwise walk the whole statement for its cache key on every call (several ms for the
    larger shapes)."""
    key = (statement, connection.dialect.name)
    compiled = _COMPILED.get(key)
    if compiled is None:
        done = statement.compile(dialect=connection.dialect)
        compiled = (done.string, done.positiontup, dict(done.params))
        _COMPILED[key] = compiled
    sql, positions, defaults = compiled
    values = {**defaults, **params}
    if positions is not None:
        return connection.exec_driver_sql(sql, tuple(values[name] for name in positions))
    return connection.exec_driver_sql(sql, values)


def find(connection, parsed: NameQuery, tier, status, offset: int, limit: int) -> NameHits:
    """The ids ranked ``offset`` to ``offset + limit`` among the matches, and the total.

    The capped count comes first (at most ``TOTAL_CAP + 1`` index entries). A name with few
    matches is then read in one statement; a common one class by class, until the page is
    full (usually by the first class). A segment may hold rows that an earlier one already
    gave (the segments of a class overlap: "with the typed prefix" is part of "any prefix");
    they are skipped here rather than excluded in SQL, which keeps the statements small.
    Every segment is read up to ``wanted`` rows: at most ``len(ids)`` of them can be
    repeats, so a segment that reaches its limit always fills the page.
    """
    shape, params = shape_and_params(parsed, tier, status)
    statements = plan(shape)
    # the count and the first class in one round trip; the first class is read up to the
    # page's end (not knowing the total yet), never fewer rows than the page needs
    lim = min(offset + limit, TOTAL_CAP)
    rows = _execute(
        connection, statements.counted_first, {**params, "cap": TOTAL_CAP + 1, "lim": lim}
    ).all()
    total = rows[0].total
    wanted = min(lim, total)
    ids: list[int] = []
    seen: set[int] = set()

    def take(rows) -> bool:
        """Add the rows' ids in rank order, skipping repeats; True once the page is full."""
        for row in sorted(rows, key=lambda row: (row.seg, row.rn)):
            if row.id not in seen:
                seen.add(row.id)
                ids.append(row.id)
                if len(ids) == wanted:
                    return True
        return False

    full = offset >= wanted or take([row for row in rows if row.id is not None])
    # then the other classes: all at once for a name with few matches, else one by one
    batches = (statements.everything,) if total <= FEW_MATCHES else statements.ranked[1:]
    for statement in batches if not full else ():
        if take(_execute(connection, statement, {**params, "lim": wanted}).all()):
            break
    return NameHits(ids[offset : offset + limit], min(total, TOTAL_CAP), total > TOTAL_CAP)


#: Queries of every common shape (one to three words, a prefix, a comma, a short start that
#: is also tried with "y", a given name after the surname, a married name typed whole), run
#: once when a worker starts (``warm_up``).
WARM_UP_QUERIES = (
    "berg",
    "di",
    "van berg",
    "berg, van",
    "berg, jan",
    "jan berg",
    "jan van berg",
    "jan piet berg",
    "jan piet van berg",
    "berg van",
    "van berg jan",
    "jansen-van berg",
    "jan jansen-van berg",
)


def warm_up(app) -> None:
    """Build and compile the statements of the common query shapes before the first visitor
    needs them (about 10 ms each, once per process). Errors are logged, never raised: a
    worker must start even while the database is away."""
    from register.domain.names import parse_query
    from register.extensions import db

    with app.app_context():
        try:
            connection = db.session.connection()
            for query in WARM_UP_QUERIES:
                find(connection, parse_query(query), None, None, 0, 20)
        except Exception as exc:  # noqa: BLE001 - a cold cache is no reason not to start
            app.logger.warning(
                "name search warm-up skipped: %s", str(exc).splitlines()[0] if str(exc) else exc
            )
        finally:
            db.session.remove()
