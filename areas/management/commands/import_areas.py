"""Import real area boundaries (CBS wijken and buurten, or a municipality's own
outlines) from GeoJSON, GeoPackage or Shapefile, then put collectives in the
imported area their location falls in.

All or nothing: every feature is checked before anything is written, and one bad
feature stops the import with a report of every problem found. The work is done
by `areas.boundaries`; this command parses the options and prints the report."""

from __future__ import annotations

import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from areas import boundaries
from collectives.models import Area


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
        try:
            features, result = self._import(options)
        except boundaries.BoundaryError as error:
            raise CommandError(str(error)) from error
        self._summarise(result, features, options)

    def _import(
        self, options: dict
    ) -> tuple[list[boundaries.Checked], boundaries.Result]:
        boundaries.check_kind(options["kind"])
        opened = boundaries.open_layer(Path(options["path"]), options["layer"])
        self.stdout.write(opened.description)
        layer = opened.layer
        boundaries.check_fields(
            layer,
            {
                "--name-field": options["name_field"],
                "--slug-field": options["slug_field"],
                "--city-field": options["city_field"],
            },
        )
        features = boundaries.read_features(
            layer,
            transform=boundaries.transform_to_project(layer, options["source_srid"]),
            kind=options["kind"],
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
        result = boundaries.save_areas(
            boundaries.valid_areas(features, layer.name),
            assign=options["assign"],
            reassign_all=options["reassign_all"],
            dry_run=options["dry_run"],
        )
        return features, result

    def _summarise(
        self,
        result: boundaries.Result,
        features: list[boundaries.Checked],
        options: dict,
    ) -> None:
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
