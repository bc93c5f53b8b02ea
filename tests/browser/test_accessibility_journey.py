"""Issue 12, accessibility beyond what the scanners see, in a real browser (axe-core still
scans every page): where the focus goes after a failed submit, a result and a search, what
the title says then, the focus indicator's contrast, table scroll boxes as named keyboard
regions, meta description and favicon; and one run at a phone's width (375 px): search
results as cards with status and validity visible without scrolling sideways, and radio
buttons beside their labels."""

from __future__ import annotations

import re

ACTIVE = "document.activeElement"


def _focused(page) -> dict:
    return page.evaluate(
        f"""() => ({{tag: {ACTIVE}.tagName, id: {ACTIVE}.id,
                     cls: {ACTIVE}.className, text: {ACTIVE}.innerText || ''}})"""
    )


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = map(channel, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _rgb(css: str) -> tuple[int, int, int]:
    r, g, b = (int(v) for v in re.findall(r"\d+", css)[:3])
    return r, g, b


def test_error_summary_and_result_take_the_focus_and_the_title_says_so(browser_page):
    person = browser_page
    page = person.goto("/search?q=B")  # too short a name: the form is refused
    assert page.title().startswith("Fout: Zoeken in het register"), page.title()
    focused = _focused(page)
    assert "error-summary" in focused["cls"] and "minstens 2 letters" in focused["text"]

    # the eligibility check, refused and then answered
    page = person.goto("/eligibility")
    assert not page.title().startswith(("Fout", "Uitkomst")), page.title()
    page = person.submit("Toon de uitkomst")
    assert page.title().startswith("Fout: "), page.title()
    assert "error-summary" in _focused(page)["cls"]
    person.choose("Nee")
    person.fill("Uren per week dat u werkt als ervaringsdeskundige", "20")
    person.fill("Sinds wanneer?", "2020-01-01")
    page = person.submit("Toon de uitkomst")
    assert page.title().startswith("Uitkomst: "), page.title()
    focused = _focused(page)
    assert focused["tag"] == "SECTION" and "result" in focused["cls"], focused
    # scrolled into view: the result is where the reader is
    box = page.evaluate(
        f"(() => {{ const r = {ACTIVE}.getBoundingClientRect(); "
        "return {top: r.top, bottom: r.bottom}; })()"
    )
    assert box["top"] < page.viewport_size["height"] and box["bottom"] > 0, box

    # after a search the results heading has the focus
    page = person.goto("/search?q=celik")
    assert _focused(page)["id"] == "results-title"
    assert not page.title().startswith(("Fout", "Uitkomst"))


def test_the_focus_indicator_stands_out_on_white_and_on_the_blue_header(browser_page):
    page = browser_page.goto("/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand, in the blue header
    header = page.evaluate(
        f"""() => {{ const s = getComputedStyle({ACTIVE});
            const bar = getComputedStyle(document.querySelector('.site-header'));
            return {{outline: s.outlineColor, width: s.outlineWidth, style: s.outlineStyle,
                     shadow: s.boxShadow, background: bar.backgroundColor}}; }}"""
    )
    assert header["style"] == "solid" and float(header["width"].rstrip("px")) >= 3
    assert _contrast(_rgb(header["outline"]), _rgb(header["background"])) >= 3, header
    # a link in the page's white body: the dark outline against white
    page.locator("main a").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    body = page.evaluate(
        f"""() => {{ const s = getComputedStyle({ACTIVE});
            return {{outline: s.outlineColor, width: s.outlineWidth, style: s.outlineStyle,
                     inMain: !!{ACTIVE}.closest('main')}}; }}"""
    )
    assert body["inMain"] and body["style"] == "solid", body
    assert _contrast(_rgb(body["outline"]), (255, 255, 255)) >= 3, body


def test_table_scroll_boxes_are_named_regions_reached_by_keyboard(browser_page):
    page = browser_page.goto("/search?q=berg")
    region = page.locator(".table-wrap").first
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("tabindex") == "0"
    name = page.get_by_role("region", name=re.compile("Registraties bij"))
    assert name.count() == 1
    name.focus()
    assert "table-wrap" in _focused(page)["cls"]


def test_every_page_has_a_description_and_a_local_favicon(browser_page, live_server):
    _, base_url = live_server
    for path in ("/", "/search", "/verify", "/eligibility", "/login"):
        page = browser_page.goto(path)
        description = page.locator('meta[name="description"]').get_attribute("content")
        assert description and len(description) > 40, path
        icon = page.locator('link[rel="icon"]').get_attribute("href")
        assert icon.startswith("/static/"), icon
    answer = browser_page.page.request.get(base_url + icon)
    assert answer.ok and answer.headers["content-type"].startswith("image/svg+xml")


def test_on_a_phone_results_are_cards_and_radios_sit_with_their_labels(browser_page):
    person = browser_page
    person.page.set_viewport_size({"width": 375, "height": 740})
    page = person.goto("/search?q=berg")
    assert _focused(page)["id"] == "results-title"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width  # nothing to scroll sideways
    card = page.locator("table.as-cards tbody tr").first
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    for label in ("Status", "Geldig tot en met"):
        cell = card.locator(f'td[data-label="{label}"]')
        cell_box = cell.bounding_box()
        assert cell.is_visible() and cell_box["x"] + cell_box["width"] <= 375, label
        assert cell.evaluate("e => getComputedStyle(e, '::before').content").startswith('"')

    page = person.goto("/eligibility")
    radios = page.locator(".radio")
    assert radios.count() >= 4
    for i in range(radios.count()):
        option = radios.nth(i)
        button = option.locator("input").bounding_box()
        label = option.locator("label").bounding_box()
        # on one row: the label starts right of the button and overlaps it vertically
        assert label["x"] > button["x"] and label["x"] - (button["x"] + button["width"]) < 24
        assert (
            label["y"] < button["y"] + button["height"]
            and button["y"] < label["y"] + label["height"]
        )
