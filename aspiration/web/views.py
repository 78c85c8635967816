from django.db.models import Count
from django.shortcuts import render

from aspiration.corpus.models import Annotation, Recommendation
from aspiration.reference.models import Country, Mechanism


def home(request):
    counts = {
        "recommendations": Recommendation.objects.count(),
        "states": Recommendation.objects.values("state").distinct().count(),
        "mechanisms": Mechanism.objects.filter(recommendations__isnull=False).distinct().count(),
        "annotations": Annotation.objects.count(),
    }
    top_states = (
        Country.objects.annotate(n=Count("recommendations_received"))
        .filter(n__gt=0)
        .order_by("-n")[:10]
    )
    return render(request, "web/home.html", {"counts": counts, "top_states": top_states})
