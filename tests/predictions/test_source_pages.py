"""A reader checks where the words came from: the sources, newest first, with
how many quotes and predictions each gave; one source's page with its captured
text, the recorded quotes highlighted in it, who said them and the
predictions that cite them."""

import datetime as dt
import hashlib

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from predictions.demo import AMA_TITLE, load_demo
from predictions.models import Prediction, Tag
from sources.models import Source
from tests.support.factories import (
    PersonFactory,
    PredictionFactory,
    SourceFactory,
    StatementFactory,
)
from tests.support.html import Page, page

pytestmark = pytest.mark.django_db

SEED_TITLE = 'OpenAI "We Are On The Wrong Side Of History" (of Open Source)'
SEED_CLAIM = "OpenAI open-sources one of its models"
SEED_QUOTE = "OpenAI may move towards open sourcing its models within the next month"


@pytest.fixture
def demo(frozen_now):
    load_demo()
    return Source.objects.get(title__startswith="OpenAI")


def titles(response) -> list[str]:
    return [row["cells"][0] for row in page(response).rows]


def marks(response) -> list[str]:
    return page(response).marks


# The list -----------------------------------------------------------------


def test_sources_list_the_seed_with_its_counts(client, demo):
    rows = page(client.get("/sources/")).rows

    # Title, publisher, published, kind, statements, predictions
    assert [row["cells"] for row in rows] == [
        [SEED_TITLE, "—", "1 February 2025", "Article", "2", "1"],
        # Where the remark the article reports was made (predictions.demo).
        [AMA_TITLE, "Reddit", "31 January 2025", "Social media post", "1", "0"],
    ]
    assert rows[0]["link"] == f"/sources/{demo.pk}/"


def test_sources_are_newest_first_and_undated_last(client):
    SourceFactory.create(title="Old", published_on=dt.date(2020, 1, 1))
    SourceFactory.create(title="Undated", published_on=None)
    SourceFactory.create(title="New", published_on=dt.date(2026, 1, 1))
    SourceFactory.create(title="Middle", published_on=dt.date(2023, 6, 1), kind="podcast")

    response = client.get("/sources/")

    assert titles(response) == ["New", "Middle", "Old", "Undated"]
    assert [row["cells"][2:4] for row in page(response).rows] == [
        ["1 January 2026", "Article"],
        ["1 June 2023", "Podcast"],
        ["1 January 2020", "Article"],
        ["undated", "Article"],
    ]


def test_counts_are_distinct_statements_and_predictions(client):
    source = SourceFactory.create(title="Busy")
    quoted = StatementFactory.create(source=source, text="First")
    StatementFactory.create(source=source, text="Second")
    for _ in range(3):
        PredictionFactory.create(statement=quoted)
    SourceFactory.create(title="Quiet", published_on=dt.date(2000, 1, 1))

    rows = {row["cells"][0]: row["cells"][4:] for row in page(client.get("/sources/")).rows}

    assert rows == {"Busy": ["2", "3"], "Quiet": ["0", "0"]}


def test_a_withdrawn_prediction_is_not_counted_as_it_is_nowhere(client):
    source = SourceFactory(title="Retracted")
    quoted = StatementFactory(source=source, text="Soon")
    PredictionFactory(statement=quoted)
    PredictionFactory(statement=quoted, status="withdrawn")

    rows = {row["cells"][0]: row["cells"][4:] for row in page(client.get("/sources/")).rows}

    assert rows == {"Retracted": ["1", "1"]}


def test_search_covers_title_publisher_and_address(client):
    SourceFactory.create(
        title="Rates to fall", publisher="The Daily", url="https://daily.example/a"
    )
    SourceFactory.create(title="Trams", publisher="Riverton Post", url="https://post.example/b")
    SourceFactory.create(title="Weather", publisher="", url="https://weather.example/rates-report")

    assert sorted(titles(client.get("/sources/", {"q": "RATES"}))) == ["Rates to fall", "Weather"]
    assert titles(client.get("/sources/", {"q": "riverton"})) == ["Trams"]
    assert titles(client.get("/sources/", {"q": "post.example"})) == ["Trams"]
    response = client.get("/sources/", {"q": "nothing like it"})
    assert titles(response) == []
    assertContains(response, "No source matches “nothing like it”")


def test_search_box_has_a_label(client):
    response = client.get("/sources/", {"q": '"><b>x'})

    assertContains(response, '<label for="sources-q">Search sources</label>', html=True)
    assertContains(response, 'value="&quot;&gt;&lt;b&gt;x"')


