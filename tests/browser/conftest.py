"""Browser tests: the real portal served on 127.0.0.1 in a thread, driven by Debian's headless
Chromium through Playwright, with an axe-core scan of every page visited.

Use the ``browser_page`` fixture: its ``goto``/``click``/``submit`` helpers wait for the
navigation and scan the new page; at the end of each test every page the browser landed on
must have been scanned and found free of violations.

Journeys with several people use ``open_page()`` (one browser context, so one session, per
person); every page it opens is checked the same way. ``live_outbox`` holds the e-mails the
live portal sent; ``mail_link(to, contains)`` reads a link from the newest one to an address.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest

from register import create_app
from register.extensions import db

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _live_config(database: Path, uploads: Path) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "UPLOAD_FOLDER": str(uploads),
        "MAIL_BACKEND": "memory",
        "RATELIMIT_ENABLED": False,
        "WTF_CSRF_ENABLED": True,
        "PASSWORD_HASH_FAST": True,
        "SECRET_KEY": "browser-tests",
        # the live server's threads share one SQLite file; on a machine running both suites
        # at once (CI: 2 cores) a writer may wait for another longer than SQLite's default
        # 5 s, which the portal answers 503 ("cannot reach its database")
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"timeout": 30}},
    }


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory) -> Path:
    """A SQLite file with the schema and the demo data, built once per session (per xdist
    worker); each test module's portal works on a copy of it."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed")
    tmp = tmp_path_factory.mktemp("demo")
    database = tmp / "demo.sqlite3"
    app = create_app(_live_config(database, tmp / "uploads"))
    with app.app_context():
        db.create_all()
        from register.demo import load_demo_data

        load_demo_data()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return database


@pytest.fixture(scope="module")
def live_server(demo_database, tmp_path_factory):
    """The portal with demo data on a free port, on a fresh copy of the demo database for
    each test module (its commits are real: the server answers from its own threads);
    yields (app, base_url)."""
    from werkzeug.serving import make_server

    tmp = tmp_path_factory.mktemp("live")
    database = tmp / "live.sqlite3"
    shutil.copyfile(demo_database, database)
    app = create_app(_live_config(database, tmp / "uploads"))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole session (per xdist worker)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


#: every axe-core rule, reporting only the violations
AXE_RUN = "window.axe ? axe.run(document, {resultTypes: ['violations']}) : null"

#: everything an axe scan depends on that can differ between two loads of a page: the
#: document (without the CSRF tokens, new in every session), what is typed, ticked or chosen
#: in its fields, which element has the focus, and the size of the window
PAGE_STATE = """() => {
  const copy = document.documentElement.cloneNode(true);
  copy.querySelectorAll("input[name=csrf_token]").forEach((e) => e.removeAttribute("value"));
  const fields = Array.from(document.querySelectorAll("input, textarea, select"))
    .filter((e) => e.name !== "csrf_token")
    .map((e) => (e.type === "checkbox" || e.type === "radio" ? e.checked : e.value));
  const all = Array.from(document.querySelectorAll("*"));
  return JSON.stringify([innerWidth, innerHeight, all.indexOf(document.activeElement),
                         fields, copy.outerHTML]);
}"""

#: digests of the page states this worker has scanned and found free of violations: a journey
#: that comes back to exactly the same page (same text, fields, focus, window) is not scanned
#: again, since axe-core would find exactly what it found before
_CLEAN_STATES: set[str] = set()


def _new_context(chromium, base_url: str):
    """A browser context with axe-core loaded into every page before it renders (outside
    the page's CSP), so that each scan only has to run it."""
    from axe_playwright_python.base import AXE_SCRIPT

    context = chromium.new_context(base_url=base_url, locale="nl-NL", accept_downloads=True)
    # CI runs the SQLite and PostgreSQL suites at once on 2 cores (four workers, two
    # browsers, the database server): a page that renders in 1 s here may take several there
    context.set_default_timeout(20_000)
    context.add_init_script(script=AXE_SCRIPT)
    return context


