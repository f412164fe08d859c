import pytest
from django.core.exceptions import ValidationError

from collectives.models import ProposedChange
from contributions import services
from tests.factories import AssessmentFactory, CollectiveFactory

pytestmark = pytest.mark.django_db


def test_approval_publishes_only_the_self_assessment(admin_user):
    collective = CollectiveFactory(status="submitted", publication_consent=True)
    own = AssessmentFactory(
        collective=collective, assessor_kind="self", is_public=False
    )
    staff = AssessmentFactory(
        collective=collective, assessor_kind="researcher", is_public=False
    )
    services.approve_registration(collective=collective, moderator=admin_user)
    own.refresh_from_db()
    staff.refresh_from_db()
    assert collective.status == "published"
    assert own.is_public is True
    assert staff.is_public is False


def test_a_proposed_change_cannot_touch_status_or_slug(admin_user):
    collective = CollectiveFactory(name="Oud")
    change = ProposedChange.objects.create(
        collective=collective, data={"name": "Nieuw", "status": "archived"}
    )
    with pytest.raises(ValidationError):
        services.decide_change(change=change, moderator=admin_user, approve=True)
    collective.refresh_from_db()
    assert (collective.name, collective.status) == ("Oud", "published")


def test_submitting_needs_consent(admin_user):
    collective = CollectiveFactory(status="draft", publication_consent=False)
    with pytest.raises(ValidationError):
        services.submit_registration(collective=collective, user=admin_user)
    collective.refresh_from_db()
    assert collective.status == "draft"
