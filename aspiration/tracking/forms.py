"""Forms for plans, clusters, actions, indicators, progress, gender-lens reviews and assessments."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from aspiration.corpus.models import Recommendation
from aspiration.reference.codes import target_of
from aspiration.reference.models import Country, Label
from aspiration.tracking.models import Action, Assessment, Cluster, GenderLensReview, Indicator, Measurement, Plan, ProgressUpdate
from aspiration.tracking.picker import parse_ids
from aspiration.tracking.validation import breakdown_of, plan_institutions, recommendations_of_state, responsible_candidates

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _ByNameIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        choices = list(super().__iter__())
        head = choices[:1] if self.field.empty_label is not None else []
        yield from head
        # The names are translated JSON, so the database cannot order them: sort the ~250 here, in the reader's
        # language (ordered by ISO3 code, "Aruba, Afghanistan, Angola" read as shuffled).
        yield from sorted(choices[len(head):], key=lambda choice: str(choice[1]).casefold())


class StateChoiceField(forms.ModelChoiceField):
    """A state picked by its name in the active language, listed alphabetically."""

    iterator = _ByNameIterator

    def __init__(self, **kwargs):
        super().__init__(Country.objects.all(), label=_("State"), **kwargs)


class VersionedForm(forms.ModelForm):
    """Carries the version the user started from, so a stale save is detected (optimistic locking)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("expected_version") is None:
            # An edit without the version it started from could overwrite someone else's change unseen.
            self.version_conflict = True
            raise ValidationError(_("This form is out of date: reload the page and make your change again."))
        return cleaned

    def expected(self) -> int:
        return self.cleaned_data["expected_version"]


def _labels(taxonomy: str):
    return Label.objects.filter(taxonomy__code=taxonomy).order_by("sort_key", "code")


class LabelChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Label) -> str:
        return f"{obj.code} {obj.name}"


class LabelPicker(forms.CheckboxSelectMultiple):
    """A long checkbox list (169 SDG targets) with a text filter; the suggested and the chosen labels first."""

    template_name = "tracking/_label_picker.html"
    suggested: frozenset[int] = frozenset()

    def optgroups(self, name, value, attrs=None):
        options = [option for _group, group_options, _index in super().optgroups(name, value, attrs)
                   for option in group_options]
        first = [option for option in options if option["selected"] or _pk(option["value"]) in self.suggested]
        rest = [option for option in options if option not in first]
        groups = [(_("Suggested and chosen"), first, 0)] if first else []
        return groups + [(_("All") if first else None, rest, 1)]


def _pk(value) -> int | None:
    value = getattr(value, "value", value)
    return int(value) if str(value).isdigit() else None


class RecommendationPickerWidget(forms.Widget):
    """Renders the recommendation picker (``aspiration.tracking.picker``); its value is the ticked ids."""

    template_name = "tracking/_picker_widget.html"
    plan: Plan | None = None
    query = None

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return parse_ids(values)

    def value_omitted_from_data(self, data, files, name):
        return False  # nothing ticked means no recommendation, not "leave unchanged"

    def get_context(self, name, value, attrs):
        from aspiration.tracking.picker import picker_context

        context = super().get_context(name, value, attrs)
        context.update(picker_context(self.plan, name, value, self.query))
        return context


class RecommendationIdsField(forms.Field):
    """The recommendations ticked in the picker (a state can have thousands: they are found, not listed)."""

    widget = RecommendationPickerWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return parse_ids(value)

    def to_python(self, value) -> list[int]:
        return sorted(parse_ids(value))


class PlanForm(VersionedForm):
    state = StateChoiceField()

    class Meta:
        model = Plan
        fields = ["state", "title", "description", "period_start", "period_end", "published"]
        widgets = {"period_start": DATE, "period_end": DATE, "description": forms.Textarea(attrs={"rows": 3})}


