"""HTML made once and kept (issue 15: the search page at 0.7 of the API search), in
``register.templating``: what is kept is what the templates render, and what belongs to one
request (its token, its address, the current page, the visitor's own menu, the language)
stays that request's."""

from __future__ import annotations

import datetime as dt
import re
import time

import jinja2
import pytest
from flask import render_template_string, request
from flask_babel import force_locale
from markupsafe import Markup, escape

from register import tokens
from register.domain.lifecycle import RegistrationStatus
from register.lookup.forms import SearchForm
from register.models.accounts import Role
from register.public_http import public_form_token
from register.rule_display import show_datetime
from register.templating import _escaped
from tests.lookup_support import add_registration

PAGES = [
    "/search",
    "/search?q=",
    "/search?q=a",
    "/search?q=Berg",
    "/search?q=Berg&tier=2",
    "/search?q=Berg&tier=9",
    "/search?q=Berg&status=suspended",
    "/search?q=%22%3Cb%3E%27x%26",
    "/search?q=Zzzz",
    "/search?q=Bakker&page=2",
    "/",
    "/verify",
    "/login",
]
TOKEN = re.compile(r'(name="csrf_token"[^>]*value=")[^"]*')
MOMENT = re.compile(r"(Status (?:as of|op) )[^<]*")


@pytest.fixture
def people(db, policies):
    add_registration(policies, given="Jan", prefix="van der", surname="Berg", tier=2)
    add_registration(policies, given="Kees", surname="Berg", status=RegistrationStatus.SUSPENDED)
    add_registration(
        policies, given='Ann "<b>"', surname="Berg", work_region="Utrecht", show_work_region=True
    )
    for i in range(25):
        add_registration(policies, given=f"Persoon{i:02d}", surname="Bakker", commit=False)
    db.session.commit()


def _pages(client, lang: str) -> dict[str, str]:
    if lang == "en":
        client.post("/language", data={"lang": "en"})
    pages = {}
    for url in PAGES:
        html = client.get(url).get_data(as_text=True)
        pages[url] = MOMENT.sub(r"\1…", TOKEN.sub(r"\1…", html))
    return pages


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_kept_pages_are_what_the_templates_render(app, client, make_app, people, lang):
    """Every page twice through the kept HTML (the second time all of it kept), against an
    application that keeps nothing (templates reloading)."""
    _pages(client, lang)
    kept = _pages(client, lang)
    fresh = _pages(make_app({"TEMPLATES_AUTO_RELOAD": True}).test_client(), lang)
    assert kept == fresh
    assert app.extensions["kept_macros"]._kept and app.extensions["kept_fields"]._kept
    assert app.extensions["layout_fragments"]._kept


def test_each_page_has_its_own_token_and_address(app, client, monkeypatch, people):
    tokens = iter(f"token-{i}" for i in range(100))
    monkeypatch.setitem(app.jinja_env.globals, "public_form_token", lambda: next(tokens))
    first = client.get("/search?q=Berg").get_data(as_text=True)
    second = client.get("/search?q=Bakker&page=2").get_data(as_text=True)
    assert 'name="csrf_token" value="token-0"' in first
    assert 'name="csrf_token" value="token-1"' in second
    assert 'name="next" value="/search?q=Berg"' in first
    assert 'name="next" value="/search?q=Bakker&amp;page=2"' in second


def _current(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)" aria-current="page">', html)


def test_the_menu_marks_the_current_page_of_each_request(client):
    for _ in range(2):  # the second time from the kept menus
        assert _current(client.get("/search").get_data(as_text=True)) == ["/search"]
        assert _current(client.get("/").get_data(as_text=True)) == ["/"]
        assert _current(client.get("/verify").get_data(as_text=True)) == []


def test_each_language_gets_its_own_header_menu_and_footer(app, client):
    dutch = client.get("/search").get_data(as_text=True)
    english_client = app.test_client()
    english_client.post("/language", data={"lang": "en"})
    english = english_client.get("/search").get_data(as_text=True)
    dutch_again = client.get("/search").get_data(as_text=True)
    for html in (dutch, dutch_again):
        assert "Naar de inhoud" in html and ">Zoeken in het register</a>" in html
        assert 'value="en" lang="en">English</button>' in html and "Privacyverklaring" in html
    assert "Skip to content" in english and ">Search the register</a>" in english
    assert 'value="nl" lang="nl">Nederlands</button>' in english
    assert "Privacy statement" in english and "Zoeken in het register" not in english


def test_a_logged_in_visitor_gets_their_own_menu_not_a_kept_one(
    app, client, make_user, login, policies
):
    anonymous = client.get("/search").get_data(as_text=True)  # an anonymous menu kept
    assert "Uitloggen" not in anonymous
    registrar = make_user(role=Role.REGISTRAR, given_names="Rita", surname="Registrar")
    login(registrar)
    own = client.get("/search").get_data(as_text=True)
    assert "Rita Registrar" in own and "Uitloggen" in own and 'href="/review' in own
    assert _current(own) == ["/search"]
    other = app.test_client()
    login(make_user(role=Role.APPLICANT, given_names="Ali", surname="Aanvrager"), client=other)
    theirs = other.get("/search").get_data(as_text=True)
    assert "Ali Aanvrager" in theirs and "Rita Registrar" not in theirs
    assert 'href="/review' not in theirs
    stranger = app.test_client().get("/search").get_data(as_text=True)
    assert "Rita Registrar" not in stranger and "Ali Aanvrager" not in stranger
    assert "Uitloggen" not in stranger and ">Inloggen</a>" in stranger


