"""Every form, fuzzed through the test client (hypothesis): as a visitor, an applicant with
an application under way and a registrar with cases to hand, the portal's pages are crawled
from the navigation (two links deep), every POST form found is posted with generated values
(garbled text, NUL and other control characters, right-to-left overrides, huge and empty
values, wrong choices, random file bytes), and no answer may be a server error.

Bounded in time: a few examples per form and a budget per person (``BUDGET_SECONDS``); the
API is fuzzed by schemathesis in ``test_api_openapi.py``.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from register.models.accounts import Role
from register.review.services import approve_application
from tests.identity_support import confirmed_identity
from tests.web.test_apply_helpers import submitted_application

BUDGET_SECONDS = 15
MAX_PAGES = 40
EXAMPLES = 6
#: forms that would end the session being fuzzed, or change the language for the rest
SKIPPED_ACTIONS = ("/logout", "/language")


@dataclass
class Form:
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> the values offered
    files: set[str] = field(default_factory=set)


class _Parser(HTMLParser):
    """The links and the POST forms (with their fields and offered values) of a page."""

    def __init__(self, page: str):
        super().__init__()
        self.page, self.links, self.forms = page, [], []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.page, a["href"]))
        elif tag == "form":
            post = (a.get("method") or "get").lower() == "post"
            self._form = Form(urljoin(self.page, a.get("action") or self.page)) if post else None
        elif self._form is not None and a.get("name"):
            name = a["name"]
            if tag == "input" and a.get("type") == "file":
                self._form.files.add(name)
            elif tag in ("input", "textarea"):
                self._form.fields.setdefault(name, []).append(a.get("value") or "")
            elif tag == "select":
                self._select = name
                self._form.fields.setdefault(name, [])
            elif tag == "button" and a.get("value"):
                self._form.fields.setdefault(name, []).append(a["value"])
        elif tag == "option" and self._form is not None and self._select:
            self._form.fields[self._select].append(a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def crawl(client) -> list[Form]:
    """The POST forms on the pages reachable from the front page, two links deep."""
    seen, forms, frontier = set(), {}, ["http://localhost/"]
    for _depth in range(3):
        following = []
        for url in frontier:
            parts = urlsplit(url)
            if parts.netloc != "localhost" or url in seen or len(seen) >= MAX_PAGES:
                continue
            seen.add(url)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith(("/static/", "/files/", "/logout", "/certificate")):
                continue
            response = client.get(path)
            assert response.status_code < 500, path
            if "text/html" not in response.content_type:
                continue
            parser = _Parser(url)
            parser.feed(response.get_data(as_text=True))
            following += parser.links
            for form in parser.forms:
                if not urlsplit(form.action).path.startswith(SKIPPED_ACTIONS):
                    forms.setdefault((form.action, tuple(sorted(form.fields))), form)
        frontier = following
    return list(forms.values())


NASTY = st.sampled_from(
    ["", " ", "\x00", "a\x00b", "\u202egpj.exe", "\u200b", "💥", "9" * 30, "-1", "0", "x" * 5000]
)
TEXT = st.one_of(NASTY, st.text(max_size=60), st.integers().map(str), st.dates().map(str))


def _values(form: Form):
    parts = {
        name: st.one_of(st.sampled_from(offered), TEXT) if offered else TEXT
        for name, offered in form.fields.items()
    }
    files = {
        name: st.one_of(
            st.none(),
            st.tuples(
                st.one_of(
                    st.binary(max_size=64),
                    st.just(b"%PDF-1.4 fuzz"),
                    st.just(b"\x89PNG\r\n\x1a\n"),
                ),
                st.one_of(NASTY, st.just("scan.pdf"), st.text(max_size=20)),
            ),
        )
        for name in form.files
    }
    return st.fixed_dictionaries({**parts, **files})


def fuzz(client, forms: list[Form]) -> int:
    """Post generated values to every form within the budget; returns how many were fuzzed."""
    deadline = time.monotonic() + BUDGET_SECONDS
    done = 0
    for form in forms:
        if time.monotonic() > deadline:
            break
        path = urlsplit(form.action).path + (
            f"?{urlsplit(form.action).query}" if urlsplit(form.action).query else ""
        )

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(values=_values(form))
        def post(values):
            data = {}
            for name, value in values.items():
                if name in form.files:
                    if value is not None:
                        content, filename = value
                        data[name] = (io.BytesIO(content), filename)
                else:
                    data[name] = value
            response = client.post(path, data=data, content_type="multipart/form-data")
            assert response.status_code < 500, (path, values, response.status_code)

        post()
        done += 1
    return done


@pytest.fixture
def cases(db, make_user):
    """An application to review, a registration, and an applicant with a submitted case."""
    registrar = make_user(role=Role.REGISTRAR)
    applicant = make_user()
    submitted_application(applicant)
    other = submitted_application(make_user())
    confirmed_identity(other, registrar)
    approve_application(other, registrar, reason=None, today=dt.date.today(), expected_version=None)
    db.session.commit()
    return registrar, applicant


def test_a_visitors_forms_never_fail(client):
    forms = crawl(client)
    assert any(urlsplit(f.action).path == "/login" for f in forms)
    assert fuzz(client, forms) >= 1


@pytest.mark.parametrize("who", ["applicant", "registrar"])
def test_a_signed_in_persons_forms_never_fail(client, login, cases, who):
    registrar, applicant = cases
    login(registrar if who == "registrar" else applicant)
    forms = crawl(client)
    assert forms, "no forms found"
    assert fuzz(client, forms) >= 1
