"""A source's text as HTML with its quotes marked: escaped first, marked after,
paragraphs kept. Pure functions, no database."""

from django.utils.safestring import SafeString

from sources.highlight import find_quotes, highlight_quotes


def test_marks_every_occurrence_of_a_quote():
    html = highlight_quotes("Soon. It will be soon, very soon.", ["soon"])

    assert html == "<p><mark>Soon</mark>. It will be <mark>soon</mark>, very <mark>soon</mark>.</p>"


def test_the_result_is_safe_html():
    assert isinstance(highlight_quotes("text", ["text"]), SafeString)


def test_text_outside_and_inside_marks_is_escaped():
    text = "<script>alert('x')</script> & they said <b>\"bold\"</b> things"

    html = highlight_quotes(text, ['<b>"bold"</b>'])

    assert html == (
        "<p>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; they said "
        "<mark>&lt;b&gt;&quot;bold&quot;&lt;/b&gt;</mark> things</p>"
    )


def test_quotes_are_found_in_the_raw_text_not_in_its_escaped_form():
    # Searching the escaped text would find "amp" inside "&amp;" and break the entity.
    html = highlight_quotes("AT&T said 1 < 2", ["amp", "lt", "AT&T", "1 < 2"])

    assert html == "<p><mark>AT&amp;T</mark> said <mark>1 &lt; 2</mark></p>"


def test_regular_expression_characters_in_a_quote_are_literal():
    text = "Prices rise (maybe 5.0%+?) by [2027]. Prices rise (maybe 550%++) too."

    html = highlight_quotes(text, ["(maybe 5.0%+?)", "[2027]", "a|b", ".*"])

    assert html == (
        "<p>Prices rise <mark>(maybe 5.0%+?)</mark> by <mark>[2027]</mark>. "
        "Prices rise (maybe 550%++) too.</p>"
    )


def test_overlapping_quotes_make_one_mark():
    html = highlight_quotes("the quick brown fox jumps", ["quick brown", "brown fox"])

    assert html == "<p>the <mark>quick brown fox</mark> jumps</p>"


def test_a_quote_inside_another_makes_one_mark():
    html = highlight_quotes("we will win the war on cancer", ["win the war on cancer", "war"])

    assert html == "<p>we will <mark>win the war on cancer</mark></p>"


def test_touching_quotes_make_one_mark():
    assert highlight_quotes("abcdef", ["abc", "def"]) == "<p><mark>abcdef</mark></p>"


def test_overlapping_occurrences_of_one_quote_are_all_covered():
    assert find_quotes("aaaa b aa", ["aa"]) == [(0, 4), (7, 9)]
    assert highlight_quotes("na na na na", ["na na"]) == "<p><mark>na na na na</mark></p>"


def test_repeated_and_duplicate_quotes():
    html = highlight_quotes("Yes. No. Yes.", ["Yes", "Yes", "yes."])

    assert html == "<p><mark>Yes.</mark> No. <mark>Yes.</mark></p>"


def test_matching_ignores_case_spacing_and_the_kind_of_quotation_mark():
    text = "He said the company\u2019s \u201cwrong side\n of history\u201d moment had come."

    html = highlight_quotes(text, ['company\'s "Wrong side of history"'])

    assert html == (
        "<p>He said the <mark>company\u2019s \u201cwrong side<br>\n of history\u201d</mark>"
        " moment had come.</p>"
    )


def test_paragraphs_and_line_breaks_are_kept():
    text = "First paragraph,\nits second line.\n\n\n  Second paragraph.\r\n\r\nThird.\n"

    html = highlight_quotes(text, [])

    assert html == (
        "<p>First paragraph,<br>\nits second line.</p>\n<p>Second paragraph.</p>\n<p>Third.</p>"
    )


def test_a_quote_across_a_paragraph_break_is_marked_in_each_paragraph():
    html = highlight_quotes("It ends here.\n\nAnd starts again.", ["here. And starts"])

    assert html == "<p>It ends <mark>here.</mark></p>\n<p><mark>And starts</mark> again.</p>"


def test_blank_and_missing_quotes_mark_nothing():
    assert highlight_quotes("Nothing to see.", ["", "   ", "elsewhere"]) == "<p>Nothing to see.</p>"


def test_empty_text_is_empty():
    assert highlight_quotes("", ["anything"]) == ""
    assert highlight_quotes(" \n\n ", ["anything"]) == ""


def test_a_quote_that_looks_like_markup_is_text():
    html = highlight_quotes("Write <mark> and </p> literally", ["<mark>", "</p>"])

    assert html == "<p>Write <mark>&lt;mark&gt;</mark> and <mark>&lt;/p&gt;</mark> literally</p>"
