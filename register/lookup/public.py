"""What the public may see of a registration, and nothing more.

``public_view`` is the one builder of what the public is told about a registration —
registered now or not, until when, since when not, re-entry, the public measures — for the
page, the API, the bulk check on screen and its CSV alike. Measures are read through
``MEASURE_PUBLIC_COLUMNS`` only: a measure's internal reason is never read here.

``PUBLIC_COLUMNS`` is the complete list of columns the lookup's lists read (search, bulk) and
``DETAIL_COLUMNS`` adds what one registration's page and API answer show (what it rests
on): the page, the API and the CSV are all built from ``PublicRegistration``, so a field
that is not here can never leak.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app, g, has_request_context, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from register.domain.lifecycle import ENDED_REGISTRATION_STATUSES, RegistrationStatus
from register.domain.measures import MeasureKind, is_in_force, is_published
from register.models.complaints import Measure
from register.models.registrations import Registration

_PLACEHOLDER = "NUMBER-PLACEHOLDER"
#: where an answer made outside a Flask request (the lean lookup, ``register.api.lean``)
#: keeps its WSGI environ on ``g``, so that its links name the address it was asked at
ANSWER_ENVIRON = "answer_environ"

#: The only registration columns the public lookup ever reads.
PUBLIC_COLUMNS = (
    Registration.id,
    Registration.number,
    Registration.given_names,
    Registration.surname_prefix,
    Registration.surname,
    Registration.tier,
    Registration.status,
    Registration.status_since,
    Registration.valid_from,
    Registration.valid_until,
    Registration.work_region,
    Registration.show_work_region,
)

#: One registration's page and API answer also say what it rests on.
DETAIL_COLUMNS = (*PUBLIC_COLUMNS, Registration.route, Registration.qualification_level)
_PUBLIC_WIDTH = len(PUBLIC_COLUMNS)
#: a status as read (the enum itself, or its value where a driver gives text) → the enum
_STATUSES = {**{s: s for s in RegistrationStatus}, **{s.value: s for s in RegistrationStatus}}


#: The only measure columns the public lookup ever reads (never ``internal_reason``).
MEASURE_PUBLIC_COLUMNS = (
    Measure.id,
    Measure.registration_id,
    Measure.kind,
    Measure.public,
    Measure.category,
    Measure.public_text,
    Measure.starts_on,
    Measure.ends_on,
    Measure.ended_on,
    Measure.re_entry_not_before,
    Measure.revoked_on,
)


@dataclass(frozen=True)
class MeasureRow:
    """A measure as the public lookup reads it (``MEASURE_PUBLIC_COLUMNS``)."""

    kind: MeasureKind
    public: bool
    category: str | None
    public_text: str | None
    starts_on: dt.date
    ends_on: dt.date | None
    ended_on: dt.date | None
    re_entry_not_before: dt.date | None
    revoked: bool

    @classmethod
    def from_row(cls, row) -> MeasureRow:
        """From the values of ``MEASURE_PUBLIC_COLUMNS``, in that order (a row or a slice of
        one)."""
        (
            _id,
            _registration_id,
            kind,
            public,
            category,
            public_text,
            starts_on,
            ends_on,
            ended_on,
            re_entry_not_before,
            revoked_on,
        ) = row
        return cls(
            kind=MeasureKind(kind),
            public=bool(public),
            category=category,
            public_text=public_text,
            starts_on=starts_on,
            ends_on=ends_on,
            ended_on=ended_on,
            re_entry_not_before=re_entry_not_before,
            revoked=revoked_on is not None,
        )


@dataclass(frozen=True)
class PublicMeasure:
    """One public measure as the public sees it: since, until (the actual end, else the
    planned end or a deadline), its public category and text."""

    kind: MeasureKind
    since: dt.date
    until: dt.date | None
    in_force: bool
    category: str | None
    text: str | None


@dataclass(frozen=True)
class PublicView:
    """Everything the public is told about one registration, built by ``public_view``."""

    registration: PublicRegistration
    registered_now: bool
    #: None for a registration that has ended (lapsed, struck off): no "valid until" then
    valid_until: dt.date | None
    not_registered_since: dt.date | None
    re_entry_not_before: dt.date | None
    grace_until: dt.date | None
    current_measures: tuple[PublicMeasure, ...]
    past_measures: tuple[PublicMeasure, ...]


def public_view(reg: PublicRegistration, policies, today: dt.date) -> PublicView:
    """The one public view of ``reg`` (with its measures read): for the page, the API, the
    bulk check and its CSV."""
    ended = reg.status in ENDED_REGISTRATION_STATUSES
    kinds = policies.measures.kinds
    current, past = [], []
    re_entry = None
    measures = (
        sorted(reg.measures, key=lambda m: (m.starts_on, m.kind.value), reverse=True)
        if reg.measures
        else ()
    )
    for m in measures:
        if not is_published(
            public=m.public,
            starts_on=m.starts_on,
            ended_on=m.ended_on,
            revoked=m.revoked,
            months=kinds[m.kind].publication_months,
            today=today,
        ):
            continue
        in_force = is_in_force(m.starts_on, m.ended_on, today)
        shown = PublicMeasure(
            kind=m.kind,
            since=m.starts_on,
            until=m.ended_on or m.ends_on,
            in_force=in_force,
            category=m.category,
            text=m.public_text,
        )
        (current if in_force else past).append(shown)
        if (
            in_force
            and m.kind is MeasureKind.STRIKE_OFF
            and reg.status is RegistrationStatus.STRUCK_OFF
            and policies.measures.publish_re_entry
        ):
            re_entry = m.re_entry_not_before
    return PublicView(
        registration=reg,
        registered_now=reg.is_registered(policies, today),
        valid_until=None if ended else reg.valid_until,
        not_registered_since=reg.status_since.date() if ended else None,
        re_entry_not_before=re_entry,
        grace_until=reg.grace_until(policies),
        current_measures=tuple(current),
        past_measures=tuple(past),
    )


@dataclass(frozen=True)
class Suspension:
    """The public annotation of a suspension: its reason category and planned end."""

    reason_category: str | None
    ends_on: dt.date | None


@dataclass(frozen=True)
class PublicRegistration:
    """The public face of one registration."""

    id: int
    number: str
    name: str
    tier: int
    status: RegistrationStatus
    status_since: dt.datetime
    valid_from: dt.date
    valid_until: dt.date
    work_region: str | None = None
    suspension: Suspension | None = None
    #: the parts of ``name``, for answers that show them apart (FHIR's HumanName)
    given_names: str = ""
    surname_prefix: str = ""
    surname: str = ""
    #: the route ("diploma", "transitional") and the diploma's NLQF level; read for one
    #: registration's page only (``DETAIL_COLUMNS``), None in lists and for older rows
    route: str | None = None
    qualification_level: int | None = None
    #: its measures as read through ``MEASURE_PUBLIC_COLUMNS`` (``services.with_measures``)
    measures: tuple[MeasureRow, ...] = ()

    @classmethod
    def from_row(
        cls, row, suspension: Suspension | None = None, detail: bool = False
    ) -> PublicRegistration:
        """Build from a row of ``PUBLIC_COLUMNS`` (with ``detail``: of ``DETAIL_COLUMNS``),
        possibly followed by more columns; the work region only when chosen. The row is read
        by position: bulk answers build thousands of these, and a name that a row lacks would
        cost an exception each (``getattr`` with a default on a SQLAlchemy row)."""
        (
            id_,
            number,
            given_names,
            surname_prefix,
            surname,
            tier,
            status,
            status_since,
            valid_from,
            valid_until,
            work_region,
            show_work_region,
        ) = row[:_PUBLIC_WIDTH]
        return cls(
            id=id_,
            number=number,
            name=" ".join(p for p in (given_names, surname_prefix, surname) if p),
            tier=tier,
            status=_STATUSES[status],
            status_since=status_since,
            valid_from=valid_from,
            valid_until=valid_until,
            work_region=work_region if show_work_region else None,
            suspension=suspension,
            given_names=given_names,
            surname_prefix=surname_prefix or "",
            surname=surname,
            route=row[_PUBLIC_WIDTH] if detail else None,
            qualification_level=row[_PUBLIC_WIDTH + 1] if detail else None,
        )

    def is_registered(self, policies, today: dt.date) -> bool:
        """Registered now: a status that counts as registered, within the valid period (in
        grace: until the grace period ends)."""
        info = policies.registration.statuses[self.status.value]
        last_day = self.grace_until(policies) or self.valid_until
        return info.counts_as_registered and self.valid_from <= today <= last_day

    def grace_until(self, policies) -> dt.date | None:
        """In grace (renewal in progress after the end date): the last day of the grace
        period; otherwise None."""
        if self.status is not RegistrationStatus.GRACE:
            return None
        return policies.renewal.grace_ends_on(self.valid_until)

    def url(self, external: bool = False) -> str:
        """The registration's stable public page. The route is built once per address the
        register is asked at (host, scheme, script root) and reused, since bulk answers
        carry thousands of these links and every lookup one."""
        environ = request.environ if has_request_context() else g.get(ANSWER_ENVIRON)
        if environ is None:  # a job's e-mail or webhook: built as it comes
            return url_for("lookup.registration", number=self.number, _external=external)
        key = (
            external,
            environ.get("HTTP_HOST"),
            environ.get("wsgi.url_scheme"),
            environ.get("SCRIPT_NAME"),
        )
        template = _URL_TEMPLATES.get(key)
        if template is None:
            template = _url_template(environ, external)
            if len(_URL_TEMPLATES) >= 64:  # a Host header is the client's to choose
                _URL_TEMPLATES.clear()
            _URL_TEMPLATES[key] = template
        return template.replace(_PLACEHOLDER, self.number)


#: the registration page's address with a placeholder, per (external, host, scheme, root)
_URL_TEMPLATES: dict[tuple, str] = {}


def _url_template(environ: dict, external: bool) -> str:
    """The registration page's address for a request with ``environ``, with a placeholder
    for the number: ``url_for`` in a request; outside one (the lean lookup), the same
    build from the app's URL adapter for that environ."""
    if has_request_context():
        return url_for("lookup.registration", number=_PLACEHOLDER, _external=external)
    adapter = current_app.create_url_adapter(current_app.request_class(environ))
    return adapter.build("lookup.registration", {"number": _PLACEHOLDER}, force_external=external)


