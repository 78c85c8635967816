from django.apps import AppConfig


class WatchConfig(AppConfig):
    name = "aspiration.watch"
    label = "watch"

    def after_restore(self) -> None:
        """A backup may be older than the retention period: what it holds past retention is purged again."""
        from aspiration.watch.services import purge_and_record

        purge_and_record(occasion=" after restoring a backup")
