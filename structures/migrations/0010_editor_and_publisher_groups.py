# The two roles of the draft workflow: editors reshape drafts, publishers freeze them.

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITED_MODELS = ["snapshot", "unit", "secondaryline", "succession", "reform", "citation", "figure", "sourcedocument"]
VIEWED_MODELS = ["organization", *EDITED_MODELS]


def editor_permissions() -> list[str]:
    return [f"{action}_{model}" for model in EDITED_MODELS for action in ("add", "change", "delete")] + [
        f"view_{model}" for model in VIEWED_MODELS
    ]


def publisher_permissions() -> list[str]:
    return ["publish_snapshot", *(f"view_{model}" for model in VIEWED_MODELS)]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("editors", editor_permissions()), ("publishers", publisher_permissions())):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="structures", codename__in=codenames))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["editors", "publishers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("structures", "0009_publish_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
