"""Everything templates (pages and e-mails) can call beyond Jinja's own, registered in one
place from ``create_app``: the ``|label`` and ``|describe`` filters and the globals
(``decision_history``, ``outcome_label`` for the decision history of a record)."""

from __future__ import annotations

import re
import time

import flask_babel
from flask import Flask, current_app, g, request
from flask_babel import format_number, get_locale
from flask_babel import gettext as _
from flask_babel.speaklater import LazyString
from flask_login import current_user
from jinja2 import pass_context, pass_eval_context
from markupsafe import Markup, escape

from register import access
from register.domain.accreditation import Score
from register.four_eyes.services import pending_count, pending_for, proposal_title
from register.labels import (
    development_category_name,
    growth_criterion_name,
    label,
    policy_name,
    suspension_category_name,
    task_area_name,
    tier_name,
)
from register.public_http import public_form_token
from register.rule_display import describe, show_date, show_datetime


def init_app(app: Flask) -> None:
    """Register the template filters and globals on ``app``."""
    env = app.jinja_env
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.filters.update(label=label, describe=describe, policy_name=policy_name)
    env.globals.update(
        get_locale=get_locale,
        format_date=show_date,  # the site's one date style (register.rule_display)
        format_datetime=show_datetime,
        format_minute=_format_minute,  # the "Status as of" line: a moment to the minute
        format_number=format_number,
        is_staff=lambda: access.is_staff(current_user),
        second_factor_pending=lambda: access.second_factor_pending(current_user),
        tier_name=tier_name,
        suspension_category_name=suspension_category_name,
        growth_criterion_name=growth_criterion_name,
        task_area_name=task_area_name,
        development_category_name=development_category_name,
        Score=Score,  # the score options of the accreditation grids
        decision_history=_decision_history,
        outcome_label=_outcome_label,
        pending_proposals=pending_for,  # a staff page's record: its pending grave actions
        pending_proposal_count=pending_count,  # the registrars' navigation
        proposal_title=proposal_title,
        public_form_token=_public_form_token,  # forms anonymous visitors post
        evidence_deletions=_evidence_deletions,
        announce=_announce,  # a page with an error summary or a result says so in its title
        title_prefix=_title_prefix,
        unique_id=_unique_id,  # ids that tie a scroll region to its table's caption
        can=can,  # whether a record's lifecycle allows an action now
        is_registrant=_is_registrant,  # the navigation: registration links only for them
    )
    # the texts of templates, looked up as Flask-Babel would, but without its five calls
    # per text (``_template_gettext``); Jinja's ``newstyle`` rules are kept
    env.globals.update(_=_template_gettext, gettext=_template_gettext, ngettext=_template_ngettext)
    fragments = LayoutFragments()
    env.globals.update(shared_fragment=fragments.shared, site_menu=fragments.menu)
    app.extensions["layout_fragments"] = fragments
    fields = KeptFields()
    env.globals.update(kept_field=fields.field, form_error_summary=fields.error_summary)
    app.extensions["kept_fields"] = fields
    macros = KeptMacros()
    env.globals.update(kept_rows=macros.rows, kept_macro=macros.one)
    app.extensions["kept_macros"] = macros


def _language():
    """(translations, locale name) of this request's locale: Flask-Babel's translations,
    kept next to the locale Flask-Babel keeps (``g._flask_babel``), since its own lookup
    walks five calls and a few context look-ups per text and a page has dozens of texts.
    They are used only while that locale object is the current one, so ``refresh()`` and
    ``force_locale()`` (which replace it) get their own."""
    try:
        state = g._get_current_object().__dict__.get("_flask_babel")
    except RuntimeError:  # no application context: Flask-Babel's own answer
        return flask_babel.get_translations(), str(get_locale())
    if state is not None:
        kept = state.__dict__.get("register_language")
        if kept is not None and kept[0] is state.__dict__.get("babel_locale"):
            return kept[1]
    translations = flask_babel.get_translations()
    state = g._flask_babel
    locale = state.__dict__.get("babel_locale")
    state.register_language = (locale, (translations, str(locale)))
    return state.register_language[1]


