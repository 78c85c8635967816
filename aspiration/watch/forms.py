from django import forms
from django.utils.translation import gettext_lazy as _

from aspiration.watch.models import Alert


class TriageForm(forms.ModelForm):
    class Meta:
        model = Alert
        fields = ["status", "note"]
        labels = {"status": _("Decision"), "note": _("Note")}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        if data.get("status") == Alert.Status.DISMISSED and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the alert is dismissed."))
        return data
