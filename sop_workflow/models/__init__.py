"""The SOP's models: steps 1-3 (intake register) and steps 4-7 (workflow tasks, records)."""

from .calendar import HariLibur, Pengingat
from .intake import (
    BerkasSuratMasuk,
    Disposisi,
    JenisSurat,
    PengaturanSOP,
    Sifat,
    StatusSurat,
    SuratMasuk,
)
from .outbox import OutgoingMail
from .tasks import (
    AlurJenisPublikasi,
    PemeriksaanKasubagTask,
    PenerbitanWebAdminTask,
    PersetujuanKabagTask,
    PublicationRecord,
    SOPRefusal,
    SOPTask,
    SOPTaskState,
    workflow_for_type,
)

__all__ = [
    "AlurJenisPublikasi",
    "BerkasSuratMasuk",
    "Disposisi",
    "HariLibur",
    "JenisSurat",
    "OutgoingMail",
    "PemeriksaanKasubagTask",
    "PengaturanSOP",
    "Pengingat",
    "PenerbitanWebAdminTask",
    "PersetujuanKabagTask",
    "PublicationRecord",
    "SOPRefusal",
    "SOPTask",
    "SOPTaskState",
    "Sifat",
    "StatusSurat",
    "SuratMasuk",
    "workflow_for_type",
]
