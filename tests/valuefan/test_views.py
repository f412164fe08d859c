import csv
import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import (
    AssessmentFactory,
    CaseStudyFactory,
    CollectiveFactory,
    LadderStepFactory,
    ValueReachFactory,
    ValueThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes():
    return [
        ValueThemeFactory(slug=slug, name_nl=name, order=i)
        for i, (slug, name) in enumerate(
            [
                ("betaalbaar", "Betaalbare werkruimte"),
                ("programmering", "Programmering en ontmoeting"),
                ("onderwijs", "Onderwijs en talent"),
            ]
        )
    ]


def _fan(collective, themes, reaches, **kwargs):
    assessment = AssessmentFactory(collective=collective, **kwargs)
    for theme, reach in zip(themes, reaches, strict=True):
        if reach:
            ValueReachFactory(
                assessment=assessment,
                theme=theme,
                reach=reach,
                evidence=f"bewijs {reach}",
            )
    return assessment


def _csv(response):
    """The data rows of a CSV download, after its '#' source and licence lines."""
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("# ") and "CC BY 4.0" in lines[1]
    return list(csv.reader(io.StringIO("\n".join(lines[2:]))))


def test_profile_shows_the_newest_fan_and_its_table(client, themes):
    collective = CollectiveFactory()
    _fan(collective, themes, [1, 2, 0], assessed_on="2020-01-01", assessor="oud")
    _fan(collective, themes, [2, 4, 3], assessed_on="2024-11-01", assessor="nieuw")
    response = client.get(collective.get_absolute_url())
    (blades,) = response.context["fan_figure"]["data"]
    assert blades["r"] == [2, 4, 3]
    rows = response.context["fan_rows"]
    assert [row["shown"]["reach"] for row in rows] == [2, 4, 3]
    page = response.content.decode()
    assert 'id="fan-table"' in page
    assert "bewijs 4" in page


def test_user_can_switch_and_overlay_two_assessments(client, themes):
    collective = CollectiveFactory()
    old = _fan(collective, themes, [1, 2, 0], assessed_on="2020-01-01")
    new = _fan(collective, themes, [2, 4, 3], assessed_on="2024-11-01")
    response = client.get(
        collective.get_absolute_url(), {"fan": old.pk, "compare": new.pk}
    )
    blades, line = response.context["fan_figure"]["data"]
    assert blades["r"] == [1, 2]
    assert line["type"] == "scatterpolar"
    assert line["r"] == [2, 4, 3]
    rows = response.context["fan_rows"]
    assert [row["overlay"]["reach"] for row in rows] == [2, 4, 3]


@pytest.mark.parametrize("bad", ["999999", "abc", "", "-1"])
def test_unknown_assessment_falls_back_to_the_newest(client, themes, bad):
    collective = CollectiveFactory()
    _fan(collective, themes, [2, 4, 3])
    response = client.get(collective.get_absolute_url(), {"fan": bad, "compare": bad})
    assert response.status_code == 200
    assert len(response.context["fan_figure"]["data"]) == 1


def test_other_collectives_assessment_cannot_be_shown(client, themes):
    mine, other = CollectiveFactory(), CollectiveFactory()
    _fan(mine, themes, [1, 1, 1])
    foreign = _fan(other, themes, [5, 5, 5])
    response = client.get(mine.get_absolute_url(), {"fan": foreign.pk})
    assert response.context["fan_figure"]["data"][0]["r"] == [1, 1, 1]


def test_non_public_assessment_is_not_shown(client, themes):
    collective = CollectiveFactory()
    _fan(collective, themes, [1, 1, 1], assessed_on="2020-01-01")
    _fan(collective, themes, [5, 5, 5], assessed_on="2024-01-01", is_public=False)
    response = client.get(collective.get_absolute_url())
    assert response.context["fan_figure"]["data"][0]["r"] == [1, 1, 1]


def test_profile_without_assessments_says_so(client):
    collective = CollectiveFactory()
    response = client.get(collective.get_absolute_url())
    assert response.context["fan_figure"] is None
    assert "plotly" not in response.content.decode()


def test_ladder_position_and_history(client):
    collective = CollectiveFactory()
    AssessmentFactory(
        collective=collective,
        assessed_on="2018-01-01",
        ladder_step=LadderStepFactory(number=3, name_nl="Consultatie"),
    )
    AssessmentFactory(
        collective=collective,
        assessed_on="2024-11-01",
        ladder_step=LadderStepFactory(number=5, name_nl="Partnerschap"),
        ladder_rationale="Onderhandelt mee over het Keilekwartier.",
    )
    response = client.get(collective.get_absolute_url())
    assert response.context["ladder_current"].ladder_step.number == 5
    (trace,) = response.context["ladder_figure"]["data"]
    assert trace["x"] == ["2018-01-01", "2024-11-01"]
    assert trace["y"] == [3, 5]
    page = response.content.decode()
    assert "Onderhandelt mee over het Keilekwartier." in page


def test_regie_samenwerking_highlights_this_collective_among_the_cases(client):
    case = CaseStudyFactory(collective=CollectiveFactory(name="Casus"))
    AssessmentFactory(collective=case.collective, regie=2, samenwerking=3)
    collective = CollectiveFactory(name="Dit collectief")
    AssessmentFactory(collective=collective, regie=5, samenwerking=4)
    unrelated = CollectiveFactory(name="Ander collectief")
    AssessmentFactory(collective=unrelated, regie=1, samenwerking=1)
    response = client.get(collective.get_absolute_url())
    others, chosen = response.context["positions_figure"]["data"]
    assert others["text"] == ["Casus"]
    assert chosen["text"] == ["Dit collectief"]


def test_profile_query_count_does_not_grow_with_assessments(client, max_queries):
    collective = CollectiveFactory()
    themes = ValueThemeFactory.create_batch(3)
    _fan(collective, themes, [1, 2, 3])
    # The profile's budget (tests/collectives/test_views.py): 12 with the
    # instruments list, 13 once there are assessments (their reaches and their
    # directions are one query each, however many assessments there are).
    with max_queries(13):
        client.get(collective.get_absolute_url())
    more_themes = themes + ValueThemeFactory.create_batch(6)
    for _ in range(8):
        _fan(collective, more_themes, [3] * 9)
    with max_queries(13):
        client.get(collective.get_absolute_url())


def test_value_fan_csv_has_the_fans_on_screen(client, themes):
    collective = CollectiveFactory(slug="keilepand")
    old = _fan(collective, themes, [1, 0, 0], assessed_on="2020-01-01")
    new = _fan(collective, themes, [2, 4, 3], assessed_on="2024-11-01")
    url = reverse("collectives:value-fan-csv", args=["keilepand"])
    response = client.get(url, {"fan": new.pk, "compare": old.pk})
    assert response["Content-Type"].startswith("text/csv")
    header, *rows = _csv(response)
    assert "evidence" in header or "bewijs" in header
    assert len(rows) == 6
    assert [row[5] for row in rows[:3]] == ["2", "4", "3"]


def test_csv_of_unpublished_collective_is_404(client):
    collective = CollectiveFactory(status="draft")
    url = reverse("collectives:ladder-csv", args=[collective.slug])
    assert client.get(url).status_code == 404


def test_ladder_csv_lists_the_history(client):
    collective = CollectiveFactory()
    AssessmentFactory(collective=collective, ladder_step=LadderStepFactory(number=4))
    header, *rows = _csv(
        client.get(reverse("collectives:ladder-csv", args=[collective.slug]))
    )
    assert len(rows) == 1
    assert rows[0][4] == "4"


def test_positions_csv_has_a_header_even_when_empty(client):
    header, *rows = _csv(client.get(reverse("casestudies:positions-csv")))
    assert len(header) == 5
    assert rows == []


def test_ladder_page_places_collectives_on_their_newest_step(client):
    climber = CollectiveFactory(name="Stijger")
    AssessmentFactory(
        collective=climber,
        assessed_on="2018-01-01",
        ladder_step=LadderStepFactory(number=3),
    )
    AssessmentFactory(
        collective=climber,
        assessed_on="2024-01-01",
        ladder_step=LadderStepFactory(number=6),
    )
    hidden = CollectiveFactory(name="Verborgen", status="draft")
    AssessmentFactory(collective=hidden, ladder_step=LadderStepFactory(number=6))
    private = CollectiveFactory(name="Niet openbaar")
    AssessmentFactory(
        collective=private, ladder_step=LadderStepFactory(number=6), is_public=False
    )
    response = client.get(reverse("collectives:ladder"))
    steps = {row["step"].number: row for row in response.context["steps"]}
    assert [c.name for c in steps[6]["collectives"]] == ["Stijger"]
    assert steps[3]["collectives"] == []


def test_ladder_page_bounds_the_names_per_step(client, max_queries):
    step = LadderStepFactory(number=4)
    for i in range(15):
        AssessmentFactory(
            collective=CollectiveFactory(name=f"C{i:02d}"), ladder_step=step
        )
    with max_queries(4):
        response = client.get(reverse("collectives:ladder"))
    row = next(r for r in response.context["steps"] if r["step"].number == 4)
    assert len(row["collectives"]) == 12
    assert row["count"] == 15
    assert row["more"] == 3


def test_one_reach_per_theme_per_assessment():
    reach = ValueReachFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ValueReachFactory(assessment=reach.assessment, theme=reach.theme)


@pytest.mark.parametrize(
    "fields",
    [{"regie": 6}, {"samenwerking": 0}, {"assessor_kind": "oracle"}],
)
def test_assessment_values_stay_in_range(fields):
    from valuefan.models import Assessment

    assessment = AssessmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(**fields)


def test_reach_stays_within_the_radius_range():
    from valuefan.models import ValueReach

    reach = ValueReachFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ValueReach.objects.filter(pk=reach.pk).update(reach=6)


def test_ladder_step_must_be_1_to_7():
    with pytest.raises(IntegrityError), transaction.atomic():
        LadderStepFactory(number=8)


def test_recorded_assessment_is_read_only_in_the_admin(admin_client):
    assessment = AssessmentFactory()
    url = reverse("admin:valuefan_assessment_change", args=[assessment.pk])
    response = admin_client.post(url, {"summary": "overschreven"})
    assessment.refresh_from_db()
    assert assessment.summary != "overschreven"
    assert response.status_code == 403
    assert admin_client.get(reverse("admin:valuefan_assessment_add")).status_code == 200


def test_staff_record_a_new_assessment_with_its_fan(admin_client):
    collective = CollectiveFactory()
    earlier = AssessmentFactory(collective=collective, assessed_on="2020-01-01")
    theme = ValueThemeFactory()
    step = LadderStepFactory(number=6)
    response = admin_client.post(
        reverse("admin:valuefan_assessment_add"),
        {
            "collective": collective.pk,
            "assessed_on": "2025-06-01",
            "assessor_kind": "municipality",
            "assessor": "Gemeente Rotterdam",
            "is_public": "on",
            "summary": "Jaarlijkse ronde.",
            "ladder_step": step.pk,
            "ladder_rationale": "Deelt de regie in het gebiedsplan.",
            "regie": 4,
            "samenwerking": 4,
            "directions-TOTAL_FORMS": 1,
            "directions-INITIAL_FORMS": 0,
            "directions-0-direction": 4,
            "directions-0-evidence_nl": "Praat mee over het gebiedsplan.",
            "directions-0-evidence_basis": "reported",
            "reaches-TOTAL_FORMS": 1,
            "reaches-INITIAL_FORMS": 0,
            "reaches-0-theme": theme.pk,
            "reaches-0-reach": 4,
            "reaches-0-evidence": "Evenementen trekken de hele stad.",
            "reaches-0-evidence_basis": "reported",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    newest = collective.assessments.order_by("-assessed_on").first()
    assert newest.ladder_step == step
    assert newest.reaches.get().reach == 4
    assert newest.directions.get().direction == 4
    earlier.refresh_from_db()
    assert collective.assessments.count() == 2  # the earlier one is still there
    page = admin_client.get(collective.get_absolute_url()).content.decode()
    assert "Deelt de regie in het gebiedsplan." in page


def test_regie_and_samenwerking_come_from_the_same_assessment():
    from collectives.models import Collective

    collective = CollectiveFactory()
    AssessmentFactory(
        collective=collective, assessed_on="2020-01-01", regie=2, samenwerking=2
    )
    AssessmentFactory(
        collective=collective, assessed_on="2024-01-01", regie=5, samenwerking=None
    )
    row = Collective.objects.with_current_positions().get(pk=collective.pk)
    assert (row.current_regie, row.current_samenwerking) == (2, 2)


def test_pages_that_explain_the_themes_say_where_they_come_from(client, six_cases):
    note = "afbeelding 7a van het whitepaper"
    for url in (
        "/vergelijk/?c=keilepand&c=de-kroon",
        "/gebieden/keilekwartier/",
        "/gebieden/vergelijk/?a=keilekwartier&a=werkspoorkwartier",
    ):
        assert note in client.get(url).content.decode(), url


def test_directions_come_from_the_newest_assessment_that_gives_any():
    from collectives.models import Collective
    from valuefan.models import Direction

    collective = CollectiveFactory()
    other = CollectiveFactory()
    AssessmentFactory(collective=collective, assessed_on="2020-01-01", directions=[1])
    AssessmentFactory(
        collective=collective, assessed_on="2022-01-01", directions=[2, 3, 5]
    )
    # Newer, but it says nothing about directions: the 2022 reading stays.
    AssessmentFactory(collective=collective, assessed_on="2024-01-01", directions=[])
    AssessmentFactory(collective=other, assessed_on="2023-01-01", directions=[4])
    rows = {
        c.pk: Direction.from_mask(c.current_directions)
        for c in Collective.objects.with_current_positions()
    }
    assert rows[collective.pk] == [
        Direction.STABILITY,
        Direction.SOCIO_ECONOMIC,
        Direction.CIRCULAR,
    ]
    assert rows[other.pk] == [Direction.PLANNING]


def test_profile_shows_directions_side_by_side_not_as_a_sequence(client):
    collective = CollectiveFactory()
    AssessmentFactory(collective=collective, directions=[3, 5])
    html = client.get(collective.get_absolute_url()).content.decode()
    panel = html[html.index('id="richtingen"') :]
    panel = panel[: panel.index("</section>")]
    assert "aria-current" not in panel and "is-done" not in panel
    assert panel.count('class="is-shown"') == 2
    assert panel.count("geen bewijs in deze lezing") == 3
    assert "Open dagen." in panel