class ScannedPage:
    """A Playwright page whose navigations are followed by an axe-core scan."""

    def __init__(self, page, base_url: str, app=None):
        from axe_playwright_python.sync_playwright import Axe

        self.page, self.base_url, self.axe, self.app = page, base_url, Axe(), app
        self.landed: list[str] = []
        self.scanned: set[str] = set()
        self.problems: list[str] = []
        self.statuses: list[tuple[int, str]] = []  # (status, url) of each page loaded
        page.on(
            "framenavigated",
            lambda frame: frame == page.main_frame and self.landed.append(frame.url),
        )
        page.on(
            "response",
            lambda r: (
                r.request.is_navigation_request()
                and r.frame == page.main_frame
                and self.statuses.append((r.status, r.url))
            ),
        )
        _OPEN_PAGES.append(self)

    def describe(self) -> str:
        """Where this browser is and what it shows (for the report of a failed test)."""
        try:
            text = self.page.locator("main").inner_text(timeout=1_000)
        except Exception as exc:  # a closed or blank page: say so instead
            text = f"(no main element: {type(exc).__name__})"
        loads = ", ".join(f"{status} {url}" for status, url in self.statuses[-4:])
        return f"at {self.page.url}\nlast loads: {loads}\nmain text:\n{text[:1500]}"

    def scan(self) -> None:
        """Run axe on the current page and remember any violation."""
        from axe_playwright_python.base import AxeResults

        self.page.wait_for_load_state("load")
        state = hashlib.sha256(self.page.evaluate(PAGE_STATE).encode()).hexdigest()
        if state in _CLEAN_STATES:
            self.scanned.add(self.page.url)
            return
        raw = self.page.evaluate(AXE_RUN)
        if raw is None:  # a page the init script did not reach (e.g. set_content)
            self.page.evaluate(self.axe.axe_script)
            raw = self.page.evaluate(AXE_RUN)
        results = AxeResults(raw)
        self.scanned.add(self.page.url)
        if results.violations_count:
            self.problems.append(f"{self.page.url}:\n{results.generate_report()}")
        else:
            _CLEAN_STATES.add(state)

    def goto(self, path: str):
        """Open a path on the portal (or a full link, e.g. from an e-mail) and scan it."""
        self.page.goto(path if path.startswith("http") else self.base_url + path)
        self.scan()
        return self.page

    def click(self, selector: str, **kw):
        """Click something that navigates, wait for the new page and scan it."""
        with self.page.expect_navigation():
            self.page.click(selector, **kw)
        self.scan()
        return self.page

    def submit(self, button_text: str):
        """Click the button with this accessible name, then scan the resulting page."""
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=button_text, exact=True).click()
        self.scan()
        return self.page

    def fill(self, label: str, value: str):
        """Type ``value`` into the field labelled ``label``."""
        self.page.get_by_label(label, exact=True).fill(value)

    def choose(self, label: str):
        """Tick the radio button or checkbox labelled ``label``."""
        self.page.get_by_label(label, exact=True).check()

    def select(self, label: str, option: str):
        """Pick the option with the visible text ``option`` in the select labelled ``label``."""
        self.page.get_by_label(label, exact=True).select_option(label=option)

    def attach(self, label: str, name: str, content: bytes, mime: str = "application/pdf"):
        """Put a file made in the test into the file field labelled ``label``."""
        self.page.get_by_label(label, exact=True).set_input_files(
            {"name": name, "mimeType": mime, "buffer": content}
        )

    def follow(self, link_text: str):
        """Follow the link with this accessible name, then scan the page it leads to."""
        with self.page.expect_navigation():
            self.page.get_by_role("link", name=link_text, exact=True).first.click()
        self.scan()
        return self.page

    def use_english(self, path: str = "/"):
        """Open ``path`` and switch the interface to English with the language button in the
        header (which brings the person back to the same page)."""
        self.goto(path)
        if self.page.locator("html").get_attribute("lang") != "en":
            self.submit("English")
        return self.page

    def log_in(self, email: str, password: str, english: bool = True):
        """Log in through the login form (in English unless told otherwise); returns the
        page the portal lands on."""
        if english:
            self.use_english("/login")
        else:
            self.goto("/login")
        return self.log_in_here(email, password)

    def log_in_here(self, email: str, password: str):
        """Log in through the login form on the page the browser is on (e.g. where a link
        for someone logged out led); returns the page the portal lands on."""
        form = self.page.locator("main form[action*='/login']")
        form.locator("input[name=email]").fill(email)
        form.locator("input[name=password]").fill(password)
        with self.page.expect_navigation():
            form.locator("button[type=submit]").click()
        self.scan()
        if "/login/code" in self.page.url:
            self.page.get_by_label("Code", exact=True).fill(self.second_factor_code(email))
            with self.page.expect_navigation():
                self.page.locator("main form[action$='/login/code'] button[type=submit]").click()
            self.scan()
        assert "/login" not in self.page.url, f"login failed for {email}"
        return self.page

    def second_factor_code(self, email: str) -> str:
        """The code a demo account's authenticator shows now (its fixed demo secret), with the
        account's replay marker cleared in the live portal's database, so a test may log the
        same person in again within the same 30 seconds."""
        from sqlalchemy import select

        from register.demo.accounts import demo_secret
        from register.domain.second_factor import code_at, time_step
        from register.models.accounts import User
        from register.models.base import utcnow
        from register.models.second_factor import SecondFactor

        with self.app.app_context():
            found = db.session.scalar(select(SecondFactor).join(User).where(User.email == email))
            found.last_step = None
            db.session.commit()
            db.session.remove()
        return code_at(demo_secret(email), time_step(utcnow()))

    def definition(self, term: str, within: str = "main") -> str:
        """The text of the <dd> that follows the <dt> whose text is exactly ``term``."""
        dd = self.page.locator(within).locator(
            f"xpath=.//dt[normalize-space()='{term}']/following-sibling::dd[1]"
        )
        return dd.first.inner_text().strip()

    def main_text(self) -> str:
        """The text of the page's main element (for asserting what a person sees)."""
        return self.page.locator("main").inner_text()

    def assert_all_scanned_clean(self) -> None:
        unscanned = [u for u in self.landed if u not in self.scanned and u != "about:blank"]
        assert not unscanned, f"pages visited without an axe scan: {unscanned}"
        assert not self.problems, "axe-core violations:\n" + "\n\n".join(self.problems)