FIELD = '{% from "macros/forms.html" import field %}{{ field(f, hint=hint) }}'
KEPT = "{{ kept_field(f, hint=hint) }}"


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(
    "query",
    [
        "q=Berg",
        "q=",
        "q=a%22b%3C%3E%26%27",
        "q=%C3%87elik+van+der+Berg",
        "q=Berg&tier=2&status=lapsed",
        "q=Berg&tier=9&status=nope",
        "q=" + "x" * 130,
    ],
)
def test_a_kept_field_is_the_field_macro(app, policies, lang, query):
    with app.test_request_context("/search?" + query), force_locale(lang):
        for _ in range(2):  # made, then kept
            form = SearchForm(request.args)
            form.set_choices(policies, lang)
            form.validate()
            for f, hint in ((form.q, "For example: <b>"), (form.tier, None), (form.status, None)):
                assert render_template_string(KEPT, f=f, hint=hint) == render_template_string(
                    FIELD, f=f, hint=hint
                )


def test_typed_values_are_not_kept_one_by_one(app, policies):
    kept = app.extensions["kept_fields"]._kept
    before = len(kept)
    for i in range(50):
        with app.test_request_context(f"/search?q=name{i}&tier=x{i}"):
            form = SearchForm(request.args)
            form.set_choices(policies, "nl")
            form.validate()
            html = render_template_string("{{ kept_field(f.q) }}{{ kept_field(f.tier) }}", f=form)
            assert f'value="name{i}"' in html
    assert not any("name1" in str(key) or "x1" in str(key) for key in kept)
    assert len(kept) - before <= 2


ROWS = """
{% macro prints(a, b) %}<td title="{{ a }}">{{ b }}</td><td>{{ a }}</td>{% endmacro %}
{% macro tests(a, b) %}<td>{% if a %}{{ a }}{% else %}none{% endif %}{{ b }}</td>{% endmacro %}
{% macro filters(a, b) %}<td>{{ a|upper }}{{ b }}</td>{% endmacro %}
"""


@pytest.mark.parametrize("name", ["prints", "tests", "filters"])
def test_kept_rows_are_the_macro_drawn_row_by_row(app, name):
    app.jinja_loader = jinja2.ChoiceLoader(
        [jinja2.DictLoader({"rows.html": ROWS}), app.jinja_loader]
    )
    rows = [
        {"a": "x", "b": "y"},
        {"a": "", "b": "<\"&'>"},
        {"a": "Çelik <b>", "b": ""},
    ]
    direct = (
        "{% from 'rows.html' import " + name + " as m %}"
        "{% for row in rows %}{{ m(**row) }}{% endfor %}"
    )
    with app.test_request_context("/"):
        for _ in range(2):
            kept = render_template_string(
                "{{ kept_rows('rows.html', name, rows) }}", name=name, rows=rows
            )
            assert kept == render_template_string(direct, rows=rows)
    kept = app.extensions["kept_macros"]._kept
    parts = [v for k, v in kept.items() if k[:2] == ("rows.html", name)]
    assert (parts[0] == app.extensions["kept_macros"]._FAILED) is (name != "prints")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_status_time_is_kept_per_minute_only(app, lang):
    start = dt.datetime(2026, 3, 5, 13, 59, 58, 500, tzinfo=dt.UTC)
    with app.test_request_context("/"), force_locale(lang):
        for seconds in range(0, 5):
            moment = start + dt.timedelta(seconds=seconds)
            assert render_template_string("{{ format_minute(m) }}", m=moment) == show_datetime(
                moment
            )


def test_template_texts_follow_a_forced_language(app):
    with app.test_request_context("/"):
        assert render_template_string('{{ _("Search") }}') == "Zoeken"
        with force_locale("en"):
            assert render_template_string('{{ _("Search") }}') == "Search"
            assert (
                render_template_string(
                    '{{ ngettext("%(num)s registration found.", "%(num)s registrations found.", 2) }}'
                )
                == "2 registrations found."
            )
        assert render_template_string('{{ _("Search") }}') == "Zoeken"


@pytest.mark.parametrize(
    "value", ["", "plain", "&<>'\"", "Çelik & <b>Zoë</b>", Markup("<b>safe</b>"), 42, None]
)
def test_kept_values_are_escaped_as_jinja_escapes_them(value):
    assert _escaped(value) == str(escape(value))


def test_the_public_form_token_is_the_one_of_its_second(app):
    token_now = app.jinja_env.globals["public_form_token"]
    with app.test_request_context("/"):
        for _ in range(5):
            before = int(time.time())
            kept, fresh = token_now(), public_form_token()
            if int(time.time()) == before:  # both signed in the same second
                assert kept == fresh
                break
        else:
            pytest.fail("no two tokens signed in one second")
        assert tokens.verify("public-form", kept, max_age=60) == ""
