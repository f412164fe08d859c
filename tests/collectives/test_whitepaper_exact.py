"""The whitepaper, exactly: every quotation in the public texts of the six
cases is verbatim from the seed text of the whitepaper, and the numbers,
years, addresses and names of the cases appear in it.

How a quotation is found and compared:

* A quotation is the text between ‘ and ’ or between “ and ”. Because Dutch
  also writes ’ as an apostrophe (“auto’s”, “MKB’ers”, “’t Hof”), ‘ only opens
  a quotation at the start of a word and ’ only closes one right after a
  non-space character and before a non-letter. Quotations may nest.
* A `collectives.quote` is a quotation as a whole (its text has no marks).
* Whitespace, newlines included, is collapsed to one space on both sides.
* The PDF-to-text conversion left the typesetter's hyphenation inside words
  (“huis-vesting”, “onderne- mers”, “fondsvor-ming”). Only when a quotation is
  not found as it is, both sides are compared once more with a hyphen between
  two letters (optionally followed by a space) removed when a lower-case
  letter follows.
* Square brackets are the atlas's editorial marks: “[…]” leaves text out and
  “[dan]” adds a word; the pieces between them must each be in the seed, in
  order.
* A quotation may change the case of its first letter, and a
  `collectives.quote` may end with a full stop the seed does not have.
"""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

SEED = Path(settings.BASE_DIR).parent / "shared" / "seed" / "000_a2538526449ba895.txt"
FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SOURCE = ["samen-ruimte-maken-voor-werk-2024"]

# Text fields of the six cases that the public reads, per model.
PUBLIC_FIELDS = {
    "collectives.source": ["notes"],
    "collectives.organisation": ["description"],
    "collectives.area": ["description"],
    "collectives.collective": [
        "description",
        "entrepreneur_types",
        "entrepreneur_count_note",
        "founded_note",
        "tenure_detail",
        "building_description",
        "building_history",
        "provenance",
    ],
    "collectives.collectiveorganisation": ["description"],
    "collectives.rolecount": ["description"],
    "collectives.timelineevent": ["title", "description"],
    "collectives.quote": ["speaker"],
    "collectives.collectiveinstrument": ["evidence"],
    "casestudies.casestudy": [
        "summary",
        "narrative",
        "findings",
        "building",
        "composition",
        "term",
        "governance",
    ],
    "valuefan.assessment": [
        "assessor",
        "summary",
        "ladder_rationale",
        "regie_rationale",
        "directions_note",
    ],
    "valuefan.valuereach": ["evidence"],
    "valuefan.directionreading": ["evidence"],
    # Reference data: the Dutch texts only (the English ones translate).
    "valuefan.valuetheme": ["description_nl"],
    "valuefan.ladderstep": ["description_nl"],
    "collectives.instrument": ["description_nl"],
}

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="seed text not present")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def dehyphenate(text: str) -> str:
    return re.sub(r"(?<=[^\W\d_])- ?(?=[a-zà-ÿ])", "", text)


def seed_text() -> str:
    return squash(SEED.read_text(encoding="utf-8"))


def fixture(name: str) -> list[dict]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def objects() -> list[dict]:
    return fixture("reference") + fixture("six_cases")


def quotations(text: str) -> list[str]:
    """The quoted segments of a text, nested ones included."""
    found, stack = [], []
    for i, char in enumerate(text):
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if char == "“" or (char == "‘" and not before.isalnum()):
            stack.append((char, i))
        elif char in "”’" and stack:
            opener = "“" if char == "”" else "‘"
            if char == "’" and (before.isspace() or after.isalpha()):
                continue  # an apostrophe: auto’s, ’t Hof
            if stack[-1][0] != opener:
                continue
            _, start = stack.pop()
            found.append(text[start + 1 : i])
    return found


def pieces(quote: str) -> list[str]:
    """A quotation cut at the atlas's editorial brackets ([…], [dan])."""
    return [p.strip() for p in re.split(r"\[[^\]]*\]|…", squash(quote)) if p.strip()]


def in_seed(quote: str, seed: str, *, whole: bool = False) -> bool:
    parts = pieces(quote)
    if not parts:
        return True
    if whole and parts[-1].endswith("."):
        variants = [parts, parts[:-1] + [parts[-1][:-1]]]
    else:
        variants = [parts]
    for parts in variants:
        for haystack, norm in ((seed, str), (dehyphenate(seed), dehyphenate)):
            position, ok = 0, True
            for n, part in enumerate(parts):
                part = norm(part)
                candidates = [part]
                if n == 0:
                    candidates.append(part[:1].swapcase() + part[1:])
                hits = [haystack.find(c, position) for c in candidates]
                hits = [(h, c) for h, c in zip(hits, candidates, strict=True) if h >= 0]
                if not hits:
                    ok = False
                    break
                hit, candidate = min(hits)
                position = hit + len(candidate)
            if ok:
                return True
    return False


