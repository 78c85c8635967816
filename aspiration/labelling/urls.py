from django.urls import path
from django.utils.translation import gettext_lazy as _

from aspiration.accounts.permissions import can_review_labels
from aspiration.labelling import views

app_name = "nlp"

NAV = [("nlp:review_queue", _("Review labels"), can_review_labels)]

urlpatterns = [
    path("review/", views.review_queue, name="review_queue"),
    path("review/retrain/", views.retrain, name="retrain"),
    path("review/<int:pk>/", views.review_recommendation, name="review_recommendation"),
    path("review/<int:pk>/decide/", views.review_decide, name="review_decide"),
    path("review/<int:pk>/add/", views.review_add, name="review_add"),
]
