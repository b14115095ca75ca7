"""``{{ user|account_name }}``: an account as pages name it (core.display):
its username, or "deleted user #<id>" once it is closed."""

from django import template

from core.display import account_name as name_of

register = template.Library()


@register.filter
def account_name(user):
    return name_of(user) or ""
