"""The SOP performance report on a hand-made data set whose answers are worked out by hand.

Tuesday 24 November 2026, all inside office hours (07:30-16:00), four Pengumuman:

    item  submitted  Kasubag (step 4)      Kabag (step 5)      Web Admin (steps 6-7)
    A     08:00      08:30  30 min  ok     10:00  1 h 30 late  10:20  20 min ok
    B     09:00      10:30  1 h 30 late*   10:45  15 min ok    11:45  1 h    ok (due 11:50)
    C     13:00      13:10  10 min  ok     14:10  1 h    ok    15:10  1 h    ok (due 15:15)
    D     13:30      13:40  10 min  ok     14:40  1 h    ok    15:40  1 h    ok (due 15:45)
    (* by the second Kasubag)

    step 4: durations 10, 10, 30, 90 min -> median 20 min, p90 (nearest rank 4 of 4) 1 h 30, on time 3/4
    step 5: 15, 60, 60, 90 min -> median 1 h, p90 1 h 30, on time 3/4
    step 6-7: 20, 60, 60, 60 min -> median 1 h, p90 1 h, on time 4/4
D also came through the register: received 08:00, Kasubag assigned 08:10 (step 1: 10 min, on
time), writer assigned 08:20 (step 2: 10 min, late: due 08:15), submitted 13:30 (step 3: 5 h 10,
late: due 13:20); received 08:00 -> published 15:40: 7 h 40 min in total.
"""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from sop_workflow.models import SuratMasuk
from tests.factories import PengumumanFactory
from tests.sop_harness import KASUBAG_CHECKS, act, client_for, dispose, register, submit, url

WIB = ZoneInfo("Asia/Jakarta")
REPORT = reverse("sop_workflow:kinerja")
PERIOD = {"dari": "2026-11-24", "sampai": "2026-11-24"}


def at(hour, minute=0):
    return time_machine.travel(datetime.datetime(2026, 11, 24, hour, minute, tzinfo=WIB), tick=False)


def hm(hours, minutes=0):
    return datetime.timedelta(hours=hours, minutes=minutes)


@pytest.fixture
def dataset(users, sop):
    pages = {}
    for name in "ABC":
        pages[name] = PengumumanFactory(
            parent=sop["pengumuman"], title=f"Pengumuman {name}", owner=users["penulis"], publish=False
        )
    with at(8, 10):
        surat = register(
            users["kabag"],
            perihal="Pengumuman D",
            diterima_pada="2026-11-24 08:00",
            kasubag=users["kasubag"].pk,
            instruksi="Proses.",
        )
    with at(8, 20):
        dispose(users["kasubag"], surat, 2, users["penulis"])
    with at(9, 30):
        client_for(users["penulis"]).post(url("buat_konsep", surat))
    pages["D"] = SuratMasuk.objects.get(pk=surat.pk).page.specific
    plan = {  # submitted, (Kasubag time, who), Kabag, Web Admin
        "A": ((8, 0), ((8, 30), "kasubag"), (10, 0), (10, 20)),
        "B": ((9, 0), ((10, 30), "kasubag2"), (10, 45), (11, 45)),
        "C": ((13, 0), ((13, 10), "kasubag"), (14, 10), (15, 10)),
        "D": ((13, 30), ((13, 40), "kasubag"), (14, 40), (15, 40)),
    }
    events = []
    for name, (submitted, (checked, who), approved, published) in plan.items():
        events += [
            (submitted, "submit", name, None),
            (checked, "kasubag", name, who),
            (approved, "kabag", name, None),
            (published, "webadmin", name, None),
        ]
    for (hour, minute), action, name, who in sorted(events):
        page = type(pages[name]).objects.get(pk=pages[name].pk)
        with at(hour, minute):
            if action == "submit":
                submit(users["penulis"], page)
            elif action == "kasubag":
                assert act(users[who], page, "approve", KASUBAG_CHECKS).status_code == 302
            elif action == "kabag":
                assert act(users["kabag"], page, "approve").status_code == 302
            else:
                assert (
                    act(users["webadmin"], page, "approve", {"catatan_dokumentasi": "Terbit."}).status_code
                    == 302
                )
    return pages


def rows_of(response):
    return {row.langkah: row for row in response.context["rows"]}


