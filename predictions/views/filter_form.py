"""The list's filter form, rendered once per distinct set of filter values.

Rendering nine widgets goes through Django's form templates (an attrs include per
attribute, one per option of each select): about a third of the /predictions/
page's Python time, for HTML that depends only on the values in the query string
(and the language, labels being translatable). So the fields' HTML is kept per
process, keyed by exactly what it is made of, in a small LRU.
"""

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

from django import forms
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language

_KEPT = 256
_rendered: OrderedDict[tuple, SafeString] = OrderedDict()


def filter_fields(form: forms.Form, names: tuple[str, ...] | None = None) -> SafeString:
    """The form's fields (label, widget, errors), or those ``names`` name, as
    predictions/_filter_fields.html renders them."""
    data = form.data
    values = tuple(
        (name, tuple(data.getlist(name)) if hasattr(data, "getlist") else (data.get(name),))
        for name in form.fields
    )
    # A select's empty choice can depend on more than the values (the sort's
    # "Best match first" on how many match).
    empty_labels = tuple(getattr(field, "empty_label", None) for field in form.fields.values())
    key = (get_language(), form.is_bound, form.prefix, values, empty_labels, names)
    html = _rendered.get(key)
    if html is None:
        fields = [form[name] for name in (names or form.fields)]
        html = SafeString(render_to_string("predictions/_filter_fields.html", {"fields": fields}))
        _rendered[key] = html
        if len(_rendered) > _KEPT:
            _rendered.popitem(last=False)
    return html


@dataclass(frozen=True)
class ActiveFilter:
    """A filter in force, shown as a chip that takes it off."""

    label: str
    value: str
    remove_url: str


def active_filters(
    form: forms.Form, query: QueryDict, names: tuple[str, ...]
) -> list[ActiveFilter]:
    """The filters among ``names`` that the query sets and the form read,
    each with the list's address without it (and without the cursor: the
    page it names may not exist in the wider list)."""
    if not form.is_bound or not hasattr(form, "cleaned_data"):
        return []
    found = []
    for name in names:
        value = form.cleaned_data.get(name)
        if value in (None, "") or name in form.errors:
            continue
        field = form.fields[name]
        choices = dict(getattr(field, "choices", ()))
        shown = choices.get(value, value)
        if isinstance(value, date):
            shown = date_format(value, "j F Y")
        rest = query.copy()
        for key in (name, "cursor"):
            rest.pop(key, None)
        found.append(
            ActiveFilter(str(form[name].label), str(shown), "?" + rest.urlencode() if rest else "?")
        )
    return found
