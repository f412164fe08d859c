"""Import real area boundaries (CBS wijken and buurten, or a municipality's own
outlines) from GeoJSON, GeoPackage or Shapefile, then put collectives in the
imported area their location falls in.

All or nothing: every feature is checked before anything is written, and one bad
feature stops the import with a report of every problem found."""

from __future__ import annotations

import argparse
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.gis.db.models.functions import Area as AreaSize
from django.contrib.gis.gdal import (
    CoordTransform,
    DataSource,
    GDALException,
    SpatialReference,
    SRSException,
)
from django.contrib.gis.gdal.layer import Layer
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Now
from django.utils.text import slugify

from collectives.models import Area, Collective
from core import content_version

SUFFIXES = (".geojson", ".json", ".gpkg", ".shp")
# Checked again after opening: an extension says nothing about what GDAL found,
# and formats such as VRT can make GDAL read other files or URLs.
DRIVERS = {"GeoJSON", "GPKG", "ESRI Shapefile"}
# Longitude/latitude box around the European Netherlands, with a margin. A
# boundary outside it almost always means a wrong or missing coordinate system.
NETHERLANDS = (3.0, 50.5, 7.5, 53.8)
OGR_POLYGON, OGR_MULTIPOLYGON = 3, 6
SLUG_MAX_LENGTH = Area._meta.get_field("slug").max_length
BATCH_SIZE = 500


@dataclass
class Checked:
    """One feature as read from the file: the area it becomes, or what is wrong."""

    number: int  # 1-based position in the layer
    fid: int
    name: str
    area: Area | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        label = f"feature {self.number} (fid {self.fid})"
        return f'{label} "{self.name}"' if self.name else label


@dataclass
class Result:
    created: int
    updated: int
    assigned: int
    outside: list[str]