def _translations():
    """This request's translations (``_language``)."""
    return _language()[0]


def _locale_name() -> str:
    """This request's locale, as ``str(get_locale())``: the language of kept HTML."""
    return _language()[1]


#: (secret key, second, token) of the last public form token signed
_KEPT_TOKEN: list[tuple | None] = [None]


def _public_form_token() -> str:
    """``public_form_token()``, signed once per second: the token holds nothing but the
    second it is signed in (and the secret key), so every request of that second would sign
    the same bytes; signing costs a public page more than its menu."""
    secret, now = current_app.config["SECRET_KEY"], int(time.time())
    kept = _KEPT_TOKEN[0]
    if kept is not None and kept[0] == secret and kept[1] == now:
        return kept[2]
    token = public_form_token()
    _KEPT_TOKEN[0] = (secret, int(time.time()), token)
    return token


_KEPT_MOMENTS: dict[tuple, str] = {}


def _format_minute(value, format: str | None = None) -> str:  # noqa: A002 (as format_datetime)
    """``show_datetime(value)`` (which shows no seconds), made once per minute, language and
    time zone: the "Status as of" line of every public answer."""
    if value is None:
        return ""
    minute = value.replace(second=0, microsecond=0)
    key = (_locale_name(), flask_babel.get_timezone(), minute)
    text = _KEPT_MOMENTS.get(key)
    if text is None:
        text = show_datetime(minute)
        if len(_KEPT_MOMENTS) >= 256:
            _KEPT_MOMENTS.clear()
        _KEPT_MOMENTS[key] = text
    return text


@pass_eval_context
def _template_gettext(eval_ctx, string: str, **variables) -> str:
    """A template's ``_()`` and ``gettext()``, as Jinja's ``newstyle`` gettext: marked safe
    when autoescaping, then always formatted with ``variables`` (escaped)."""
    text = _translations().ugettext(string)
    if eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 (the register's own catalogue, as in Jinja's gettext)
    return text % variables


@pass_eval_context
def _template_ngettext(eval_ctx, singular: str, plural: str, num: int, **variables) -> str:
    """A template's ``ngettext()``, as Jinja's ``newstyle`` one (``num`` is a variable)."""
    variables.setdefault("num", num)
    text = _translations().ungettext(singular, plural, num)
    if eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 (the register's own catalogue, as in Jinja's ngettext)
    return text % variables


class LayoutFragments:
    """Parts of the page layout that are the same for every anonymous visitor in a
    language, rendered once per process instead of on every page: the footer
    (``shared_fragment("_footer.html")``) and the main menu of an anonymous visitor
    (``site_menu()``; one per page, since the menu marks the current page). A logged-in
    visitor's menu is rendered for them on every page. Nothing is kept while templates
    reload (development): an edited template shows at once."""

    #: at most this many fragments are kept (menus per page and language: a few hundred)
    LIMIT = 2048

    def __init__(self) -> None:
        self._kept: dict[tuple, Markup] = {}

    @staticmethod
    def _render(context, name: str) -> Markup:
        template = context.environment.get_template(name)
        return Markup(template.render(context.get_all()))  # noqa: S704 (autoescaped output)

    def _kept_or_render(self, context, key: tuple, name: str) -> Markup:
        html = self._kept.get(key)
        if html is None:
            html = self._render(context, name)
            if context.environment.auto_reload:
                return html
            if len(self._kept) >= self.LIMIT:
                self._kept.clear()
            self._kept[key] = html
        return html

    @pass_context
    def shared(self, context, name: str) -> Markup:
        """The output of template ``name``, which reads nothing of the request but its
        language and the site's address (no user, no page, no form): kept per both."""
        return self._kept_or_render(context, (name, _locale_name(), request.script_root), name)

    @pass_context
    def menu(self, context) -> Markup:
        """The main menu (``_site_nav.html``): an anonymous visitor's kept per language, site
        address and page (its current-page mark); a logged-in visitor's always their own."""
        if current_user.is_authenticated:
            return self._render(context, "_site_nav.html")
        key = ("_site_nav.html", _locale_name(), request.script_root, request.endpoint)
        return self._kept_or_render(context, key, "_site_nav.html")