def tier_json(policies, code: int, lang: str, full: bool = False) -> dict:
    """A tier as the API shows it: level and name, and with ``full`` what it means."""
    tier = policies.tiers.get(code)
    data = {"level": code, "name": tier.name.get(lang)}
    if full:
        data["description"] = tier.core_task_focus.get(lang)
    return data


#: per (language, route, NLQF level): what a registration rests on, as the API says it
_QUALIFICATIONS: dict[tuple, dict] = {}


def qualification_json(reg: PublicRegistration, lang: str) -> dict | None:
    """What the registration rests on: the route and, for the diploma route, the NLQF level
    of the qualifying diploma, described in ``lang`` (None when the register does not know
    it). Built once per language, route and level."""
    if reg.route is None:
        return None
    level = reg.qualification_level if reg.route == "diploma" else None
    key = (lang, reg.route, level)
    found = _QUALIFICATIONS.get(key)
    if found is None:
        with force_locale(lang):
            if reg.route == "diploma":
                description = _(
                    "Diploma of an accredited programme at NLQF level %(level)s", level=level
                )
            else:
                description = _("Transitional route")
        found = _QUALIFICATIONS[key] = {
            "route": "diploma" if reg.route == "diploma" else "transitional",
            "nlqf_level": level,
            "description": description,
        }
    return dict(found)


