from django import template

from aspiration.reports.views import can_download

register = template.Library()


@register.filter
def downloadable_by(job, user) -> bool:
    """Whether the job page offers this person the report's file (the download view checks the same)."""
    return can_download(user, job)
