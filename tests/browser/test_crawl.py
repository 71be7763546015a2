"""Every page a visitor can reach, in every language, on a desktop and on a phone.

A browser starts where each kind of user starts (the home page for an anonymous visitor,
My page for demo-aino and demo-mikko, the staff home for doctor.juha and nurse.sanna),
follows every link it finds, and fails on:

- a link that answers 4xx or 5xx;
- a page that scrolls sideways (document.scrollingElement.scrollWidth > innerWidth);
- an axe-core violation (WCAG 2.1 A/AA, and landmark-unique);
- an English UI string on a Finnish, Swedish, bokmål or nynorsk page: a text that is exactly
  the msgid of one of the project's .po catalogues whose translation says otherwise.

Links that log out, go to the admin or to the e-ID provider are not followed (state
changes are POST-only forms, never links). At most two pages per URL pattern are visited
per user and language, and a user's pages are shared by the languages, so the crawl stays
within minutes.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve

from carevillage.testing import login_citizen, login_staff
from tests.browser.conftest import accessibility_violations

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = [code for code, _name in settings.LANGUAGES]
WIDTHS = (1280, 320)
PAGES_PER_PATTERN = 2
# CI time is tight: a user's crawl visits at most PAGES_PER_USER pages, shared by the
# languages (before nynorsk: up to 40 for each of fi, sv, nb and en; the anonymous visitor
# reached 142; now 28 for each of the five).
PAGES_PER_USER = 140
MAX_PAGES_PER_LANGUAGE = PAGES_PER_USER // len(LANGUAGES)
SKIPPED_PREFIXES = ("/admin/", "/oidc/", "/static/", "/media/", "/ws/", "/healthz")
SKIPPED_NAMES = {"identity:logout", "identity:start_eid_login", "identity:logged_out"}

USERS = {
    "anonymous": ("", "portal:home"),
    "demo-aino": ("citizen", "portal:my_page"),
    "demo-mikko": ("citizen", "portal:my_page"),
    "doctor.juha": ("staff", "identity:staff_home"),
    "nurse.sanna": ("staff", "identity:staff_home"),
}


@cache
def english_ui_strings(language: str) -> frozenset[str]:
    """Msgids of the project's catalogues that the language translates differently."""
    from babel.messages.pofile import read_po

    strings: set[str] = set()
    for po_path in sorted((ROOT / "carevillage").rglob(f"locale/{language}/LC_MESSAGES/*.po")):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=language)
        for message in catalog:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            translated = message.string if isinstance(message.string, tuple) else (message.string,)
            for msgid in ids:
                text = " ".join(str(msgid).split())
                # Placeholders and markup make a msgid never appear verbatim on a page.
                if len(text) < 4 or re.search(r"%[(sd]|\{|<", text):
                    continue
                if text in {" ".join(str(t).split()) for t in translated}:
                    continue  # the same word in this language ("OK", a product name)
                strings.add(text)
    return frozenset(strings)


# Visible text in the page's own language: text nodes and the texts people hear or read
# in attributes (labels, placeholders, button values), outside elements marked with
# another lang (the language switcher, a quotation).
VISIBLE_TEXTS_JS = """
() => {
  const lang = document.documentElement.lang;
  const own = (el) => { const l = el.closest('[lang]'); return !l || l.lang === lang; };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
    if (!own(el) || !el.checkVisibility()) continue;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (text) out.push(text);
    const whole = el.innerText && el.innerText.replace(/\\s+/g, ' ').trim();
    if (whole && whole !== text) out.push(whole);
  }
  for (const el of document.querySelectorAll('[aria-label],[placeholder],[title],[alt],input[type=submit][value]')) {
    if (!own(el)) continue;
    for (const a of ['aria-label', 'placeholder', 'title', 'alt']) {
      const v = el.getAttribute(a); if (v) out.push(v.replace(/\\s+/g, ' ').trim());
    }
    if (el.tagName === 'INPUT' && el.value) out.push(el.value.trim());
  }
  return out;
}
"""

LINKS_JS = "() => Array.from(document.querySelectorAll('a[href]'), a => a.href)"

SCROLL_JS = "() => [document.scrollingElement.scrollWidth, window.innerWidth]"


