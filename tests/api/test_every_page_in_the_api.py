"""Issue #10: every capability the web pages offer is in the JSON API too. Each page (URL
name) names the API operations that do what it does, or says why it has none; a new page
without an entry, or an entry naming an operation the API does not have, fails here."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver

from herningmodel.api import api

NOT_A_CAPABILITY = "not a capability"
SSO_FLOW = NOT_A_CAPABILITY + ": the identity provider's log-in; the API authenticates with tokens"
#: A capability the API does not offer yet: named here so the gap is visible, not forgotten.
NOT_YET = "not yet in the API"

#: page → the API operations ("METHOD /api/path") that offer what it offers.
PAGES: dict[str, tuple[str, ...] | str] = {
    "home": ("GET /api/cases", "GET /api/team"),  # the front page: my deadlines, the team's
    "login": NOT_A_CAPABILITY + ": the API authenticates with personal tokens",
    "logout": NOT_A_CAPABILITY + ": the API authenticates with personal tokens",
    "set_language": NOT_A_CAPABILITY + ": the API follows Accept-Language",
    "healthz": NOT_A_CAPABILITY + ": the process manager's liveness probe, no data",
    "readyz": NOT_A_CAPABILITY + ": the load balancer's readiness probe, no data",
    "metrics": NOT_A_CAPABILITY + ": Prometheus scrapes it from the monitoring address only",
    "oidc_authentication_init": NOT_A_CAPABILITY
    + ": the identity provider's log-in flow; the API authenticates with personal tokens",
    "oidc_authentication_callback": NOT_A_CAPABILITY
    + ": the identity provider's log-in flow; the API authenticates with personal tokens",
    "oidc_logout": NOT_A_CAPABILITY
    + ": the identity provider's log-in flow; the API authenticates with personal tokens",
    "saml2_login": NOT_A_CAPABILITY
    + ": the identity provider's log-in flow; the API authenticates with personal tokens",
    "saml2_acs": NOT_A_CAPABILITY
    + ": the identity provider's log-in flow; the API authenticates with personal tokens",
    "saml2_metadata": NOT_A_CAPABILITY + ": the SAML service provider's metadata for the IdP",
    "operations:retention": NOT_YET
    + ": the DPO's view of the retention job; `herningmodel retention run --dry-run` prints it",
    "people:list": ("GET /api/children", "POST /api/children/search"),
    "people:create": ("POST /api/children",),
    "people:detail": (
        "GET /api/children/{child_id}",
        "GET /api/children/{child_id}/family",
        "GET /api/children/{child_id}/notifications",
        "GET /api/children/{child_id}/episodes",
    ),
    "people:edit": ("PATCH /api/children/{child_id}",),
    "cases:my_work": ("GET /api/cases",),
    "cases:team": ("GET /api/team",),
    "cases:detail": ("GET /api/cases/{case_id}", "GET /api/cases/{case_id}/record"),
    "cases:measure": ("POST /api/cases/{case_id}/measurements",),
    "cases:action": (
        "POST /api/cases/{case_id}/handovers",
        "POST /api/cases/{case_id}/close",
        "POST /api/cases/{case_id}/child-talks",
        "POST /api/cases/{case_id}/assessments",
        "POST /api/cases/{case_id}/decisions",
        "POST /api/cases/{case_id}/network-meetings",
        "POST /api/cases/{case_id}/plans",
        "POST /api/cases/{case_id}/follow-ups",
    ),
    "cases:action_on": (
        "POST /api/cases/{case_id}/assessments/{assessment_id}/preliminary",
        "POST /api/cases/{case_id}/assessments/{assessment_id}/finish",
        "PUT /api/cases/{case_id}/plans/{plan_id}",
    ),
    "cases:notify": ("POST /api/children/{child_id}/notifications",),
    "cases:notification": (
        "POST /api/notifications/{notification_id}/acute-assessment",
        "POST /api/notifications/{notification_id}/receipt",
        "POST /api/notifications/{notification_id}/outcome",
    ),
    "cases:supervision": ("GET /api/supervisions", "POST /api/supervisions"),
    "cases:supervision_detail": (
        "GET /api/supervisions/{supervision_id}",
        "POST /api/supervisions/{supervision_id}/cases/{case_id}/findings",
    ),
    "cases:handbook": ("GET /api/handbook", "POST /api/handbook"),
    "audit:search": ("POST /api/audit/search",),
    "audit:export": ("POST /api/audit/export",),
    "staff:list": ("GET /api/staff",),
    "staff:enrol": ("POST /api/staff/enrol",),
    "staff:detail": ("GET /api/staff", "POST /api/staff/{staff_id}/changes"),
    "staff:requests": ("GET /api/staff/requests",),
    "staff:decide": (
        "POST /api/staff/requests/{request_id}/approve",
        "POST /api/staff/requests/{request_id}/reject",
    ),
    "staff:changes": ("GET /api/staff/changes",),
    "staircase:catalogue": ("GET /api/staircase/steps", "GET /api/staircase/types"),
    "staircase:type": ("GET /api/staircase/types", "GET /api/staircase/prices"),
    "staircase:price_create": ("POST /api/staircase/prices",),
    "staircase:budget": ("GET /api/staircase/budget",),
    "monitoring:overview": ("GET /api/monitoring/indicators", "GET /api/monitoring/warnings"),
    "monitoring:theme": ("GET /api/monitoring/indicators", "GET /api/monitoring/definitions"),
    "monitoring:cases": ("GET /api/monitoring/cases",),
    "monitoring:report": ("GET /api/monitoring/report",),
    "economics:page": (
        "POST /api/economics/analyses",
        "POST /api/economics/scenarios",
        "GET /api/economics/scenarios",
        "GET /api/economics/calibration",
        "POST /api/economics/adoptions",
    ),
    # Two saved versions side by side: each read with its analysis.
    "economics:compare": ("GET /api/economics/scenarios/{scenario_id}",),
    "economics:realisation": ("GET /api/economics/realisation",),
    "evaluation:overview": ("GET /api/evaluation",),
    "evaluation:report": ("GET /api/evaluation/report",),
    "evaluation:extract": ("POST /api/evaluation/extract",),
    "coordination:list": ("GET /api/coordination",),
    "coordination:start": ("POST /api/coordination",),
    "coordination:movement": ("GET /api/movement/core-tasks",),
    "coordination:prototypes": ("GET /api/prototypes", "GET /api/prototypes/metrics"),
    "coordination:prototype_new": ("POST /api/prototypes",),
    "coordination:prototype": (
        "GET /api/prototypes/{prototype_id}",
        "POST /api/prototypes/{prototype_id}/decision",
    ),
    "coordination:detail": (
        "GET /api/coordination/{coordination_id}",
        "GET /api/coordination/{coordination_id}/meetings",
        "GET /api/coordination/{coordination_id}/consents",
        "GET /api/coordination/{coordination_id}/contacts",
    ),
    "coordination:action": (
        "PUT /api/coordination/{coordination_id}/plan",
        "POST /api/coordination/{coordination_id}/consents",
        "POST /api/coordination/{coordination_id}/contacts",
        "POST /api/coordination/{coordination_id}/interventions",
        "POST /api/coordination/{coordination_id}/movement",
        "POST /api/coordination/{coordination_id}/meetings",
    ),
    "coordination:action_on": (
        "POST /api/coordination/{coordination_id}/consents/{consent_id}/withdraw",
        "POST /api/coordination/{coordination_id}/interventions/{intervention_id}/wish",
        "POST /api/coordination/{coordination_id}/interventions/{intervention_id}/end",
    ),
    "transfer:import": ("POST /api/data/import",),
    "transfer:export": ("GET /api/data/export", "GET /api/data/aggregates"),
    "comparison:dashboard": ("GET /api/comparison",),
    "comparison:xlsx": ("GET /api/comparison/workbook",),
}


def page_names(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[str]:
    """Every named page, outside the Django admin (configuration, not case work) and the API."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in ("admin", "api"):
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from page_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def api_operations() -> set[str]:
    paths = api.get_openapi_schema()["paths"]
    return {f"{method.upper()} {path}" for path, ops in paths.items() for method in ops}


def test_every_page_names_its_api_operations_or_why_it_has_none() -> None:
    missing = sorted(set(page_names()) - set(PAGES))
    assert not missing, f"pages without an entry in PAGES: {missing}"
    gone = sorted(set(PAGES) - set(page_names()))
    assert not gone, f"entries for pages that no longer exist: {gone}"


def test_every_operation_named_exists_in_the_api() -> None:
    operations = api_operations()
    named = {op for ops in PAGES.values() if isinstance(ops, tuple) for op in ops}
    assert not named - operations, sorted(named - operations)


def test_every_reason_for_no_operation_is_given() -> None:
    reasons = [r for r in PAGES.values() if isinstance(r, str)]
    assert all(r.startswith((NOT_A_CAPABILITY + ": ", NOT_YET + ": ")) for r in reasons)
