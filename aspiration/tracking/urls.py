from django.urls import path
from django.utils.translation import gettext_lazy as _

from aspiration.accounts import permissions as perm
from aspiration.tracking import portal, views

app_name = "tracking"

NAV = [
    ("tracking:plans", _("Plans"), perm.is_staff_reader),
    ("tracking:my_actions", _("My actions"), perm.is_focal_point),
    ("tracking:my_assessments", _("My assessments"), perm.is_civil_society),
    ("tracking:portal", _("Portal"), lambda user: True),
]

urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/import/", views.plan_import, name="plan_import"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/export.xlsx", views.plan_export, name="plan_export"),
    path("plans/<int:pk>/clusters/", views.clusters, name="clusters"),
    path("plans/<int:pk>/actions/new/", views.action_create, name="action_create"),
    path("plans/<int:pk>/gender/", views.gender_overview, name="gender_overview"),
    path("clusters/<int:pk>/edit/", views.cluster_edit, name="cluster_edit"),
    path("plans/<int:pk>/picker/", views.picker, name="picker"),
    path("plans/<int:pk>/people/", views.people, name="people"),
    path("recommendations/<int:pk>/add/", views.add_to_plan, name="add_to_plan"),
    path("actions/mine/", views.my_actions, name="my_actions"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/progress/", views.progress_create, name="progress_create"),
    path("actions/<int:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/measurements/new/", views.measurement_create, name="measurement_create"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("gender/<str:kind>/<int:pk>/review/", views.gender_review, name="gender_review"),
    path("history/<str:kind>/<int:pk>/", views.history, name="history"),
    path("portal/", portal.portal, name="portal"),
    path("portal/<int:pk>/", portal.portal_plan, name="portal_plan"),
    path("portal/actions/<int:pk>/", portal.portal_action, name="portal_action"),
    path("assessments/new/", views.assessment_create, name="assessment_create"),
    path("assessments/mine/", views.my_assessments, name="my_assessments"),
    path("assessments/moderation/", views.moderation, name="moderation"),
    path("assessments/<int:pk>/moderate/", views.moderate, name="moderate"),
]
