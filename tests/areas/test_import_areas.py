"""manage.py import_areas: real boundaries from GeoJSON, GeoPackage and Shapefile
files, checked all or nothing, and collectives assigned to them in the database."""

from __future__ import annotations

import json
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.gis.gdal import DataSource
from django.contrib.gis.geos import MultiPolygon, Point
from django.core.management import CommandError, call_command

from collectives.models import Area
from tests.factories import AreaFactory, CollectiveFactory, square

pytestmark = pytest.mark.django_db

OGR2OGR = shutil.which("ogr2ogr")
needs_ogr2ogr = pytest.mark.skipif(OGR2OGR is None, reason="ogr2ogr not installed")

# Two neighbouring squares in Rotterdam, and points inside and between them.
WEST = (4.46, 51.91)
EAST = (4.50, 51.91)
BETWEEN = Point(4.48, 51.91, srid=4326)


def ring(lon: float, lat: float, half: float = 0.01) -> list[list[float]]:
    return [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]


def polygon(lon: float, lat: float, half: float = 0.01) -> dict:
    return {"type": "Polygon", "coordinates": [ring(lon, lat, half)]}


# Corners joined crosswise: the ring crosses itself at the centre.
BOW_TIE = {
    "type": "Polygon",
    "coordinates": [
        [[4.46, 51.90], [4.48, 51.92], [4.48, 51.90], [4.46, 51.92], [4.46, 51.90]]
    ],
}


def feature(name: str | None, geometry: dict | None, **properties) -> dict:
    return {
        "type": "Feature",
        "properties": {"buurtnaam": name, "gemeente": "Rotterdam", **properties},
        "geometry": geometry,
    }


def two_neighbourhoods() -> list[dict]:
    return [
        feature("Oude Westen", polygon(*WEST), buurtcode="BU05990110"),
        feature("Cool", polygon(*EAST), buurtcode="BU05990111"),
    ]


def write_geojson(directory: Path, features: list[dict], name="buurten.geojson"):
    path = directory / name
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}),
        encoding="utf-8",
    )
    return path


def ogr2ogr(source: Path, target: Path, *options: str) -> Path:
    subprocess.run(
        [OGR2OGR, *options, str(target), str(source)],
        check=True,
        capture_output=True,
    )
    return target


def run(path: Path, *args: str) -> str:
    """Import `path` as CBS-style buurten; returns what the command printed."""
    out = StringIO()
    call_command(
        "import_areas",
        str(path),
        "--name-field=buurtnaam",
        *args,
        *(
            ()
            if any(a.startswith("--city") for a in args)
            else ("--city-field=gemeente",)
        ),
        stdout=out,
        stderr=StringIO(),
    )
    return out.getvalue()


def fails(path: Path, *args: str) -> str:
    """The error message of an import that must fail."""
    with pytest.raises(CommandError) as error:
        run(path, *args)
    return str(error.value)


def test_import_creates_areas_with_slug_name_city_and_real_boundary(tmp_path):
    output = run(write_geojson(tmp_path, two_neighbourhoods()))

    areas = list(Area.objects.order_by("slug"))
    assert [(a.slug, a.name, a.city, a.kind) for a in areas] == [
        ("cool-rotterdam", "Cool", "Rotterdam", Area.Kind.NEIGHBOURHOOD),
        ("oude-westen-rotterdam", "Oude Westen", "Rotterdam", Area.Kind.NEIGHBOURHOOD),
    ]
    assert not any(area.boundary_is_approximate for area in areas)
    west = areas[1].boundary
    assert isinstance(west, MultiPolygon)
    assert west.srid == 4326
    assert west.extent == pytest.approx((4.45, 51.90, 4.47, 51.92))
    assert "2 areas created, 0 updated" in output


