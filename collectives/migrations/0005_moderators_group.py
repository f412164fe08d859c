from django.db import migrations

MODERATORS = "moderators"


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=MODERATORS)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=MODERATORS).delete()


class Migration(migrations.Migration):
    """The group whose members see the moderation queue at /moderatie/."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("collectives", "0004_instrument_collective_confirmed_at_and_more"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
