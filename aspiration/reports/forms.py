from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from aspiration.reference.models import Country
from aspiration.reports.generate import FORMATS


def kind_choices() -> list[tuple[str, str]]:
    return [
        ("upr-midterm", _("UPR mid-term report")),
        ("vnr-annex", _("Human rights annex to a Voluntary National Review")),
        ("country-briefing", _("Country briefing")),
    ]


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=kind_choices)
    state = forms.ChoiceField(label=_("State"))
    format = forms.ChoiceField(label=_("Format"), choices=[(fmt, fmt.upper()) for fmt in FORMATS])
    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only states with recommendations: the others have nothing to report.
        states = Country.objects.annotate(n=Count("recommendations_received")).filter(n__gt=0)
        self.fields["state"].choices = sorted(((c.iso3, c.name) for c in states), key=lambda c: c[1])
