"""The SOP's migrations: the register's page types become content types (0006-0007), and the
roles, tasks and workflows exist right after ``migrate`` (0008), before any ``setup_sop``."""

import io

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import GroupCollectionPermission, Task, Workflow

from news.models import PengumumanPage
from sop_workflow.models import SuratMasuk
from sop_workflow.roles import ROLES

BEFORE = [("sop_workflow", "0005_outgoing_mail")]
AFTER = [("sop_workflow", "0007_remove_suratmasuk_jenis_publikasi")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_register_entries_keep_their_type_as_a_content_type_both_ways():
    old_apps = migrate(BEFORE)
    try:
        OldSurat = old_apps.get_model("sop_workflow", "SuratMasuk")
        OldSurat.objects.create(
            tahun=2026,
            nomor_urut=1,
            jenis_surat="nota_dinas",
            nomor_surat="001",
            tanggal_surat="2026-12-01",
            pengirim="Divisi Teknis",
            perihal="Pengumuman seleksi",
            diterima_pada="2026-12-01T09:00:00+07:00",
            jenis_publikasi="pengumumanpage",
        )
        migrate(AFTER)
        surat = SuratMasuk.objects.get(perihal="Pengumuman seleksi")
        assert surat.page_type == ContentType.objects.get_for_model(PengumumanPage)
        assert surat.jenis_publikasi == "pengumumanpage"
        assert surat.get_jenis_publikasi_display() == "Pengumuman"
        assert surat.page_model is PengumumanPage

        old_apps = migrate(BEFORE)
        OldSurat = old_apps.get_model("sop_workflow", "SuratMasuk")
        assert OldSurat.objects.get(perihal="Pengumuman seleksi").jenis_publikasi == "pengumumanpage"
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_roles_tasks_and_workflows_exist_after_migrate_and_setup_sop_adds_none_twice(listings):
    # The test database was built by `migrate` alone: no setup_sop has run.
    assert set(Group.objects.filter(name__in=ROLES).values_list("name", flat=True)) == set(ROLES)
    kabag = Group.objects.get(name="Kabag")
    assert kabag.permissions.filter(codename="add_suratmasuk").exists()
    assert kabag.permissions.filter(codename="access_admin").exists()
    assert GroupCollectionPermission.objects.filter(group__name="Web Admin").count() == 8
    sop = Workflow.objects.get(name="SOP Penerbitan Informasi")
    assert [task.name for task in sop.tasks] == [
        "Pemeriksaan Kasubag (langkah 4)",
        "Persetujuan Kabag (langkah 5)",
        "Penerbitan Web Admin (langkah 6-7)",
    ]
    berita = Workflow.objects.get(name="SOP Berita KPU")
    assert [task.name for task in berita.tasks] == ["Penerbitan Web Admin (langkah 6-7)"]
    assert list(Task.objects.get(name="Persetujuan Kabag (langkah 5)").specific.groups.all()) == [kabag]

    counts = (Group.objects.count(), Task.objects.count(), Workflow.objects.count())
    call_command("setup_sop", stdout=io.StringIO())
    call_command("setup_sop", stdout=io.StringIO())
    assert (Group.objects.count(), Task.objects.count(), Workflow.objects.count()) == counts
    assert GroupCollectionPermission.objects.filter(group__name="Web Admin").count() == 8
