"""Forms of the register: the entry with its files, a disposition, a cancellation."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm

from . import intake, registry
from .roles import user_label


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files; each is checked by content and size (intake.validate_berkas)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        uploads = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not uploads:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        errors = []
        for upload in uploads:
            super().clean(upload, initial)
            try:
                intake.validate_berkas(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return uploads


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        jabatan = getattr(obj, "jabatan", "")
        name = user_label(obj)
        return f"{name} ({jabatan})" if jabatan else name


BERKAS_HELP = (
    "PDF, Word (.doc/.docx), Excel (.xls/.xlsx) atau gambar (JPEG/PNG); boleh lebih dari satu. "
    "Isinya diperiksa, bukan hanya namanya. Ukuran maksimal per berkas mengikuti pengaturan (bawaan 20 MB)."
)


class SuratMasukForm(WagtailAdminModelForm):
    """Step 1: register the material; optionally assign the Kasubag at once."""

    # The governed page types (registry.py), by key; stored on the entry as a ContentType.
    jenis_publikasi = forms.ChoiceField(
        label="Jenis publikasi",
        choices=lambda: [("", "---------"), *registry.choices()],
        help_text="Akan diterbitkan sebagai apa.",
    )
    berkas_baru = MultipleFileField(
        label="Bahan informasi (berkas)",
        help_text=BERKAS_HELP,
        error_messages={"required": "Lampirkan sedikitnya satu berkas bahan informasi."},
    )
    kasubag = UserChoiceField(
        label="Disposisi kepada Kasubag",
        queryset=None,
        required=False,
        help_text="Boleh dikosongkan dan didisposisikan nanti dari halaman surat.",
    )
    instruksi = forms.CharField(
        label="Instruksi disposisi",
        required=False,
        max_length=1000,
        widget=forms.Textarea({"rows": 3}),
        help_text="Misalnya: Mohon diproses untuk diterbitkan di laman Peraturan.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "kasubag" in self.fields:
            self.fields["kasubag"].queryset = intake.kasubag_choices()
        self.fields["catatan"].widget.attrs["maxlength"] = 2000
        if self.instance.pk:
            self.initial.setdefault("jenis_publikasi", self.instance.jenis_publikasi)
            self.fields["berkas_baru"].required = False
            self.fields["berkas_baru"].label = "Tambah berkas"
            if self.instance.page_id:
                # The draft exists as a page of this type: the type can no longer change.
                self.fields["jenis_publikasi"].disabled = True
                self.fields["jenis_publikasi"].help_text = "Tidak dapat diubah: konsepnya sudah dibuat."

    def clean_jenis_publikasi(self):
        key = self.cleaned_data["jenis_publikasi"]
        self.instance.jenis_publikasi = key
        return key

    def clean_catatan(self):
        value = self.cleaned_data.get("catatan", "")
        if len(value) > 2000:
            raise ValidationError("Catatan paling banyak 2.000 karakter.")
        return value

    def clean_diterima_pada(self):
        value = self.cleaned_data.get("diterima_pada")
        if value and self.instance.pk and timezone.localtime(value).year != self.instance.tahun:
            raise ValidationError(
                f"Nomor agenda {self.instance.nomor_agenda} sudah diberikan untuk tahun {self.instance.tahun}: "
                "tanggal diterima harus tetap pada tahun itu. Catat sebagai surat baru bila tahunnya keliru."
            )
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kasubag") and not cleaned.get("instruksi", "").strip():
            self.add_error("instruksi", "Tuliskan instruksi untuk Kasubag.")
        if cleaned.get("instruksi", "").strip() and not cleaned.get("kasubag"):
            self.add_error("kasubag", "Pilih Kasubag yang menerima instruksi ini.")
        return cleaned


class DisposisiForm(forms.Form):
    """Steps 1 and 2: to whom, with which instruction."""

    kepada = UserChoiceField(
        label="Kepada", queryset=None, error_messages={"required": "Pilih penerima disposisi."}
    )
    instruksi = forms.CharField(
        label="Instruksi",
        max_length=1000,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": "Tuliskan instruksi disposisi."},
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kepada"].queryset = queryset
        self.fields["kepada"].error_messages["invalid_choice"] = (
            "Penerima itu tidak dapat dipilih untuk langkah ini."
        )


class BatalForm(forms.Form):
    alasan = forms.CharField(
        label="Alasan pembatalan",
        min_length=10,
        max_length=1000,
        help_text="Konsep yang sudah dibuat dari surat ini tidak dapat lagi diajukan ke alur SOP.",
        widget=forms.Textarea({"rows": 3}),
        error_messages={
            "required": "Tuliskan alasan pembatalan.",
            "min_length": "Tuliskan alasan yang jelas (sedikitnya %(limit_value)d karakter).",
            "max_length": "Alasan paling banyak %(limit_value)d karakter.",
        },
    )
