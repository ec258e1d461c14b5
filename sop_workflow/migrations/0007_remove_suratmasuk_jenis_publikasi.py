import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sop_workflow", "0006_suratmasuk_page_type"),
    ]

    operations = [
        migrations.RemoveField(model_name="suratmasuk", name="jenis_publikasi"),
        migrations.AlterField(
            model_name="suratmasuk",
            name="page_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="jenis publikasi",
                help_text="Akan diterbitkan sebagai apa.",
            ),
        ),
    ]
