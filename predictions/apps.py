from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class PredictionsConfig(AppConfig):
    name = "predictions"

    def ready(self):
        # Predictions copy a source's title, a statement's words and their
        # predictor's name into their search vectors; sources cannot tell
        # predictions (it imports no other app), so predictions listen for
        # those saves.
        from predictions import search
        from sources.models import Person, Source, Statement

        post_save.connect(search.source_saved, sender=Source, dispatch_uid="search-source")
        post_save.connect(search.statement_saved, sender=Statement, dispatch_uid="search-statement")
        post_save.connect(search.person_saved, sender=Person, dispatch_uid="search-person")
        # The totals tables follow every save of a prediction and of a person.
        from predictions.records import contributions

        contributions.connect()
        # The pages kept for readers (core.page_cache) end with every event;
        # the writes they show that write none end them here: a prediction
        # deleted or saved outside a service (the admin), a person, a source,
        # a quote or a tag saved or deleted, an account renamed.
        from django.conf import settings

        from core.page_cache import forget_pages, forget_pages_now
        from predictions.models import Prediction, Tag

        for model in (Prediction, Person, Source, Statement, Tag):
            for signal in (post_save, post_delete):
                signal.connect(forget_pages, sender=model, dispatch_uid="reader-pages")
        post_save.connect(
            account_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="reader-pages"
        )
        post_migrate.connect(forget_pages_now, sender=self, dispatch_uid="reader-pages")


def account_saved(update_fields=None, **signal_kwargs):
    """A list names accounts (who proposed an outcome): a rename ends the
    kept pages; a sign-in, which saves only last_login, does not."""
    if update_fields is None or set(update_fields) != {"last_login"}:
        from core.page_cache import forget_pages

        forget_pages()
