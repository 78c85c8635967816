"""Every URL the resolver knows (web pages and API operations; the Django admin has a test of its own at the end)
is tried with GET and POST by every role; each must answer as the access table below says. A new URL without a row in the table
fails the test, so a page cannot be added without deciding who may open it.

What is asserted, per URL, role and method:
- no server error (the test client raises what a view raises);
- a refused role gets a login redirect, 401, 403, 404 or 405, never a page with data;
- a refused POST changes no row of any table (sessions and login-throttling records apart);
- an allowed role gets a page (2xx or a redirect that is not to the login), or for POST at most a form error;
- no page renders the markup stored in plans, progress, assessments, feed items and saved searches.

Each attempt runs in a savepoint that is rolled back, so an allowed write cannot change what the next role sees.
The hand-written matrix (test_role_matrix.py) tries real writes with valid data; this one sweeps every URL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from aspiration.accounts.models import ApiToken
from aspiration.corpus.imports import import_upload
from aspiration.corpus.models import ImportBatch
from aspiration.jobs.models import Job
from aspiration.tracking.models import Assessment, Cluster, Evidence, Plan, ProgressUpdate
from aspiration.watch.models import Alert
from aspiration.web.models import SavedSearch
from tests.tracking.conftest import _user, world  # noqa: F401  (the small world of plans, people and roles)
from tests.watch.helpers import make_item

ROLES = ("anonymous", "viewer", "cso", "focal_a", "coordinator", "analyst", "admin")

REPORT_TOKEN = "0123456789abcdef0123456789abcdef"
# Markup in what people and feeds write: every page must show it as text.
XSS = '<img src=x onerror="alert(1)">'


@pytest.fixture
def sweep_world(world, settings, tmp_path):  # noqa: F811
    """The tracking world, with one object of every kind a URL names: a published plan for the portal, a pending
    assessment, evidence, a cluster, a feed item and an alert, jobs, an import batch, a saved search, tokens."""
    settings.IMPORT_UPLOAD_DIR = str(tmp_path / "uploads")
    settings.REPORT_FILES_DIR = str(tmp_path / "reports")
    w = world
    w.users["analyst"] = _user("analyst", "viewer", is_watch_analyst=True)
    coordinator = w.users["coordinator"]
    w.cluster = Cluster.objects.create(plan=w.plan, title=f"Violence against women {XSS}")
    w.published = Plan.objects.create(state=w.state, title="Published plan", published=True,
                                      period_start=date(2024, 1, 1), period_end=date(2027, 12, 31))
    w.public_action = w.published.actions.create(title="Train judges", responsible_institution=w.justice,
                                                 due_date=date(2026, 6, 30))
    # Civil society assesses what the portal shows: an action of a published plan.
    w.assessment = Assessment.objects.create(author=w.users["cso"], institution=w.ngo, action=w.public_action,
                                             rating=2, comment=f"Slow going {XSS}")
    w.progress = ProgressUpdate.objects.create(action=w.action_a, date=date(2026, 3, 1), narrative="Bill drafted",
                                               status="in_progress", author=w.users["focal_a"])
    w.evidence = Evidence.objects.create(progress_update=w.progress, original_name="minutes.txt",
                                         content_type="text/plain", uploaded_by=w.users["focal_a"])
    w.evidence.file.save("minutes.txt", ContentFile(b"Minutes of the drafting committee"))
    # Public progress on the published plan, by a named focal point, with an internal file beside it.
    public_progress = ProgressUpdate.objects.create(action=w.public_action, date=date(2026, 3, 2),
                                                    narrative=f"Two sessions held {XSS}", status="in_progress",
                                                    author=w.users["focal_a"])
    memo = Evidence.objects.create(progress_update=public_progress, original_name="internal-memo.txt",
                                   content_type="text/plain", uploaded_by=w.users["focal_a"])
    memo.file.save("internal-memo.txt", ContentFile(b"Not for the portal"))
    w.measurement = w.indicator_a.measurements.create(date=date(2026, 3, 1), value=3, created_by=w.users["focal_a"])
    w.item = make_item(f"A post the desk should read {XSS}")
    w.alert = Alert.objects.create(country="KEN", category=Alert._meta.get_field("category").choices[0][0],
                                   day=date(2026, 3, 1), count=5, total=20, baseline=0.5, p_value=0.001)
    w.batch = ImportBatch.objects.create(file_name="upr.csv", format="csv", checksum="0" * 64, created_by=coordinator)
    w.job = Job.objects.create(kind=Job.Kind.IMPORT, title="upr.csv", created_by=coordinator,
                               status=Job.Status.FAILED, task_path=import_upload.module_path,
                               params={"fmt": "csv", "path": str(tmp_path / "gone.csv"), "options": {}})
    report_dir = tmp_path / "reports" / REPORT_TOKEN
    report_dir.mkdir(parents=True)
    (report_dir / "briefing.docx").write_bytes(b"PK")
    w.report = Job.objects.create(kind=Job.Kind.REPORT, title="Briefing", created_by=coordinator,
                                  status=Job.Status.DONE, task_path="aspiration.reports.jobs.run_report",
                                  result={"token": REPORT_TOKEN, "filename": "briefing.docx", "format": "docx"})
    w.saved = SavedSearch.objects.create(user=w.users["viewer"], name=f"Violence {XSS}", querystring="q=violence")
    w.tokens = {role: ApiToken.issue(user, "sweep") for role, user in w.users.items()}
    return w


# The objects each URL's parameters name, by URL name (web) or by parameter name (API).
WEB_ARGS: dict[str, Callable[[Any], dict]] = {
    **dict.fromkeys(["tracking:plan_detail", "tracking:plan_edit", "tracking:plan_export", "tracking:clusters",
                     "tracking:action_create", "tracking:gender_overview", "tracking:picker", "tracking:people"],
                    lambda w: {"pk": w.plan.pk}),
    "tracking:cluster_edit": lambda w: {"pk": w.cluster.pk},
    **dict.fromkeys(["tracking:add_to_plan", "recommendation", "nlp:review_recommendation", "nlp:review_decide",
                     "nlp:review_add"], lambda w: {"pk": w.rec_women.pk}),
    **dict.fromkeys(["tracking:action_detail", "tracking:action_edit", "tracking:progress_create",
                     "tracking:indicator_create"], lambda w: {"pk": w.action_a.pk}),
    **dict.fromkeys(["tracking:indicator_edit", "tracking:measurement_create"], lambda w: {"pk": w.indicator_a.pk}),
    "tracking:evidence_download": lambda w: {"pk": w.evidence.pk},
    "tracking:gender_review": lambda w: {"kind": "action", "pk": w.action_a.pk},
    "tracking:history": lambda w: {"kind": "assessment", "pk": w.assessment.pk},
    "tracking:portal_plan": lambda w: {"pk": w.published.pk},
    "tracking:portal_action": lambda w: {"pk": w.public_action.pk},
    "tracking:moderate": lambda w: {"pk": w.assessment.pk},
    "watch:alert": lambda w: {"pk": w.alert.pk},
    "watch:item": lambda w: {"pk": w.item.pk},
    "watch:country": lambda w: {"iso3": "KEN"},
    "reports:download": lambda w: {"pk": w.report.pk},
    **dict.fromkeys(["corpus:state", "corpus:columns"], lambda w: {"token": "0" * 32}),
    "corpus:rejected": lambda w: {"pk": w.batch.pk},
    "accounts:revoke_token": lambda w: {"pk": w.tokens["coordinator"][0].pk},
    **dict.fromkeys(["jobs:detail", "jobs:retry"], lambda w: {"pk": w.job.pk}),
    **dict.fromkeys(["saved_search_update", "saved_search_delete", "saved_search_send"], lambda w: {"pk": w.saved.pk}),
    "country": lambda w: {"iso3": "FRA"},
    "export": lambda w: {"fmt": "csv"},
}
API_ARGS: dict[str, Callable[[Any], Any]] = {
    "code": lambda w: "sdg_goal", "batch_id": lambda w: w.batch.pk, "recommendation_id": lambda w: w.rec_women.pk,
    "plan_id": lambda w: w.plan.pk, "action_id": lambda w: w.action_a.pk, "indicator_id": lambda w: w.indicator_a.pk,
    "measurement_id": lambda w: w.measurement.pk, "update_id": lambda w: w.progress.pk, "item_id": lambda w: w.item.pk,
    "alert_id": lambda w: w.alert.pk,
}


def url_patterns(patterns=None, prefix: str = "", namespace: str = ""):
    """(route, name, pattern) of every URL but the Django admin's, from the resolver; one entry per API path."""
    seen = set()
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from url_patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if route not in seen:
                seen.add(route)
                yield route, namespace + (entry.name or ""), entry


