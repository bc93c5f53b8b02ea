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
