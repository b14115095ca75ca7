"""How Hindsight works: the public page that explains, in plain words, how
claims are reviewed and resolved and how track records are scored. Every
number on it comes from the code that applies it, so the page cannot drift."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from predictions import records
from predictions.models import Prediction
from predictions.records.charts import CHART_MINIMUM
from reading.hedges import BANDS, Hedge, midpoint


def method(request: HttpRequest) -> HttpResponse:
    bands = [
        {
            "term": term,
            "low": low,
            "high": high,
            "middle": midpoint(Hedge(term, term, low, high, False)),
        }
        for term, (low, high) in BANDS.items()
    ]
    return render(
        request,
        "predictions/method.html",
        {
            "minimum": records.DEFAULT_MINIMUM,
            "chart_minimum": CHART_MINIMUM,
            "bands": bands,
            "bases": Prediction.ConfidenceBasis,
            "outcomes": Prediction.Outcome,
        },
    )
