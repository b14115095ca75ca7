from reading.quotes import locate

SOURCE = (
    "Altman said on Friday:  “I personally think we have been on the wrong side\n"
    "of history here and need to figure out a different open source strategy.”"
)


def test_a_quote_is_found_where_it_is_and_its_context_comes_with_it():
    found = locate("we have been on the wrong side of history", SOURCE, context=10)
    assert found is not None
    assert found.match == "we have been on the wrong side\nof history"
    assert SOURCE[found.start : found.end] == found.match
    assert found.before == SOURCE[found.start - 10 : found.start]
    assert found.after == SOURCE[found.end : found.end + 10]


def test_case_quotation_marks_dashes_and_whitespace_do_not_matter():
    text = "He wrote: It\u2019s   likely \u2014 very likely \u2014 to ship.\nDone."
    found = locate("it's likely - very likely - to ship", text)
    assert found is not None
    assert found.match == "It\u2019s   likely \u2014 very likely \u2014 to ship"


def test_surrounding_quotation_marks_on_the_quote_are_ignored():
    assert locate("\u201cwrong side of history\u201d", SOURCE) is not None


def test_a_quote_not_in_the_text_is_not_found():
    assert locate("the right side of history", SOURCE) is None


def test_empty_quote_or_text_finds_nothing():
    assert locate("", SOURCE) is None
    assert locate("   ", SOURCE) is None
    assert locate("history", "") is None
