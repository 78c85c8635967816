"""The answer to a request refused as too large or malformed (400).

Django's own 400 page is rendered without the request, so it has neither the site's header nor a reason;
this one keeps both, and API callers get the reason as JSON like the API's other refusals.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from aspiration.corpus.forms import megabytes


def bad_request(request, exception=None):
    if isinstance(exception, DisallowedHost) or not hasattr(request, "user"):
        # The page's links would be built from a refused host, and a request refused before the account is read
        # has no one to show the header for: answer without a page.
        return HttpResponseBadRequest(b"Bad Request (400)", content_type="text/plain")
    message = _("The request was too large or malformed, so it was refused and nothing was saved. Forms take up to "
                "%(limit)s MB; larger files go through the import pages.") % {
        "limit": megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return render(request, "400.html", {"message": message}, status=400)
