from aspiration.accounts.audit import clear_request_context, set_request_context


class AuditContextMiddleware:
    """Makes the current user and address known to ``audit.record`` for the length of a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        set_request_context(getattr(request, "user", None), request.META.get("REMOTE_ADDR"))
        try:
            return self.get_response(request)
        finally:
            clear_request_context()
