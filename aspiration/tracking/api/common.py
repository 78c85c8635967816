"""What the tracking API's endpoints share: who may read, errors, paging, and versioned saves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import PaginationBase
from ninja.security import django_auth

from aspiration.accounts import permissions as perm
from aspiration.api.auth import TokenAuth
from aspiration.tracking.services import VersionConflict, update_versioned


def _anonymous(request) -> bool:
    """Reads are open to everyone; what is visible depends on who it is (published items for the public)."""
    return True


READ_AUTH = [TokenAuth(), django_auth, _anonymous]

# JSON parsers accept NaN and Infinity; no indicator value is either, and pages could not chart them.
Finite = Annotated[float, Field(allow_inf_nan=False)]


class Error(Schema):
    detail: str


ERRORS = {400: Error, 403: Error, 404: Error, 409: Error, 422: Error}


class ListPage(PaginationBase):
    """ninja's ``@paginate`` without changing a list's shape: the body stays the JSON list clients already read,
    ``limit``/``offset`` choose the page, and the headers carry the total and the next page's link."""

    class Input(Schema):
        limit: int = Field(500, ge=1, le=1000)
        offset: int = Field(0, ge=0, le=10**9)

    Output = None  # keep the endpoint's own ``list[...]`` response schema

    def paginate_queryset(self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params: Any) -> list:
        total = queryset.count()
        items = list(queryset[pagination.offset:pagination.offset + pagination.limit])
        response = params.get("response")
        if response is not None:
            response["X-Total-Count"] = str(total)
            following = pagination.offset + pagination.limit
            if following < total:
                query = request.GET.copy()
                query["offset"], query["limit"] = str(following), str(pagination.limit)
                response["Link"] = f'<{request.path}?{query.urlencode()}>; rel="next"'
        return items


def visible(user, queryset: QuerySet, plan_path: str) -> QuerySet:
    """Restrict to published plans for users who may not read unpublished ones."""
    return queryset if perm.is_staff_reader(user) else queryset.filter(**{f"{plan_path}published": True})


def checked(rule: Callable[..., Any], *args: Any, status: int = 400) -> Any:
    """Run a rule of ``aspiration.tracking.validation``; its refusal becomes an API error with the rule's message."""
    try:
        return rule(*args)
    except ValidationError as error:
        raise HttpError(status, " ".join(error.messages)) from error


def validate(instance: Model) -> None:
    """The model's own rules (``clean()``), the same the pages' forms apply; a refusal is a 422 with the message."""
    checked(instance.clean, status=422)


def save(instance: Model, version: int, user, save_m2m: Callable[[], None] | None = None) -> Model:
    validate(instance)
    try:
        return update_versioned(instance, version, actor=user, save_m2m=save_m2m)
    except VersionConflict as conflict:
        raise HttpError(409, str(conflict)) from conflict


def apply(instance: Model, values: dict, fields: tuple[str, ...]) -> None:
    for name in fields:
        if values.get(name) is not None:
            setattr(instance, name, values[name])