@pytest.mark.django_db
def test_per_step_figures_computed_by_hand(users, dataset):
    response = client_for(users["kabag"]).get(REPORT, PERIOD)
    assert response.status_code == 200
    rows = rows_of(response)
    figures = {
        step: (row.jumlah, row.median, row.p90, row.tepat_waktu, row.waktu_baku) for step, row in rows.items()
    }
    assert figures == {
        "1": (1, hm(0, 10), hm(0, 10), 1.0, hm(0, 10)),
        "2": (1, hm(0, 10), hm(0, 10), 0.0, hm(0, 5)),
        "3": (1, hm(5, 10), hm(5, 10), 0.0, hm(5)),
        "4": (4, hm(0, 20), hm(1, 30), 0.75, hm(1)),
        "5": (4, hm(1), hm(1, 30), 0.75, hm(1)),
        "6-7": (4, hm(1), hm(1), 1.0, hm(1, 5)),
        "total": (1, hm(7, 40), hm(7, 40), None, None),
    }
    html = response.content.decode()
    assert "<svg" in html and "Median dan persentil ke-90" in html
    assert "Langkah 4 — Pemeriksaan Kasubag" in html and "75%" in html


@pytest.mark.django_db
def test_per_person_and_per_type(users, dataset):
    response = client_for(users["kabag"]).get(REPORT, {**PERIOD, "kelompok": "orang"})
    step4 = {row.orang: (row.jumlah, row.median) for row in response.context["rows"] if row.langkah == "4"}
    assert step4 == {"Kasubag": (3, hm(0, 10)), "Kasubag2": (1, hm(1, 30))}
    response = client_for(users["kabag"]).get(REPORT, {**PERIOD, "kelompok": "jenis"})
    assert {row.jenis_label for row in response.context["rows"]} == {"Pengumuman"}
    response = client_for(users["kabag"]).get(REPORT, {**PERIOD, "jenis": "beritapage"})
    assert response.context["rows"] == []
    assert "Tidak ada langkah yang selesai" in response.content.decode()


@pytest.mark.django_db
def test_each_row_drills_down_to_its_items(users, dataset):
    response = client_for(users["kabag"]).get(REPORT, {**PERIOD, "langkah": "5"})
    detail = response.context["detail"]
    assert [item.judul for item in detail] == ["Pengumuman A", "Pengumuman C", "Pengumuman D", "Pengumuman B"]
    assert [item.tepat_waktu for item in detail] == [False, True, True, True]
    assert "Rincian: Langkah 5 — Persetujuan Kabag" in response.content.decode()
    response = client_for(users["kabag"]).get(
        REPORT, {**PERIOD, "kelompok": "orang", "langkah": "4", "orang": users["kasubag2"].pk}
    )
    assert [item.judul for item in response.context["detail"]] == ["Pengumuman B"]


@pytest.mark.django_db
def test_exports(users, dataset):
    from openpyxl import load_workbook

    response = client_for(users["kabag"]).get(REPORT, {**PERIOD, "export": "csv"})
    content = response.content.decode("utf-8").lstrip("\ufeff")
    rows = {row["Langkah"]: row for row in csv.DictReader(io.StringIO(content))}
    step4 = rows["Langkah 4 — Pemeriksaan Kasubag"]
    assert (step4["Jumlah"], step4["Median (jam)"], step4["Persentil ke-90 (jam)"]) == ("4", "0.33", "1.5")
    assert (step4["Tepat waktu (%)"], step4["Waktu baku (jam)"]) == ("75.0", "1.0")
    response = client_for(users["kabag"]).get(REPORT, {**PERIOD, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:4] == ["Langkah", "Jenis publikasi", "Pelaksana", "Jumlah"]
    assert ["Langkah 6-7 — Penerbitan Web Admin", None, None, 4, 1, 1, 100, 1.08] in values


@pytest.mark.django_db
def test_who_may_read_and_bad_input(users):
    for role in ("penulis", "webadmin"):
        assert client_for(users[role]).get(REPORT).status_code == 403
    response = client_for(users["kasubag"]).get(REPORT)
    assert response.status_code == 200  # default period: the last 30 days
    response = client_for(users["kabag"]).get(REPORT, {"dari": "kemarin"})
    assert response.status_code == 400 and "Masukkan tanggal yang valid" in response.content.decode()
    response = client_for(users["kabag"]).get(REPORT, {"dari": "2026-12-01", "sampai": "2026-11-01"})
    assert (
        response.status_code == 400
        and "Tanggal awal harus sebelum tanggal akhir" in response.content.decode()
    )
    response = client_for(users["kabag"]).get(REPORT, {"langkah": "99", "orang": "x"})
    assert response.status_code == 200 and "Baris laporan itu tidak dikenal" in response.content.decode()
    assert client_for(users["kabag"]).get(REPORT, {"kelompok": "semua"}).status_code == 400
