from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import JenisPeraturan


class JenisPeraturanViewSet(SnippetViewSet):
    model = JenisPeraturan
    icon = "list-ul"
    menu_label = "Jenis peraturan"
    list_display = ["nama", "singkatan", "urutan"]
    search_fields = ["nama", "singkatan"]
    ordering = ["urutan", "nama"]


register_snippet(JenisPeraturanViewSet)