def test_slug_field_city_and_kind_options(tmp_path):
    run(
        write_geojson(tmp_path, two_neighbourhoods()),
        "--slug-field=buurtcode",
        "--city=Schiedam",
        "--kind=district",
    )

    assert sorted(Area.objects.values_list("slug", "city", "kind")) == [
        ("bu05990110", "Schiedam", "district"),
        ("bu05990111", "Schiedam", "district"),
    ]


def test_repeated_names_in_a_city_get_distinct_slugs(tmp_path):
    run(
        write_geojson(
            tmp_path,
            [feature("Centrum", polygon(*WEST)), feature("Centrum", polygon(*EAST))],
        )
    )

    assert sorted(Area.objects.values_list("slug", flat=True)) == [
        "centrum-rotterdam",
        "centrum-rotterdam-2",
    ]


def test_reimport_updates_areas_instead_of_duplicating_them(tmp_path):
    sketched = AreaFactory(
        slug="cool-rotterdam",
        name="Cool (sketch)",
        kind=Area.Kind.QUARTER,
        boundary_is_approximate=True,
        description="Written by hand.",
    )
    path = write_geojson(tmp_path, two_neighbourhoods())
    run(path)
    moved = two_neighbourhoods()
    moved[1]["geometry"] = polygon(4.52, 51.93)

    output = run(write_geojson(tmp_path, moved))

    assert Area.objects.count() == 2
    sketched.refresh_from_db()
    assert sketched.name == "Cool"
    assert sketched.kind == Area.Kind.NEIGHBOURHOOD
    assert sketched.boundary_is_approximate is False
    assert sketched.boundary.centroid.coords == pytest.approx((4.52, 51.93))
    assert sketched.description == "Written by hand."
    assert "0 areas created, 2 updated" in output


def test_collective_inside_a_boundary_is_assigned_and_one_outside_is_not(tmp_path):
    inside = CollectiveFactory(area=None, location=Point(*WEST, srid=4326))
    outside = CollectiveFactory(area=None, location=BETWEEN)

    output = run(write_geojson(tmp_path, two_neighbourhoods()))

    inside.refresh_from_db()
    outside.refresh_from_db()
    assert inside.area.slug == "oude-westen-rotterdam"
    assert outside.area is None
    assert "assigned 1 collectives" in output


def test_only_collectives_in_approximate_areas_move_unless_reassign_all(tmp_path):
    sketched = AreaFactory(boundary_is_approximate=True)
    real = AreaFactory(boundary_is_approximate=False)
    in_sketch = CollectiveFactory(area=sketched, location=Point(*WEST, srid=4326))
    in_real = CollectiveFactory(area=real, location=Point(*EAST, srid=4326))
    path = write_geojson(tmp_path, two_neighbourhoods())

    run(path)
    in_sketch.refresh_from_db()
    in_real.refresh_from_db()
    assert in_sketch.area.slug == "oude-westen-rotterdam"
    assert in_real.area == real

    output = run(path, "--reassign-all")
    in_real.refresh_from_db()
    assert in_real.area.slug == "cool-rotterdam"
    assert "assigned 1 collectives" in output  # in_sketch is already in place


def test_collectives_of_an_area_that_was_approximate_follow_its_real_boundary(
    tmp_path,
):
    # The sketch of "Cool" covered both points; the real boundary covers one.
    sketched = AreaFactory(
        slug="cool-rotterdam", boundary=square(4.48, 51.91, half=0.05)
    )
    now_west = CollectiveFactory(area=sketched, location=Point(*WEST, srid=4326))
    stays = CollectiveFactory(area=sketched, location=BETWEEN)

    output = run(write_geojson(tmp_path, two_neighbourhoods()))

    now_west.refresh_from_db()
    stays.refresh_from_db()
    assert now_west.area.slug == "oude-westen-rotterdam"
    assert stays.area == sketched  # in no imported area: left alone, and reported
    assert (
        "1 collectives stay in an imported area whose new boundary does not cover "
        f"their location; check them: {stays.slug}"
    ) in output


