"""{% settle_form dispute as form %}: a fresh form to settle a dispute, for a
list that shows many (the editors' queue), where no view builds one each."""

from django import template

from predictions.forms.disputes import SettleForm
from predictions.models import Dispute

register = template.Library()


@register.simple_tag
def settle_form(dispute: Dispute) -> SettleForm:
    return SettleForm(dispute=dispute)
