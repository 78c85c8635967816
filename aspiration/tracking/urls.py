from django.urls import path
from django.utils.translation import gettext_lazy as _

from aspiration.accounts import permissions as perm
from aspiration.tracking import portal
from aspiration.tracking.views import actions, assessments, clusters, gender, history, people, plans, progress

app_name = "tracking"

NAV = [
    ("tracking:plans", _("Plans"), perm.is_staff_reader),
    ("tracking:my_actions", _("My actions"), perm.is_focal_point),
    ("tracking:my_assessments", _("My assessments"), perm.is_civil_society),
    ("tracking:portal", _("Portal"), lambda user: True),
]

urlpatterns = [
    path("", plans.plan_list, name="plans"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/import/", plans.plan_import, name="plan_import"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/export.xlsx", plans.plan_export, name="plan_export"),
    path("plans/<int:pk>/clusters/", clusters.clusters, name="clusters"),
    path("plans/<int:pk>/actions/new/", actions.action_create, name="action_create"),
    path("plans/<int:pk>/gender/", gender.gender_overview, name="gender_overview"),
    path("clusters/<int:pk>/edit/", clusters.cluster_edit, name="cluster_edit"),
    path("plans/<int:pk>/picker/", clusters.picker, name="picker"),
    path("plans/<int:pk>/people/", people.people, name="people"),
    path("recommendations/<int:pk>/add/", clusters.add_to_plan, name="add_to_plan"),
    path("actions/mine/", actions.my_actions, name="my_actions"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("actions/<int:pk>/edit/", actions.action_edit, name="action_edit"),
    path("actions/<int:pk>/progress/", progress.progress_create, name="progress_create"),
    path("actions/<int:pk>/indicators/new/", progress.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/edit/", progress.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/measurements/new/", progress.measurement_create, name="measurement_create"),
    path("evidence/<int:pk>/", progress.evidence_download, name="evidence_download"),
    path("gender/<str:kind>/<int:pk>/review/", gender.gender_review, name="gender_review"),
    path("history/<str:kind>/<int:pk>/", history.history, name="history"),
    path("portal/", portal.portal, name="portal"),
    path("portal/<int:pk>/", portal.portal_plan, name="portal_plan"),
    path("portal/actions/<int:pk>/", portal.portal_action, name="portal_action"),
    path("assessments/new/", assessments.assessment_create, name="assessment_create"),
    path("assessments/mine/", assessments.my_assessments, name="my_assessments"),
    path("assessments/moderation/", assessments.moderation, name="moderation"),
    path("assessments/<int:pk>/moderate/", assessments.moderate, name="moderate"),
]
