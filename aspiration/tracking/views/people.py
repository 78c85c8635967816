"""A plan's institutions and accounts, managed by its coordinator."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from aspiration.accounts import permissions as perm
from aspiration.accounts.audit import record
from aspiration.accounts.forms import AccountForm, InstitutionForm
from aspiration.accounts.models import Institution, User
from aspiration.tracking.models import Plan
from aspiration.tracking.services import create_audited


@perm.requires()
def people(request, pk: int):
    """The plan's institutions and accounts; a coordinator adds both here, without the admin site."""
    plan = get_object_or_404(Plan.objects.select_related("state"), pk=pk)
    perm.require(request, perm.can_manage_people(request.user))
    country = plan.state
    may_create_coordinators = perm.can_create_coordinators(request.user)
    institution_form = InstitutionForm(prefix="institution", country=country)
    account_form = AccountForm(prefix="account", country=country, may_create_coordinators=may_create_coordinators)
    new_account = None
    if request.method == "POST" and "add_institution" in request.POST:
        institution_form = InstitutionForm(request.POST, prefix="institution", country=country)
        if institution_form.is_valid():
            institution = create_audited(institution_form.save(commit=False), actor=request.user)
            messages.success(request, _("Institution “%(name)s” added.") % {"name": institution})
            return redirect("tracking:people", pk=plan.pk)
    elif request.method == "POST" and "add_account" in request.POST:
        account_form = AccountForm(request.POST, prefix="account", country=country,
                                   may_create_coordinators=may_create_coordinators)
        if account_form.is_valid():
            new_account = _create_account(account_form.cleaned_data, actor=request.user)
            account_form = AccountForm(prefix="account", country=country, may_create_coordinators=may_create_coordinators)
    institutions = Institution.objects.filter(country=country).annotate(people=Count("members")).order_by("name")
    accounts = User.objects.filter(Q(institution__country=country) | Q(role__in=["coordinator", "admin"])) \
        .select_related("institution").order_by("institution__name", "username")
    response = render(request, "tracking/people.html", {
        "plan": plan, "institutions": institutions, "accounts": accounts, "institution_form": institution_form,
        "account_form": account_form, "new_account": new_account,
    }, status=400 if institution_form.errors or account_form.errors else 200)
    response["Cache-Control"] = "no-store"  # the page may carry a new password
    return response


def _create_account(data: dict, *, actor) -> dict:
    """Create the account; a password the coordinator left empty is generated, and returned to be shown once."""
    password = data["password"] or secrets.token_urlsafe(12)
    with transaction.atomic():
        user = User.objects.create_user(
            username=data["username"], password=password, email=data["email"], first_name=data["first_name"],
            last_name=data["last_name"], role=data["role"], institution=data["institution"])
        record("create", user, actor=actor, summary=f"account {user.username} ({user.role})")
    return {"user": user, "password": None if data["password"] else password}
