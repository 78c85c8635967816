"""What every tracking page shares: the form page, versioned saves and the picker form."""

from __future__ import annotations

from django.shortcuts import render

from aspiration.tracking.services import VersionConflict, update_versioned


def form_page(request, form, title: str, *, back: str, hints=None, multipart: bool = False, status: int = 200):
    """The form page; 409 when ``save_versioned`` found someone else's newer save."""
    status = 409 if getattr(form, "version_conflict", False) else status
    return render(request, "tracking/form.html", {"form": form, "title": title, "back": back, "hints": hints or [],
                                                  "multipart": multipart}, status=status)


def save_versioned(request, form, *, save_m2m=None) -> bool:
    """Save a versioned form; on a conflict, put the message on the form and return False."""
    instance = form.save(commit=False)
    try:
        update_versioned(instance, form.expected(), actor=request.user, save_m2m=save_m2m or form.save_m2m)
    except VersionConflict as conflict:
        form.add_error(None, str(conflict))
        form.version_conflict = True
        return False
    return True


def picker_form(request, form_class, **kwargs):
    """The form bound to a submission; shown again unsaved after the picker's Search or Remove (no JavaScript);
    on a first visit, ``?recommendation=<id>`` (from "Add to plan" links) is preselected."""
    if request.method == "POST" and "picker" in request.POST:
        return form_class.redisplay(request.POST, **kwargs)
    if request.method == "POST":
        return form_class(request.POST, **kwargs)
    form = form_class(**kwargs)
    wanted = request.GET.getlist("recommendation")
    if wanted:
        form.initial["recommendation_ids"] = list(dict.fromkeys(
            form.initial.get("recommendation_ids", []) + [int(pk) for pk in wanted if pk.isdigit()]))
        form.picked()
    if request.GET.get("cluster", "").isdigit() and "cluster" in form.fields:
        form.initial["cluster"] = int(request.GET["cluster"])
    return form
