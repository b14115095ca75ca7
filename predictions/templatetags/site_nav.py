"""The site's navigation: which link names the page being read."""

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def current_page(context, url_name: str, *narrower: str) -> SafeString:
    """`` aria-current="page"`` for the nav link of ``url_name`` when the page
    is that address or under it (a person's page is under People), but not
    under one of the ``narrower`` ones, which have links of their own
    (File a claim is under Predictions)."""
    request = context.get("request")
    if request is None:
        return mark_safe("")
    url, path = reverse(url_name), request.path
    inside = path == url or (url != "/" and path.startswith(url))
    if inside and not any(path.startswith(reverse(name)) for name in narrower):
        return mark_safe(' aria-current="page"')
    return mark_safe("")