class Command(BaseCommand):
    help = (
        "Import area boundaries (e.g. CBS wijken/buurten) from a GeoJSON, "
        "GeoPackage or Shapefile, and assign collectives to the area their "
        "location falls in. Nothing is written unless every feature is valid."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "path", help="A .geojson/.json, .gpkg or .shp file (unzipped)."
        )
        parser.add_argument(
            "--layer", help="Layer to read (default: the first layer in the file)."
        )
        parser.add_argument(
            "--name-field",
            default="name",
            help='Attribute holding the area name (default "name"; CBS: '
            '"buurtnaam" or "wijknaam").',
        )
        parser.add_argument(
            "--slug-field",
            help="Attribute holding a stable code to use as the slug (e.g. "
            '"buurtcode"); it is slugified. Default: the slug is made from name '
            "and city, with -2, -3… for repeated names.",
        )
        city = parser.add_mutually_exclusive_group(required=True)
        city.add_argument(
            "--city-field", help='Attribute holding the city (CBS: "gemeentenaam").'
        )
        city.add_argument("--city", help="One city for every feature.")
        parser.add_argument(
            "--kind",
            default=Area.Kind.NEIGHBOURHOOD.value,
            choices=Area.Kind.values,
            help="Kind of the imported areas (default: neighbourhood).",
        )
        parser.add_argument(
            "--source-srid",
            type=int,
            metavar="EPSG",
            help="EPSG code of the coordinates, only for a file that declares no "
            "coordinate system (e.g. a Shapefile without .prj; 28992 = RD New).",
        )
        parser.add_argument(
            "--make-valid",
            action="store_true",
            help="Repair invalid polygons (GEOS make_valid) instead of refusing "
            "them; each repair is reported.",
        )
        parser.add_argument(
            "--extent-check",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="Refuse boundaries outside the Netherlands (lon 3.0–7.5, "
            "lat 50.5–53.8). Default: on.",
        )
        parser.add_argument(
            "--assign",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="Assign collectives to the imported area containing their "
            "location. Default: on.",
        )
        parser.add_argument(
            "--reassign-all",
            action="store_true",
            help="Also move collectives already in an area with a real boundary "
            "(by default only collectives without an area, or in an area whose "
            "boundary was approximate, are moved).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and report what would change, then roll back.",
        )

    @no_translations
    def handle(self, *args, **options) -> None:
        kind = options["kind"]
        if kind not in Area.Kind.values:  # call_command() skips argparse choices
            raise CommandError(
                f"Unknown --kind {kind!r}; choose one of: {', '.join(Area.Kind.values)}."
            )
        layer = self._open_layer(Path(options["path"]), options["layer"])
        fields = {
            "--name-field": options["name_field"],
            "--slug-field": options["slug_field"],
            "--city-field": options["city_field"],
        }
        for option, name in fields.items():
            if name is not None and name not in layer.fields:
                raise CommandError(
                    f"Layer {layer.name!r} has no field {name!r} ({option}). "
                    f"Its fields are: {', '.join(layer.fields) or 'none'}."
                )
        transform = CoordTransform(
            self._source_srs(layer, options["source_srid"]),
            SpatialReference(settings.GEOMETRY_SRID),
        )

        features = read_features(
            layer,
            transform=transform,
            kind=kind,
            name_field=options["name_field"],
            slug_field=options["slug_field"],
            city_field=options["city_field"],
            city=options["city"],
            make_valid=options["make_valid"],
            extent_check=options["extent_check"],
        )
        for feature in features:
            for note in feature.notes:
                self.stdout.write(f"{feature.label}: {note}")
        bad = [feature for feature in features if feature.problems]
        if bad:
            lines = [
                f"{feature.label}: {problem}"
                for feature in bad
                for problem in feature.problems
            ]
            raise CommandError(
                f"{len(bad)} of {len(features)} features in layer {layer.name!r} "
                "have problems; nothing was imported.\n" + "\n".join(lines)
            )
        if not features:
            raise CommandError(f"Layer {layer.name!r} has no features.")

        areas = [feature.area for feature in features]
        with transaction.atomic():
            result = save_areas(
                areas,
                assign=options["assign"],
                reassign_all=options["reassign_all"],
            )
            if options["dry_run"]:
                # Run the real writes so the counts are exact, then undo them.
                transaction.set_rollback(True)
        self._summarise(result, features, options)

    def _open_layer(self, path: Path, layer_name: str | None) -> Layer:
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if path.suffix.lower() not in SUFFIXES:
            raise CommandError(
                f"Expected GeoJSON (.geojson, .json), GeoPackage (.gpkg) or "
                f"Shapefile (.shp), got {path.name!r}."
            )
        try:
            source = DataSource(str(path))
        except GDALException as error:
            raise CommandError(f"GDAL cannot read {path}: {error}") from error
        if source.driver.name not in DRIVERS:
            raise CommandError(
                f"{path.name} was read as {source.driver.name}; expected GeoJSON, "
                "GeoPackage or Shapefile."
            )
        names = [layer.name for layer in source]
        if not names:
            raise CommandError(f"{path.name} holds no layers.")
        if layer_name is None:
            index = 0
        elif layer_name in names:
            index = names.index(layer_name)
        else:
            raise CommandError(
                f"{path.name} has no layer {layer_name!r}; its layers are: "
                f"{', '.join(names)}."
            )
        layer = source[index]  # holds on to its data source
        others = f" (layers: {', '.join(names)})" if len(names) > 1 else ""
        self.stdout.write(
            f"Reading layer {layer.name!r} of {path.name}{others}: "
            f"{len(layer)} features."
        )
        return layer

    def _source_srs(self, layer: Layer, source_srid) -> SpatialReference:
        declared = layer.srs
        if source_srid is None:
            if declared is None:
                raise CommandError(
                    f"Layer {layer.name!r} declares no coordinate system; pass its "
                    "EPSG code with --source-srid (28992 for RD New, 4326 for "
                    "longitude/latitude)."
                )
            return declared
        # Only an integer EPSG code reaches GDAL: a string could name a file or
        # a URL for GDAL to read (GDAL < 3.9 cannot forbid that; see gis.W001).
        # argparse makes it an int, but call_command() passes keywords as given.
        if isinstance(source_srid, bool) or not isinstance(source_srid, int):
            raise CommandError("--source-srid takes an EPSG code number.")
        if declared is not None:
            raise CommandError(
                f"Layer {layer.name!r} already declares its coordinate system "
                f"({declared.name}); --source-srid is only for files without one."
            )
        try:
            return SpatialReference(source_srid)
        except (GDALException, SRSException) as error:
            raise CommandError(f"Unknown EPSG code {source_srid}.") from error

    def _summarise(self, result: Result, features: list[Checked], options) -> None:
        repaired = sum(1 for feature in features if feature.notes)
        if repaired:
            self.stdout.write(f"Repaired {repaired} invalid geometries (--make-valid).")
        if result.outside:
            shown = ", ".join(result.outside[:10])
            more = len(result.outside) - 10
            self.stdout.write(
                self.style.WARNING(
                    f"{len(result.outside)} collectives stay in an imported area "
                    "whose new boundary does not cover their location; check "
                    f"them: {shown}" + (f" and {more} more" if more > 0 else "")
                )
            )
        if options["assign"]:
            assigned = f"assigned {result.assigned} collectives"
        else:
            assigned = "assigned no collectives (--no-assign)"
        summary = (
            f"{result.created} areas created, {result.updated} updated; {assigned}."
        )
        if options["dry_run"]:
            self.stdout.write(
                self.style.WARNING(f"Dry run, nothing saved. Would have: {summary}")
            )
        else:
            self.stdout.write(self.style.SUCCESS(summary))


