"""The forms reviewers fill in the moderation modal, one per SOP action."""

from django import forms


class KasubagCheckForm(forms.Form):
    """Step 4: the three checks the SOP asks of Kasubag before handing the draft to Kabag."""

    cek_kebenaran = forms.BooleanField(
        label="Kebenaran bahan informasi sudah saya periksa",
        error_messages={"required": "Pastikan kebenaran bahan informasi sudah diperiksa."},
    )
    cek_narasumber = forms.BooleanField(
        label="Hal-hal yang diperlukan sudah dikonfirmasi kepada narasumber terkait",
        error_messages={"required": "Pastikan sudah mengonfirmasi kepada narasumber terkait."},
    )
    narasumber = forms.CharField(
        label="Narasumber yang dikonfirmasi",
        max_length=255,
        help_text="Nama dan jabatan, misalnya: Ketua Divisi Teknis.",
        error_messages={"required": "Tuliskan narasumber yang dikonfirmasi."},
    )
    cek_bahasa = forms.BooleanField(
        label="Kalimat sudah diperbaiki dan dilengkapi",
        error_messages={"required": "Pastikan kalimat sudah diperbaiki dan dilengkapi."},
    )
    comment = forms.CharField(label="Catatan untuk Kabag", required=False, widget=forms.Textarea({"rows": 2}))


class ReasonForm(forms.Form):
    """Sending a draft back: the reason is required, it is what the recipient acts on."""

    comment = forms.CharField(
        label="Alasan dan perbaikan yang diminta",
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": "Tuliskan alasan pengembalian."},
    )


class CommentForm(forms.Form):
    comment = forms.CharField(label="Komentar", required=False, widget=forms.Textarea({"rows": 2}))


class WebAdminPublishForm(forms.Form):
    """Step 7: Web Admin publishes and documents it."""

    catatan_dokumentasi = forms.CharField(
        label="Catatan dokumentasi",
        widget=forms.Textarea({"rows": 3}),
        help_text="Misalnya: diunggah ke laman Peraturan, lampiran PDF diperiksa terbaca, tautan dibagikan ke media sosial.",
        error_messages={"required": "Tuliskan catatan dokumentasi penerbitan."},
    )
    comment = forms.CharField(label="Komentar", required=False, widget=forms.Textarea({"rows": 2}))
