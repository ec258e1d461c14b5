"""The SOP performance report in the admin (Laporan → Kinerja SOP)."""

import datetime

from django import forms
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe

from . import registry, report
from .models import SOPRefusal
from .roles import KABAG, KASUBAG, SEKRETARIS, group_names
from .spreadsheet import csv_response, xlsx_response

READERS = (KABAG, KASUBAG, SEKRETARIS)


def may_read(user):
    return user.is_superuser or bool(group_names(user) & set(READERS))


class ReportForm(forms.Form):
    dari = forms.DateField(
        label="Dari tanggal", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sampai = forms.DateField(
        label="Sampai tanggal", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    jenis = forms.ChoiceField(
        label="Jenis publikasi", required=False, choices=lambda: [("", "Semua jenis"), *registry.choices()]
    )
    kelompok = forms.ChoiceField(label="Kelompokkan", required=False, choices=list(report.GROUPINGS.items()))

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        cleaned["sampai"] = cleaned.get("sampai") or today
        cleaned["dari"] = cleaned.get("dari") or cleaned["sampai"] - datetime.timedelta(days=30)
        if cleaned["dari"] > cleaned["sampai"]:
            raise forms.ValidationError("Tanggal awal harus sebelum tanggal akhir.")
        if (cleaned["sampai"] - cleaned["dari"]).days > 3660:
            raise forms.ValidationError("Periode paling panjang sepuluh tahun.")
        cleaned["kelompok"] = cleaned.get("kelompok") or "langkah"
        return cleaned


def _hours(value):
    return None if value is None else round(value.total_seconds() / 3600, 2)


def _share(value):
    return None if value is None else round(value * 100, 1)


EXPORT_HEADERS = [
    "Langkah",
    "Jenis publikasi",
    "Pelaksana",
    "Jumlah",
    "Median (jam)",
    "Persentil ke-90 (jam)",
    "Tepat waktu (%)",
    "Waktu baku (jam)",
]


def kinerja_view(request):
    if not may_read(request.user):
        raise SOPRefusal("Laporan kinerja SOP hanya untuk Kabag, Kasubag dan Sekretaris.")
    form = ReportForm(request.GET)  # every field is optional: no parameters, the last 30 days
    context = {"form": form}
    if not form.is_valid():
        return TemplateResponse(request, "sop_workflow/report/kinerja.html", context, status=400)
    data = form.cleaned_data
    records = report.collect(data["dari"], data["sampai"], jenis=data.get("jenis") or None)
    rows = report.summarise(records, data["kelompok"])
    context.update({"data": data, "rows": rows})
    if data.get("jenis"):
        context["jenis_label"] = registry.label(data["jenis"])

    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        table = [
            [
                row.label,
                row.jenis_label,
                row.orang,
                row.jumlah,
                _hours(row.median),
                _hours(row.p90),
                _share(row.tepat_waktu),
                _hours(row.waktu_baku),
            ]
            for row in rows
        ]
        name = f"kinerja-sop-{data['dari']:%Y%m%d}-{data['sampai']:%Y%m%d}"
        return (csv_response if export == "csv" else xlsx_response)(name, EXPORT_HEADERS, table)

    if "langkah" in request.GET:
        langkah = request.GET["langkah"]
        orang = request.GET.get("orang")
        if langkah not in report.STEP_LABELS or (orang and not orang.isdigit()):
            context["detail_error"] = "Baris laporan itu tidak dikenal."
        else:
            context["detail"] = report.drill_down(
                records,
                langkah,
                jenis=request.GET.get("jenis_baris") or None,
                orang_id=int(orang) if orang else None,
            )
            context["detail_label"] = report.STEP_LABELS[langkah]
    per_step = report.summarise(records, "langkah")
    context["chart"] = mark_safe(report.chart_svg([row for row in per_step if row.langkah != "total"]))  # noqa: S308 - built from escaped parts
    context["query"] = request.GET.urlencode()
    return TemplateResponse(request, "sop_workflow/report/kinerja.html", context)