def public_text(obj: dict, field: str) -> str:
    """A public text field's Dutch wording: the fixture keeps a translated field's
    Dutch text under `<field>_nl` (its English translation is `<field>_en`)."""
    fields = obj["fields"]
    return fields.get(f"{field}_nl", fields.get(field)) or ""


def label(obj: dict, field: str) -> str:
    fields = obj["fields"]
    key = fields.get("slug") or fields.get("collective") or fields.get("assessment")
    return f"{obj['model']} {key} {fields.get('theme', '')} {field}"


def test_the_quotation_finder_knows_apostrophes_from_quotation_marks():
    text = (
        "Auto’s en MKB’ers: ‘In Keilewerf I-II en ’t Hof van Cartesius bouwen "
        "de ondernemers’; “Je hebt ‘senioriteit’ nodig” en ‘de Kroon’s ‘wijk’’."
    )
    assert quotations(text) == [
        "In Keilewerf I-II en ’t Hof van Cartesius bouwen de ondernemers",
        "senioriteit",
        "Je hebt ‘senioriteit’ nodig",
        "wijk",
        "de Kroon’s ‘wijk’",
    ]
    seed = "de ondernemers huis-vesting onderne- mers. Een trekker noemt"
    assert in_seed("huisvesting ondernemers", seed)
    assert in_seed("Ondernemers huisvesting", seed)
    assert in_seed("De ondernemers […] ondernemers", seed)
    assert not in_seed("een trekker", seed.replace("Een", "De"))
    assert in_seed("een trekker noemt.", seed, whole=True)
    assert not in_seed("een trekker noemt.", seed)


def test_every_quotation_in_the_public_texts_is_verbatim():
    seed = seed_text()
    failures = []
    for obj in objects():
        for field in PUBLIC_FIELDS.get(obj["model"], []):
            text = public_text(obj, field)
            for quote in quotations(text):
                if not in_seed(quote, seed):
                    failures.append(f"{label(obj, field)}: ‘{quote}’")
    assert not failures, "\n".join(failures)


def test_every_quote_is_verbatim_as_a_whole():
    seed = seed_text()
    failures = [
        f"{obj['fields']['collective']}: {obj['fields']['text']}"
        for obj in fixture("six_cases")
        if obj["model"] == "collectives.quote"
        and not in_seed(obj["fields"]["text"], seed, whole=True)
    ]
    assert not failures, "\n".join(failures)


def test_quotation_marks_are_balanced():
    """An opened quotation is closed, so that none escapes the check above."""
    failures = []
    for obj in objects():
        for field in PUBLIC_FIELDS.get(obj["model"], []):
            text = public_text(obj, field)
            if text.count("“") != text.count("”"):
                failures.append(label(obj, field))
            opened = len(re.findall(r"(?<![^\W_])‘", text))
            if opened != len(quotations(text)) - text.count("“"):
                failures.append(label(obj, field))
    assert not failures, "\n".join(failures)


def collectives() -> dict[str, dict]:
    return {
        obj["fields"]["slug"]: obj["fields"]
        for obj in fixture("six_cases")
        if obj["model"] == "collectives.collective"
    }


def test_case_numbers_years_and_addresses_are_in_the_seed():
    seed = seed_text()
    for slug, c in collectives().items():
        year = c["founded_year"]
        assert f"({year})" in seed or f"{year} (" in seed, (slug, year)
        if c["entrepreneur_count"] is not None:
            n = c["entrepreneur_count"]
            assert f"Hoeveelheid ondernemers: {n} " in seed, (slug, n)
        for field in ("floor_area_m2", "outdoor_area_m2"):
            if c[field] is not None:
                assert f"{c[field]} m2" in seed, (slug, field)
        if c["building_count"] and c["building_count"] > 1:
            assert f"in {c['building_count']} paviljoens" in seed, slug
        if c["address"]:
            assert f"Adres: {c['address']}" in seed, slug
            postcode = c["postcode"]
            assert postcode in seed or postcode.replace(" ", "") in seed, slug
        assert c["city"] in seed
        if c["member_demonym"]:
            demonym = c["member_demonym"]
            assert f"‘{demonym}’" in seed or f"ondernemers: {demonym}" in seed, slug
        host = re.sub(r"^https://(www\.)?|/$", "", c["website"])
        assert f"www.{host}" in seed, slug


def test_timeline_dates_are_in_the_seed():
    seed = seed_text()
    months = {"05": "mei", "06": "juni"}
    for obj in fixture("six_cases"):
        if obj["model"] != "collectives.timelineevent":
            continue
        event = obj["fields"]
        year, month, day = event["date"].split("-")
        assert year in seed, event
        if event["date_precision"] == "day":
            assert f"{int(day)} {months[month]} {year}" in seed, event
        if event["date_precision"] == "month":
            assert f"{months[month]} {year}" in seed, event