def _evidence_deletions(decision):
    """What the retention job deleted of the application a stored decision is about (empty
    for other subjects), for showing with the decision."""
    if decision.subject_type != "Application":
        return []
    from register.data_rights.retention import deletions_of
    from register.policy.retention import DataKind

    return [(DataKind(row.kind), row) for row in deletions_of(decision.subject_id) if row.items]


def _unique_id(prefix: str) -> str:
    """An id no other call in this request has returned (``prefix-1``, ``prefix-2``, …)."""
    counter = g.get("unique_id_counter", 0) + 1
    g.unique_id_counter = counter
    return f"{prefix}-{counter}"


#: what a page announces in its title, most important first
_ANNOUNCEMENTS = ("error", "result")


def _announce(kind: str) -> str:
    """Note that the page being rendered shows an error summary (``"error"``) or the result
    the visitor asked for (``"result"``); ``base.html`` renders the content before the head,
    so ``title_prefix`` sees it. Returns nothing to print."""
    if kind not in _ANNOUNCEMENTS:
        raise ValueError(f"unknown announcement {kind!r}")
    noted = g.get("page_announcements", set())
    g.page_announcements = noted | {kind}
    return ""


def _title_prefix() -> str:
    """ "Error: " when the page shows an error summary, else "Result: " when it shows a
    result, else nothing: screen readers read the title first."""
    noted = g.get("page_announcements", set())
    if "error" in noted:
        return _("Error:") + " "
    if "result" in noted:
        return _("Result:") + " "
    return ""


def _is_registrant() -> bool:
    """True when the logged-in person holds a registration (current or ended: its page and
    history stay theirs to see)."""
    from flask import g
    from sqlalchemy import select

    from register.extensions import db
    from register.models.registrations import Registration

    if not current_user.is_authenticated:
        return False
    if "is_registrant" not in g:
        g.is_registrant = bool(
            db.session.scalar(
                select(Registration.id).where(Registration.user_id == current_user.id).limit(1)
            )
        )
    return g.is_registrant


def _lifecycles():
    """Per model: its lifecycle table and the column holding its state."""
    from register.domain.accreditation import REQUEST_LIFECYCLE
    from register.domain.lifecycle import (
        APPLICATION_LIFECYCLE,
        ASSESSMENT_LIFECYCLE,
        REGISTRATION_LIFECYCLE,
    )
    from register.models.accreditation import AccreditationRequest, PanelMember
    from register.models.applications import Application
    from register.models.assessments import PortfolioAssessment
    from register.models.registrations import Registration

    return {
        Application: (APPLICATION_LIFECYCLE, "state"),
        AccreditationRequest: (REQUEST_LIFECYCLE, "state"),
        Registration: (REGISTRATION_LIFECYCLE, "status"),
        PanelMember: (ASSESSMENT_LIFECYCLE, "state"),
        PortfolioAssessment: (ASSESSMENT_LIFECYCLE, "state"),
    }


def can(record, action: str) -> bool:
    """True when ``record``'s lifecycle allows ``action`` (its value, e.g. "submit") in the
    record's state now: templates ask this instead of comparing state strings. An action the
    lifecycle does not know is an error, not a quiet False."""
    lifecycle, column = _lifecycles()[type(record)]
    actions = {a.value: a for (_state, a) in lifecycle.transitions}
    if action not in actions:
        raise KeyError(f"{type(record).__name__} has no action {action!r}")
    return lifecycle.can(getattr(record, column), actions[action])


def _decision_history(subject):
    """The decisions, objections and decisions on objections about ``subject``, for
    ``templates/objections/_history.html``."""
    from register.objections.services import decision_history

    return decision_history(subject)


def _outcome_label(outcome: str) -> str:
    """A stored decision's outcome in words."""
    from register.objections.letters import outcome_label

    return outcome_label(outcome)