def test_sources_are_paginated_keeping_the_query(client):
    for n in range(60):
        SourceFactory.create(
            title=f"Story {n:02d}", published_on=dt.date(2025, 1, 1) + dt.timedelta(n)
        )

    first = page(client.get("/sources/", {"q": "story"}))
    second = client.get("/sources/" + first.pagination["next"])

    assert len(first.rows) == 50
    assert first.rows[0]["cells"][0] == "Story 59"
    assert first.pagination["next"].startswith("?q=story&cursor=")
    assert titles(second) == [f"Story {n:02d}" for n in range(9, -1, -1)]


def test_titles_and_publishers_are_escaped_in_the_list(client):
    SourceFactory.create(title="<i>Title</i>", publisher="<b>Pub</b>")

    response = client.get("/sources/")

    assertContains(response, "&lt;i&gt;Title&lt;/i&gt;")
    assertContains(response, "&lt;b&gt;Pub&lt;/b&gt;")
    assertNotContains(response, "<i>Title")


def sources_with_quotes(size: int) -> None:
    for _ in range(size):
        statement = StatementFactory.create()
        StatementFactory.create(source=statement.source, text="Another quote")
        PredictionFactory.create(statement=statement)


# The page of sources, then both counts of that page's rows (none of them all).
SOURCES_QUERIES = 2


@pytest.mark.parametrize("size", [3, 30])
def test_sources_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    sources_with_quotes(size)

    with django_assert_num_queries(SOURCES_QUERIES):
        response = client.get("/sources/")

    rows = page(response).rows
    assert len(rows) == size
    assert {tuple(row["cells"][4:]) for row in rows} == {("2", "1")}


# One source ---------------------------------------------------------------


def test_source_page_shows_the_seed(client, demo):
    response = client.get(f"/sources/{demo.pk}/")

    assertContains(response, f"<h1>{SEED_TITLE}</h1>", html=True)
    assertContains(response, '<time datetime="2025-02-01">1 February 2025</time>', html=True)
    assertContains(response, "<dt>Kind</dt><dd>Article</dd>", html=True)
    assertContains(response, "URL unknown: the article reached the ledger as text.")
    assertContains(response, hashlib.sha256(demo.text.encode()).hexdigest())
    assertNotContains(response, "edited since it was captured")
    assertContains(response, "Sam Altman, CEO of OpenAI, acknowledged a shift")


def test_source_page_highlights_every_recorded_quote(client, demo):
    response = client.get(f"/sources/{demo.pk}/")

    found = marks(response)
    occurrences = demo.text.lower().count("wrong side of history")
    assert occurrences >= 2
    assert found.count("wrong side of history") == occurrences
    assert found.count(SEED_QUOTE) == 1
    assert len(found) == occurrences + 1


def test_source_page_lists_statements_and_the_predictions_citing_them(client, demo):
    response = client.get(f"/sources/{demo.pk}/")

    seen = page(response)
    assertContains(response, '<a href="/people/sam-altman/">Sam Altman</a>', html=True)
    assertContains(response, "31 January 2025")
    assertContains(response, "<blockquote>wrong side of history</blockquote>", html=True)
    assertContains(response, f"<blockquote>{SEED_QUOTE}</blockquote>", html=True)
    assert [row["cells"][0] for row in seen.rows] == [f"{SEED_CLAIM} Paraphrased: {SEED_QUOTE}"]
    assert seen.rows[0]["link"] == Prediction.objects.get(claim=SEED_CLAIM).get_absolute_url()


def test_source_links_to_its_address_and_archive(client):
    source = SourceFactory.create(
        url="https://news.example.com/story?id=1&page=2",
        archive_url="https://web.archive.org/web/2026/https://news.example.com/story",
        publisher="News",
        kind="video",
        description="Captured by hand.\n\nCheck the video.",
    )

    response = client.get(f"/sources/{source.pk}/")

    assertContains(
        response,
        '<a href="https://news.example.com/story?id=1&amp;page=2" rel="nofollow noopener">'
        "https://news.example.com/story?id=1&amp;page=2</a>",
        html=True,
    )
    assertContains(
        response, 'href="https://web.archive.org/web/2026/https://news.example.com/story"'
    )
    assertContains(response, "<dt>Publisher</dt><dd>News</dd>", html=True)
    assertContains(response, "<dt>Kind</dt><dd>Video</dd>", html=True)
    assertContains(response, "<p>Captured by hand.</p>\n\n<p>Check the video.</p>")
    assertContains(response, "No text was captured for this source.")
    assertContains(response, "No quotes recorded from this source yet.")
    assertContains(response, "No prediction cites this source yet.")
    assertNotContains(response, "SHA-256")