def test_organisation_names_are_the_seeds():
    """Names as the whitepaper writes them, up to spaces and an added
    descriptor in brackets (“Werkspoorkwartier (gebiedsorganisatie)”)."""
    seed = seed_text().replace(" ", "").lower()
    for obj in fixture("six_cases"):
        if obj["model"] != "collectives.organisation":
            continue
        name = obj["fields"]["name"]
        if name.replace(" ", "").lower() in seed:
            continue
        bare = re.sub(r"\s*\([^)]*\)$", "", name)
        assert bare.replace(" ", "").lower() in seed, name


def test_the_source_is_the_papers_own():
    source = next(
        o["fields"] for o in fixture("six_cases") if o["model"] == "collectives.source"
    )
    seed = seed_text()
    # The foreword's signatories and the colophon's names, as the paper lists
    # them; the paper names no publisher.
    for surname in ("Pen", "Suurenbroek", "Peek", "Brugmans", "Borra"):
        assert surname in source["authors"]
    for name in ("Adams", "van Hagen", "van Dorp", "Frankort", "Vulderink"):
        assert name in source["authors"]
    assert source["publisher"] == ""
    assert source["title"] in seed.replace("Samen Ruimte Maken voor Werk", "")
    assert "Arnstein" not in seed


def test_no_ladder_adapted_from_arnstein():
    """The paper never mentions Arnstein: the ladder is the paper's own."""
    for obj in objects():
        for value in obj["fields"].values():
            if isinstance(value, str) and "Arnstein" in value:
                assert "adapted" not in value and "ontleend" not in value, obj
                assert "naar Arnstein" not in value, obj


def test_figure_10_is_not_the_list_of_forms_of_cooperation():
    for obj in fixture("reference"):
        if obj["model"] == "collectives.instrument":
            text = obj["fields"]["description_nl"] + obj["fields"]["description_en"]
            assert "afbeelding 10" not in text.lower(), obj
            assert "figure 10" not in text.lower(), obj


def test_instruments_in_both_groups_with_both_languages():
    instruments = [
        o["fields"]
        for o in fixture("reference")
        if o["model"] == "collectives.instrument"
    ]
    groups = {i["slug"]: i["group"] for i in instruments}
    assert sum(g == "cooperation" for g in groups.values()) == 10
    assert sum(g == "instrumentarium" for g in groups.values()) == 3
    for i in instruments:
        for field in ("name_nl", "name_en", "description_nl", "description_en"):
            assert i[field].strip(), (i["slug"], field)
    assert len({i["order"] for i in instruments}) == len(instruments)


def test_instrument_uses_quote_the_seed():
    seed = seed_text()
    uses = [
        o
        for o in fixture("six_cases")
        if o["model"] == "collectives.collectiveinstrument"
    ]
    assert {
        (u["fields"]["collective"][0], u["fields"]["instrument"][0]) for u in uses
    } >= {
        ("keilepand", "gebiedscooperatie"),
        ("werkspoorkwartier", "gebiedscooperatie"),
    }
    for use in uses:
        fields = use["fields"]
        assert fields["use"] in ("used", "considered")
        assert fields["source"] == SOURCE
        quotes = quotations(fields["evidence"])
        assert quotes, use
        assert all(in_seed(q, seed) for q in quotes), use


def test_stated_reaches_quote_their_evidence():
    for obj in fixture("six_cases"):
        if obj["model"] != "valuefan.valuereach":
            continue
        fields = obj["fields"]
        assert fields["evidence_basis"] in ("stated", "inferred", "reported")
        if fields["evidence_basis"] == "stated":
            assert quotations(fields["evidence_nl"]), obj


@pytest.mark.django_db
def test_instrument_uses_load_twice_without_duplicates():
    from collectives.models import CollectiveInstrument, Instrument

    call_command("loaddata", "reference", "six_cases", verbosity=0)
    uses = CollectiveInstrument.objects.count()
    instruments = Instrument.objects.count()
    assert uses >= 2
    call_command("loaddata", "reference", "six_cases", verbosity=0)
    assert CollectiveInstrument.objects.count() == uses
    assert Instrument.objects.count() == instruments
    gebied = CollectiveInstrument.objects.get(
        collective__slug="werkspoorkwartier", instrument__slug="gebiedscooperatie"
    )
    assert gebied.use == "considered"
    assert gebied.source.slug == SOURCE[0]


def test_the_research_caveat_is_the_papers_own_words():
    from valuefan.models import RESEARCH_CAVEAT

    assert squash(RESEARCH_CAVEAT) in seed_text()


@pytest.mark.django_db
def test_ladder_placements_carry_the_papers_caveat(client, six_cases):
    from django.urls import reverse

    from valuefan.models import RESEARCH_CAVEAT

    for url in (
        reverse("collectives:ladder"),
        reverse("collectives:detail", args=["keilewerf"]),
    ):
        html = client.get(url).content.decode()
        assert f'<q lang="nl">{RESEARCH_CAVEAT}</q>' in html, url
        # The ladder is the paper's; Arnstein only as the atlas's own note.
        assert "Arnstein" not in html.split("Onze noot")[0], url
