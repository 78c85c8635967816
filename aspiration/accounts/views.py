"""The account page: who I am, and my API tokens (create one, shown once; revoke)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from aspiration.accounts.audit import record
from aspiration.accounts.models import ApiToken
from aspiration.accounts.permissions import is_signed_in, requires


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, label=gettext_lazy("Token name"),
                           help_text=gettext_lazy("What the token is for, e.g. 'ministry reporting script'."))


@requires(is_signed_in)
def account(request):
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        token, new_token = ApiToken.issue(request.user, form.cleaned_data["name"])
        record("create", token, actor=request.user, summary=f"API token '{token.name}'")
        form = TokenForm()
    return render(request, "accounts/account.html", {
        "form": form, "new_token": new_token, "tokens": request.user.api_tokens.order_by("-created_at")})


@requires(is_signed_in)
@require_POST
def revoke_token(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    record("delete", token, actor=request.user, summary=f"API token '{token.name}' revoked")
    token.delete()
    messages.success(request, _("Token revoked."))
    return redirect("accounts:account")
