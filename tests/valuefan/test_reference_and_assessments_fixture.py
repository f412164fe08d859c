"""The reference fixture (value themes, participation ladder) and the indicative
researcher assessments of the six cases in the six_cases fixture: they load, say
they are derived readings of the whitepaper, keep the orderings the text
supports, and load again without duplicates (natural keys, no primary keys)."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from valuefan.models import Assessment, LadderStep, Reach, ValueReach, ValueTheme

pytestmark = pytest.mark.django_db

SLUGS = {
    "keilepand",
    "keilewerf",
    "de-kroon",
    "hillevliet",
    "hof-van-cartesius",
    "werkspoorkwartier",
}
THEME_SLUGS = [
    "betaalbare-werkruimte",
    "gedeelde-middelen",
    "gemeenschap-en-onderlinge-steun",
    "werkgelegenheid-en-lokale-economie",
    "programmering-en-ontmoeting",
    "onderwijs-en-talent",
    "participatie-in-planvorming",
    "circulaire-transitie-en-duurzaamheid",
    "identiteit-van-het-gebied",
]
# Paul Tol's colour-blind safe "muted" palette, in this order.
MUTED = [
    "#CC6677",
    "#332288",
    "#DDCC77",
    "#117733",
    "#88CCEE",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
]
STEPS = [
    (1, "Gentrificatie", "survival"),
    (2, "Informatie", "survival"),
    (3, "Consultatie", "survival"),
    (4, "Berusting", "survival"),
    (5, "Partnerschap", "mutual"),
    (6, "Bredere partnerschap", "broad"),
    (7, "Ondernemerscontrole", "control"),
]
ASSESSOR = "Afgeleid uit whitepaper ‘Samen ruimte maken voor werk’ (2024)"
MODELS = [ValueTheme, LadderStep, Assessment, ValueReach]


@pytest.fixture
def loaded(db):
    call_command("loaddata", "reference", "six_cases", verbosity=0)


def step_of(slug: str) -> int:
    return Assessment.objects.get(collective__slug=slug).ladder_step.number


def reach_of(slug: str, theme: str) -> int:
    return ValueReach.objects.get(
        assessment__collective__slug=slug, theme__slug=theme
    ).reach


def test_reference_fixture_uses_natural_keys_only():
    path = Path(settings.BASE_DIR) / "fixtures" / "reference.json"
    objects = json.loads(path.read_text(encoding="utf-8"))
    assert objects
    assert all("pk" not in obj for obj in objects)
    assert {obj["model"] for obj in objects} == {
        "valuefan.valuetheme",
        "valuefan.ladderstep",
        "collectives.instrument",
    }


def test_nine_themes_in_order_with_distinct_colours_in_both_languages(loaded):
    themes = list(ValueTheme.objects.order_by("order"))
    assert [t.slug for t in themes] == THEME_SLUGS
    assert [t.order for t in themes] == list(range(1, 10))
    assert [t.colour for t in themes] == MUTED
    assert len({t.colour.upper() for t in themes}) == 9
    for theme in themes:
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", theme.colour)
        for field in ("name_nl", "name_en", "description_nl", "description_en"):
            assert getattr(theme, field).strip(), (theme.slug, field)
        assert theme.name_nl != theme.name_en
        theme.full_clean()
    assert themes[0].name_nl == "Betaalbare werkruimte"
    assert themes[0].name_en == "Affordable workspace"


def test_seven_ladder_steps_with_stages(loaded):
    steps = list(LadderStep.objects.order_by("number"))
    assert [(s.number, s.name_nl, s.stage) for s in steps] == STEPS
    for step in steps:
        assert step.name_en and step.description_nl and step.description_en
        step.full_clean()
    assert steps[3].name_en == "Placation"
    assert "nog niet" in steps[6].description_nl


def test_six_derived_assessments_with_rationales(loaded):
    assessments = Assessment.objects.select_related("collective", "source")
    assert assessments.count() == 6
    assert {a.collective.slug for a in assessments} == SLUGS
    for a in assessments:
        assert a.derived_from_source
        assert a.is_public
        assert a.assessor_kind == Assessment.AssessorKind.RESEARCHER
        assert a.assessor == ASSESSOR
        assert a.assessed_on.isoformat() == "2024-11-01"
        assert a.source.slug == "samen-ruimte-maken-voor-werk-2024"
        assert a.ladder_step is not None
        assert 1 <= a.regie <= 5 and 1 <= a.samenwerking <= 5
        assert a.directions.exists()
        assert a.summary.strip()
        for field in ("ladder_rationale", "regie_rationale", "directions_note"):
            text = getattr(a, field)
            assert text.strip(), (a.collective.slug, field)
            # Each says it is a reading of the text, not of the figures.
            assert "Indicatieve lezing" in text, (a.collective.slug, field)
            assert "afbeelding" in text, (a.collective.slug, field)
        a.full_clean()


def test_ladder_orderings_the_text_supports(loaded):
    for higher in ("hof-van-cartesius", "werkspoorkwartier"):
        for lower in ("keilewerf", "hillevliet"):
            assert step_of(higher) > step_of(lower), (higher, lower)
    # Step 7 (entrepreneur control) is "not yet seen in practice".
    assert not Assessment.objects.filter(ladder_step__number=7).exists()
    # Owning the building gives the most control over one's own space.
    keilepand = Assessment.objects.get(collective__slug="keilepand")
    for temporary in ("keilewerf", "hillevliet"):
        assert (
            keilepand.regie > Assessment.objects.get(collective__slug=temporary).regie
        )


def test_keilepand_programming_and_education_reach_the_city(loaded):
    assert reach_of("keilepand", "programmering-en-ontmoeting") >= Reach.CITY
    assert reach_of("keilepand", "onderwijs-en-talent") >= Reach.CITY
    assert reach_of("werkspoorkwartier", "programmering-en-ontmoeting") >= Reach.CITY
    assert reach_of("hillevliet", "gemeenschap-en-onderlinge-steun") == (
        Reach.NEIGHBOURHOOD
    )
    assert reach_of("de-kroon", "participatie-in-planvorming") >= Reach.NEIGHBOURHOOD


def test_every_reach_has_evidence_and_is_valid(loaded):
    reaches = ValueReach.objects.select_related("assessment", "theme")
    assert reaches.count() > 6
    for reach in reaches:
        assert reach.evidence.strip(), reach
        assert reach.reach in Reach.values
        reach.full_clean()
    for a in Assessment.objects.all():
        assert a.reaches.exists(), a


def test_loading_twice_creates_no_duplicates(loaded):
    before = {model: model.objects.count() for model in MODELS}
    call_command("loaddata", "reference", "six_cases", verbosity=0)
    after = {model: model.objects.count() for model in MODELS}
    assert after == before
    assert before[ValueTheme] == 9
    assert before[LadderStep] == 7
    assert before[Assessment] == 6
