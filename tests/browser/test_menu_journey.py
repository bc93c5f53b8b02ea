"""Issue 12, "menus show only what the person can use", in a real browser with the keyboard
(axe-core scans every page): for each role (applicant, registrant, assessor, provider,
registrar, employer) the menu holds the role's own pages and none of another role's; Tab
reaches the menu with a visible focus ring, Enter follows a link, and every link in the menu
opens without an error. (tests/web/test_navigation_per_role.py walks the same with the test
client.)"""

from __future__ import annotations

import pytest
from flask import url_for

ACTIVE = "document.activeElement"
#: pages only the register's staff use
STAFF = ("/review", "/registrar/", "/audit", "/admin", "/accreditation/review")

#: role → (demo account, endpoints its menu must show, endpoints it must not show)
ROLES = {
    "applicant": (
        "applicant1@demo.register.nl",
        ["apply.dashboard", "objections.mine"],
        ["registrations.mine", "organisations.watch_list", "assessment.dashboard"],
    ),
    "registrant": (
        "registrant1@demo.register.nl",
        ["registrations.mine", "certificates.index", "apply.dashboard"],
        ["organisations.watch_list", "assessment.dashboard", "accreditation.provider_home"],
    ),
    "assessor": (
        "assessor1@demo.register.nl",
        ["assessment.dashboard", "accreditation_panel.home"],
        ["apply.dashboard", "registrations.mine", "organisations.watch_list"],
    ),
    "provider": (
        "provider@demo.register.nl",
        ["accreditation.provider_home"],
        ["apply.dashboard", "assessment.dashboard", "organisations.watch_list"],
    ),
    "registrar": (
        "registrar@demo.register.nl",
        ["review.queue", "registrations.index", "four_eyes.queue"],
        ["admin.accounts", "apply.dashboard", "registrations.mine", "organisations.watch_list"],
    ),
    "employer": (
        "employer@demo.register.nl",
        ["organisations.home", "organisations.watch_list", "organisations.keys"],
        ["apply.dashboard", "registrations.mine", "accreditation.provider_home"],
    ),
}


def _paths(app, endpoints) -> set[str]:
    with app.test_request_context():
        return {url_for(endpoint) for endpoint in endpoints}


def _menu(person) -> list[str]:
    return person.page.locator("nav.site-nav a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )


def _focus(person) -> dict:
    return person.page.evaluate(
        f"""() => {{
            const e = {ACTIVE}, s = getComputedStyle(e);
            return {{href: e.getAttribute('href'), inMenu: !!e.closest('nav.site-nav'),
                     outline: s.outlineStyle, width: s.outlineWidth}};
        }}"""
    )


def _tab_to(person, href: str, limit: int = 40) -> dict:
    """Press Tab from the top of the page until the menu link to ``href`` has the focus;
    every menu link passed on the way shows a focus ring."""
    person.page.locator("body").focus()
    for _ in range(limit):
        person.page.keyboard.press("Tab")
        focus = _focus(person)
        if focus["inMenu"]:
            assert focus["outline"] != "none" and focus["width"] != "0px", focus
            if focus["href"] == href:
                return focus
    raise AssertionError(f"Tab did not reach the menu link {href}")


@pytest.mark.parametrize("role", list(ROLES))
def test_the_menu_shows_what_the_person_can_use_and_works_by_keyboard(
    browser_page, live_server, demo_password, role
):
    app, base_url = live_server
    email, shown, hidden = ROLES[role]
    person = browser_page
    person.log_in(email, demo_password)
    menu = _menu(person)
    assert _paths(app, shown) <= set(menu), (role, menu)
    assert not _paths(app, hidden) & set(menu), (role, menu)
    if role != "registrar":
        assert not [href for href in menu if href.startswith(STAFF)], (role, menu)

    # the keyboard: Tab to the role's first own page in the menu, Enter follows it
    target = sorted(_paths(app, shown))[0]
    if person.page.url == base_url + target:
        person.goto("/")
    _tab_to(person, target)
    with person.page.expect_navigation():
        person.page.keyboard.press("Enter")
    person.scan()
    assert person.page.url == base_url + target

    # every link in the menu opens without an error
    failed = {}
    for href in menu:
        response = person.page.goto(base_url + href)
        person.scan()
        if response is None or response.status != 200:
            failed[href] = response.status if response else None
    assert failed == {}, (role, failed)
