"""Each prediction's words for full-text search, in a table of their own."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    """The weighted tsvector of one prediction's claim, predictor's name, quote
    and source title (predictions.search writes it; a GIN index, created on
    PostgreSQL by migration 0022, serves the search). Unused on SQLite.

    It is not a column of the prediction because a prediction's row is
    rewritten on every change of status (the due check flips hundreds at a
    time), and each rewrite of a row carrying the vector added every one of
    its words to the GIN index again: the cost of falling due grew with the
    ledger. The words change only when their text does."""

    prediction = models.OneToOneField(
        "predictions.Prediction",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    vector = SearchVectorField()

    def __str__(self) -> str:
        return f"search words of prediction {self.prediction_id}"
