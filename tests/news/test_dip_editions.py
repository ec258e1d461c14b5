"""DIP editions: the PPID establishes one in the admin (SK number and date); it stays as it was
established (rows, SHA-256, PDF, XLSX) when content changes; the next edition's diff shows what
changed; a double submission makes one edition; other roles get 403."""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db.models.signals import pre_save
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from news.dip_editions import canonical, digest
from news.models import EdisiDIP
from tests.factories import BeritaFactory, EntriDIPLuringFactory, LaporanKeuanganFactory, PeraturanFactory
from tests.sop_harness import client_for, race_inside_transaction, sop_people

ADD_URL = "edisidip:add"


@pytest.fixture
def content(listings):
    PeraturanFactory(
        parent=listings["peraturan"], title="Keputusan penetapan DPT", tanggal=datetime.date(2024, 6, 2)
    )
    LaporanKeuanganFactory(
        parent=listings["laporan_keuangan"], title="LRA semester I", tanggal=datetime.date(2024, 7, 15)
    )
    berita = BeritaFactory(parent=listings["berita"], title="Berita pleno", tanggal=datetime.date(2024, 9, 9))
    EntriDIPLuringFactory(judul="Notulen rapat pleno 2019 (arsip kertas)", kategori_informasi="setiap_saat")
    return {"berita": berita}


def establish(client, nomor_sk, tanggal_sk="2026-12-01"):
    return client.post(reverse(ADD_URL), {"nomor_sk": nomor_sk, "tanggal_sk": tanggal_sk})


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def refused(response):
    """The admin's refusal (Wagtail): back to the dashboard with "Maaf, Anda tidak memiliki izin",
    logged as a 403 (users/refusals.py)."""
    return response.status_code == 302 and response.url == "/admin/"


def pdf_text(content):
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.django_db
def test_an_edition_is_frozen_and_the_next_shows_the_diff(client, dip, content, people, listings):
    kabag = client_for(people["kabag"])
    form = soup(kabag.get(reverse(ADD_URL)))
    assert form.select_one("input[name=nomor_sk]") is not None

    response = establish(kabag, "01/PPID/XII/2026")
    first = EdisiDIP.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("edisidip:inspect", args=[first.pk])
    assert first.nomor == 1 and first.ditetapkan_oleh == people["kabag"]
    titles = [row["judul"] for row in first.rows]
    assert titles == [
        "LRA semester I",  # berkala
        "Berita pleno",  # serta merta
        "Keputusan penetapan DPT",  # setiap saat, newest first...
        "Notulen rapat pleno 2019 (arsip kertas)",  # ...with the offline entry
    ]
    offline = first.rows[3]
    assert offline["luring"] is True and offline["url"] == "" and offline["bentuk"] == "Cetak"
    assert first.sha256 == digest(canonical(first.snapshot))
    message = [str(m) for m in kabag.get(response["Location"]).context["messages"]]
    assert message == [f"Edisi 1 ditetapkan dengan SK 01/PPID/XII/2026: 4 informasi, SHA-256 {first.sha256}."]

    # Content changes after the SK: a new item published, one withdrawn, one retitled.
    BeritaFactory(parent=listings["berita"], title="Berita sesudah SK", tanggal=datetime.date(2024, 10, 1))
    content["berita"].title = "Berita pleno (ralat judul)"
    content["berita"].save_revision().publish()
    laporan = listings["laporan_keuangan"].get_children().get().specific
    laporan.unpublish()

    # The edition is what was established: same rows, same digests, same files.
    frozen = EdisiDIP.objects.get(pk=first.pk)
    assert frozen.snapshot == first.snapshot and frozen.sha256 == first.sha256
    assert digest(canonical(frozen.snapshot)) == first.sha256
    page = soup(client.get(dip.url + "edisi/1/"))
    assert page.select_one("h1").get_text(strip=True) == "Daftar Informasi Publik edisi 1"
    meta = {
        dt.get_text(strip=True): dd for dt, dd in zip(page.select("dl dt"), page.select("dl dd"), strict=True)
    }
    assert meta["Nomor SK PPID"].get_text(strip=True) == "01/PPID/XII/2026"
    assert meta["Tanggal SK"].get_text(strip=True) == "1 Desember 2026"
    assert meta["SHA-256 isi edisi"].get_text(strip=True) == first.sha256
    rows = [" ".join(tr.get_text(" ").split()) for tr in page.select(".dip-table tbody tr")]
    assert len(rows) == 4 and "Berita pleno" in rows[1] and "ralat" not in " ".join(rows)
    assert "Informasi tercetak (luring) Notulen rapat pleno 2019" in rows[3]
    assert page.select_one("#dip-perubahan + p").get_text(strip=True) == "Ini edisi pertama."

    pdf = client.get(dip.url + "edisi/1/unduh/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert digest(pdf.content) == first.sha256_pdf
    text = pdf_text(pdf.content)
    assert "DAFTAR INFORMASI PUBLIK — EDISI 1" in text
    assert "01/PPID/XII/2026" in text and "1 Desember 2026" in text
    for title in titles:
        assert title in text
    assert "Berita sesudah SK" not in text and first.sha256 in text.replace(" ", "")

    xlsx = client.get(dip.url + "edisi/1/unduh/xlsx/")
    assert digest(xlsx.content) == first.sha256_xlsx
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:4] == ["Nomor", "Kategori", "Jenis", "Judul"]
    assert [row[3] for row in values[1:]] == titles
    assert [row[0] for row in values[1:]] == [1, 2, 3, 4]
    assert values[4][2] == "Informasi tercetak (luring)"

    # The second edition: what changed since the first, by each row's key.
    establish(kabag, "02/PPID/XII/2026", "2026-12-02")
    second = EdisiDIP.objects.get(nomor=2)
    page = soup(client.get(dip.url + "edisi/2/"))
    added = [li.get_text(" ", strip=True) for li in page.select(".dip-diff__ditambah li")]
    removed = [li.get_text(" ", strip=True) for li in page.select(".dip-diff__dihapus li")]
    changed = [li.get_text(" ", strip=True) for li in page.select(".dip-diff__berubah li")]
    assert added == ["Berita: Berita sesudah SK ( 1 Oktober 2024 )"]
    assert removed == ["Laporan Keuangan: LRA semester I ( 15 Juli 2024 )"]
    assert changed == ["Berita: Berita pleno (ralat judul) — berubah: judul"]
    assert second.sha256 != first.sha256

    listing = soup(client.get(dip.url + "edisi/"))
    assert [a.get_text(strip=True) for a in listing.select("tbody td:first-child a")] == [
        "Edisi 2",
        "Edisi 1",
    ]
    assert "Edisi DIP yang ditetapkan PPID" in soup(client.get(dip.url)).get_text()


@pytest.mark.django_db
def test_establishing_twice_makes_one_edition(client, dip, content, people):
    kabag = client_for(people["kabag"])
    assert establish(kabag, "05/PPID/2026").status_code == 302
    again = establish(kabag, "05/PPID/2026")
    assert again.status_code == 200
    errors = soup(again).select_one(".error-message, .w-field__errors").get_text(" ", strip=True)
    assert "Nomor SK ini sudah dipakai untuk menetapkan edisi DIP lain" in errors
    assert EdisiDIP.objects.count() == 1
    assert establish(kabag, "   ").status_code == 200  # required
    assert establish(kabag, "06/PPID/2026", "2999-01-01").status_code == 200  # not in the future
    assert establish(kabag, "06/PPID/2026", "bukan-tanggal").status_code == 200
    assert EdisiDIP.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_establishments_at_the_same_moment_make_one_edition():
    """Two tabs (or a double click) both past the form's checks while the first is inside its
    transaction: the database's unique number and SK let one in; the other's files are removed."""
    people = sop_people()
    clients = {name: client_for(people["kabag"]) for name in ("winner", "loser")}
    # The winner holds its transaction open just before its INSERT until the loser is in.
    first, second, _waited = race_inside_transaction(
        pre_save,
        EdisiDIP,
        lambda: establish(clients["winner"], "20/PPID/2026"),
        lambda: establish(clients["loser"], "20/PPID/2026"),
    )
    results = {"winner": first, "loser": second}

    # SQLite: the loser waits for the winner's write lock. PostgreSQL: the paused winner has not
    # inserted yet, so the loser's row goes in first and the winner meets the unique index. Either
    # way: one edition, and the other tab is told why, in Indonesian.
    assert sorted(response.status_code for response in results.values()) == [200, 302]
    refused = next(response for response in results.values() if response.status_code == 200)
    text = " ".join(refused.content.decode().split())
    assert "Edisi tidak ditetapkan: nomor SK 20/PPID/2026 sudah dipakai" in text
    edition = EdisiDIP.objects.get()
    assert edition.nomor == 1
    stored = sorted(path.name for path in (settings.MEDIA_ROOT / "dip" / "edisi").iterdir())
    assert stored == sorted([edition.berkas_pdf.name.split("/")[-1], edition.berkas_xlsx.name.split("/")[-1]])


@pytest.mark.django_db
def test_only_the_ppid_establishes_and_nobody_edits_an_edition(client, dip, content, people):
    kabag = client_for(people["kabag"])
    establish(kabag, "07/PPID/2026")
    edition = EdisiDIP.objects.get()
    for name in ("penulis", "kasubag", "webadmin"):
        other = client_for(people[name])
        assert refused(other.get(reverse(ADD_URL))), name
        assert refused(establish(other, f"99/{name}")), name
        assert refused(other.get(reverse("edisidip:index"))), name
    for url in (reverse("edisidip:edit", args=[edition.pk]), reverse("edisidip:delete", args=[edition.pk])):
        assert refused(kabag.get(url))
        assert refused(kabag.post(url, {"nomor_sk": "diubah", "tanggal_sk": "2026-01-01"}))
    # Asked by script (not the admin's pages), the refusal is a plain 403.
    scripted = client_for(people["penulis"]).post(
        reverse(ADD_URL),
        {"nomor_sk": "x", "tanggal_sk": "2026-01-01"},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert scripted.status_code == 403
    assert EdisiDIP.objects.count() == 1
    assert EdisiDIP.objects.get().nomor_sk == "07/PPID/2026"
    listing = kabag.get(reverse("edisidip:index"))
    assert listing.status_code == 200 and "07/PPID/2026" in listing.content.decode()
    assert "Tetapkan edisi DIP" in listing.content.decode()
    inspect = soup(kabag.get(reverse("edisidip:inspect", args=[edition.pk])))
    assert edition.sha256 in inspect.get_text()
    # The rows are linked (public page, PDF, XLSX), not dumped as the stored JSON.
    assert "'kunci'" not in inspect.get_text() and "Isi edisi" not in inspect.get_text()
    links = [a["href"] for a in inspect.select("main ul a")]
    assert links == [dip.url + "edisi/1/", dip.url + "edisi/1/unduh/pdf/", dip.url + "edisi/1/unduh/xlsx/"]
    assert all(client.get(link).status_code == 200 for link in links)


@pytest.mark.django_db
def test_edition_pages_answer_bad_numbers_with_404(client, dip, content, people):
    establish(client_for(people["kabag"]), "08/PPID/2026")
    for path in ("edisi/2/", "edisi/0/", "edisi/1/unduh/doc/", "edisi/9/unduh/pdf/", "edisi/abc/"):
        assert client.get(dip.url + path).status_code == 404, path


@pytest.mark.django_db
def test_edition_pages_cost_the_same_at_any_size(
    client, dip, listings, people, django_assert_max_num_queries
):
    kabag = client_for(people["kabag"])
    for n in range(30):
        BeritaFactory(
            parent=listings["berita"], tanggal=datetime.date(2024, 1, 1) + datetime.timedelta(days=n)
        )
    for n in range(3):
        establish(kabag, f"1{n}/PPID/2026")
    for path in ("edisi/", "edisi/3/", "edisi/3/unduh/pdf/"):
        with django_assert_max_num_queries(12):
            assert client.get(dip.url + path).status_code == 200


@pytest.mark.django_db
def test_an_editions_xlsx_never_holds_a_formula(client, dip, people):
    EntriDIPLuringFactory(
        judul='=HYPERLINK("http://contoh.invalid","klik")', ringkasan="+1+2", jangka_waktu="-"
    )
    establish(client_for(people["kabag"]), "30/PPID/2026")
    sheet = load_workbook(io.BytesIO(client.get(dip.url + "edisi/1/unduh/xlsx/").content)).active
    row = list(sheet.iter_rows())[1]
    assert [(cell.value, cell.data_type) for cell in row[3:5]] == [
        ('=HYPERLINK("http://contoh.invalid","klik")', "s"),
        ("+1+2", "s"),
    ]
    text = pdf_text(client.get(dip.url + "edisi/1/unduh/pdf/").content)
    assert '=HYPERLINK("http://contoh.invalid","klik")' in text
