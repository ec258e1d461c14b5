"""StreamField blocks for the body of Berita and Pengumuman, and for attachments."""

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from home.validators import validate_rich_text_links

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class GambarBlock(blocks.StructBlock):
    """A photo inside a story, with its alt text and caption."""

    gambar = ImageChooserBlock(label="gambar")
    alt = blocks.CharBlock(
        label="teks alternatif",
        required=False,
        max_length=255,
        help_text="Apa yang tampak pada gambar, untuk pembaca layar. Kosongkan untuk memakai deskripsi gambar.",
    )
    keterangan = blocks.CharBlock(label="keterangan", required=False, max_length=500)

    class Meta:
        icon = "image"
        label = "Gambar"
        template = "blocks/gambar_block.html"
        description = "Foto dengan keterangan"
        preview_value = {"alt": "", "keterangan": "Rapat pleno terbuka KPU Provinsi Banten."}


class KutipanBlock(blocks.StructBlock):
    """A quotation from a source (a commissioner, a witness), with attribution."""

    teks = blocks.TextBlock(label="kutipan")
    sumber = blocks.CharBlock(label="sumber kutipan", required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = "Kutipan"
        template = "blocks/kutipan_block.html"
        description = "Kutipan langsung dari narasumber"
        preview_value = {
            "teks": "Seluruh tahapan berjalan sesuai jadwal.",
            "sumber": "Ketua KPU Provinsi Banten",
        }


class DokumenBlock(blocks.StructBlock):
    """A document from the library, linked with its type and size."""

    dokumen = DocumentChooserBlock(label="dokumen")
    judul = blocks.CharBlock(
        label="judul tampilan",
        required=False,
        max_length=255,
        help_text="Kosongkan untuk memakai judul dokumen.",
    )

    class Meta:
        icon = "doc-full"
        label = "Dokumen"
        template = "blocks/dokumen_block.html"
        description = "Tautan unduhan dokumen"
        preview_value = {"judul": "Salinan keputusan (PDF)"}


class TabelBlock(TableBlock):
    """A simple data table (results, schedules)."""

    class Meta:
        icon = "table"
        label = "Tabel"
        template = "blocks/tabel_block.html"
        description = "Tabel data sederhana"


class BaseStreamBlock(blocks.StreamBlock):
    """The blocks every story body may use."""

    paragraf = blocks.RichTextBlock(
        label="Paragraf",
        features=RICH_TEXT_FEATURES,
        validators=[validate_rich_text_links],
        icon="pilcrow",
        template="blocks/paragraf_block.html",
        description="Teks berformat",
        preview_value="<p>Komisi Pemilihan Umum Provinsi Banten menggelar rapat koordinasi.</p>",
    )
    gambar = GambarBlock()
    kutipan = KutipanBlock()
    dokumen = DokumenBlock()
    tabel = TabelBlock()


class LampiranStreamBlock(blocks.StreamBlock):
    """The ordered attachments of a publication."""

    lampiran = DokumenBlock(label="Lampiran")
