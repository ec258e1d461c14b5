"""The abstract of a Peraturan as Permenkumham 8/2019 (standar pengelolaan dokumen dan informasi
hukum, JDIH) describes it: identitas, subject heading, ABSTRAK (menimbang, dasar hukum, materi
pokok) and CATATAN.

The identitas (jenis, nomor, tahun, tentang, tempat and tanggal, sumber, subjek) is the page's
own JDIH metadata; only the four parts below are typed. They are fields of the page, so they
travel with its revisions through the SOP review, and all are optional: a page without them
shows no abstract and has no PDF (news/abstrak.py, ``/jdih/abstrak/<id>.pdf``).
"""

from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from home.validators import validate_rich_text_links

MATERI_POKOK_FEATURES = ["bold", "italic", "ol", "ul"]


class AbstrakPeraturanMixin(models.Model):
    """The typed parts of a regulation's abstract (Permenkumham 8/2019, lampiran: abstrak)."""

    abstrak_menimbang = models.TextField(
        "menimbang",
        blank=True,
        help_text="Pertimbangan penetapan, diringkas. Satu pertimbangan per baris.",
    )
    abstrak_materi_pokok = RichTextField(
        "materi pokok",
        blank=True,
        features=MATERI_POKOK_FEATURES,
        validators=[validate_rich_text_links],
        help_text='Ringkasan hal yang diatur ("Dalam peraturan ini diatur tentang …").',
    )
    abstrak_catatan = models.TextField(
        "catatan",
        blank=True,
        help_text=(
            "Misalnya: Peraturan ini mulai berlaku pada tanggal diundangkan. Satu catatan per baris. "
            "Jumlah lampiran dan perubahan/pencabutan ditambahkan otomatis."
        ),
    )

    abstrak_panels = [
        MultiFieldPanel(
            [
                FieldPanel("abstrak_menimbang"),
                InlinePanel(
                    "abstrak_dasar_hukum",
                    heading="Dasar hukum",
                    label="dasar hukum",
                    help_text=(
                        "Pilih peraturan yang ada di situs ini, atau tulis judulnya bila tidak ada "
                        "(misalnya: Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum)."
                    ),
                ),
                FieldPanel("abstrak_materi_pokok"),
                FieldPanel("abstrak_catatan"),
            ],
            heading="Abstrak (Permenkumham 8/2019)",
            help_text=(
                "Opsional. Identitas abstrak diambil dari metadata peraturan di atas. Bila diisi, "
                "abstrak tampil di halaman peraturan dan tersedia sebagai PDF untuk JDIHN."
            ),
        )
    ]

    class Meta:
        abstract = True

    # --- what the page, the PDF and the JDIH feed show ---

    def _with_related(self, name, field):
        """The rows of child relation ``name`` with their ``field`` page, in one query (none when
        the JDIH feed prefetched them)."""
        rows = getattr(self, name).all()
        if name in getattr(self, "_prefetched_objects_cache", {}):
            return rows
        return rows.select_related(field)

    def abstrak_dasar_hukum_items(self):
        """The legal bases in order: (title, page or None). A page only while it is live.
        Worked out once per page object (the template asks twice)."""
        if "_abstrak_dasar_hukum_items" not in self.__dict__:
            items = []
            for item in self._with_related("abstrak_dasar_hukum", "peraturan"):
                target = item.peraturan if item.peraturan_id else None
                if target is not None:
                    items.append((target.title, target if target.live else None))
                elif item.judul:
                    items.append((item.judul, None))
            self.__dict__["_abstrak_dasar_hukum_items"] = items
        return self.__dict__["_abstrak_dasar_hukum_items"]

    @staticmethod
    def _lines(text):
        return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]

    def abstrak_menimbang_lines(self):
        return self._lines(self.abstrak_menimbang)

    def abstrak_catatan_lines(self):
        """The typed notes, then what the page itself knows: its attachments and what it
        changes or revokes (so they are never typed twice, nor forgotten)."""
        lines = self._lines(self.abstrak_catatan)
        count = len(self.attachments)
        if count:
            lines.append(f"Peraturan ini dilengkapi {count} lampiran.")
        for relation in self._with_related("relasi_keluar", "target"):
            verb = {"mengubah": "mengubah", "mencabut_sebagian": "mencabut sebagian"}.get(
                relation.jenis, "mencabut"
            )
            note = f" ({relation.catatan})" if relation.catatan else ""
            lines.append(f"Peraturan ini {verb} {relation.target.title}{note}.")
        return lines

    def has_abstrak(self):
        """Whether the abstract was filled (an empty rich text editor leaves "<p></p>")."""
        return bool(
            self.abstrak_menimbang.strip()
            or self.abstrak_catatan.strip()
            or self.abstrak_materi_pokok_text()
            or self.abstrak_dasar_hukum_items()
        )

    def abstrak_materi_pokok_text(self):
        """The main content as one line of text: paragraphs, then list items joined with "; "."""
        parts = []
        for node in BeautifulSoup(self.abstrak_materi_pokok or "", "html.parser").children:
            if getattr(node, "name", None) in ("ul", "ol"):
                items = [li.get_text(" ", strip=True) for li in node.find_all("li", recursive=False)]
                text = "; ".join(item.rstrip(";.") for item in items if item)
                text = f"{text}." if text else ""
            else:
                text = node.get_text(" ", strip=True) if hasattr(node, "get_text") else str(node).strip()
            if text:
                parts.append(text)
        return " ".join(parts)

    def abstrak_identitas(self):
        """(label, value) of the abstract's identitas, from the page's metadata."""
        rows = [
            ("Jenis/bentuk", self.jenis.nama),
            ("Nomor", self.nomor),
            ("Tahun", str(self.tahun)),
            ("Tentang", self.tentang),
            ("Tempat dan tanggal penetapan", f"{self.tempat_penetapan}, {_tanggal(self.tanggal_penetapan)}"),
        ]
        if self.tanggal_pengundangan:
            rows.append(("Tanggal pengundangan", _tanggal(self.tanggal_pengundangan)))
        if self.sumber:
            rows.append(("Sumber", self.sumber))
        rows.append(("T.E.U. badan", self.teu_badan))
        return rows

    def abstrak_heading(self):
        """The abstract's first line: "<JENIS> NOMOR <n> TAHUN <y> TENTANG <TENTANG>"."""
        return f"{self.jenis.nama} Nomor {self.nomor} Tahun {self.tahun} tentang {self.tentang}".upper()

    def abstrak_text(self):
        """The abstract as plain text (the JDIHN feed's ``abstrak``): ABSTRAK's three parts and
        the notes, one per line, as the national network's abstracts read."""
        lines = [f"- {line}" for line in self.abstrak_menimbang_lines()]
        bases = [title for title, _page in self.abstrak_dasar_hukum_items()]
        if bases:
            lines.append("- Dasar hukum peraturan ini adalah: " + "; ".join(bases) + ".")
        materi = self.abstrak_materi_pokok_text()
        if materi:
            lines.append(f"- Dalam peraturan ini diatur tentang: {materi}")
        notes = self.abstrak_catatan_lines()
        if notes:
            lines.append("CATATAN:")
            lines += [f"- {line}" for line in notes]
        return "\n".join(lines)

    def abstrak_pdf_url(self, request=None):
        """Where the abstract's PDF is served (the feed's ``urlAbstrak``); absolute with a request."""
        url = reverse("jdih_abstrak", args=(self.pk,))
        return request.build_absolute_uri(url) if request is not None else url

    def public_paths_elsewhere(self):
        """The abstract's PDF, purged with the page (home/page_cache_signals.py): the page cache
        keeps it with the JDIH feed, a front cache (CDN, nginx) by its URL."""
        return [self.abstrak_pdf_url()] if self.pk is not None else []

    def abstrak_citing_pages(self):
        """The pages whose abstract names this one as a legal basis (they show its title and link):
        purged with it (home/page_cache_signals.py, through ``pages_showing_this``)."""
        if self.pk is None:
            return []
        return [
            item.page for item in PeraturanDasarHukum.objects.filter(peraturan=self).select_related("page")
        ]