def read_features(
    layer: Layer,
    *,
    transform: CoordTransform,
    kind: str,
    name_field: str,
    slug_field: str | None,
    city_field: str | None,
    city: str | None,
    make_valid: bool,
    extent_check: bool,
) -> list[Checked]:
    """Every feature of `layer`, each with an unsaved Area or its problems. Reads
    no database."""
    checked = []
    slugs: dict[str, Checked] = {}
    with _geos_notices_silenced():
        for number, feature in enumerate(layer, start=1):
            item = Checked(number, feature.fid, _text(feature.get(name_field)))
            checked.append(item)
            if not item.name:
                item.problems.append(f"empty name (field {name_field!r})")
            area_city = _text(feature.get(city_field)) if city_field else city.strip()
            if not area_city:
                item.problems.append(f"empty city (field {city_field!r})")
            slug = _slug(item, feature, slug_field, area_city, slugs)
            boundary = _boundary(item, feature, transform, make_valid, extent_check)
            if item.problems:
                continue
            area = Area(
                name=item.name,
                slug=slug,
                city=area_city,
                kind=kind,
                boundary=boundary,
                boundary_is_approximate=False,
            )
            try:
                # Slugs are made unique above; the database enforces it again.
                area.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                item.problems.extend(
                    f"{name}: {' '.join(messages)}"
                    for name, messages in error.message_dict.items()
                )
                continue
            item.area = area
    return checked


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _slug(
    item: Checked,
    feature,
    slug_field: str | None,
    city: str,
    taken: dict[str, Checked],
) -> str:
    if slug_field:
        slug = slugify(_text(feature.get(slug_field)))
        if not slug:
            item.problems.append(f"empty slug (field {slug_field!r})")
        elif slug in taken:
            item.problems.append(f"slug {slug!r} is also used by {taken[slug].label}")
        else:
            taken[slug] = item
        return slug
    # Leave room for a "-2" style suffix within the field's length.
    base = slugify(f"{item.name} {city}")[: SLUG_MAX_LENGTH - 6].rstrip("-")
    if not base:
        if item.name and city:
            item.problems.append("name and city make no slug; use --slug-field")
        return ""
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken[slug] = item
    return slug


def _boundary(
    item: Checked,
    feature,
    transform: CoordTransform,
    make_valid: bool,
    extent_check: bool,
) -> MultiPolygon | None:
    """The feature's geometry as a MultiPolygon in the project's SRID, or None
    with the reason added to `item.problems`."""
    try:
        geometry = feature.geom
    except GDALException:
        item.problems.append("no geometry")
        return None
    if geometry.is_3d:
        geometry.set_3d(False)
    if geometry.is_measured:
        geometry.set_measured(False)
    if geometry.geom_type.num not in (OGR_POLYGON, OGR_MULTIPOLYGON):
        item.problems.append(
            f"geometry is a {geometry.geom_type.name}; only Polygon and "
            "MultiPolygon are accepted"
        )
        return None
    try:
        geometry.transform(transform)
    except GDALException as error:
        item.problems.append(f"cannot reproject the geometry: {error}")
        return None
    # From OGR's envelope (C); GEOS's extent walks every vertex in Python. A
    # repair stays within these bounds.
    extent = geometry.extent
    shape = geometry.geos
    shape.srid = settings.GEOMETRY_SRID
    if shape.empty:
        item.problems.append("empty geometry")
        return None
    if not shape.valid:
        reason = shape.valid_reason
        if not make_valid:
            item.problems.append(
                f"invalid geometry: {reason} (--make-valid repairs it)"
            )
            return None
        shape = _polygons(shape.make_valid())
        if shape is None:
            item.problems.append(f"invalid geometry: {reason}; repair left no area")
            return None
        item.notes.append(f"repaired invalid geometry: {reason}")
    if isinstance(shape, Polygon):
        shape = MultiPolygon(shape, srid=shape.srid)
    if extent_check and not _in_netherlands(extent):
        west, south, east, north = (round(c, 4) for c in extent)
        item.problems.append(
            f"lies outside the Netherlands (lon {west}–{east}, lat {south}–{north}); "
            "wrong coordinate system? (--no-extent-check skips this check)"
        )
        return None
    return shape