def _text_key(text) -> tuple:
    """A key for ``text`` in the current language: a lazy text by what it translates (as
    ``str(text)``, without translating it), any other by itself."""
    if isinstance(text, LazyString):
        return (text._func, text._args, tuple(sorted(text._kwargs.items())))
    return (str(text),)


class KeptFields:
    """The ``field`` macro's HTML (``macros/forms.html``) kept for the fields of a public
    form shown to everyone alike (``kept_field(form.q, hint=...)`` in a template, where the
    macro would be ``field(form.q, hint=...)``): the search page's three fields cost more
    to render than the search behind them. The HTML is kept per language and per everything
    the macro and the widget read of a field: its type, widget, id, name, label, flags,
    errors, extra attributes and the macro's arguments; for a select also its choices
    (plain ``(value, label)`` strings) and its value, when that is one of them or empty;
    for a text field the HTML around its value, into which each request's value is put,
    escaped as WTForms escapes it. Any other field, or one whose parts are not plain
    values, is rendered by the macro each time. Nothing is kept while templates reload."""

    LIMIT = 512
    #: stands in for a text field's value while its HTML is made; found exactly once in it
    STAND_IN = "keptvalue7b1f5e0c"

    def __init__(self) -> None:
        self._kept: dict[tuple, Markup | tuple[Markup, Markup]] = {}

    def _key(self, f, kwargs: dict) -> tuple:
        """Everything the macro reads of ``f`` but a text field's value; raises TypeError
        when a part is not a plain (hashable) value."""
        key = (
            _locale_name(),
            f.type,
            type(f.widget),
            f.id,
            f.name,
            _text_key(f.label.text),
            tuple(sorted(vars(f.flags).items())),
            tuple(str(error) for error in f.errors),
            tuple(sorted((f.render_kw or {}).items())),
            tuple((name, type(value), value) for name, value in sorted(kwargs.items())),
        )
        if f.type == "SelectField":
            key += (tuple(f.choices), f.data)
        hash(key)
        return key

    def _keepable(self, f) -> bool:
        if f.type == "StringField":
            return True
        if f.type == "SelectField" and isinstance(f.choices, list | tuple):
            return f.data in (None, "") or any(
                f.coerce(choice[0]) == f.data for choice in f.choices
            )
        return False

    def _keep(self, key: tuple, html) -> None:
        if len(self._kept) >= self.LIMIT:
            self._kept.clear()
        self._kept[key] = html

    @pass_context
    def error_summary(self, context, form) -> Markup:
        """``error_summary(form)`` of ``macros/forms.html``, without importing the macros
        into the page (which costs a page more than the summary) and drawn only for a form
        with an error: without one the summary is empty."""
        if not any(f.errors for f in form):
            return Markup()
        return context.environment.get_template("macros/forms.html").module.error_summary(form)

    @pass_context
    def field(self, context, f, **kwargs) -> Markup:
        """``field(f, **kwargs)`` of ``macros/forms.html``, kept (the class docstring)."""
        environment = context.environment
        macro = environment.get_template("macros/forms.html").module.field
        if environment.auto_reload or f.type not in ("StringField", "SelectField"):
            return macro(f, **kwargs)
        try:
            key = self._key(f, kwargs)
        except TypeError:
            return macro(f, **kwargs)
        kept = self._kept.get(key)  # kept only when keepable: a select's value is in its key
        if kept is None and not self._keepable(f):
            return macro(f, **kwargs)
        if f.type == "SelectField":
            if kept is None:
                kept = macro(f, **kwargs)
                self._keep(key, kept)
            return kept
        if kept is None:
            stand_in = object.__new__(type(f))  # a copy (a field's __new__ makes unbound ones)
            stand_in.__dict__.update(f.__dict__)
            stand_in.data, stand_in.raw_data = self.STAND_IN, [self.STAND_IN]
            parts = macro(stand_in, **kwargs).split(self.STAND_IN)
            if len(parts) != 2:
                return macro(f, **kwargs)
            kept = (Markup(parts[0]), Markup(parts[1]))  # noqa: S704 (the macro's output)
            self._keep(key, kept)
        value = escape(f._value()).replace(Markup('"'), Markup("&quot;"))
        return kept[0] + value + kept[1]