def test_no_assign_leaves_collectives_alone(tmp_path):
    collective = CollectiveFactory(area=None, location=Point(*WEST, srid=4326))

    output = run(write_geojson(tmp_path, two_neighbourhoods()), "--no-assign")

    collective.refresh_from_db()
    assert collective.area is None
    assert Area.objects.count() == 2
    assert "assigned no collectives" in output


def test_one_invalid_polygon_fails_the_whole_import_and_names_the_feature(tmp_path):
    AreaFactory()
    collective = CollectiveFactory(area=None, location=Point(*WEST, srid=4326))
    before = Area.objects.count()
    path = write_geojson(tmp_path, [*two_neighbourhoods(), feature("Bow tie", BOW_TIE)])

    message = fails(path)

    assert 'feature 3 (fid 2) "Bow tie": invalid geometry: Self-intersection' in message
    assert "--make-valid" in message
    assert "1 of 3 features" in message and "nothing was imported" in message
    assert Area.objects.count() == before
    collective.refresh_from_db()
    assert collective.area is None


def test_make_valid_repairs_a_self_intersecting_polygon_and_reports_it(tmp_path):
    path = write_geojson(tmp_path, [feature("Bow tie", BOW_TIE)])

    output = run(path, "--make-valid")

    boundary = Area.objects.get(slug="bow-tie-rotterdam").boundary
    assert boundary.valid
    assert len(boundary) == 2  # the two triangles of the bow tie
    assert boundary.area == pytest.approx(0.0002)
    assert 'feature 1 (fid 0) "Bow tie": repaired invalid geometry' in output


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        (
            feature("Plein", {"type": "Point", "coordinates": [4.47, 51.91]}),
            "geometry is a Point; only Polygon and MultiPolygon are accepted",
        ),
        (
            feature("Route", {"type": "LineString", "coordinates": [WEST, EAST]}),
            "geometry is a LineString",
        ),
        (feature("Leeg", None), "no geometry"),
        (
            feature("Leeg", {"type": "MultiPolygon", "coordinates": []}),
            "empty geometry",
        ),
        (feature("Parijs", polygon(2.35, 48.86)), "lies outside the Netherlands"),
        (
            # RD New coordinates in a file that says longitude/latitude
            feature("Rotterdam", polygon(92000, 437000, 100)),
            "lies outside the Netherlands (lon 91900.0–92100.0",
        ),
        (feature(None, polygon(*WEST)), "empty name (field 'buurtnaam')"),
        (feature("  ", polygon(*WEST)), "empty name (field 'buurtnaam')"),
        (
            feature("Dorp", polygon(*WEST), gemeente=""),
            "empty city (field 'gemeente')",
        ),
        (feature("x" * 201, polygon(*WEST)), "name: Ensure this value has at most"),
    ],
    ids=[
        "point",
        "line",
        "null-geometry",
        "empty",
        "outside-nl",
        "rd-as-degrees",
        "no-name",
        "blank-name",
        "no-city",
        "long-name",
    ],
)
def test_bad_feature_is_rejected_and_nothing_is_written(tmp_path, bad, problem):
    path = write_geojson(tmp_path, [*two_neighbourhoods(), bad])

    message = fails(path)

    assert "feature 3 (fid 2)" in message
    assert problem in message
    assert not Area.objects.exists()


def test_every_problem_is_reported_not_only_the_first(tmp_path):
    path = write_geojson(
        tmp_path,
        [
            feature("Bow tie", BOW_TIE),
            feature("Oude Westen", polygon(*WEST)),
            feature("Plein", {"type": "Point", "coordinates": [4.47, 51.91]}),
        ],
    )

    message = fails(path)

    assert "2 of 3 features" in message
    assert '"Bow tie": invalid geometry' in message
    assert '"Plein": geometry is a Point' in message
    assert "Oude Westen" not in message