def direction_json(policies, code: int, lang: str) -> dict | None:
    """Under whose direction registrants of tier ``code`` work, when the tier says so."""
    direction = policies.tiers.get(code).direction
    if direction is None:
        return None
    return {"min_nlqf_level": direction.min_level, "statement": direction.statement.get(lang)}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


#: per (policies, language): the parts of an answer that depend on neither the registration
#: nor the day, built once (a bulk answer would otherwise build them 10,000 times)
_FRAGMENTS: dict = {}


def _fragments(policies, lang: str) -> tuple[dict, dict]:
    """Each tier's short JSON and each status's name, in ``lang``."""
    key = (id(policies), lang)
    found = _FRAGMENTS.get(key)
    if found is None or found[0] is not policies:
        tiers = {t.code: tier_json(policies, t.code, lang) for t in policies.tiers.tiers}
        statuses = {
            code: info.name.get(lang) for code, info in policies.registration.statuses.items()
        }
        found = (policies, tiers, statuses)
        _FRAGMENTS[key] = found
    return found[1], found[2]


def summary_json(
    reg: PublicRegistration, policies, lang: str, today: dt.date, view: PublicView | None = None
) -> dict:
    """The fields every API answer about a registration carries (from ``public_view``)."""
    if view is None:
        view = public_view(reg, policies, today)
    tiers, statuses = _fragments(policies, lang)
    valid_until, since, re_entry = (
        view.valid_until,
        view.not_registered_since,
        view.re_entry_not_before,
    )
    return {
        "number": reg.number,
        "name": reg.name,
        "tier": dict(tiers[reg.tier]),
        "status": reg.status.value,
        "status_name": statuses[reg.status.value],
        "registered": view.registered_now,
        "valid_until": valid_until.isoformat() if valid_until else None,
        "not_registered_since": since.isoformat() if since else None,
        "re_entry_not_before": re_entry.isoformat() if re_entry else None,
        "url": reg.url(external=True),
    }


