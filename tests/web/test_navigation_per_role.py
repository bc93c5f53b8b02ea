"""Menus show only what the person can use (issue 12): for every role the navigation is
walked and every link in it opens (200) for that person; links of other roles are absent."""

from __future__ import annotations

import re

import pytest

from register.models.accounts import Role
from tests.change_support import register_person

NAV = re.compile(r"<nav[^>]*>(.*?)</nav>", re.S)
HREF = re.compile(r'href="(/[^"#?]*)"')


def _nav_links(client) -> list[str]:
    page = client.get("/").get_data(as_text=True)
    navigation = NAV.search(page)
    assert navigation, "the page has a navigation"
    return sorted(set(HREF.findall(navigation.group(1))))


def _walk(client) -> dict[str, int]:
    return {href: client.get(href).status_code for href in _nav_links(client)}


def _person(kind, make_user):
    if kind == "registrant":
        registrar = make_user(role=Role.REGISTRAR)
        return register_person(make_user, registrar).user
    return make_user(role=Role(kind))


@pytest.mark.parametrize(
    "kind", ["applicant", "registrant", "assessor", "provider", "registrar", "admin"]
)
def test_every_link_in_the_menu_works_for_the_person(client, make_user, login, kind):
    login(_person(kind, make_user))
    walked = _walk(client)
    assert len(walked) > 5
    assert {href: code for href, code in walked.items() if code != 200} == {}


def test_an_applicant_without_registration_sees_no_registration_links(client, make_user, login):
    login(make_user(role=Role.APPLICANT))
    links = _nav_links(client)
    assert "/apply" in links
    assert "/my-registration" not in links
    assert not any(link.startswith("/review") for link in links)


def test_anonymous_visitors_see_the_public_pages_and_logging_in(client):
    walked = _walk(client)
    assert "/login" in walked and all(code == 200 for code in walked.values())
