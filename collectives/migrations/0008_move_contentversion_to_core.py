from django.db import migrations


class Migration(migrations.Migration):
    """ContentVersion now belongs to the core app (core/0001): the table stays."""

    dependencies = [
        ("collectives", "0007_contentversion"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ContentVersion")],
            database_operations=[],
        ),
    ]