class KeptMacros:
    """A macro that only prints its arguments (no test, loop or filter on them; it may read
    the language and the site's address, nothing else of the request), made once per
    language and site address and kept as the text between its arguments; each call's
    values are then put in, escaped as Jinja prints them. ``kept_macro(template, name,
    **arguments)`` draws it once (the top of every page), ``kept_rows(template, name, rows)``
    once per row (``rows`` a list of dicts of the arguments): a search page draws twenty
    rows of six cells, which cost Jinja more than the search. Before a macro's text is kept
    it is checked: every argument appears in it, and drawn with empty arguments the macro
    gives the kept text with empty arguments (a test on an argument would not); a macro that
    fails is drawn on every call. Nothing is kept while templates reload."""

    #: stand-ins for the arguments while the macro's text is made (fixed width: none is the
    #: beginning of another)
    STAND_IN = "keptarg{:03d}c5d2a9"
    _STAND_IN = re.compile(r"keptarg(\d{3})c5d2a9")
    #: kept for a macro whose check failed
    _FAILED = ("drawn on every call",)

    def __init__(self) -> None:
        self._kept: dict[tuple, tuple] = {}

    def _parts(self, macro, names: tuple[str, ...]) -> tuple:
        """The macro's text as (text, argument name) pairs and the text after the last
        argument; ``_FAILED`` when the macro does more than print its arguments."""
        drawn = macro(**{name: self.STAND_IN.format(i) for i, name in enumerate(names)})
        pieces = self._STAND_IN.split(str(drawn))
        pairs = tuple((pieces[i], names[int(pieces[i + 1])]) for i in range(0, len(pieces) - 1, 2))
        parts = (pairs, pieces[-1])
        if {name for _text, name in pairs} != set(names):
            return self._FAILED
        if self._draw(parts, dict.fromkeys(names, "")) != macro(**dict.fromkeys(names, "")):
            return self._FAILED
        return parts

    @staticmethod
    def _draw(parts: tuple, values: dict) -> str:
        pairs, tail = parts
        return "".join([text + _escaped(values[name]) for text, name in pairs]) + tail

    @staticmethod
    def _macro(context, template: str, name: str):
        return getattr(context.environment.get_template(template).module, name)

    def _kept_parts(self, context, template: str, name: str, names: tuple) -> tuple:
        key = (template, name, _locale_name(), request.script_root, names)
        parts = self._kept.get(key)
        if parts is None:
            parts = self._parts(self._macro(context, template, name), names)
            if not context.environment.auto_reload:
                self._kept[key] = parts
        return parts

    @pass_context
    def one(self, context, template: str, name: str, **values) -> Markup:
        """The macro drawn once (the class docstring)."""
        parts = self._kept_parts(context, template, name, tuple(values))
        if parts is self._FAILED:
            return self._macro(context, template, name)(**values)
        return Markup(self._draw(parts, values))  # noqa: S704 (each value escaped)

    @pass_context
    def rows(self, context, template: str, name: str, rows: list[dict]) -> Markup:
        """The macro drawn for every row, one after another (the class docstring)."""
        if not rows:
            return Markup()
        parts = self._kept_parts(context, template, name, tuple(rows[0]))
        if parts is self._FAILED:
            macro = self._macro(context, template, name)
            return Markup("".join(macro(**row) for row in rows))  # noqa: S704 (macro output)
        return Markup("".join(self._draw(parts, row) for row in rows))  # noqa: S704 (escaped)


#: what ``markupsafe.escape`` replaces in a plain string, and by what
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&#39;", '"': "&#34;"})


def _escaped(value) -> str:
    """``str(markupsafe.escape(value))``, for a plain string in one pass without making a
    ``Markup`` (twenty rows of eight values a page)."""
    if type(value) is str:
        return value.translate(_ESCAPES)
    return str(escape(value))
