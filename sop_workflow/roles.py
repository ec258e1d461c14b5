"""The SOP's roles, as Django groups. The workflow issue adds their page permissions."""

KABAG = "Kabag"
KASUBAG = "Kasubag"
PENULIS = "Penulis"
WEB_ADMIN = "Web Admin"

ROLES = {
    KABAG: "Kepala Bagian Hukum, Teknis dan Hupmas",
    KASUBAG: "Kepala Sub Bagian Teknis dan Hupmas",
    PENULIS: "Fungsional Umum / Tim Penulis Artikel Website",
    WEB_ADMIN: "Web Admin",
}
