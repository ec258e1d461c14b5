from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A staff member of the Sekretariat; the SOP's roles are Django groups (Kabag, Kasubag...)."""

    nip = models.CharField(
        "NIP",
        max_length=32,
        blank=True,
        help_text="Nomor Induk Pegawai, dicetak pada kotak tanda tangan lembar kendali.",
    )
    jabatan = models.CharField(
        "jabatan",
        max_length=200,
        blank=True,
        help_text="Misalnya: Kepala Sub Bagian Teknis dan Hupmas.",
    )

    class Meta(AbstractUser.Meta):
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"
