"""Schemathesis over the whole API with a real token: no server errors, no schema violations.

Every operation in /api/openapi.json is called with data generated from its schema (valid and
invalid), authenticated as the department manager (who reaches every team, costs and
aggregates), through the WSGI application and the test database. The checks are
schemathesis' defaults: no 5xx, status codes and content types as declared, bodies that match
the declared response schemas.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from herningmodel.access.tokens import create_token
from tests.conftest import World

# What "no server errors and no schema violations" means, as schemathesis checks. Left out:
# - ignored_auth: the schema offers session OR bearer, and schemathesis counts its own generated
#   (invalid) session cookie next to our valid token as "auth ignored"; test_schema.py checks
#   instead that every operation refuses a request without credentials.
# - positive_data_acceptance / negative_data_rejection: they expect the schema to express every
#   domain rule (a period must parse, a TOML must be a scenario, a team must serve the district)
#   and pydantic's lax parsing (``false`` for 0) to be strict; they judge the inputs, not whether
#   the answers keep to the schema.
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.response_headers_conformance,
]

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_the_test_connection() -> Any:
    """As Django's test client does: the WSGI handler would otherwise close the connection at
    the end of each request, and on PostgreSQL that is the test's open transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(world: World) -> str:
    _token, raw = create_token(world.manager, "fuzz", actor=world.manager)
    return raw


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_every_generated_request_as_its_schema_says(case: Any, token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
