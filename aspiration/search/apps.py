from django.apps import AppConfig
from django.db.models.signals import post_save


def _index_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    """A recommendation saved one by one (admin, API, a person's correction) is searchable at once.

    Bulk imports bypass signals; their job runs the indexer afterwards. Searches never index.
    """
    if raw:
        return
    from aspiration.search import indexer

    indexer.sync_text([instance.pk])


class SearchConfig(AppConfig):
    name = "aspiration.search"
    label = "search"

    def ready(self) -> None:
        post_save.connect(_index_saved, sender="corpus.Recommendation", dispatch_uid="search-index-saved")