@dataclass
class Crawl:
    base_url: str
    failures: list[str] = field(default_factory=list)
    pages: int = 0

    def pattern(self, path: str) -> str | None:
        """The URL pattern a path belongs to; None for what the crawl does not follow."""
        if path.startswith(SKIPPED_PREFIXES):
            return None
        try:
            match = resolve(path)
        except Resolver404:
            return path  # a broken link: visit it, so that its 404 is reported
        if match.view_name in SKIPPED_NAMES:
            return None
        route = match.route
        if match.url_name == "wagtail_serve":  # village pages: home, house, article
            route += f"#depth{path.strip('/').count('/')}"
        return route

    def crawl(self, page, start: str, *, user: str, language: str) -> None:
        prefix = f"/{language}/"
        queue: deque[tuple[str, str]] = deque([(start, "(start)")])
        seen: set[str] = {start}
        per_pattern: dict[str, int] = {}
        visited = 0
        while queue and visited < MAX_PAGES_PER_LANGUAGE:
            url, referrer = queue.popleft()
            path = urlsplit(url).path
            key = self.pattern(path)
            if key is None or per_pattern.get(key, 0) >= PAGES_PER_PATTERN:
                continue
            per_pattern[key] = per_pattern.get(key, 0) + 1
            visited += 1
            for link in self.check(page, url, referrer=referrer, user=user, language=language):
                link = urldefrag(link).url
                parts = urlsplit(link)
                if f"{parts.scheme}://{parts.netloc}" != self.base_url:
                    continue
                if not parts.path.startswith(prefix) or link in seen:
                    continue
                seen.add(link)
                queue.append((link, url))

    def check(self, page, url: str, *, referrer: str, user: str, language: str) -> list[str]:
        where = f"[{user} {language}] {url}"
        try:
            response = page.goto(url)
        except Exception:  # noqa: BLE001 - a download (attachment, export): check its status
            answer = page.request.get(url)
            if answer.status >= 400:
                self.failures.append(f"{where} (linked from {referrer}): HTTP {answer.status}")
            return []
        self.pages += 1
        status = response.status if response else 0
        if status >= 400:
            self.failures.append(f"{where} (linked from {referrer}): HTTP {status}")
            return []
        if "text/html" not in (response.headers.get("content-type", "") if response else ""):
            return []
        if urlsplit(page.url).netloc != urlsplit(self.base_url).netloc:
            return []  # redirected away (the e-ID provider)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            scroll_width, inner_width = page.evaluate(SCROLL_JS)
            if scroll_width > inner_width:
                self.failures.append(
                    f"{where} at {width} px: scrolls sideways ({scroll_width} px > {inner_width})"
                )
            for violation in accessibility_violations(page, extra_rules=("landmark-unique",)):
                self.failures.append(f"{where} at {width} px: axe {violation}")
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        if language != "en":
            english = english_ui_strings(language)
            found = sorted({t for t in page.evaluate(VISIBLE_TEXTS_JS) if t in english})
            for text in found:
                self.failures.append(f"{where}: untranslated {text!r}")
        return page.evaluate(LINKS_JS)


@pytest.mark.parametrize("user", list(USERS))
def test_every_reachable_page_works_in_every_language_on_desktop_and_phone(
    village, page, user, record_property
):
    kind, start_name = USERS[user]
    if kind == "citizen":
        login_citizen(page, user, village=village)
        page.wait_for_url(re.compile(r"/my/$"))
    elif kind == "staff":
        login_staff(page, user, village=village)
        page.wait_for_url(re.compile(r"/staff/$"))
    crawl = Crawl(base_url=village.base_url)
    start_path = {"portal:home": "", "portal:my_page": "my/", "identity:staff_home": "staff/"}
    for language in LANGUAGES:
        start = f"{village.base_url}/{language}/{start_path[start_name]}"
        crawl.crawl(page, start, user=user, language=language)
    record_property("pages_crawled", crawl.pages)
    print(f"\ncrawl {user}: {crawl.pages} pages, {len(crawl.failures)} failures")
    assert crawl.pages >= len(LANGUAGES)
    assert not crawl.failures, "\n".join(crawl.failures)


def test_the_running_village_is_not_in_debug_mode(village, page):
    """`make run`'s stack: the village's own 404 page, static files still served."""
    response = page.goto(f"{village.base_url}/en/no-such-page/")
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert "Technical 404" not in page.content()
    assert page.request.get(f"{village.base_url}/static/carevillage/village.css").status == 200
    head = page.request.fetch(f"{village.base_url}/en/", method="HEAD")
    assert head.status == 200
    assert head.body() == b""
    assert "script-src 'self'" in head.headers["content-security-policy"]


def test_the_admin_works_under_its_content_security_policy(village, page):
    """Wagtail's editor, formsets and choosers run with the admin's policy: no violation."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    login_staff(page, "editor.emma", village=village)
    page.wait_for_url(re.compile(r"/staff/$"))
    for path in [
        "/admin/",
        "/admin/pages/",
        "/admin/care-programs/",
        "/admin/questionnaires/",
    ]:
        response = page.goto(village.base_url + path)
        assert response is not None and response.status == 200, path
        # One edit form from each listing: formsets, choosers, the rich-text editor.
        edit = page.locator("main a[href*='/edit/'], main a[href$='/modules/']").first
        if edit.count():
            edit.click()
            page.wait_for_load_state("networkidle")
    assert violations == []
