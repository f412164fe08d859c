"""The guided self-assessment: plain questions place the collective on ladder
steps 1–6 (the answers kept as the rationale), value reaches per theme; it is
replaced when saved again and stays private until a moderator approves."""

import pytest
from django.urls import reverse

from collectives.models import Collective
from contributions import services
from valuefan.models import Assessment, ValueReach, ValueTheme

pytestmark = pytest.mark.django_db

QUESTIONS = ["informs", "asks_opinion", "advice", "partner", "peers"]


def url(collective):
    return reverse(
        "contributions:register-assessment", kwargs={"slug": collective.slug}
    )


def answers(*said: str) -> dict:
    return {f"ladder_{q}": a for q, a in zip(QUESTIONS, said, strict=False)}


@pytest.mark.parametrize(
    ("said", "step"),
    [
        (["no"], 1),
        (["yes", "no"], 2),
        (["yes", "yes", "no"], 3),
        (["yes", "yes", "yes", "no"], 4),
        (["yes", "yes", "yes", "yes", "no"], 5),
        (["yes"] * 5, 6),
        # Answers after the first "no" don't climb further.
        (["yes", "no", "yes", "yes", "yes"], 2),
    ],
)
def test_the_answers_place_the_collective_on_steps_1_to_6(
    owner_client, draft, reference, said, step
):
    response = owner_client.post(url(draft), answers(*said))
    assert response.status_code == 302, response.context["form"].errors
    assessment = Assessment.objects.get(collective=draft)
    assert assessment.ladder_step.number == step
    assert assessment.assessor_kind == Assessment.AssessorKind.SELF
    assert assessment.assessor == "Zelfbeoordeling"
    assert assessment.is_public is False


def test_the_rationale_records_the_questions_and_answers(
    owner_client, draft, reference
):
    owner_client.post(
        url(draft),
        {**answers("yes", "yes", "no"), "note": "Er is een gebiedstafel."},
    )
    rationale = Assessment.objects.get().ladder_rationale
    # In the site's language (Dutch, once translated); the msgids are English.
    assert rationale.count("\n- ") == 3
    assert rationale.endswith("\n\nEr is een gebiedstafel.")


def test_a_question_skipped_before_the_first_no_is_a_mistake(
    owner_client, draft, reference
):
    response = owner_client.post(
        url(draft), {"ladder_informs": "yes", "ladder_advice": "no", "directions": "2"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["ladder_asks_opinion"]
    html = response.content.decode()
    assert 'id="id_ladder_asks_opinion_error"' in html
    # What was chosen is still chosen.
    assert 'value="no" id="id_ladder_advice_2" checked' in html
    assert 'value="2" id="id_directions_1" checked' in html
    assert not Assessment.objects.exists()


def test_value_reaches_per_theme_with_evidence(owner_client, draft, reference):
    themes = list(ValueTheme.objects.order_by("order"))
    data = {
        f"reach_{themes[0].slug}": "1",
        f"evidence_{themes[0].slug}": "Gedeelde werkplaats.",
        f"reach_{themes[1].slug}": "5",
        f"reach_{themes[2].slug}": "",
        "directions": ["3", "5"],
        "directions_note": "Open dagen en een deelwerkplaats.",
    }
    assert owner_client.post(url(draft), data).status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.ladder_step is None
    assert [d.direction for d in assessment.directions.all()] == [3, 5]
    assert assessment.directions_note == "Open dagen en een deelwerkplaats."
    assert {(r.theme, r.reach, r.evidence) for r in assessment.reaches.all()} == {
        (themes[0], 1, "Gedeelde werkplaats."),
        (themes[1], 5, ""),
    }


def test_evidence_without_a_reach_is_a_mistake(owner_client, draft, reference):
    theme = ValueTheme.objects.first()
    response = owner_client.post(
        url(draft), {f"evidence_{theme.slug}": "Een voorbeeld."}
    )
    assert response.status_code == 200
    assert f"reach_{theme.slug}" in response.context["form"].errors


def test_saving_again_replaces_the_self_assessment(owner_client, draft, reference):
    theme = ValueTheme.objects.first()
    owner_client.post(url(draft), {**answers("no"), f"reach_{theme.slug}": "2"})
    owner_client.post(url(draft), answers("yes", "yes", "yes", "yes", "no"))
    assessment = Assessment.objects.get()
    assert assessment.ladder_step.number == 5
    assert not ValueReach.objects.exists()


def test_the_saved_answers_are_shown_again(owner_client, draft, reference):
    theme = ValueTheme.objects.first()
    owner_client.post(
        url(draft),
        {
            **answers("yes", "no"),
            "note": "Zie <b>notulen</b>.",
            f"reach_{theme.slug}": "4",
            f"evidence_{theme.slug}": "Klanten uit de hele stad.",
        },
    )
    form = owner_client.get(url(draft)).context["form"]
    assert form["ladder_informs"].value() == "yes"
    assert form["ladder_asks_opinion"].value() == "no"
    assert form["ladder_advice"].value() in (None, "")
    assert form["note"].value() == "Zie <b>notulen</b>."
    assert form[f"reach_{theme.slug}"].value() == 4
    assert form[f"evidence_{theme.slug}"].value() == "Klanten uit de hele stad."


def test_an_empty_self_assessment_keeps_nothing(owner_client, draft, reference):
    owner_client.post(url(draft), answers("no"))
    owner_client.post(url(draft), {})
    assert not Assessment.objects.exists()


def test_step_7_is_never_self_assessed(draft, reference):
    with pytest.raises(services.ValidationError):
        services.record_self_assessment(
            collective=draft, ladder_step=7, ladder_rationale=""
        )


def test_the_self_assessment_is_not_public_before_approval(
    owner_client, client, draft, reference, django_capture_on_commit_callbacks
):
    owner_client.post(url(draft), answers("yes", "yes", "yes", "yes", "yes"))
    Collective.objects.filter(pk=draft.pk).update(status=Collective.Status.SUBMITTED)
    assert not Assessment.objects.public().exists()
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404
    api = client.get("/api/v1/assessments/", {"format": "json"})
    assert api.status_code == 200
    assert draft.slug not in api.content.decode()
    assert client.get(f"/api/v1/collectives/{draft.slug}/").status_code == 404


def test_no_self_assessment_once_submitted(owner_client, draft, reference):
    Collective.objects.filter(pk=draft.pk).update(status=Collective.Status.SUBMITTED)
    response = owner_client.post(url(draft), answers("no"))
    assert response.status_code == 302
    assert not Assessment.objects.exists()
