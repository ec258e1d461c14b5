"""CSV and XLSX downloads that are safe to open in Excel or LibreOffice.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or CR would be read as a formula
(CSV injection): in CSV it gets a leading apostrophe, in XLSX it is written as a text cell.
"""

import csv
import io
import re

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A negative number written as text ("-5", "-1.250,75") stays a number: no formula starts so.
NEGATIVE_NUMBER = re.compile(r"-\d+(?:[.,]\d+)*\Z")


def spreadsheet_text(value):
    """The CSV form of a cell: text that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NEGATIVE_NUMBER.match(value):
        return "'" + value
    return value


def install_export_guard():
    """Make every CSV/XLSX export of the admin formula-safe, not only this module's: Wagtail's
    generic listings (Catatan penerbitan and every ModelViewSet), its reports (audit log, aging
    and locked pages...), form submissions and wagtail-modeladmin all export through
    ``SpreadsheetExportMixin``, which writes CSV cells as they are and, in XLSX, only keeps
    "="-cells from being formulas. Called once from sop_workflow/apps.py (idempotent)."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "terbit_formula_safe", False):
        return
    generate_xlsx_row = SpreadsheetExportMixin.generate_xlsx_row

    def safe_csv_row(self, writer, row_dict):
        # Wagtail's own row, each value made safe after its usual preprocessing.
        return writer.writerow(
            {
                field: spreadsheet_text(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    def safe_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in generate_xlsx_row(self, worksheet, row_dict, date_format):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text is never a formula in XLSX
            yield cell

    # Booleans as the screens show them, "Ya"/"Tidak", not Python's True/False.
    yes_no = {fmt: lambda value: gettext("Yes") if value else gettext("No") for fmt in ("csv", "xlsx")}
    SpreadsheetExportMixin.custom_value_preprocess = {
        bool: yes_no,
        **SpreadsheetExportMixin.custom_value_preprocess,
    }
    SpreadsheetExportMixin.write_csv_row = safe_csv_row
    SpreadsheetExportMixin.generate_xlsx_row = safe_xlsx_row
    SpreadsheetExportMixin.terbit_formula_safe = True


def csv_response(filename, headers, rows):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel reads UTF-8 only with a BOM
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([spreadsheet_text(value) for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.csv")
    return response


def xlsx_bytes(headers, rows, sheet_title="Laporan"):
    """The workbook's bytes: one sheet, text cells never formulas."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append(headers)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula
            cells.append(cell)
        sheet.append(cells)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_response(filename, headers, rows, sheet_title="Laporan"):
    response = HttpResponse(
        xlsx_bytes(headers, rows, sheet_title),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.xlsx")
    return response