def fill(route: str, name: str, w) -> str:
    """The route with its parameters replaced by the world's objects."""
    if route.startswith("api/"):
        values = {key: str(make(w)) for key, make in API_ARGS.items()}
    else:
        values = {key: str(value) for key, value in WEB_ARGS.get(name, lambda w: {})(w).items()}
    path = route
    for converter in ("int:", "str:", ""):
        for key, value in values.items():
            path = path.replace(f"<{converter}{key}>", value)
    assert "<" not in path, f"{route}: no object for its parameters; add one to WEB_ARGS or API_ARGS"
    return "/" + path


SKIPPED_TABLES = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}
# Signing in and using a token stamp the account and the token; that is the attempt, not a write it made.
SKIPPED_COLUMNS = {"last_login", "last_used_at"}


def database_state() -> str:
    """A digest of every row of every table but sessions and login-throttling records."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if model._meta.db_table in SKIPPED_TABLES or model._meta.proxy:
            continue
        digest.update(model._meta.db_table.encode())
        columns = [f.attname for f in model._meta.concrete_fields if f.attname not in SKIPPED_COLUMNS]
        for row in model.objects.order_by("pk").values_list(*columns):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def attempt(w, path: str, method: str, role: str):
    client = Client()
    headers = {}
    if path.startswith("/api/"):
        if role != "anonymous":
            headers["HTTP_AUTHORIZATION"] = f"Bearer {w.tokens[role][1]}"
    elif role != "anonymous":
        client.force_login(w.users[role])
    if method == "get":
        return client.get(path, **headers)
    if path.startswith("/api/"):
        return getattr(client, method)(path, "{}", content_type="application/json", **headers)
    return client.post(path, {}, **headers)


EVERYONE = frozenset(ROLES)
NOBODY: frozenset[str] = frozenset()
SIGNED_IN = EVERYONE - {"anonymous"}
STAFF = frozenset({"viewer", "focal_a", "coordinator", "analyst", "admin"})  # staff readers (the analyst is a viewer)
COORD = frozenset({"coordinator", "admin"})
OWN_A = COORD | {"focal_a"}  # action A is the focal point's institution's
CSO = frozenset({"cso"})
ANALYST = frozenset({"analyst"})
REPORTERS = COORD | {"viewer", "analyst"}

# Who may use each URL: (GET, POST) for pages, (GET, writes) for API paths, where writes are POST and PATCH.
# A method a view does not accept (405) is a refusal for everyone, whatever the column says.
ACCESS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "home": (EVERYONE, EVERYONE), "login": (EVERYONE, EVERYONE), "logout": (EVERYONE, EVERYONE),
    "set_language": (EVERYONE, EVERYONE), "switch_language": (EVERYONE, EVERYONE),
    "search": (EVERYONE, EVERYONE), "export": (EVERYONE, EVERYONE), "recommendation": (EVERYONE, EVERYONE),
    "country": (EVERYONE, EVERYONE), "match": (SIGNED_IN, SIGNED_IN),
    "saved_searches": (SIGNED_IN, SIGNED_IN), "saved_search_new": (SIGNED_IN, SIGNED_IN),
    # A saved search is its owner's alone (the viewer's here): everyone else gets 404, as if it did not exist.
    "saved_search_update": (NOBODY, frozenset({"viewer"})), "saved_search_delete": (NOBODY, frozenset({"viewer"})),
    "saved_search_send": (NOBODY, frozenset({"viewer"})),
    "nlp:review_queue": (OWN_A, OWN_A), "nlp:retrain": (NOBODY, COORD),
    "nlp:review_recommendation": (OWN_A, OWN_A), "nlp:review_decide": (NOBODY, OWN_A),
    "nlp:review_add": (NOBODY, OWN_A),
    "tracking:plans": (STAFF, STAFF), "tracking:plan_create": (COORD, COORD), "tracking:plan_import": (NOBODY, COORD),
    "tracking:plan_detail": (STAFF, STAFF), "tracking:plan_edit": (COORD, COORD), "tracking:plan_export": (STAFF, STAFF),
    "tracking:clusters": (COORD, COORD), "tracking:action_create": (COORD, COORD),
    "tracking:gender_overview": (STAFF, STAFF), "tracking:cluster_edit": (COORD, COORD),
    "tracking:picker": (OWN_A, OWN_A), "tracking:people": (COORD, COORD), "tracking:add_to_plan": (COORD, COORD),
    "tracking:my_actions": (OWN_A, OWN_A), "tracking:action_detail": (STAFF, STAFF),
    "tracking:action_edit": (OWN_A, OWN_A), "tracking:progress_create": (OWN_A, OWN_A),
    "tracking:indicator_create": (OWN_A, OWN_A), "tracking:indicator_edit": (OWN_A, OWN_A),
    "tracking:measurement_create": (OWN_A, OWN_A), "tracking:evidence_download": (STAFF, STAFF),
    "tracking:gender_review": (OWN_A, OWN_A),
    # The audit trail of a pending assessment repeats it: only its moderators read it.
    "tracking:history": (COORD, COORD),
    "tracking:portal": (EVERYONE, EVERYONE), "tracking:portal_plan": (EVERYONE, EVERYONE),
    "tracking:portal_action": (EVERYONE, EVERYONE),
    "tracking:assessment_create": (CSO, CSO), "tracking:my_assessments": (CSO, CSO),
    "tracking:moderation": (COORD, COORD), "tracking:moderate": (NOBODY, COORD),
    # Early warning is the analysts' alone, administrators included.
    **dict.fromkeys(["watch:dashboard", "watch:import", "watch:alerts", "watch:alert", "watch:item", "watch:items",
                      "watch:country"],
                    (ANALYST, ANALYST)),
    "reports:index": (REPORTERS, REPORTERS), "reports:download": (COORD, NOBODY),  # the coordinator's own report
    "corpus:imports": (COORD, COORD), "corpus:state": (COORD, COORD), "corpus:columns": (COORD, COORD),
    "corpus:rejected": (COORD, COORD),
    "accounts:account": (SIGNED_IN, SIGNED_IN),
    "accounts:revoke_token": (NOBODY, frozenset({"coordinator"})),  # one's own tokens only (404 for the others)
    "jobs:list": (SIGNED_IN, SIGNED_IN), "jobs:detail": (COORD, COORD), "jobs:retry": (NOBODY, COORD),
    # The API: reference data, the corpus and the plans' published parts are public; an empty write body is
    # refused as invalid (422) before the role is asked, so the write column is proven by test_role_matrix.py.
    **dict.fromkeys(["api:openapi-json", "api:openapi-view"], (EVERYONE, EVERYONE)),  # the schema, whatever the method
    **dict.fromkeys(["api:health", "api:list_taxonomies", "api:list_labels",
                     "api:list_countries", "api:list_mechanisms", "api:search_recommendations",
                     "api:recommendation_detail"], (EVERYONE, NOBODY)),
    "api:batches": (COORD, NOBODY), "api:rejected": (COORD, NOBODY),
    "api:add_recommendation": (NOBODY, COORD), "api:match": (NOBODY, SIGNED_IN),
    **dict.fromkeys(["api:list_plans", "api:list_actions", "api:list_indicators", "api:list_measurements",
                     "api:list_progress"], (EVERYONE, COORD)),
    # An unpublished plan and what hangs from it: staff readers only (404 for the others, as if absent).
    **dict.fromkeys(["api:get_plan", "api:get_action", "api:get_indicator", "api:get_measurement",
                     "api:get_progress"], (STAFF, OWN_A)),
    **dict.fromkeys(["api:list_items", "api:get_item", "api:list_signals", "api:list_alerts", "api:get_alert",
                     "api:alert_item_list"], (ANALYST, NOBODY)),
    "api:api-root": (NOBODY, NOBODY),
}
# Allowed, but answered 404 because the world holds no pending upload of that token: it must still not be a refusal.
UNKNOWN_TOKEN = {"corpus:state", "corpus:columns"}

# Text only some roles may read: no answer to anyone else may contain it, whatever the URL.
SECRETS: dict[str, frozenset[str]] = {
    "National action plan 2024-2027": STAFF,  # the unpublished plan
    "Draft a domestic violence bill": STAFF,  # its action
    "Slow going": COORD | CSO,  # the pending assessment: its moderators and its author
    "A post the desk should read": ANALYST,  # a feed item's (encrypted) text
    "Minutes of the drafting committee": STAFF,  # internal evidence
    "minutes.txt": STAFF,
    "focal_justice@example.org": COORD,  # a staff address
    "focal_justice": STAFF,  # a staff login name (public progress is signed by the institution)
    "internal-memo.txt": STAFF,  # a file beside public progress, not marked public
    "Not for the portal": STAFF,
}
REFUSALS = {401, 403, 404, 405}


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace")


def check(w, name: str, path: str, method: str, role: str, allowed: bool, before: str) -> list[str]:
    """Try one URL as one role in a rolled-back savepoint; the ways it broke the table, if any. ``before`` is the
    digest of the database every attempt starts from."""
    problems = []
    where = f"{method.upper()} {path} as {role}"
    with transaction.atomic():
        response = attempt(w, path, method, role)
        status = response.status_code
        to_login = status == 302 and "/login/" in response["Location"]
        if allowed and (to_login or status in {401, 403}):
            problems.append(f"{where}: refused ({status}) though the table allows it")
        elif allowed and method == "get" and status >= 400 and status != 405 and not (
                status == 404 and name in UNKNOWN_TOKEN):
            problems.append(f"{where}: {status}")
        elif not allowed and not (to_login or status in REFUSALS or (status == 422 and path.startswith("/api/"))):
            problems.append(f"{where}: answered {status}, expected a refusal")
        # 405 comes before the view runs (Django's method decorators, the API's router): nothing to compare.
        if method != "get" and not allowed and status != 405 and database_state() != before:
            problems.append(f"{where}: a refused write changed the database")
        text = body(response) if status < 300 else ""
        problems += [f"{where}: shows {secret!r}" for secret, readers in SECRETS.items()
                     if role not in readers and secret in text]
        if "html" in response.get("Content-Type", "") and XSS in text:
            problems.append(f"{where}: renders markup from stored text unescaped")
        transaction.set_rollback(True)
    return problems


PATTERNS = list(url_patterns())


def test_every_url_has_a_row():
    missing = sorted(name for _, name, _ in PATTERNS if name not in ACCESS)
    assert not missing, f"URLs nobody has decided access for (add them to ACCESS): {missing}"
    assert len(PATTERNS) > 90  # the resolver walk found the apps' pages, not only the root's


@pytest.mark.parametrize(("route", "name"), [(route, name) for route, name, _ in PATTERNS if name in ACCESS],
                         ids=[name for _, name, _ in PATTERNS if name in ACCESS])
def test_url(sweep_world, route: str, name: str):
    path = fill(route, name, sweep_world)
    get_roles, write_roles = ACCESS[name]
    methods = ("get", "post", "patch") if route.startswith("api/") else ("get", "post")
    before = database_state()
    problems = []
    for method in methods:
        for role in ROLES:
            allowed = role in (get_roles if method == "get" else write_roles)
            problems += check(sweep_world, name, path, method, role, allowed, before)
    assert not problems, "\n".join(problems)


def test_no_write_without_the_csrf_token(sweep_world):
    """A signed-in person's browser sent to any URL by another site (the session cookie, no CSRF token) writes
    nothing: every POST and PATCH, pages and API alike, is refused before the view runs."""
    w = sweep_world
    before = database_state()
    problems = []
    for role in SIGNED_IN:
        client = Client(enforce_csrf_checks=True)
        client.force_login(w.users[role])
        for route, name, _ in PATTERNS:
            path = fill(route, name, w)
            for method in ("post", "patch") if route.startswith("api/") else ("post",):
                response = getattr(client, method)(path, "{}", content_type="application/json")
                if response.status_code not in {403, 405}:
                    problems.append(f"{method.upper()} {path} as {role}: {response.status_code}")
    assert not problems, "\n".join(problems)
    assert database_state() == before, "a write without the CSRF token changed the database"


def admin_paths() -> list[str]:
    """A path for every named URL of the Django admin (its own and its models'), parameters filled with the
    first shape that fits."""
    from django.urls import NoReverseMatch, reverse

    def names(patterns) -> set[str]:
        found = set()
        for entry in patterns:
            if isinstance(entry, URLResolver):
                found |= names(entry.url_patterns)
            elif entry.name:
                found.add(entry.name)
        return found

    shapes = ({}, {"app_label": "accounts"}, {"object_id": "1"}, {"content_type_id": "1", "object_id": "1"})
    admin = next(e for e in get_resolver().url_patterns if isinstance(e, URLResolver) and e.namespace == "admin")
    paths = set()
    for name in names(admin.url_patterns):
        for kwargs in shapes:
            try:
                paths.add(reverse(f"admin:{name}", kwargs=kwargs))
                break
            except NoReverseMatch:
                continue
    return sorted(paths)


def test_the_django_admin_is_the_administrators_alone(sweep_world):
    """Every admin URL sends every role but the administrator, and anonymous visitors, to the admin's login,
    and a POST there writes nothing. The administrator's attempts run in rolled-back savepoints; even they
    cannot add or delete audit events."""
    paths = [p for p in admin_paths() if not p.endswith(("/login/", "/logout/"))]
    assert len(paths) > 40  # the registered models' lists, forms and histories, not only the index
    before = database_state()
    problems = []
    for path in paths:
        for role in ROLES:
            for method in ("get", "post"):
                client = Client()
                if role != "anonymous":
                    client.force_login(sweep_world.users[role])
                with transaction.atomic():
                    response = getattr(client, method)(path, {})
                    transaction.set_rollback(True)
                status = response.status_code
                refused = (status == 302 and "/admin/login/" in response["Location"]) or status in REFUSALS
                if role == "admin" and "/auditevent/" in path and path.endswith(("/add/", "/delete/")) and status != 403:
                    problems.append(f"{method.upper()} {path} as admin: {status}; the audit trail is append-only")
                elif role != "admin" and not refused:
                    problems.append(f"{method.upper()} {path} as {role}: {status}, expected a refusal")
    assert not problems, "\n".join(problems[:20])
    assert database_state() == before, "a refused admin request changed the database"
