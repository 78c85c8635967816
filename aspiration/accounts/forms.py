"""Forms a coordinator uses to set up a plan's people: institutions, and accounts assigned to them."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from aspiration.accounts.models import Institution, User


class InstitutionForm(forms.ModelForm):
    class Meta:
        model = Institution
        fields = ["name", "acronym", "kind", "email"]
        labels = {"name": _("Name"), "acronym": _("Acronym"), "kind": _("Kind"), "email": _("Email")}
        help_texts = {"acronym": _("Optional, e.g. MOJ."), "email": _("Optional: a shared address of the institution.")}

    def __init__(self, *args, country, **kwargs):
        self.country = country
        super().__init__(*args, **kwargs)
        self.instance.country = country

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if Institution.objects.filter(country=self.country, name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("%(country)s already has an institution with this name."),
                                  params={"country": self.country.name})
        return name


# Which role needs which kind of institution: a focal point acts for a government body; civil society and the
# NHRI assess actions from outside it.
NEEDS_INSTITUTION = {
    User.Role.FOCAL_POINT: [kind for kind in Institution.Kind if kind not in Institution.INDEPENDENT],
    User.Role.CIVIL_SOCIETY: list(Institution.INDEPENDENT),
}


class InstitutionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Institution) -> str:
        return f"{obj} · {obj.get_kind_display()}"


class AccountForm(forms.Form):
    """A new account. Leave the password empty to have one generated and shown once."""

    role = forms.ChoiceField(label=_("Role"))
    institution = InstitutionChoiceField(Institution.objects.none(), required=False, label=_("Institution"),
                                         help_text=_("Required for focal points (a government institution) and for "
                                                     "civil society or NHRI users (their organisation)."))
    username = forms.CharField(max_length=150, label=_("User name"), help_text=_("What the person types to log in."))
    first_name = forms.CharField(max_length=150, required=False, label=_("First name"))
    last_name = forms.CharField(max_length=150, required=False, label=_("Last name"))
    email = forms.EmailField(required=False, label=_("Email"))
    password = forms.CharField(required=False, widget=forms.PasswordInput(render_value=False), label=_("Password"),
                               strip=False, help_text=_("Leave empty to generate one; it is shown once, after saving."))

    def __init__(self, *args, country, may_create_coordinators: bool, **kwargs):
        super().__init__(*args, **kwargs)
        roles = [User.Role.FOCAL_POINT, User.Role.CIVIL_SOCIETY, User.Role.VIEWER]
        if may_create_coordinators:
            roles.append(User.Role.COORDINATOR)
        self.fields["role"].choices = [(role.value, role.label) for role in roles]
        self.fields["institution"].queryset = Institution.objects.filter(country=country).order_by("name")

    def clean_username(self) -> str:
        username = User.normalize_username(self.cleaned_data["username"].strip())
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("This user name is taken."))
        return username

    def clean(self):
        cleaned = super().clean()
        role, institution = cleaned.get("role"), cleaned.get("institution")
        kinds = NEEDS_INSTITUTION.get(role)
        if kinds is not None and institution is None:
            self.add_error("institution", _("Choose the institution this person works for."))
        elif kinds is not None and institution.kind not in kinds:
            self.add_error("institution", _("A %(role)s cannot belong to a %(kind)s.") % {
                "role": User.Role(role).label.lower(), "kind": institution.get_kind_display().lower()})
        if cleaned.get("password") and cleaned.get("username"):
            candidate = User(username=cleaned["username"], email=cleaned.get("email", ""),
                             first_name=cleaned.get("first_name", ""), last_name=cleaned.get("last_name", ""))
            try:
                validate_password(cleaned["password"], candidate)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned
