"""The DIK (Daftar Informasi yang Dikecualikan): kept by the PPID in the admin with its
consequence test; an exclusion whose period has ended shows as eligible for publication in the
admin (and its filter), on the public list and in the refusal to publish a page it covers."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse

from news.models import DIKECUALIKAN_REFUSAL, EXPIRED_LABEL, InformasiDikecualikan
from tests.factories import InformasiDikecualikanFactory, PeraturanFactory
from tests.news.admin_forms import page_form_data
from tests.sop_harness import client_for

# 2027-01-10 in Jakarta: the first row's period (until 2026-12-31) has ended, the second's not.
AFTER_EXPIRY = datetime.datetime(2027, 1, 10, 3, 0, tzinfo=datetime.UTC)


@pytest.fixture
def dik(db):
    return [
        InformasiDikecualikanFactory(
            informasi="Salinan KTP elektronik pelamar PPK",
            dasar_hukum="UU 14/2008 Pasal 17 huruf h angka 2",
            konsekuensi="Data pribadi pelamar dapat disalahgunakan.",
            jangka_waktu="3 tahun",
            berlaku_sampai=datetime.date(2026, 12, 31),
        ),
        InformasiDikecualikanFactory(
            informasi="Kode akses Sirekap",
            dasar_hukum="UU 14/2008 Pasal 17 huruf c",
            konsekuensi="Sistem rekapitulasi dapat diretas.",
            jangka_waktu="Selama tahapan",
            berlaku_sampai=datetime.date(2029, 6, 30),
        ),
        InformasiDikecualikanFactory(
            informasi="Rekam medis calon anggota",
            dasar_hukum="UU 14/2008 Pasal 17 huruf h angka 3",
            konsekuensi="Membuka rahasia pribadi.",
            jangka_waktu="Tidak dibatasi",
            berlaku_sampai=None,
        ),
    ]


def listed(response):
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    return [" ".join(tr.get_text(" ").split()) for tr in html.select("table tbody tr")]


@pytest.mark.django_db
def test_the_ppid_keeps_the_dik_in_the_admin(people):
    kabag = client_for(people["kabag"])
    response = kabag.post(
        reverse("informasidikecualikan:add"),
        {
            "informasi": "Berita acara pemusnahan surat suara",
            "dasar_hukum": "UU 14/2008 Pasal 17 huruf c",
            "konsekuensi": "Mengganggu keamanan logistik.",
            "jangka_waktu": "2 tahun",
            "berlaku_sampai": "2028-01-31",
            "nomor_sk": "3/PPID/2026",
            "tanggal_sk": "2026-02-01",
            "ditetapkan_oleh": "PPID KPU Provinsi Banten",
            "halaman": "",
        },
    )
    assert response.status_code == 302
    entry = InformasiDikecualikan.objects.get()
    assert entry.konsekuensi == "Mengganggu keamanan logistik."
    response = kabag.post(
        reverse("informasidikecualikan:add"),
        {"informasi": "", "dasar_hukum": "", "berlaku_sampai": "bukan tanggal", "tanggal_sk": ""},
    )
    assert response.status_code == 200 and InformasiDikecualikan.objects.count() == 1
    text = response.content.decode()
    assert "tidak dapat dibuat karena kesalahan" in text and "Bidang ini harus diisi." in text
    for name in ("penulis", "kasubag", "webadmin"):
        other = client_for(people[name])
        refused = other.get(reverse("informasidikecualikan:index"))
        assert refused.status_code == 302 and refused.url == "/admin/", name
        assert other.post(reverse("informasidikecualikan:delete", args=[entry.pk])).url == "/admin/"
    assert InformasiDikecualikan.objects.count() == 1


@pytest.mark.django_db
def test_an_expired_exclusion_is_eligible_for_publication(client, dip, dik, people):
    index = reverse("informasidikecualikan:index")
    with time_machine.travel(datetime.datetime(2026, 12, 31, 10, tzinfo=datetime.UTC), tick=False):
        kabag = client_for(people["kabag"])  # a session of that day
        rows = listed(kabag.get(index))
        assert not any(EXPIRED_LABEL in row for row in rows)
        assert listed(kabag.get(index, {"masa": "berakhir"})) == []
    with time_machine.travel(AFTER_EXPIRY, tick=False):
        kabag = client_for(people["kabag"])
        rows = listed(kabag.get(index))
        assert [EXPIRED_LABEL in row for row in rows] == [True, False, False]
        expired = listed(kabag.get(index, {"masa": "berakhir"}))
        assert len(expired) == 1 and expired[0].startswith("Salinan KTP elektronik pelamar PPK")
        in_force = listed(kabag.get(index, {"masa": "berlaku"}))
        assert [row.split(" Ubah ")[0] for row in in_force] == [
            "Kode akses Sirekap",
            "Rekam medis calon anggota",
        ]
        inspect = kabag.get(reverse("informasidikecualikan:inspect", args=[dik[0].pk]))
        assert EXPIRED_LABEL in inspect.content.decode()
        assert len(listed(kabag.get(index, {"masa": "xyz"}))) == 3  # unknown choice: the form says so

        # The public list: the non-secret columns only, in Indonesian.
        response = client.get(dip.url + "dikecualikan/")
        html = BeautifulSoup(response.content, "html.parser")
        assert [th.get_text(strip=True) for th in html.select("thead th")] == [
            "Nomor",
            "Informasi yang dikecualikan",
            "Dasar hukum",
            "Jangka waktu pengecualian",
            "Dikecualikan sampai",
        ]
        rows = listed(response)
        assert (
            rows[1]
            == "2 Rekam medis calon anggota UU 14/2008 Pasal 17 huruf h angka 3 Tidak dibatasi Tidak dibatasi waktu"
        )
        assert rows[2] == (
            f"3 Salinan KTP elektronik pelamar PPK UU 14/2008 Pasal 17 huruf h angka 2 3 tahun 31 Desember 2026 {EXPIRED_LABEL}"
        )
        text = response.content.decode()
        for secret in (
            "Data pribadi pelamar dapat disalahgunakan",
            "3/PPID",
            "12/PPID/2026",
            "Sistem rekapitulasi",
        ):
            assert secret not in text
        assert (
            "Daftar informasi yang dikecualikan"
            in BeautifulSoup(client.get(dip.url).content, "html.parser").get_text()
        )


@pytest.mark.django_db
def test_the_ppid_may_keep_the_dik_off_the_public_site(client, dip, dik):
    dip.tampilkan_dik = False
    dip.save_revision().publish()
    assert client.get(dip.url + "dikecualikan/").status_code == 404
    assert "Daftar informasi yang dikecualikan" not in client.get(dip.url).content.decode()


@pytest.mark.django_db
def test_the_refusal_to_publish_names_the_dik_entry_and_its_expiry(people, listings):
    page = PeraturanFactory(
        parent=listings["peraturan"], title="Keputusan rahasia", owner=people["penulis"], publish=False
    )
    InformasiDikecualikanFactory(
        informasi="Keputusan rahasia tentang logistik",
        nomor_sk="9/PPID/2025",
        berlaku_sampai=datetime.date(2026, 12, 31),
        halaman=page,
    )
    data = page_form_data(
        "peraturanpage",
        page.title,
        page.slug,
        jenis_peraturan=page.jenis,
        kategori_informasi="dikecualikan",
        **{"action-submit": "1"},
    )
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    with time_machine.travel(AFTER_EXPIRY, tick=False):
        text = " ".join(
            BeautifulSoup(client_for(people["penulis"]).post(url, data).content, "html.parser")
            .get_text()
            .split()
        )
    assert DIKECUALIKAN_REFUSAL in text
    assert (
        "Tercatat di DIK: “Keputusan rahasia tentang logistik” (UU 14/2008 Pasal 17 huruf h, SK 9/PPID/2025)."
        in text
    )
    assert f"{EXPIRED_LABEL} (berakhir 31 Desember 2026)" in text
    assert not page.live


@pytest.mark.django_db
def test_the_public_dik_costs_the_same_at_any_size(client, dip, django_assert_max_num_queries):
    InformasiDikecualikanFactory()
    with django_assert_max_num_queries(14):
        assert len(listed(client.get(dip.url + "dikecualikan/"))) == 1
    for _ in range(40):
        InformasiDikecualikanFactory()
    with django_assert_max_num_queries(14):
        assert len(listed(client.get(dip.url + "dikecualikan/"))) == 41
