from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabellingConfig(AppConfig):
    """People's review of the model labels, and everything else of the classifier that needs the database.

    The label stays ``nlp`` (the app this came out of): the table ``nlp_classificationrecord``, the
    migration history and the ``nlp:`` URL names of existing installations stay valid.
    """

    name = "aspiration.labelling"
    label = "nlp"
    verbose_name = _("Labelling")
