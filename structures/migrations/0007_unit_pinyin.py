# Store each unit's pinyin when it is written, so reading a chart computes none (issue 8, `make bench`).

from django.db import migrations, models


def fill_pinyin(apps, schema_editor):
    from structures.pinyin import pinyin_search_text

    Unit = apps.get_model("structures", "Unit")
    units = list(Unit.objects.only("id", "name_zh", "aliases"))
    for unit in units:
        unit.pinyin = pinyin_search_text([unit.name_zh, *unit.aliases])
    Unit.objects.bulk_update(units, ["pinyin"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("structures", "0006_succession_unchanged_type"),
    ]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="pinyin",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(fill_pinyin, migrations.RunPython.noop),
    ]
