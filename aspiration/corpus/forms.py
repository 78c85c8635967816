"""The import pages' forms: upload, the state under review of a matrix, the columns of a table."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from aspiration.corpus.importers import MAX_UPR_SESSION
from aspiration.corpus.importers.table import FIELDS, REQUIRED_FIELDS
from aspiration.corpus.imports import FORMATS, SUFFIXES
from aspiration.reference.models import Country, Mechanism, Taxonomy

FIELD_LABELS = {
    "text": _("Text of the recommendation"),
    "state": _("State under review"),
    "mechanism": _("Mechanism"),
    "session": _("Session number"),
    "cycle": _("Cycle number"),
    "year": _("Year"),
    "date": _("Date"),
    "paragraph": _("Paragraph number"),
    "recommending_states": _("Recommending states"),
    "response": _("Response of the state (supported, noted)"),
    "response_source": _("Where the response was given"),
    "kind": _("Type of finding (recommendation, or concern/observation)"),
    "source_id": _("Identifier in the source"),
    "document": _("Document symbol"),
    "language": _("Language of the text"),
}
# Headers a table often uses for a field, beside the field's own name and label: preselected.
USUAL_HEADERS = {
    "text": {"recommendation", "recommendations", "text", "recommendation text"},
    "state": {"state", "country", "state under review", "sur", "to"},
    "recommending_states": {"recommending state", "recommending states", "from"},
    "response": {"response", "position"},
    "kind": {"annotationtype", "annotation type", "type of finding"},
    "session": {"session"},
    "year": {"year"},
}
# Label columns a source table may carry (the others are derived from fields or are the models' work).
SOURCE_TAXONOMIES = ("sdg_goal", "sdg_target", "sdg_indicator", "upr_issue", "affected_group", "uhri_theme",
                     "uhri_affected_person")
LANGUAGE_NAMES = {"en": _("English"), "fr": _("French"), "es": _("Spanish"), "ru": _("Russian"), "zh": _("Chinese"),
                  "ar": _("Arabic")}


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


class UploadForm(forms.Form):
    format = forms.ChoiceField(label=_("What kind of file is it?"), choices=list(FORMATS.items()),
                               widget=forms.RadioSelect)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Up to %(size)s MB.") % {"size": megabytes(settings.IMPORT_MAX_BYTES)}

    def clean(self):
        data = super().clean()
        upload, fmt = data.get("file"), data.get("format")
        if upload is None or fmt is None:
            return data
        if upload.size > settings.IMPORT_MAX_BYTES:
            self.add_error("file", _("This file is %(size)s MB; files up to %(limit)s MB can be imported. Split it into "
                                     "smaller files, or ask an administrator to import it on the command line.")
                           % {"size": megabytes(upload.size), "limit": megabytes(settings.IMPORT_MAX_BYTES)})
        suffix = Path(upload.name).suffix.lower()
        if suffix not in SUFFIXES[fmt]:
            self.add_error("file", _("A file of this kind ends in %(expected)s; this one ends in %(suffix)s. Is it "
                                     "the right file, or another kind?")
                           % {"expected": _(" or ").join(SUFFIXES[fmt]), "suffix": suffix or _("nothing")})
        return data


def country_choices() -> list[tuple[str, str]]:
    countries = [(country.iso3, country.name) for country in Country.objects.all()]
    return sorted(countries, key=lambda pair: pair[1].casefold())


class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("State under review"))
    session = forms.IntegerField(
        label=_("UPR session (if you know it)"), required=False, min_value=1, max_value=MAX_UPR_SESSION,
        help_text=_("The Working Group session of the review, e.g. 20: it tells the cycle, which reports group by."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("Choose the state…")), *country_choices()]


class ColumnsForm(forms.Form):
    """One select per field the table importer understands, whose choices are the file's own headers."""

    def __init__(self, headers: list[str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(not in this file)")), *((h, h) for h in headers if h)]
        self.mapped: list[str] = []
        for field in FIELDS:
            self._add(f"map_{field}", field, FIELD_LABELS[field], choices, headers, required=field in REQUIRED_FIELDS)
        self.label_fields: list[str] = []
        for taxonomy in Taxonomy.objects.filter(code__in=SOURCE_TAXONOMIES):
            self.label_fields.append(f"map_label_{taxonomy.code}")
            label = _("Labels: %(taxonomy)s") % {"taxonomy": taxonomy.name}
            self._add(f"map_label_{taxonomy.code}", f"label:{taxonomy.code}", label, choices, headers, required=False)
        mechanisms = [(m.code, m.name) for m in Mechanism.objects.all()]
        self.fields["mechanism"] = forms.ChoiceField(
            label=_("Mechanism of every row, when no column says it"), choices=mechanisms, initial="UPR")
        self.fields["language"] = forms.ChoiceField(
            label=_("Language of every text, when no column says it"), required=False,
            choices=[("", _("Recognise it from each text")), *LANGUAGE_NAMES.items()])

    def _add(self, name: str, field: str, label, choices, headers: list[str], required: bool) -> None:
        usual = {field.casefold(), field.replace("_", " ").casefold(), str(label).casefold(), *USUAL_HEADERS.get(field, ())}
        guess = next((h for h in headers if h and h.strip().casefold() in usual), "")
        self.fields[name] = forms.ChoiceField(label=label, choices=choices, required=required, initial=guess)
        self.fields[name].import_field = field
        self.mapped.append(name)

    def mapping(self) -> dict[str, str]:
        """{importer field: column} as the table importer takes it."""
        return {self.fields[name].import_field: self.cleaned_data[name] for name in self.mapped if self.cleaned_data.get(name)}

    def mapping_fields(self):
        return [self[name] for name in self.mapped if name not in self.label_fields]

    def labelling_fields(self):
        return [self[name] for name in self.label_fields]

    def option_fields(self):
        return [self["mechanism"], self["language"]]

