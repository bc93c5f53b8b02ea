"""The front page renders in a real browser, passes axe, and switches language."""


def test_home_page_in_dutch_then_english(browser_page):
    page = browser_page.goto("/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert "Register Ervaringsdeskundigen" in page.title()
    browser_page.submit("English")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Register of Experts by Experience" in page.title()


def test_keyboard_skip_link_reaches_main(browser_page):
    page = browser_page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "inhoud" in focused.lower()


def test_the_axe_scan_reports_violations(browser_page):
    """The harness's guarantee holds: a page with an unlabelled field and an image without
    a text alternative is reported (then forgotten, so this test itself passes)."""
    page = browser_page.goto("/")
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main>'
        '<img src="x.png"><input type="text"></main></body></html>'
    )
    browser_page.scan()
    assert browser_page.problems and "image-alt" in browser_page.problems[0]
    assert "label" in browser_page.problems[0]
    browser_page.problems.clear()