def measure_json(measure: PublicMeasure, policies, lang: str) -> dict:
    """One public measure in an API answer: never its internal reason (it is not read)."""
    categories = policies.registration.suspension_reason_categories
    return {
        "kind": measure.kind.value,
        "kind_name": policies.measures.kinds[measure.kind].name.get(lang),
        "in_force": measure.in_force,
        "since": measure.since.isoformat(),
        "until": _iso(measure.until),
        "public_category": measure.category,
        "public_category_name": (
            categories[measure.category].get(lang) if measure.category in categories else None
        ),
        "text": measure.text,
    }


def detail_json(reg: PublicRegistration, policies, lang: str, today: dt.date) -> dict:
    """The single-registration answer: the summary plus dates, meaning and annotations."""
    view = public_view(reg, policies, today)
    data = summary_json(reg, policies, lang, today, view)
    data["tier"] = tier_json(policies, reg.tier, lang, full=True)
    data["status_since"] = reg.status_since.date().isoformat()
    data["valid_from"] = reg.valid_from.isoformat()
    grace_until = reg.grace_until(policies)
    data["grace_until"] = grace_until.isoformat() if grace_until else None
    data["suspension"] = None
    if reg.suspension is not None:
        category = reg.suspension.reason_category
        names = policies.registration.suspension_reason_categories
        data["suspension"] = {
            "reason_category": category,
            "reason_category_name": names[category].get(lang) if category in names else None,
            "ends_on": reg.suspension.ends_on.isoformat() if reg.suspension.ends_on else None,
        }
    data["work_region"] = reg.work_region
    data["qualification"] = qualification_json(reg, lang)
    data["direction"] = direction_json(policies, reg.tier, lang)
    data["measures"] = [
        measure_json(m, policies, lang) for m in (*view.current_measures, *view.past_measures)
    ]
    return data