def _tanggal(value):
    from home.templatetags.site_tags import tanggal

    return tanggal(value)


class PeraturanDasarHukum(Orderable):
    """One legal basis of a regulation's abstract: a Peraturan of this site, or a title."""

    page = ParentalKey("news.PeraturanPage", on_delete=models.CASCADE, related_name="abstrak_dasar_hukum")
    peraturan = models.ForeignKey(
        "news.PeraturanPage",
        verbose_name="peraturan di situs ini",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    judul = models.CharField(
        "judul peraturan (bila tidak ada di situs ini)",
        max_length=500,
        blank=True,
        help_text="Misalnya: Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum.",
    )

    panels = [PageChooserPanel("peraturan", "news.PeraturanPage"), FieldPanel("judul")]

    class Meta(Orderable.Meta):
        verbose_name = "dasar hukum"
        verbose_name_plural = "dasar hukum"

    def clean(self):
        super().clean()
        if not self.peraturan_id and not self.judul.strip():
            raise ValidationError({"judul": "Pilih peraturan di situs ini atau tulis judul peraturannya."})
        if self.peraturan_id and self.peraturan_id == self.page_id:
            raise ValidationError(
                {"peraturan": "Peraturan tidak dapat menjadi dasar hukum bagi dirinya sendiri."}
            )
        if self.peraturan_id and self.judul.strip():
            raise ValidationError(
                {"judul": "Isi salah satu saja: peraturan di situs ini, atau judul bila tidak ada di situs."}
            )