def _polygons(shape: GEOSGeometry) -> Polygon | MultiPolygon | None:
    """The polygonal part of a repaired geometry: make_valid() may leave lines or
    points (of no area) where a ring collapsed."""
    if isinstance(shape, Polygon | MultiPolygon):
        return shape
    parts = []
    for part in shape:  # a GeometryCollection
        if isinstance(part, Polygon):
            parts.append(part)
        elif isinstance(part, MultiPolygon):
            parts.extend(part)
    return MultiPolygon(*parts, srid=shape.srid) if parts else None


def _in_netherlands(extent: tuple[float, float, float, float]) -> bool:
    west, south, east, north = extent
    min_lon, min_lat, max_lon, max_lat = NETHERLANDS
    return min_lon <= west and east <= max_lon and min_lat <= south and north <= max_lat


@contextmanager
def _geos_notices_silenced():
    """GEOS logs each invalid geometry as a warning each time it is checked; the
    report names them already, once."""
    logger = logging.getLogger("django.contrib.gis")

    def not_a_notice(record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("GEOS_NOTICE")

    logger.addFilter(not_a_notice)
    try:
        yield
    finally:
        logger.removeFilter(not_a_notice)


def save_areas(areas: list[Area], *, assign: bool, reassign_all: bool) -> Result:
    """Create or update (by slug) `areas`, then, with `assign`, put collectives in
    the imported area covering their location. A fixed number of queries, however
    many areas or collectives. Call inside a transaction."""
    _adopt_known_slugs(areas)
    existing = {
        slug: (pk, approximate)
        for slug, pk, approximate in Area.objects.filter(
            slug__in=[area.slug for area in areas]
        )
        .order_by()
        .values_list("slug", "pk", "boundary_is_approximate")
    }
    Area.objects.bulk_create(
        areas,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["slug"],
        # The description is kept: it is written by hand, not imported.
        update_fields=[
            "name",
            "city",
            "kind",
            "boundary",
            "boundary_is_approximate",
            "updated_at",
        ],
    )
    imported = [area.pk for area in areas]
    assigned = 0
    if assign:
        was_approximate = [pk for pk, approximate in existing.values() if approximate]
        assigned = _assign_collectives(imported, was_approximate, reassign_all)
    content_version.bump()  # bulk writes send no model signals
    return Result(
        created=len(areas) - len(existing),
        updated=len(existing),
        assigned=assigned,
        outside=_outside(imported),
    )


def _adopt_known_slugs(areas: list[Area]) -> None:
    """An imported area whose slug is new but whose name and city match an area
    already here (e.g. a sketched outline from the fixtures, `schiemond`) takes
    that area's slug, so the real boundary replaces the sketch instead of
    standing beside it. One query."""
    known = Area.objects.filter(
        Q(slug__in=[a.slug for a in areas]) | Q(name__in=[a.name for a in areas])
    ).values_list("slug", "name", "city")
    slugs = {slug for slug, _name, _city in known}
    by_name = {(name.casefold(), city.casefold()): slug for slug, name, city in known}
    taken = {a.slug for a in areas}
    for area in areas:
        match = by_name.get((area.name.casefold(), area.city.casefold()))
        if area.slug not in slugs and match and match not in taken:
            taken.add(match)
            area.slug = match


def _assign_collectives(
    imported: list[int], was_approximate: list[int], reassign_all: bool
) -> int:
    """One UPDATE: each eligible collective goes to the smallest imported area
    covering its location (the most specific, when districts and their
    neighbourhoods are imported together; a point on a shared border goes to one
    of them). Returns how many collectives changed area."""
    covering = Subquery(
        Area.objects.filter(pk__in=imported, boundary__covers=OuterRef("location"))
        .order_by(AreaSize("boundary"), "pk")
        .values("pk")[:1]
    )
    collectives = Collective.objects.all()
    if not reassign_all:
        # Areas updated just now were approximate until this import.
        collectives = collectives.filter(
            Q(area__isnull=True)
            | Q(area__boundary_is_approximate=True)
            | Q(area__in=was_approximate)
        )
    return (
        collectives.filter(
            Exists(
                Area.objects.filter(
                    pk__in=imported, boundary__covers=OuterRef("location")
                )
            )
        )
        .exclude(area=covering)
        # updated_at moves so API clients and the map cache see the change.
        .update(area=covering, updated_at=Now())
    )


def _outside(imported: list[int]) -> list[str]:
    """Slugs of collectives left in an imported area whose new boundary does not
    cover their location."""
    return list(
        Collective.objects.filter(area__in=imported)
        .exclude(area__boundary__covers=F("location"))
        .values_list("slug", flat=True)
    )
