from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PredictionsConfig(AppConfig):
    name = "predictions"

    def ready(self):
        # Predictions copy a source's title and a statement's words into their
        # search vectors; sources cannot tell predictions (it imports no other
        # app), so predictions listen for those saves.
        from predictions import search
        from sources.models import Source, Statement

        post_save.connect(search.source_saved, sender=Source, dispatch_uid="search-source")
        post_save.connect(search.statement_saved, sender=Statement, dispatch_uid="search-statement")
        # The totals tables follow every save of a prediction and of a person.
        from predictions.records import contributions

        contributions.connect()
        # The home page's cached sections end with every event; a deletion
        # writes none, so it ends them itself.
        from predictions.models import Prediction
        from predictions.selectors import home

        post_delete.connect(home.forget_sections, sender=Prediction, dispatch_uid="home-sections")