#: the browser pages of the running test, described in its report when it fails
_OPEN_PAGES: list[ScannedPage] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test reports what each of its browsers showed at that moment: a
    timeout alone ("waiting for locator …") does not say whether the page was an error page,
    the login page or the right page without the expected text."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        for number, scanned in enumerate(_OPEN_PAGES, start=1):
            report.sections.append((f"browser {number}", scanned.describe()))
    if report.when == "teardown":
        _OPEN_PAGES.clear()


@pytest.fixture
def browser_page(live_server, chromium):
    """A fresh browser context (no cookies) on the live portal; checked for axe violations."""
    app, base_url = live_server
    context = _new_context(chromium, base_url)
    page = context.new_page()
    scanned = ScannedPage(page, base_url, app)
    yield scanned
    context.close()
    scanned.assert_all_scanned_clean()


@pytest.fixture
def open_page(live_server, chromium):
    """Creator: ``open_page()`` gives another person their own browser context (own cookies,
    own session) on the live portal. Every page checked as ``browser_page`` is."""
    app, base_url = live_server
    opened: list[tuple[object, ScannedPage]] = []

    def open_() -> ScannedPage:
        context = _new_context(chromium, base_url)
        scanned = ScannedPage(context.new_page(), base_url, app)
        opened.append((context, scanned))
        return scanned

    yield open_
    for context, _ in opened:
        context.close()
    for _, scanned in opened:
        scanned.assert_all_scanned_clean()


@pytest.fixture
def demo_password(live_server) -> str:
    """The password of every demo account."""
    return live_server[0].config["DEMO_PASSWORD"]


@pytest.fixture
def live_outbox(live_server):
    app, _ = live_server
    return app.extensions.setdefault("mail_outbox", [])


@pytest.fixture
def mail_link(live_outbox):
    """``mail_link(to, contains)``: the link from the newest e-mail the portal sent to ``to``."""
    return lambda to, contains="/": link_in_mail(live_outbox, to, contains)


LINK = re.compile(r"https?://\S+")


def link_in_mail(outbox: list[dict], to: str, contains: str = "/", wait: float = 5.0) -> str:
    """The first link containing ``contains`` in the newest e-mail to ``to`` that has one.
    Mail is delivered after the commit, so wait briefly for it."""
    deadline = time.monotonic() + wait
    while True:
        for mail in reversed(list(outbox)):
            if mail["to"].lower() == to.lower():
                links = [u.rstrip(".,)") for u in LINK.findall(mail["body"]) if contains in u]
                if links:
                    return links[0]
        if time.monotonic() > deadline:
            sent = [(m["to"], m["subject"]) for m in outbox if m["to"].lower() == to.lower()]
            raise AssertionError(f"no e-mail to {to} with a link containing {contains!r}: {sent}")
        time.sleep(0.05)
