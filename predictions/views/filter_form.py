"""The list's filter form, rendered once per distinct set of filter values.

Rendering nine widgets goes through Django's form templates (an attrs include per
attribute, one per option of each select): about a third of the /predictions/
page's Python time, for HTML that depends only on the values in the query string
(and the language, labels being translatable). So the fields' HTML is kept per
process, keyed by exactly what it is made of, in a small LRU.
"""

from collections import OrderedDict

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

_KEPT = 256
_rendered: OrderedDict[tuple, SafeString] = OrderedDict()


def filter_fields(form: forms.Form) -> SafeString:
    """The form's fields (label, widget, errors) as predictions/_filter_fields.html renders them."""
    data = form.data
    values = tuple(
        (name, tuple(data.getlist(name)) if hasattr(data, "getlist") else (data.get(name),))
        for name in form.fields
    )
    # A select's empty choice can depend on more than the values (the sort's
    # "Best match first" on how many match).
    empty_labels = tuple(getattr(field, "empty_label", None) for field in form.fields.values())
    key = (get_language(), form.is_bound, form.prefix, values, empty_labels)
    html = _rendered.get(key)
    if html is None:
        html = SafeString(render_to_string("predictions/_filter_fields.html", {"form": form}))
        _rendered[key] = html
        if len(_rendered) > _KEPT:
            _rendered.popitem(last=False)
    return html
