from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aspiration.reference.models import Taxonomy


class RetrainForm(forms.Form):
    """Which taxonomy's model to retrain from people's decisions (and the labels imports brought)."""

    taxonomy = forms.ChoiceField(label=_("Taxonomy"))

    def __init__(self, *args, **kwargs):
        from aspiration.labelling.retraining import TRAINABLE

        kwargs.setdefault("auto_id", "retrain-%s")
        super().__init__(*args, **kwargs)
        self.fields["taxonomy"].choices = [(t.code, t.name) for t in Taxonomy.objects.filter(code__in=TRAINABLE)]

    def taxonomy_name(self) -> str:
        return dict(self.fields["taxonomy"].choices)[self.cleaned_data["taxonomy"]]
