"""The bookmarklet on a news page, in Chromium: it leaves the article where it
was and opens Hindsight in a new tab, with the title as the headline alone
(no site name); with a quote selected, the claim form; with nothing
selected, the article step holding the page's text."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.views import bookmarklet
from tests.support.browser import sign_in
from tests.support.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser

HEADLINE = "Skanderail promises night trains to Berlin"
NEWS_PAGE = """<!doctype html>
<html lang="en"><head>
<title>Skanderail promises night trains to Berlin | The Nordic Times</title>
<meta property="og:site_name" content="The Nordic Times">
</head><body>
<nav>Home · World · Business</nav>
<article>
<h1>Skanderail promises night trains to Berlin</h1>
<p>STOCKHOLM, 20 November 2026 — Skanderail will run a nightly sleeper by the end of 2027.</p>
<p id="quote">“We will run night trains from Stockholm to Berlin by the end of 2027,” said Anna
Lind, chief executive of Skanderail.</p>
</article>
</body></html>"""


@pytest.fixture
def alice(transactional_db):
    return UserFactory.create(username="alice", password=PASSWORD)


def open_news_page(page: Page, base: str) -> str:
    """The news page, served from the site's own origin (any page will do),
    and the bookmarklet's code for this site."""
    sign_in(page, base, "alice")
    page.goto(f"{base}/about/method/")
    page.set_content(NEWS_PAGE)
    code = bookmarklet(f"{base}/predictions/new/", f"{base}/predictions/new/from-article/")
    return code.removeprefix("javascript:")


def click_bookmarklet(page: Page, code: str) -> Page:
    """Run the bookmarklet on ``page``; the tab it opens."""
    with page.context.expect_page() as opened:
        page.evaluate(code)
    return opened.value


def test_with_nothing_selected_it_starts_the_article_step_in_a_new_tab(
    live_server, page: Page, alice
):
    tab = click_bookmarklet(page, open_news_page(page, live_server.url))

    expect(tab.get_by_role("heading", level=1)).to_have_text("Start from an article")
    expect(tab.get_by_label("The article's title")).to_have_value(HEADLINE)
    text = tab.get_by_label("The article's text")
    expect(text).to_have_value(re.compile(rf"^{HEADLINE}\s+STOCKHOLM"))
    expect(text).not_to_have_value(re.compile("Home · World"))  # the <article>, not the menu
    expect(tab).not_to_have_url(re.compile("#"))  # the text is taken out of the address
    expect(page.locator("article h1")).to_be_visible()  # the article stays open

    tab.get_by_role("button", name="Find claims").click()
    expect(tab.locator("#dateline")).to_contain_text("20 November 2026")
    expect(tab.locator("ol.suggestions li", has_text="Anna Lind").first).to_be_visible()


def test_with_a_quote_selected_it_opens_the_claim_form_in_a_new_tab(live_server, page: Page, alice):
    code = open_news_page(page, live_server.url)
    page.evaluate("() => getSelection().selectAllChildren(document.getElementById('quote'))")

    tab = click_bookmarklet(page, code)

    expect(tab.get_by_role("heading", level=1)).to_have_text("File a claim")
    expect(tab.get_by_label("Source title")).to_have_value(HEADLINE)
    expect(tab.get_by_label("The words, verbatim")).to_have_value(
        re.compile(r"^“We will run night trains from Stockholm to Berlin")
    )
    expect(page.locator("article h1")).to_be_visible()
