"""Clusters of recommendations in a plan, the recommendation picker, and "Add to plan"."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from aspiration.accounts import permissions as perm
from aspiration.corpus.models import Recommendation
from aspiration.tracking import analysis
from aspiration.tracking.chain import recommendations_prefetch
from aspiration.tracking.forms import ClusterForm
from aspiration.tracking.models import Cluster, Plan
from aspiration.tracking.picker import parse_ids, picker_context
from aspiration.tracking.services import create_audited, update_versioned
from aspiration.tracking.views.common import form_page, picker_form, save_versioned


def _already_clustered(plan: Plan, ids) -> list[Cluster]:
    return list(plan.clusters.filter(recommendations__in=ids).distinct())


@perm.requires()
def clusters(request, pk: int):
    plan = get_object_or_404(Plan.objects.select_related("state"), pk=pk)
    perm.require(request, perm.can_manage_plan(request.user, plan))
    form = picker_form(request, ClusterForm, plan=plan)
    if request.method == "POST" and form.is_bound and form.is_valid():
        taken = _already_clustered(plan, form.cleaned_data["recommendation_ids"]) if "suggestion" in request.POST else []
        if taken:
            # A suggestion accepted twice (double click, back button) must not make a duplicate cluster.
            messages.error(request, _("Not created: these recommendations are already in a cluster (%(clusters)s).")
                           % {"clusters": ", ".join(cluster.title for cluster in taken)})
            return redirect("tracking:clusters", pk=plan.pk)
        cluster = form.save(commit=False)
        cluster.plan = plan
        create_audited(cluster, actor=request.user, save_m2m=form.save_m2m)
        messages.success(request, _("Cluster “%(title)s” created with %(count)d recommendations.") % {
            "title": cluster.title, "count": cluster.recommendations.count()})
        return redirect("tracking:clusters", pk=plan.pk)
    return render(request, "tracking/clusters.html", {
        "plan": plan, "form": form, "clusters": plan.clusters.prefetch_related(recommendations_prefetch()),
        "suggestions": analysis.suggest_clusters(plan)}, status=400 if form.is_bound and form.errors else 200)


@perm.requires()
def cluster_edit(request, pk: int):
    cluster = get_object_or_404(Cluster.objects.select_related("plan__state"), pk=pk)
    perm.require(request, perm.can_manage_plan(request.user, cluster.plan))
    form = picker_form(request, ClusterForm, instance=cluster, plan=cluster.plan)
    if form.is_bound and form.is_valid() and save_versioned(request, form):
        messages.success(request, _("Cluster saved."))
        return redirect("tracking:clusters", pk=cluster.plan_id)
    return form_page(request, form, _("Edit cluster"), back="tracking:plans")


@perm.requires()
def picker(request, pk: int):
    """The recommendation picker's fragment (htmx): the chosen ones, minus ``remove``, and the search results."""
    plan = get_object_or_404(Plan.objects.select_related("state"), pk=pk)
    perm.require(request, perm.can_pick_recommendations(request.user, plan))
    name = request.GET.get("field", "recommendation_ids")
    if not name.isidentifier():
        raise Http404
    chosen = [pk for pk in parse_ids(request.GET.getlist(name)) if str(pk) != request.GET.get("remove")]
    return render(request, "tracking/_picker.html", picker_context(plan, name, chosen, request.GET))


@perm.requires()
def add_to_plan(request, pk: int):
    """From a recommendation: the plans of its state, each with "New action", "New cluster" and "Add to a cluster"."""
    recommendation = get_object_or_404(Recommendation.objects.select_related("state"), pk=pk)
    perm.require(request, perm.can_manage_plan(request.user))
    plans = list(Plan.objects.filter(state=recommendation.state).prefetch_related("clusters"))
    if request.method == "POST":
        cluster = get_object_or_404(Cluster.objects.select_related("plan"), pk=request.POST.get("cluster") or 0,
                                    plan__state=recommendation.state)
        before = cluster.version
        cluster.recommendations.add(recommendation)
        update_versioned(cluster, before, actor=request.user, summary=f"recommendation {recommendation.pk} added")
        messages.success(request, _("Added to the cluster “%(title)s”.") % {"title": cluster.title})
        return redirect("tracking:clusters", pk=cluster.plan_id)
    return render(request, "tracking/add_to_plan.html", {"rec": recommendation, "plans": plans})
