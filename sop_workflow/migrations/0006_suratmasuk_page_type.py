"""The register refers to page types by ContentType, not by a content app's model names.

Until now ``SuratMasuk.jenis_publikasi`` held the model name of a page type of Terbit's
``news`` app (e.g. "pengumumanpage"). Each entry now points at the type's ContentType; the
name lives on as the registered key (sop_workflow/registry.py). Entries written before this
migration can only name ``news`` types: that is where they are looked up.
"""

import django.db.models.deletion
from django.db import migrations, models

LEGACY_APP_LABEL = "news"  # the only app whose types the old field could name


def to_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    SuratMasuk = apps.get_model("sop_workflow", "SuratMasuk")
    db = schema_editor.connection.alias
    for name in SuratMasuk.objects.using(db).values_list("jenis_publikasi", flat=True).distinct():
        content_type, _ = ContentType.objects.using(db).get_or_create(app_label=LEGACY_APP_LABEL, model=name)
        SuratMasuk.objects.using(db).filter(jenis_publikasi=name).update(page_type=content_type)


def to_model_name(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    SuratMasuk = apps.get_model("sop_workflow", "SuratMasuk")
    db = schema_editor.connection.alias
    for pk in SuratMasuk.objects.using(db).values_list("page_type_id", flat=True).distinct():
        name = ContentType.objects.using(db).get(pk=pk).model
        SuratMasuk.objects.using(db).filter(page_type_id=pk).update(jenis_publikasi=name)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("sop_workflow", "0005_outgoing_mail"),
    ]

    operations = [
        migrations.AddField(
            model_name="suratmasuk",
            name="page_type",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="jenis publikasi",
                help_text="Akan diterbitkan sebagai apa.",
            ),
        ),
        migrations.AlterField(
            model_name="suratmasuk",
            name="jenis_publikasi",
            field=models.CharField(max_length=30, blank=True, default="", verbose_name="jenis publikasi"),
        ),
        migrations.RunPython(to_content_type, to_model_name),
        # The column changes follow in 0007: PostgreSQL refuses ALTER TABLE on rows just
        # updated in the same transaction (pending foreign-key checks).
    ]
