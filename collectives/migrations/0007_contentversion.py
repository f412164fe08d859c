from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("collectives", "ContentVersion").objects.create(pk=1, version=1)


class Migration(migrations.Migration):
    dependencies = [
        ("collectives", "0006_list_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
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
                    "version",
                    models.BigIntegerField(default=0, verbose_name="version"),
                ),
            ],
            options={
                "verbose_name": "content version",
                "verbose_name_plural": "content versions",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("id", 1)),
                        name="content_version_single_row",
                    )
                ],
            },
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
