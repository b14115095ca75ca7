from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from predictions import selectors


def home(request):
    page = Paginator(selectors.ledger_predictions(), 50).get_page(request.GET.get("page"))
    return render(request, "predictions/home.html", {"page": page})


def detail(request, pk: int):
    prediction = get_object_or_404(selectors.ledger_predictions(), pk=pk)
    events = prediction.events.select_related("actor")
    return render(request, "predictions/detail.html", {"prediction": prediction, "events": events})
