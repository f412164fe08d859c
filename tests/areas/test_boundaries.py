"""areas.boundaries, called directly: reading a layer, checking its features all
or nothing, and saving areas with collectives assigned to them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.gis.geos import MultiPolygon, Point
from django.utils import translation

from areas import boundaries
from collectives.models import Area
from core import content_version
from tests.factories import AreaFactory, CollectiveFactory, square

WEST = (4.46, 51.91)
EAST = (4.50, 51.91)
# Corners joined crosswise: the ring crosses itself at the centre.
BOW_TIE = {
    "type": "Polygon",
    "coordinates": [
        [[4.46, 51.90], [4.48, 51.92], [4.48, 51.90], [4.46, 51.92], [4.46, 51.90]]
    ],
}


# A TopoJSON file: GDAL reads it, but it is none of the accepted formats.
TOPOLOGY = {
    "wijken": {
        "type": "GeometryCollection",
        "geometries": [{"type": "Point", "coordinates": [4.4, 51.9]}],
    }
}


def polygon(lon: float, lat: float, half: float = 0.01) -> dict:
    return {"type": "Polygon", "coordinates": [square(lon, lat, half)[0].coords[0]]}


def feature(name: str | None, geometry: dict | None, **properties) -> dict:
    return {
        "type": "Feature",
        "properties": {"naam": name, "gemeente": "Rotterdam", **properties},
        "geometry": geometry,
    }


def geojson(directory: Path, *features: dict, name: str = "buurten.geojson") -> Path:
    path = directory / name
    collection = {"type": "FeatureCollection", "features": list(features)}
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


def two_neighbourhoods() -> tuple[dict, dict]:
    return (
        feature("Oude Westen", polygon(*WEST), code="BU01"),
        feature("Cool", polygon(*EAST), code="BU02"),
    )


def check(tmp_path: Path, *features: dict, **options) -> list[boundaries.Checked]:
    """read_features() of a GeoJSON layer holding `features`."""
    layer = boundaries.open_layer(geojson(tmp_path, *features)).layer
    options = {"name_field": "naam", "city_field": "gemeente", **options}
    return boundaries.read_features(
        layer,
        transform=boundaries.transform_to_project(layer),
        kind=options.pop("kind", Area.Kind.NEIGHBOURHOOD),
        **options,
    )


def an_area(name: str, lon: float, lat: float, half: float = 0.01, **fields) -> Area:
    """An unsaved, checked-looking area, as valid_areas() hands them on."""
    fields = {
        "slug": f"{name.lower()}-rotterdam",
        "city": "Rotterdam",
        "kind": Area.Kind.NEIGHBOURHOOD,
        "boundary_is_approximate": False,
        **fields,
    }
    return Area(name=name, boundary=square(lon, lat, half), **fields)


# Reading


def test_open_layer_reads_a_geojson_file(tmp_path):
    opened = boundaries.open_layer(geojson(tmp_path, *two_neighbourhoods()))

    assert opened.layer.name == "buurten"
    assert opened.layer_names == ["buurten"]
    assert len(opened.layer) == 2
    assert opened.layer.fields == ["naam", "gemeente", "code"]
    assert (
        opened.description == "Reading layer 'buurten' of buurten.geojson: 2 features."
    )


def test_open_layer_refuses_missing_files_other_suffixes_and_unknown_layers(
    tmp_path,
):
    path = geojson(tmp_path, *two_neighbourhoods())
    csv = tmp_path / "buurten.csv"
    csv.write_text("name,wkt\n", encoding="utf-8")

    with pytest.raises(boundaries.BoundaryError, match="^No such file: "):
        boundaries.open_layer(tmp_path / "missing.geojson")
    with pytest.raises(
        boundaries.BoundaryError, match="^Expected GeoJSON .*'buurten.csv'"
    ):
        boundaries.open_layer(csv)
    with pytest.raises(boundaries.BoundaryError) as error:
        boundaries.open_layer(path, "wijken")
    assert str(error.value) == (
        "buurten.geojson has no layer 'wijken'; its layers are: buurten."
    )


def test_open_layer_refuses_what_gdal_cannot_read_or_reads_as_another_format(
    tmp_path,
):
    garbage = tmp_path / "kapot.geojson"
    garbage.write_text("this is no GeoJSON", encoding="utf-8")
    topology = tmp_path / "topo.json"
    topology.write_text(
        json.dumps({"type": "Topology", "objects": TOPOLOGY, "arcs": []}),
        encoding="utf-8",
    )

    with pytest.raises(boundaries.BoundaryError, match="^GDAL cannot read "):
        boundaries.open_layer(garbage)
    with pytest.raises(boundaries.BoundaryError, match="was read as TopoJSON"):
        boundaries.open_layer(topology)


def test_check_fields_names_the_option_and_the_fields_there_are(tmp_path):
    layer = boundaries.open_layer(geojson(tmp_path, *two_neighbourhoods())).layer

    boundaries.check_fields(layer, {"--name-field": "naam", "--slug-field": None})
    with pytest.raises(boundaries.BoundaryError) as error:
        boundaries.check_fields(layer, {"--city-field": "gemeentenaam"})

    assert str(error.value) == (
        "Layer 'buurten' has no field 'gemeentenaam' (--city-field). "
        "Its fields are: naam, gemeente, code."
    )


def test_source_srs_takes_the_declared_system_and_refuses_a_second_one(tmp_path):
    layer = boundaries.open_layer(geojson(tmp_path, *two_neighbourhoods())).layer

    assert boundaries.source_srs(layer).srid == 4326
    with pytest.raises(boundaries.BoundaryError, match="already declares"):
        boundaries.source_srs(layer, 28992)
    for not_a_number in ("4326", "+proj=longlat", True):
        with pytest.raises(boundaries.BoundaryError, match="takes an EPSG code"):
            boundaries.source_srs(layer, not_a_number)


@pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="ogr2ogr not installed")
def test_a_layer_without_coordinate_system_is_read_with_source_srid(tmp_path):
    source = geojson(tmp_path, *two_neighbourhoods())
    shp = tmp_path / "buurten.shp"
    subprocess.run(
        ["ogr2ogr", "-f", "ESRI Shapefile", "-t_srs", "EPSG:28992", shp, source],
        check=True,
        capture_output=True,
    )
    shp.with_suffix(".prj").unlink()
    layer = boundaries.open_layer(shp).layer

    with pytest.raises(boundaries.BoundaryError, match="declares no coordinate"):
        boundaries.source_srs(layer)
    with pytest.raises(boundaries.BoundaryError, match="Unknown EPSG code 999999"):
        boundaries.source_srs(layer, 999999)
    checked = boundaries.read_features(
        layer,
        transform=boundaries.transform_to_project(layer, 28992),
        kind=Area.Kind.NEIGHBOURHOOD,
        name_field="naam",
        city="Rotterdam",
    )
    west = checked[0].area.boundary
    assert west.extent == pytest.approx((4.45, 51.90, 4.47, 51.92), abs=1e-7)


# Validation (no database: a query here would fail the test)


def test_read_features_makes_unsaved_areas_in_the_project_srid(tmp_path):
    checked = check(tmp_path, *two_neighbourhoods(), kind=Area.Kind.DISTRICT)

    assert [item.label for item in checked] == [
        'feature 1 (fid 0) "Oude Westen"',
        'feature 2 (fid 1) "Cool"',
    ]
    assert all(not item.problems and not item.notes for item in checked)
    west = checked[0].area
    assert west.pk is None
    assert (west.name, west.slug, west.city, west.kind) == (
        "Oude Westen",
        "oude-westen-rotterdam",
        "Rotterdam",
        Area.Kind.DISTRICT,
    )
    assert west.boundary_is_approximate is False
    assert isinstance(west.boundary, MultiPolygon)
    assert west.boundary.srid == 4326
    assert west.boundary.extent == pytest.approx((4.45, 51.90, 4.47, 51.92))


def test_slugs_come_from_the_slug_field_or_from_name_and_city(tmp_path):
    by_code = check(tmp_path, *two_neighbourhoods(), slug_field="code")
    same_name = check(
        tmp_path,
        feature("Centrum", polygon(*WEST)),
        feature("Centrum", polygon(*EAST)),
        city_field=None,
        city="  Schiedam ",
    )

    assert [item.area.slug for item in by_code] == ["bu01", "bu02"]
    assert [(i.area.slug, i.area.city) for i in same_name] == [
        ("centrum-schiedam", "Schiedam"),
        ("centrum-schiedam-2", "Schiedam"),
    ]


def test_a_repeated_slug_field_value_is_a_problem_of_the_second_feature(tmp_path):
    west, east = two_neighbourhoods()
    east["properties"]["code"] = "BU01"

    first, second = check(tmp_path, west, east, slug_field="code")

    assert first.problems == []
    assert second.area is None
    assert second.problems == [
        "slug 'bu01' is also used by feature 1 (fid 0) \"Oude Westen\""
    ]


@pytest.mark.parametrize(
    ("bad", "problems"),
    [
        (
            feature("Bow tie", BOW_TIE),
            [
                "invalid geometry: Self-intersection[4.47 51.91] "
                "(--make-valid repairs it)"
            ],
        ),
        (
            feature("Plein", {"type": "Point", "coordinates": [4.47, 51.91]}),
            ["geometry is a Point; only Polygon and MultiPolygon are accepted"],
        ),
        (feature("Leeg", None), ["no geometry"]),
        (
            feature(None, polygon(*WEST), gemeente=" "),
            ["empty name (field 'naam')", "empty city (field 'gemeente')"],
        ),
        (
            feature("x" * 201, polygon(*WEST)),
            ["name: Ensure this value has at most 200 characters (it has 201)."],
        ),
    ],
    ids=["self-intersecting", "point", "no-geometry", "no-name-or-city", "long"],
)
def test_a_bad_feature_gets_its_problems_and_no_area(tmp_path, bad, problems):
    with translation.override("en"):  # the command runs without translations
        good, checked = check(tmp_path, two_neighbourhoods()[0], bad)

    assert good.area is not None and good.problems == []
    assert checked.area is None
    assert checked.problems == problems


def test_make_valid_repairs_a_self_intersecting_polygon_with_a_note(tmp_path):
    (checked,) = check(tmp_path, feature("Bow tie", BOW_TIE), make_valid=True)

    assert checked.problems == []
    assert checked.notes == ["repaired invalid geometry: Self-intersection[4.47 51.91]"]
    assert checked.area.boundary.valid
    assert len(checked.area.boundary) == 2  # the bow tie's two triangles
    assert checked.area.boundary.area == pytest.approx(0.0002)


def test_the_extent_check_refuses_a_boundary_abroad_unless_switched_off(tmp_path):
    paris = feature("Parijs", polygon(2.35, 48.86))

    (refused,) = check(tmp_path, paris)
    (accepted,) = check(tmp_path, paris, extent_check=False)

    assert refused.area is None
    assert refused.problems[0].startswith(
        "lies outside the Netherlands (lon 2.34–2.36, lat 48.85–48.87)"
    )
    assert accepted.problems == [] and accepted.area.name == "Parijs"


def test_valid_areas_is_all_or_nothing_and_reports_every_problem(tmp_path):
    checked = check(
        tmp_path,
        feature("Bow tie", BOW_TIE),
        two_neighbourhoods()[0],
        feature("Plein", {"type": "Point", "coordinates": [4.47, 51.91]}),
    )

    with pytest.raises(boundaries.BoundaryError) as error:
        boundaries.valid_areas(checked, "buurten")

    lines = str(error.value).splitlines()
    assert lines[0] == (
        "2 of 3 features in layer 'buurten' have problems; nothing was imported."
    )
    assert [line.split(":")[0] for line in lines[1:]] == [
        'feature 1 (fid 0) "Bow tie"',
        'feature 3 (fid 2) "Plein"',
    ]


def test_valid_areas_hands_on_every_area_and_refuses_an_empty_layer(tmp_path):
    checked = check(tmp_path, *two_neighbourhoods())

    assert boundaries.valid_areas(checked, "buurten") == [c.area for c in checked]
    with pytest.raises(boundaries.BoundaryError, match="^Layer 'leeg' has no feat"):
        boundaries.valid_areas([], "leeg")


def test_check_kind_accepts_area_kinds_only():
    boundaries.check_kind(Area.Kind.BUSINESS_PARK)
    with pytest.raises(boundaries.BoundaryError, match="^Unknown --kind 'buurt'; "):
        boundaries.check_kind("buurt")


# Assignment


@pytest.mark.django_db
def test_save_areas_creates_areas_and_assigns_the_collective_inside(tmp_path):
    inside = CollectiveFactory(area=None, location=Point(*WEST, srid=4326))
    between = CollectiveFactory(area=None, location=Point(4.48, 51.91, srid=4326))
    before = content_version.current()

    result = boundaries.save_areas(
        [an_area("West", *WEST), an_area("East", *EAST)],
        assign=True,
        reassign_all=False,
    )

    assert result == boundaries.Result(created=2, updated=0, assigned=1, outside=[])
    inside.refresh_from_db()
    between.refresh_from_db()
    assert inside.area.slug == "west-rotterdam"
    assert between.area is None
    assert content_version.current() > before


@pytest.mark.django_db
def test_a_collective_goes_to_the_smallest_imported_area_covering_it():
    collective = CollectiveFactory(area=None, location=Point(*WEST, srid=4326))
    district = an_area("Wijk", 4.48, 51.91, half=0.05, kind=Area.Kind.DISTRICT)

    boundaries.save_areas(
        [district, an_area("Buurt", *WEST)], assign=True, reassign_all=False
    )

    collective.refresh_from_db()
    assert collective.area.slug == "buurt-rotterdam"


@pytest.mark.django_db
def test_only_collectives_without_a_real_area_move_unless_reassign_all():
    real = AreaFactory(boundary_is_approximate=False)
    sketched = AreaFactory(boundary_is_approximate=True)
    in_real = CollectiveFactory(area=real, location=Point(*WEST, srid=4326))
    in_sketch = CollectiveFactory(area=sketched, location=Point(*WEST, srid=4326))

    first = boundaries.save_areas(
        [an_area("West", *WEST)], assign=True, reassign_all=False
    )
    in_real.refresh_from_db()
    in_sketch.refresh_from_db()
    assert (in_real.area, in_sketch.area.slug) == (real, "west-rotterdam")
    assert first.assigned == 1

    second = boundaries.save_areas(
        [an_area("West", *WEST)], assign=True, reassign_all=True
    )
    in_real.refresh_from_db()
    assert in_real.area.slug == "west-rotterdam"
    assert (second.created, second.updated, second.assigned) == (0, 1, 1)


@pytest.mark.django_db
def test_an_update_keeps_the_description_and_reports_collectives_left_outside():
    sketch = AreaFactory(
        name="Cool (schets)",
        slug="cool-rotterdam",
        boundary=square(4.48, 51.91, half=0.05),
        description="Met de hand geschreven.",
    )
    left = CollectiveFactory(area=sketch, location=Point(4.48, 51.91, srid=4326))

    result = boundaries.save_areas(
        [an_area("Cool", *EAST)], assign=True, reassign_all=False
    )

    sketch.refresh_from_db()
    assert (sketch.name, sketch.description) == ("Cool", "Met de hand geschreven.")
    assert sketch.boundary_is_approximate is False
    assert result.outside == [left.slug]
    assert (result.created, result.updated) == (0, 1)


@pytest.mark.django_db
def test_a_new_slug_adopts_the_area_of_the_same_name_and_city():
    sketch = AreaFactory(name="Oude Westen", slug="oude-westen", city="rotterdam")

    result = boundaries.save_areas(
        [an_area("Oude Westen", *WEST, slug="bu01")], assign=False, reassign_all=False
    )

    assert (result.created, result.updated) == (0, 1)
    assert list(Area.objects.values_list("pk", "slug")) == [(sketch.pk, "oude-westen")]


@pytest.mark.django_db
def test_without_assign_no_collective_moves():
    collective = CollectiveFactory(area=None, location=Point(*WEST, srid=4326))

    result = boundaries.save_areas(
        [an_area("West", *WEST)], assign=False, reassign_all=False
    )

    collective.refresh_from_db()
    assert collective.area is None
    assert (result.created, result.assigned) == (1, 0)


@pytest.mark.django_db
def test_a_dry_run_counts_exactly_and_writes_nothing():
    AreaFactory(slug="east-rotterdam")
    collective = CollectiveFactory(area=None, location=Point(*WEST, srid=4326))
    areas_before = sorted(Area.objects.values_list("slug", "name"))
    version = content_version.current()

    result = boundaries.save_areas(
        [an_area("West", *WEST), an_area("East", *EAST)],
        assign=True,
        reassign_all=False,
        dry_run=True,
    )

    assert (result.created, result.updated, result.assigned) == (1, 1, 1)
    assert sorted(Area.objects.values_list("slug", "name")) == areas_before
    collective.refresh_from_db()
    assert collective.area is None
    assert content_version.current() == version


@pytest.mark.django_db
def test_a_refused_layer_writes_nothing(tmp_path):
    collective = CollectiveFactory(area=None, location=Point(*WEST, srid=4326))
    before = Area.objects.count()
    checked = check(tmp_path, *two_neighbourhoods(), feature("Bow tie", BOW_TIE))

    with pytest.raises(boundaries.BoundaryError):
        boundaries.save_areas(
            boundaries.valid_areas(checked, "buurten"),
            assign=True,
            reassign_all=False,
        )

    assert Area.objects.count() == before
    collective.refresh_from_db()
    assert collective.area is None