def test_extent_check_can_be_switched_off(tmp_path):
    path = write_geojson(tmp_path, [feature("Parijs", polygon(2.35, 48.86))])

    run(path, "--no-extent-check")

    assert Area.objects.filter(slug="parijs-rotterdam").exists()


def test_duplicate_slug_field_values_are_rejected(tmp_path):
    features = two_neighbourhoods()
    features[1]["properties"]["buurtcode"] = "BU05990110"

    message = fails(write_geojson(tmp_path, features), "--slug-field=buurtcode")

    assert (
        "feature 2 (fid 1) \"Cool\": slug 'bu05990110' is also used by "
        'feature 1 (fid 0) "Oude Westen"'
    ) in message


def test_dry_run_reports_what_would_change_and_writes_nothing(tmp_path):
    AreaFactory(slug="cool-rotterdam")
    collective = CollectiveFactory(area=None, location=Point(*WEST, srid=4326))
    before = list(Area.objects.values_list("slug", "name", "boundary_is_approximate"))

    output = run(write_geojson(tmp_path, two_neighbourhoods()), "--dry-run")

    assert "Dry run, nothing saved" in output
    assert "1 areas created, 1 updated; assigned 1 collectives" in output
    after = list(Area.objects.values_list("slug", "name", "boundary_is_approximate"))
    assert after == before
    collective.refresh_from_db()
    assert collective.area is None


def test_missing_name_field_is_a_clear_error(tmp_path):
    path = write_geojson(tmp_path, two_neighbourhoods())

    with pytest.raises(CommandError) as error:
        call_command("import_areas", str(path), "--city=Rotterdam", stdout=StringIO())

    assert str(error.value) == (
        "Layer 'buurten' has no field 'name' (--name-field). "
        "Its fields are: buurtnaam, gemeente, buurtcode."
    )
    assert not Area.objects.exists()


def test_unknown_city_field_is_a_clear_error(tmp_path):
    message = fails(
        write_geojson(tmp_path, two_neighbourhoods()), "--city-field=gemeentenaam"
    )

    assert "no field 'gemeentenaam' (--city-field)" in message


def test_city_or_city_field_is_required(tmp_path):
    path = write_geojson(tmp_path, two_neighbourhoods())

    with pytest.raises(CommandError, match="--city-field --city.* is required"):
        call_command("import_areas", str(path), "--name-field=buurtnaam")


def test_file_that_is_not_geojson_geopackage_or_shapefile_is_refused(tmp_path):
    path = tmp_path / "buurten.csv"
    path.write_text("name,wkt\n", encoding="utf-8")

    assert "Expected GeoJSON (.geojson, .json), GeoPackage" in fails(path)
    assert "No such file" in fails(tmp_path / "missing.geojson")


def test_import_uses_a_fixed_number_of_queries_however_many_features(
    tmp_path, max_queries
):
    CollectiveFactory(area=None, location=Point(*WEST, srid=4326))
    features = [feature(f"Buurt {n}", polygon(3.5 + n * 0.05, 51.5)) for n in range(60)]
    path = write_geojson(tmp_path, features)

    # known names, existing slugs, upsert, assign collectives, the content
    # version, collectives outside
    with max_queries(6):
        run(path)

    assert Area.objects.count() == 60


@needs_ogr2ogr
def test_geopackage_in_rd_new_is_reprojected_to_wgs84(tmp_path):
    source = write_geojson(tmp_path, two_neighbourhoods())
    gpkg = ogr2ogr(source, tmp_path / "buurten.gpkg", "-t_srs", "EPSG:28992")
    assert DataSource(str(gpkg))[0].srs.srid == 28992  # really in RD New
    CollectiveFactory(area=None, location=Point(*EAST, srid=4326))

    output = run(gpkg)

    west = Area.objects.get(slug="oude-westen-rotterdam").boundary
    assert west.srid == 4326
    assert west.extent == pytest.approx((4.45, 51.90, 4.47, 51.92), abs=1e-7)
    assert "2 areas created, 0 updated; assigned 1 collectives" in output


