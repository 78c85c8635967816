"""Forms for plans, clusters, actions, indicators, progress, gender-lens reviews and assessments."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from aspiration.accounts.models import Institution
from aspiration.corpus.models import Recommendation
from aspiration.reference.models import Country, Label
from aspiration.tracking.models import Action, Assessment, Cluster, GenderLensReview, Indicator, Measurement, Plan, ProgressUpdate

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionedForm(forms.ModelForm):
    """Carries the version the user started from, so a stale save is detected (optimistic locking)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def expected(self) -> int:
        value = self.cleaned_data.get("expected_version")
        return self.instance.version if value is None else value


def _labels(taxonomy: str):
    return Label.objects.filter(taxonomy__code=taxonomy).order_by("sort_key", "code")


class LabelChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Label) -> str:
        return f"{obj.code} {obj.name}"


class RecommendationIdsField(forms.CharField):
    """Recommendation numbers separated by commas, spaces or new lines (a state can have thousands)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        kwargs.setdefault("help_text", _("Recommendation numbers, separated by commas or spaces."))
        super().__init__(**kwargs)

    def to_python(self, value) -> list[int]:
        text = super().to_python(value)
        parts = [part for part in text.replace(",", " ").split() if part]
        bad = [part for part in parts if not part.isdigit()]
        if bad:
            raise ValidationError(_("Not recommendation numbers: %(values)s"), params={"values": ", ".join(bad[:5])})
        return sorted({int(part) for part in parts})


def _check_recommendations(ids: list[int], state_id: int) -> list[Recommendation]:
    found = list(Recommendation.objects.filter(pk__in=ids, state_id=state_id))
    missing = sorted(set(ids) - {rec.pk for rec in found})
    if missing:
        raise ValidationError(_("No recommendation of this state has the number(s): %(ids)s"),
                              params={"ids": ", ".join(map(str, missing))})
    return found


class PlanForm(VersionedForm):
    state = forms.ModelChoiceField(Country.objects.order_by("iso3"), label=_("State"))

    class Meta:
        model = Plan
        fields = ["state", "title", "description", "period_start", "period_end", "published"]
        widgets = {"period_start": DATE, "period_end": DATE, "description": forms.Textarea(attrs={"rows": 3})}


class ClusterForm(VersionedForm):
    recommendation_ids = RecommendationIdsField(label=_("Recommendations"))

    class Meta:
        model = Cluster
        fields = ["title", "description", "origin"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, plan: Plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["recommendation_ids"].initial = ", ".join(
                str(pk) for pk in self.instance.recommendations.values_list("pk", flat=True))

    def clean_recommendation_ids(self):
        return _check_recommendations(self.cleaned_data["recommendation_ids"], self.plan.state_id)

    def save_m2m(self):
        self.instance.recommendations.set(self.cleaned_data["recommendation_ids"])


class ActionForm(VersionedForm):
    recommendation_ids = RecommendationIdsField(label=_("Recommendations addressed"))
    sdg_targets = LabelChoiceField(_labels("sdg_target"), required=False, label=_("SDG targets"))
    sdg_indicators = LabelChoiceField(_labels("sdg_indicator"), required=False, label=_("SDG indicators"))
    cta_areas = LabelChoiceField(_labels("cta_area"), required=False, label=_("Call to Action areas"))

    class Meta:
        model = Action
        fields = ["title", "description", "cluster", "responsible_institution", "supporting_institutions",
                  "start_date", "due_date", "status", "sdg_targets", "sdg_indicators", "cta_areas"]
        widgets = {"start_date": DATE, "due_date": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan: Plan, restricted: bool = False, **kwargs):
        """``restricted``: a focal point may not move an action to another institution or cluster."""
        self.plan = plan
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = plan.clusters.all()
        institutions = Institution.objects.filter(country__in=[plan.state_id]) | Institution.objects.filter(country__isnull=True)
        self.fields["responsible_institution"].queryset = institutions
        self.fields["supporting_institutions"].queryset = institutions
        if self.instance.pk:
            self.fields["recommendation_ids"].initial = ", ".join(
                str(pk) for pk in self.instance.recommendations.values_list("pk", flat=True))
        if restricted:
            for name in ("responsible_institution", "cluster"):
                self.fields[name].disabled = True

    def clean_recommendation_ids(self):
        return _check_recommendations(self.cleaned_data["recommendation_ids"], self.plan.state_id)

    def clean(self):
        cleaned = super().clean()
        start, due = cleaned.get("start_date"), cleaned.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("The due date is before the start date."))
        return cleaned

    def save_all_m2m(self):
        self.save_m2m()
        self.instance.recommendations.set(self.cleaned_data["recommendation_ids"])


class IndicatorForm(VersionedForm):
    disaggregation = forms.MultipleChoiceField(choices=Indicator.Dimension.choices, required=False,
                                               widget=forms.CheckboxSelectMultiple, label=_("Disaggregated by"))
    sdg_indicator = forms.ModelChoiceField(_labels("sdg_indicator"), required=False, label=_("SDG indicator"))

    class Meta:
        model = Indicator
        fields = ["name", "definition", "unit", "baseline", "baseline_date", "target", "target_date", "sdg_indicator",
                  "disaggregation", "other_dimension"]
        widgets = {"baseline_date": DATE, "target_date": DATE, "definition": forms.Textarea(attrs={"rows": 2})}


class MeasurementForm(forms.ModelForm):
    breakdown = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Disaggregation"),
        help_text=_("One 'dimension=value' per line, e.g. sex=female. Leave empty for the total."))

    class Meta:
        model = Measurement
        fields = ["date", "value", "source"]
        widgets = {"date": DATE}

    def __init__(self, *args, indicator: Indicator, **kwargs):
        self.indicator = indicator
        super().__init__(*args, **kwargs)

    def clean_breakdown(self) -> dict[str, str]:
        allowed = set(self.indicator.disaggregation)
        result = {}
        for line in self.cleaned_data["breakdown"].splitlines():
            if not line.strip():
                continue
            dimension, sep, value = line.partition("=")
            dimension, value = dimension.strip().lower(), value.strip()
            if not sep or not value:
                raise ValidationError(_("Write each line as dimension=value: '%(line)s'"), params={"line": line})
            if dimension not in allowed:
                raise ValidationError(_("'%(dimension)s' is not a dimension of this indicator (%(allowed)s)."),
                                      params={"dimension": dimension, "allowed": ", ".join(sorted(allowed)) or "-"})
            result[dimension] = value
        return result


def _parse_links(text: str) -> list[str]:
    links = [line.strip() for line in text.splitlines() if line.strip()]
    validate = URLValidator(schemes=["http", "https"])
    for link in links:
        try:
            validate(link)
        except ValidationError as error:
            raise ValidationError(_("Not a web address: %(link)s"), params={"link": link}) from error
    return links


class EvidenceFields(forms.Form):
    evidence_file = forms.FileField(required=False, label=_("Evidence file"),
                                    help_text=_("PDF, image, office document or text."))
    links = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Evidence links"),
                            help_text=_("One web address per line."))

    def clean_links(self) -> list[str]:
        return _parse_links(self.cleaned_data["links"])


class ProgressForm(forms.ModelForm, EvidenceFields):
    evidence_public = forms.BooleanField(required=False, label=_("Show this evidence on the public portal"),
                                         help_text=_("Only when the plan is published. Leave unticked for internal documents."))

    class Meta:
        model = ProgressUpdate
        fields = ["date", "narrative", "status"]
        widgets = {"date": DATE, "narrative": forms.Textarea(attrs={"rows": 4})}


class GenderReviewForm(forms.ModelForm):
    class Meta:
        model = GenderLensReview
        fields = ["power_relations", "women_consulted", "women_leadership", "differential_impact", "stereotypes",
                  "conclusion", "follow_up", "reviewed_on"]
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name, _label in GenderLensReview.QUESTIONS} | {
            "follow_up": forms.Textarea(attrs={"rows": 2}), "reviewed_on": DATE}
        labels = dict(GenderLensReview.QUESTIONS)


class AssessmentForm(forms.ModelForm, EvidenceFields):
    class Meta:
        model = Assessment
        fields = ["rating", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 4})}


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(choices=[("published", _("Publish")), ("rejected", _("Reject"))])
    note = forms.CharField(required=False, max_length=2000, label=_("Note"))


class PlanImportForm(forms.Form):
    state = forms.ModelChoiceField(Country.objects.order_by("iso3"), to_field_name="iso3", label=_("State"))
    file = forms.FileField(label=_("XLSX file"))
    create_institutions = forms.BooleanField(required=False, label=_("Create unknown institutions"))
