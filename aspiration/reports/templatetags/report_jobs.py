from django import template

from aspiration.accounts.permissions import can_download_report

register = template.Library()


@register.filter
def downloadable_by(job, user) -> bool:
    """Whether the job page offers this person the report's file (the download view checks the same)."""
    return can_download_report(user, job)
