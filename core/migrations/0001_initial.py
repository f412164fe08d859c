from django.db import migrations, models


class Migration(migrations.Migration):
    """ContentVersion moved here from the collectives app: the table stays where
    it is (collectives_contentversion); only Django's idea of its owner changes."""

    initial = True

    dependencies = [
        ("collectives", "0007_contentversion"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
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
                        "db_table": "collectives_contentversion",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("id", 1)),
                                name="content_version_single_row",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