def test_unknown_source_is_404(client, demo):
    assert client.get(f"/sources/{demo.pk + 1}/").status_code == 404
    assert client.get("/sources/not-a-number/").status_code == 404


def test_text_description_and_links_are_escaped(client):
    text = 'Intro <script>alert("t")</script>.\n\nHe said: "1 < 2 & <b>bold</b>" loudly.'
    source = SourceFactory.create(
        title="<em>T</em>",
        url="javascript:alert(1)",
        archive_url="data:text/html,<script>",
        description="<img src=x onerror=alert(2)>",
        text=text,
        text_sha256=hashlib.sha256(text.encode()).hexdigest(),
    )
    StatementFactory.create(
        source=source, text='"1 < 2 & <b>bold</b>"', speaker=PersonFactory.create(name="<u>U</u>")
    )

    response = client.get(f"/sources/{source.pk}/")

    body = response.content.decode()
    assert "<script>" not in body
    assert "<img" not in body
    assert "<b>bold" not in body
    assert "javascript:" not in body
    assert "data:text" not in body
    assertContains(response, "<h1>&lt;em&gt;T&lt;/em&gt;</h1>")
    assertContains(response, "<p>Intro &lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;.</p>")
    assertContains(
        response,
        "<p>He said: <mark>&quot;1 &lt; 2 &amp; &lt;b&gt;bold&lt;/b&gt;&quot;</mark> loudly.</p>",
    )
    assertContains(response, "&lt;u&gt;U&lt;/u&gt;")
    assertContains(response, "&lt;img src=x onerror=alert(2)&gt;")


def test_quotes_with_special_characters_overlapping_and_repeated(client):
    text = "Rates (5%+) will fall. Rates (5%+) will fall by [June]? Maybe.\nRates (5%+) again."
    source = SourceFactory.create(text=text)
    speaker = PersonFactory.create()
    StatementFactory.create(source=source, speaker=speaker, text="Rates (5%+) will fall")
    StatementFactory.create(source=source, speaker=speaker, text="will fall by [June]?")
    StatementFactory.create(source=source, speaker=PersonFactory.create(), text="(5%+)")

    response = client.get(f"/sources/{source.pk}/")

    assert marks(response) == [
        "Rates (5%+) will fall",
        "Rates (5%+) will fall by [June]?",
        "(5%+)",
    ]
    assertContains(response, "Maybe.<br>\nRates <mark>(5%+)</mark> again.</p>")


def test_a_changed_text_is_flagged(client):
    source = SourceFactory.create(
        text="As edited", text_sha256=hashlib.sha256(b"As captured").hexdigest()
    )

    response = client.get(f"/sources/{source.pk}/")

    assertContains(response, hashlib.sha256(b"As captured").hexdigest())
    assertContains(response, "the text has been edited since it was captured")


def source_with_record(size: int) -> Source:
    """A source with ``size`` statements by different people, each cited by a
    tagged prediction, and its text quoting every one."""
    source = SourceFactory.create(
        text="\n\n".join(f"Paragraph {n}: quote {n}." for n in range(size))
    )
    tag = Tag.objects.create(name="Politics", slug="politics")
    for n in range(size):
        statement = StatementFactory.create(source=source, text=f"quote {n}.")
        PredictionFactory.create(statement=statement, predictor=statement.speaker).tags.add(tag)
    return source


# The source with its counts, its statements with their speakers, the
# predictions citing them (predictor, quote, speaker, source joined) and
# their tags.
SOURCE_QUERIES = 4


@pytest.mark.parametrize("size", [3, 30])
def test_source_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    source = source_with_record(size)

    with django_assert_num_queries(SOURCE_QUERIES):
        response = client.get(f"/sources/{source.pk}/")

    assert len(page(response).rows) == size
    assert len(marks(response)) == size


def test_the_page_reader_sees_the_predictions_table(client, demo):
    # Guards the helper the other tests rely on.
    seen = Page(client.get(f"/sources/{demo.pk}/").content.decode())

    assert len(seen.rows) == 1
