"""Score reasons are encrypted like item texts (they quote cue words found in the text), and the handles
inside stored item links and ids are pseudonymised, for the rows stored before these rules."""

from django.conf import settings
from django.db import migrations, models


def protect_stored_rows(apps, schema_editor):
    from aspiration.watch import privacy

    Score = apps.get_model("watch", "Score")
    for score in Score.objects.exclude(reason_encrypted="").iterator():
        score.reason_encrypted = privacy.encrypt(score.reason_encrypted)
        score.save(update_fields=["reason_encrypted"])
    if settings.WATCH_STORE_RAW_HANDLES:
        return
    Item = apps.get_model("watch", "Item")
    for item in Item.objects.iterator():
        url, external_id = privacy.pseudonymise_url(item.url)[:1000], privacy.pseudonymise_url(item.external_id)[:300]
        if (url, external_id) != (item.url, item.external_id):
            item.url, item.external_id = url, external_id
            item.save(update_fields=["url", "external_id"])


class Migration(migrations.Migration):
    dependencies = [("watch", "0002_category_and_status_names")]

    operations = [
        migrations.RenameField("score", "reason", "reason_encrypted"),
        migrations.AlterField("score", "reason_encrypted",
                              models.TextField(blank=True, help_text="Fernet token of the reason; never stored in clear")),
        migrations.RunPython(protect_stored_rows, migrations.RunPython.noop),
    ]
