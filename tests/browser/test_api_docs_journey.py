"""Issue 14 in a real browser: a developer at an employer finds the API documentation from
the footer, reads it in Dutch and in English, follows a link from an operation to the answer
it returns, and reads a registration from the FHIR endpoint the page points to. axe-core
scans every page."""

from __future__ import annotations

import json
import urllib.request


def test_developer_reads_the_api_documentation(browser_page, live_server):
    app, base_url = live_server
    developer = browser_page
    developer.goto("/")
    page = developer.follow("API-documentatie")
    assert page.url.endswith("/api/docs")
    assert page.get_by_role("heading", level=1).inner_text() == "API-documentatie"
    assert "Eén registratie op nummer" in developer.main_text()

    page = developer.use_english("/api/docs")
    assert page.get_by_role("heading", name="One registration by number").is_visible()
    section = page.locator("section#getRegistration, section[aria-labelledby=getRegistration]")
    section.get_by_role("link", name="Registration", exact=True).click()
    assert page.url.endswith("#schema-Registration")
    assert page.locator("#schema-Registration").is_visible()
    developer.scan()

    # the page's own keyboard route: the contents list reaches every operation
    contents = page.get_by_role("navigation", name="Contents")
    assert contents.get_by_role("link").count() >= 7

    example = page.locator("pre.example code").first.inner_text()
    assert example.startswith("curl -s")


def test_the_fhir_endpoint_the_page_names_answers(browser_page, live_server):
    app, base_url = live_server
    developer = browser_page
    page = developer.use_english("/api/docs")
    fhir_base = page.locator("#fhir ~ dl code").first.inner_text()
    request = urllib.request.Request(
        f"{fhir_base}/metadata", headers={"Accept": "application/fhir+json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        assert response.headers["Content-Type"].startswith("application/fhir+json")
        body = json.load(response)
    assert body["resourceType"] == "CapabilityStatement" and body["fhirVersion"] == "4.0.1"
