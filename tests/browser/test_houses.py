"""A citizen reads the village: home, "Choose house", an article, search, the provider finder."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, visit

# What sticks out past 320 px, named in the failure (tag, class, right edge, text).
WIDER_THAN_A_PHONE = """() => [...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > 321)
  .slice(0, 10)
  .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)} `
    + (el.textContent || '').trim().slice(0, 60))"""


def test_citizen_finds_an_article_by_house_and_by_search_and_a_place_nearby(village, page):
    visit(page, village.base_url + "/en/")
    expect(page.get_by_role("heading", name="Houses")).to_be_visible()
    expect(page.get_by_role("link", name="Log in with e-ID")).to_be_visible()

    # The "Choose house" menu works without JavaScript (a <details> element).
    page.get_by_text("Choose house").click()
    page.get_by_role("navigation", name="Houses").get_by_role("link", name="Heart house").click()
    expect(page).to_have_url(re.compile(r"/en/heart/$"))
    check_accessibility(page)
    page.get_by_role("link", name="Living with heart failure").click()
    expect(page.get_by_role("heading", name="About this article")).to_be_visible()
    expect(page.get_by_text("Demo content written for the CareVillage demo.")).to_be_visible()
    check_accessibility(page)

    # The same article in Norwegian, by the language switcher.
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Norsk bokmål").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Å leve med hjertesvikt")
    check_accessibility(page)

    # Search from the header box, in Norwegian: a word finds its compounds.
    page.get_by_role("search").first.get_by_role("searchbox").fill("astma")
    page.get_by_role("search").first.get_by_role("searchbox").press("Enter")
    # (The allergy and asthma house itself may come first: houses are searched too.)
    hit = page.locator(".search-results li").filter(
        has=page.get_by_role("link", name="Astmamedisiner", exact=True)
    )
    expect(hit).to_have_count(1)
    expect(hit.locator("mark").first).to_have_text(re.compile("astma", re.I))
    check_accessibility(page)

    # The provider finder at phone width: nearest first, each with today's hours.
    page.set_viewport_size({"width": 320, "height": 800})
    visit(page, village.base_url + "/en/providers/")
    page.get_by_label("Service").select_option(label="Vaccinations")
    page.get_by_label("Postcode or coordinates").fill("00530")
    page.get_by_role("button", name="Find").click()
    expect(
        page.get_by_role("heading", name=re.compile("places found, nearest first"))
    ).to_be_visible()
    expect(page.locator(".provider h3").first).to_contain_text("Kallio")
    expect(page.locator(".provider").first).to_contain_text("Today:")
    page.wait_for_load_state("load")
    wide = page.evaluate(WIDER_THAN_A_PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, wide
    check_accessibility(page)

    page.get_by_label("Postcode or coordinates").fill("99999")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("alert")).to_contain_text("We do not know the postcode 99999")
    check_accessibility(page)


def test_citizen_finds_self_tests_and_the_chat_from_home_and_by_search(village, page):
    visit(page, village.base_url + "/en/")
    help_links = page.get_by_role("region", name="Help without logging in")
    expect(help_links.get_by_role("link", name="Find a care provider near you")).to_be_visible()
    expect(help_links.get_by_role("link", name="Chat with the school nurse")).to_be_visible()
    help_links.get_by_role("link", name="Self-tests and quizzes").click()
    expect(page).to_have_url(re.compile(r"/en/self-tests/$"))

    # The youth house links to the school nurse's anonymous chat.
    visit(page, village.base_url + "/en/youth/")
    expect(page.get_by_role("link", name="Chat with the school nurse")).to_be_visible()

    # Search finds the self-test by its name, and corrects a typo.
    page.get_by_role("search").first.get_by_role("searchbox").fill("PHQ-9")
    page.get_by_role("search").first.get_by_role("searchbox").press("Enter")
    first = page.locator(".search-results li").first
    expect(first.get_by_role("link")).to_have_text("Mood self-test (PHQ-9)")
    expect(first).to_contain_text("Self-test")
    check_accessibility(page)
    page.get_by_role("search").first.get_by_role("searchbox").fill("depresion")
    page.get_by_role("search").first.get_by_role("searchbox").press("Enter")
    expect(page.get_by_text("Did you mean")).to_be_visible()
    page.get_by_role("link", name="depression", exact=True).click()
    expect(page.locator(".search-results li").first).to_be_visible()
    check_accessibility(page)
