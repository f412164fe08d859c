"""Phases become directions that develop side by side (issue 11): an assessment
lists the directions it finds the collective showing, each with its evidence,
instead of one "current phase".

An assessment that gave phase N now shows direction N (the answer "this phase
describes us best"), with no evidence of its own: nothing is inferred about the
other directions, which the old single choice did not say."""

from django.db import migrations, models
import django.db.models.deletion

DIRECTIONS = [
    (1, "building trust and cohesion"),
    (2, "internal stability and continuity"),
    (3, "socio-economic value for the neighbourhood"),
    (4, "participating in planning"),
    (5, "activating the circular transition"),
]
BASES = [
    ("stated", "stated in the source's text"),
    ("inferred", "inferred from the source's text"),
    ("reported", "reported by the assessor"),
]


def phases_to_directions(apps, schema_editor):
    Assessment = apps.get_model("valuefan", "Assessment")
    DirectionReading = apps.get_model("valuefan", "DirectionReading")
    DirectionReading.objects.bulk_create(
        DirectionReading(
            assessment_id=pk,
            direction=phase,
            evidence="",
            evidence_basis="stated" if derived else "reported",
        )
        for pk, phase, derived in Assessment.objects.filter(
            phase__isnull=False
        ).values_list("pk", "phase", "derived_from_source")
    )


def directions_to_phases(apps, schema_editor):
    # Back: the furthest direction shown becomes the phase.
    Assessment = apps.get_model("valuefan", "Assessment")
    DirectionReading = apps.get_model("valuefan", "DirectionReading")
    furthest = {}
    for pk, direction in DirectionReading.objects.values_list(
        "assessment_id", "direction"
    ):
        furthest[pk] = max(direction, furthest.get(pk, 0))
    for pk, phase in furthest.items():
        Assessment.objects.filter(pk=pk).update(phase=phase)


class Migration(migrations.Migration):
    dependencies = [("valuefan", "0003_content_in_english")]

    operations = [
        migrations.CreateModel(
            name="DirectionReading",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "direction",
                    models.PositiveSmallIntegerField(
                        choices=DIRECTIONS, verbose_name="direction"
                    ),
                ),
                ("evidence", models.TextField(blank=True, verbose_name="evidence")),
                (
                    "evidence_nl",
                    models.TextField(blank=True, null=True, verbose_name="evidence"),
                ),
                (
                    "evidence_en",
                    models.TextField(blank=True, null=True, verbose_name="evidence"),
                ),
                (
                    "evidence_basis",
                    models.CharField(
                        choices=BASES,
                        default="reported",
                        max_length=20,
                        verbose_name="how strong the evidence is",
                    ),
                ),
                (
                    "assessment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="directions",
                        to="valuefan.assessment",
                        verbose_name="assessment",
                    ),
                ),
            ],
            options={
                "verbose_name": "direction shown",
                "verbose_name_plural": "directions shown",
                "ordering": ["assessment", "direction"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("assessment", "direction"),
                        name="one_reading_per_direction_per_assessment",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("direction__gte", 1), ("direction__lte", 5)
                        ),
                        name="directionreading_direction_1_to_5",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("evidence_basis__in", ["stated", "inferred", "reported"])
                        ),
                        name="directionreading_evidence_basis_valid",
                    ),
                ],
            },
        ),
        migrations.RunPython(phases_to_directions, directions_to_phases),
        migrations.RemoveConstraint(
            model_name="assessment", name="assessment_phase_1_to_5"
        ),
        migrations.RemoveField(model_name="assessment", name="phase"),
        migrations.RenameField(
            model_name="assessment",
            old_name="phase_rationale",
            new_name="directions_note",
        ),
        migrations.RenameField(
            model_name="assessment",
            old_name="phase_rationale_nl",
            new_name="directions_note_nl",
        ),
        migrations.RenameField(
            model_name="assessment",
            old_name="phase_rationale_en",
            new_name="directions_note_en",
        ),
        migrations.AlterField(
            model_name="assessment",
            name="directions_note",
            field=models.TextField(
                blank=True,
                help_text="What the directions together rest on; each has its evidence.",
                verbose_name="note on the directions",
            ),
        ),
        migrations.AlterField(
            model_name="assessment",
            name="directions_note_en",
            field=models.TextField(
                blank=True,
                help_text="What the directions together rest on; each has its evidence.",
                null=True,
                verbose_name="note on the directions",
            ),
        ),
        migrations.AlterField(
            model_name="assessment",
            name="directions_note_nl",
            field=models.TextField(
                blank=True,
                help_text="What the directions together rest on; each has its evidence.",
                null=True,
                verbose_name="note on the directions",
            ),
        ),
    ]