class PickerForm(VersionedForm):
    """A form with the recommendation picker. Django's ``save(commit=False)`` replaces ``save_m2m`` with its own
    ``_save_m2m``, so the recommendations are saved by overriding ``_save_m2m``: both ways of saving keep them."""

    recommendation_ids = RecommendationIdsField(label=_("Recommendations"))

    def __init__(self, *args, plan: Plan, picker_query=None, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        widget = self.fields["recommendation_ids"].widget
        widget.plan, widget.query = plan, picker_query
        if self.instance.pk and "recommendation_ids" not in self.initial:
            self.initial["recommendation_ids"] = list(self.instance.recommendations.values_list("pk", flat=True))

    @classmethod
    def redisplay(cls, data, **kwargs) -> PickerForm:
        """The form as the user left it, unsaved and without errors: the picker's Search or Remove without JavaScript."""
        form = cls(picker_query=data, **kwargs)
        for name, field in form.fields.items():
            if not field.disabled:
                form.initial[name] = field.widget.value_from_datadict(data, {}, form.add_prefix(name))
        action = data.get("picker", "")
        if action.startswith("remove:"):
            form.initial["recommendation_ids"] = [pk for pk in form.initial["recommendation_ids"]
                                                  if str(pk) != action.removeprefix("remove:")]
        form.picked()
        return form

    def picked(self) -> None:
        """Called once the chosen recommendations are known."""

    def clean_recommendation_ids(self):
        return recommendations_of_state(self.cleaned_data["recommendation_ids"], self.plan.state_id)

    def _save_m2m(self):
        super()._save_m2m()
        self.instance.recommendations.set(self.cleaned_data["recommendation_ids"])


class ClusterForm(PickerForm):
    class Meta:
        model = Cluster
        fields = ["title", "description", "origin"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ActionForm(PickerForm):
    sdg_targets = LabelChoiceField(_labels("sdg_target"), required=False, label=_("SDG targets"), widget=LabelPicker)
    sdg_indicators = LabelChoiceField(_labels("sdg_indicator"), required=False, label=_("SDG indicators"),
                                      widget=LabelPicker)
    cta_areas = LabelChoiceField(_labels("cta_area"), required=False, label=_("Call to Action areas"),
                                 widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Action
        fields = ["title", "description", "cluster", "responsible_institution", "supporting_institutions",
                  "start_date", "due_date", "status", "sdg_targets", "sdg_indicators", "cta_areas"]
        widgets = {"start_date": DATE, "due_date": DATE, "description": forms.Textarea(attrs={"rows": 3}),
                   "supporting_institutions": forms.CheckboxSelectMultiple}
        labels = {"responsible_institution": _("Responsible institution")}

    # The recommendations first: the SDG targets and indicators suggested further down follow from them.
    field_order = ["title", "description", "recommendation_ids"]

    def __init__(self, *args, plan: Plan, restricted: bool = False, **kwargs):
        """``restricted``: a focal point may not move an action to another institution or cluster."""
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["recommendation_ids"].label = _("Recommendations addressed")
        # The choices are the rules of aspiration.tracking.validation, which the API checks too.
        self.fields["cluster"].queryset = plan.clusters.all()
        self.fields["responsible_institution"].queryset = responsible_candidates(
            plan, self.instance.responsible_institution_id)
        self.fields["supporting_institutions"].queryset = plan_institutions(plan)
        if restricted:
            for name in ("responsible_institution", "cluster"):
                self.fields[name].disabled = True
        self.picked()

    def picked(self) -> None:
        """The chosen recommendations' effective SDG targets, and those targets' indicators, are listed first."""
        from aspiration.tracking.analysis import labels_of

        field = self.fields["recommendation_ids"]
        chosen = (field.widget.value_from_datadict(self.data, self.files, self.add_prefix("recommendation_ids"))
                  if self.is_bound else parse_ids(self.initial.get("recommendation_ids")))
        self.fields["sdg_targets"].widget.suggested = self.fields["sdg_indicators"].widget.suggested = frozenset()
        if not chosen:
            return
        recommendations = Recommendation.objects.filter(pk__in=chosen, state_id=self.plan.state_id)
        codes = {code for labels in labels_of(recommendations, ("sdg_target",)).values()
                 for code in labels.get("sdg_target", [])}
        targets = {label.pk: label.code for label in self.fields["sdg_targets"].queryset if label.code in codes}
        self.fields["sdg_targets"].widget.suggested = frozenset(targets)
        self.fields["sdg_indicators"].widget.suggested = frozenset(
            label.pk for label in self.fields["sdg_indicators"].queryset
            if target_of(label.code) in codes or label.parent_id in targets)


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
        result = {}
        for line in self.cleaned_data["breakdown"].splitlines():
            if not line.strip():
                continue
            dimension, sep, value = line.partition("=")
            dimension, value = dimension.strip().lower(), value.strip()
            if not sep or not value:
                raise ValidationError(_("Write each line as dimension=value: '%(line)s'"), params={"line": line})
            result[dimension] = value
        return breakdown_of(self.indicator.disaggregation, result)


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
    state = StateChoiceField(to_field_name="iso3")
    file = forms.FileField(label=_("XLSX file"))
    create_institutions = forms.BooleanField(required=False, label=_("Create unknown institutions"))
