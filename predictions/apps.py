from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PredictionsConfig(AppConfig):
    name = "predictions"

    def ready(self):
        # Predictions copy a source's title and a statement's words into their
        # search vectors; sources cannot tell predictions (it imports no other
        # app), so predictions listen for those saves.
        from predictions import search
        from sources.models import Person, Source, Statement

        post_save.connect(search.source_saved, sender=Source, dispatch_uid="search-source")
        post_save.connect(search.statement_saved, sender=Statement, dispatch_uid="search-statement")
        # The totals tables follow every save of a prediction and of a person.
        from predictions.records import contributions

        contributions.connect()
        # The home page's cached sections end with every event; the writes
        # they show that write none end them here: a prediction deleted, a
        # person or a quote saved (the admin's, or a merge's).
        from predictions.models import Prediction
        from predictions.records.totals import forget_sections

        for model, signal in [
            (Prediction, post_delete),
            (Person, post_save),
            (Person, post_delete),
            (Statement, post_save),
        ]:
            signal.connect(forget_sections, sender=model, dispatch_uid="home-sections")
