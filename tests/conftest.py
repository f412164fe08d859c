import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from . import factories

# A developer's .env (scripts/install writes one: DEBUG=true and a key) must not reach
# the manage.py, gunicorn and script processes the tests start: they set what they
# need themselves. config/settings.py reads ENV_FILE instead of the repository's .env.
os.environ["ENV_FILE"] = str(Path(__file__).parent / "no-such.env")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's language. LocaleMiddleware activates the
    language of each request in the thread and nothing switches it back, so a test
    client asking for English would leave English active for the next test."""
    translation.deactivate()
    yield
    translation.deactivate()


TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


@pytest.fixture
def max_queries(db):
    """Like django_assert_max_num_queries, but counts only the queries that read or
    write data: the savepoints that ATOMIC_REQUESTS adds inside a test transaction
    are BEGIN/COMMIT in production and cost no round trip of their own there."""

    @contextmanager
    def budget(limit: int):
        with CaptureQueriesContext(connection) as context:
            yield context
        data = [
            q["sql"]
            for q in context.captured_queries
            if not q["sql"].startswith(TRANSACTION_CONTROL)
        ]
        assert len(data) <= limit, (
            f"{len(data)} queries, budget {limit}:\n" + "\n".join(data)
        )

    return budget


@pytest.fixture
def collective_factory(db):
    return factories.CollectiveFactory


@pytest.fixture
def area_factory(db):
    return factories.AreaFactory


# The whitepaper's six cases (fixtures/six_cases.json), in its order.
SIX_CASE_SLUGS = [
    "keilepand",
    "keilewerf",
    "de-kroon",
    "hillevliet",
    "hof-van-cartesius",
    "werkspoorkwartier",
]


@pytest.fixture
def six_cases(db):
    """The whitepaper's six cases, loaded from the real fixture."""
    call_command("loaddata", "reference", "six_cases", verbosity=0)


def make_full_collective(**kwargs):
    """A published collective with every related list a profile shows."""
    collective = factories.CollectiveFactory(**kwargs)
    factories.RoleCountFactory(collective=collective)
    factories.TimelineEventFactory(collective=collective)
    factories.QuoteFactory(collective=collective)
    factories.StakeholderFactory(collective=collective)
    factories.CaseStudyFactory(collective=collective, source=collective.source)
    return collective
