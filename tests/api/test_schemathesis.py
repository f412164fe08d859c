"""Property-based tests of every operation in the OpenAPI schema (schemathesis 4,
in-process over WSGI): whatever parameters the schema allows, the API answers
without a server error, with a documented status and content type, and with a
body that matches the schema."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from collectives.models import Collective
from config.wsgi import application
from tests.factories import (
    AreaFactory,
    AssessmentFactory,
    CollectiveFactory,
    LadderStepFactory,
    SourceFactory,
    ValueReachFactory,
    ValueThemeFactory,
)

pytestmark = pytest.mark.slow

# 25 examples per operation keeps the suite fast; raise it for a deeper local run:
# API_FUZZ_EXAMPLES=500 scripts/test tests/api/test_schemathesis.py
MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "25"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def in_process_wsgi():
    """Calls through the WSGI handler would close the database connection at
    the end of each request, and the test's transaction with it; Django's test
    client disconnects the same handlers."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def published_data(db) -> dict[str, dict]:
    """A few published collectives with assessments and value fans, a sparse one
    (blanks and nulls), an area without outline and a hidden collective; returns
    path parameters of objects that exist, per detail operation."""
    theme = ValueThemeFactory(slug="ruimte")
    for number in (2, 5):
        assessment = AssessmentFactory(
            ladder_step=LadderStepFactory(number=number),
            source=SourceFactory(url="https://example.org/rapport"),
        )
        ValueReachFactory(assessment=assessment, theme=theme)
    sparse = CollectiveFactory(
        area=None, operator=None, source=SourceFactory(), founded_year=None
    )
    AreaFactory(boundary=None)
    AssessmentFactory(collective=CollectiveFactory(status=Collective.Status.DRAFT))
    return {
        "/collectives/{slug}/": {"slug": sparse.slug},
        "/areas/{slug}/": {"slug": assessment.collective.area.slug},
        "/value-themes/{slug}/": {"slug": theme.slug},
        "/ladder-steps/{number}/": {"number": 2},
        "/assessments/{id}/": {"id": assessment.pk},
    }


# schemathesis' lazy `from_fixture` loader fails on pytest 9 (it reads a private
# node attribute that is gone), and loading the schema at import time would
# need the database outside a test (ATOMIC_REQUESTS). So the schema is loaded
# in the test and each operation runs as a subtest with its own Hypothesis run.
def test_every_operation_conforms_to_the_schema(
    published_data, in_process_wsgi, subtests
):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 13
    for operation in operations:
        with subtests.test(operation.label):

            @given(
                case=operation.as_strategy()
                | operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)
            )
            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def conforms(case: schemathesis.Case) -> None:
                case.call_and_validate(checks=CHECKS)

            conforms()
            # Made-up slugs and ids find nothing: check an existing object too.
            if existing := published_data.get(operation.path.removeprefix("/api/v1")):
                case = operation.Case(path_parameters=existing)
                response = case.call_and_validate(checks=CHECKS)
                assert response.status_code == 200