@needs_ogr2ogr
def test_shapefile_in_rd_new_is_reprojected_to_wgs84(tmp_path):
    source = write_geojson(tmp_path, two_neighbourhoods())
    shp = ogr2ogr(
        source, tmp_path / "buurten.shp", "-f", "ESRI Shapefile", "-t_srs", "EPSG:28992"
    )

    run(shp, "--slug-field=buurtcode")

    cool = Area.objects.get(slug="bu05990111")
    assert cool.name == "Cool"
    assert cool.boundary.extent == pytest.approx((4.49, 51.90, 4.51, 51.92), abs=1e-7)


@needs_ogr2ogr
def test_shapefile_without_coordinate_system_needs_source_srid(tmp_path):
    source = write_geojson(tmp_path, two_neighbourhoods())
    shp = ogr2ogr(
        source, tmp_path / "buurten.shp", "-f", "ESRI Shapefile", "-t_srs", "EPSG:28992"
    )
    shp.with_suffix(".prj").unlink()

    assert "declares no coordinate system; pass its EPSG code" in fails(shp)
    assert "Unknown EPSG code 999999" in fails(shp, "--source-srid=999999")
    run(shp, "--source-srid=28992")

    west = Area.objects.get(slug="oude-westen-rotterdam").boundary
    assert west.extent == pytest.approx((4.45, 51.90, 4.47, 51.92), abs=1e-7)


@needs_ogr2ogr
def test_source_srid_is_refused_when_the_file_declares_one(tmp_path):
    source = write_geojson(tmp_path, two_neighbourhoods())
    gpkg = ogr2ogr(source, tmp_path / "buurten.gpkg", "-t_srs", "EPSG:28992")

    message = fails(gpkg, "--source-srid=4326")

    assert "already declares its coordinate system (Amersfoort / RD New)" in message


def test_source_srid_must_be_a_number(tmp_path):
    path = write_geojson(tmp_path, two_neighbourhoods())

    with pytest.raises(CommandError, match="invalid int value"):
        run(path, "--source-srid=+proj=longlat")
    with pytest.raises(CommandError, match="takes an EPSG code number"):
        call_command(
            "import_areas",
            str(path),
            name_field="buurtnaam",
            city="Rotterdam",
            source_srid="+proj=longlat",  # keywords skip argparse
            stdout=StringIO(),
        )


@needs_ogr2ogr
def test_layer_option_picks_a_layer_of_a_geopackage(tmp_path):
    wijken = write_geojson(
        tmp_path, [feature("Centrum", polygon(4.48, 51.91, half=0.05))], "w.geojson"
    )
    buurten = write_geojson(tmp_path, two_neighbourhoods(), "b.geojson")
    gpkg = ogr2ogr(wijken, tmp_path / "wijkenbuurten.gpkg", "-nln", "wijken")
    ogr2ogr(buurten, gpkg, "-update", "-nln", "buurten")

    output = run(gpkg, "--layer=buurten")

    assert (
        "Reading layer 'buurten' of wijkenbuurten.gpkg (layers: wijken, buurten)"
        in output
    )
    assert Area.objects.count() == 2
    assert "its layers are: wijken, buurten" in fails(gpkg, "--layer=gemeenten")


@pytest.mark.django_db
def test_real_boundary_replaces_a_sketched_area_of_the_same_name(tmp_path):
    sketch = AreaFactory(
        name="Oude Westen", slug="oude-westen", city="Rotterdam", description="Schets."
    )
    run(write_geojson(tmp_path, two_neighbourhoods()), "--slug-field=buurtcode")
    sketch.refresh_from_db()
    assert sketch.boundary_is_approximate is False
    assert sketch.description == "Schets."
    assert Area.objects.filter(name="Oude Westen").count() == 1
    assert Area.objects.filter(slug="bu05990111").exists()  # the new one: its code
