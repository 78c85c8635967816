"""The form of the "find the recommendations this text answers" page: the text or a file, the state and
filters, and, for linking the matches in tracking, an action with an optional progress update."""

from __future__ import annotations

from django import forms
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from aspiration.corpus.models import Recommendation
from aspiration.reference.models import Country, Mechanism
from aspiration.search.matching import MAX_TEXT_CHARS
from aspiration.tracking.models import Action, Assessment
from aspiration.web.match_files import KINDS, MAX_UPLOAD_BYTES

PER_PASSAGE = (3, 5, 10)


def state_choices() -> list[tuple[str, str]]:
    """States that received recommendations, by their name in the reader's language."""
    states = Country.objects.annotate(n=Count("recommendations_received")).filter(n__gt=0)
    return sorted(((state.iso3, state.name) for state in states), key=lambda pair: pair[1].casefold())


def mechanism_choices() -> list[tuple[str, str]]:
    used = Recommendation.objects.values_list("mechanism__code", flat=True).distinct()
    return sorted(((m.code, m.name) for m in Mechanism.objects.filter(code__in=used)), key=lambda pair: pair[1].casefold())


class MatchForm(forms.Form):
    text = forms.CharField(label=_("Text"), required=False, max_length=MAX_TEXT_CHARS, strip=False,
                           widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_("Paste a submission, a report or a news item: each paragraph or numbered "
                                       "item is matched on its own, in any language."))
    document = forms.FileField(label=_("Or upload a document"), required=False,
                               widget=forms.ClearableFileInput(attrs={"accept": ",".join(KINDS)}),
                               help_text=_("Word (.docx), PDF with text, or plain text; up to %(limit)d MB. "
                                           "Nothing is stored.") % {"limit": MAX_UPLOAD_BYTES // 1024 // 1024})
    state = forms.ChoiceField(label=_("State under review"))
    mechanism = forms.MultipleChoiceField(label=_("Mechanism"), required=False)
    response = forms.MultipleChoiceField(label=_("Response"), required=False, choices=Recommendation.Response.choices)
    per_passage = forms.TypedChoiceField(label=_("Matches per passage"), coerce=int, initial=5,
                                         choices=[(n, str(n)) for n in PER_PASSAGE])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "—"), *state_choices()]
        self.fields["mechanism"].choices = mechanism_choices()

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("document"):
            raise forms.ValidationError(_("Paste a text or choose a document to match."))
        return data

    def filters(self) -> dict[str, list[str]]:
        return {name: list(self.cleaned_data[name]) for name in ("mechanism", "response") if self.cleaned_data.get(name)}


class LinkForm(forms.Form):
    """Link the ticked recommendations to an action, optionally with a progress update on it."""

    use_required_attribute = False  # it shares the page's form: matching again must not need an action

    action = forms.ModelChoiceField(Action.objects.none(), label=_("Action"),
                                    error_messages={"required": _("Choose the action to link them to.")})
    narrative = forms.CharField(label=_("Progress update (optional)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=_("If you write one, it is recorded on the action with today's date."))
    status = forms.ChoiceField(label=_("Status after the update"), required=False,
                               choices=[("", _("unchanged")), *Action.Status.choices])

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = Action.objects.filter(pk__in=[a.pk for a in actions]).select_related("plan")
        self.fields["action"].label_from_instance = lambda action: f"{action.plan.title}: {action.title}"
        self.recommendation_ids: list[int] = []

    def clean(self):
        data = super().clean()
        self.recommendation_ids = ticked(self.data)
        return data


class AssessForm(forms.Form):
    """Civil society's one assessment of every ticked recommendation (each pending moderation)."""

    use_required_attribute = False  # it shares the page's form, as the link form does

    rating = forms.TypedChoiceField(label=_("Rating"), coerce=int, choices=[("", "—"), *Assessment.Rating.choices],
                                    error_messages={"required": _("Choose a rating.")})
    comment = forms.CharField(label=_("Assessment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Recorded for each ticked recommendation; published once a coordinator "
                                          "has reviewed it."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommendation_ids: list[int] = []

    def clean(self):
        data = super().clean()
        self.recommendation_ids = ticked(self.data)
        return data


def ticked(data) -> list[int]:
    """The ticked recommendations' ids; a form error when there is none (or only forged values)."""
    try:
        ids = sorted({int(pk) for pk in data.getlist("recommendation")})
    except ValueError:
        ids = []
    if not ids:
        raise forms.ValidationError(_("Tick at least one recommendation."))
    return ids
