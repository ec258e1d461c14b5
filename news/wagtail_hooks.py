from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.file_privacy import MAY_OPEN_UNPUBLISHED_HOOK
from sop_workflow.roles import KABAG, KASUBAG, WEB_ADMIN, group_names

from . import status_relasi
from .models import JenisPeraturan

# Who may open an unpublished file (a draft's attachment or photo) besides its uploader: the
# SOP's reviewers and the Web Admin, who see every draft (home/file_privacy.py).
STAFF_GROUPS = frozenset((KABAG, KASUBAG, WEB_ADMIN))


@hooks.register(MAY_OPEN_UNPUBLISHED_HOOK)
def reviewers_open_unpublished_files(user, item):
    return bool(group_names(user) & STAFF_GROUPS)


class JenisPeraturanViewSet(SnippetViewSet):
    model = JenisPeraturan
    icon = "list-ul"
    menu_label = "Jenis peraturan"
    list_display = ["nama", "singkatan", "urutan"]
    search_fields = ["nama", "singkatan"]
    ordering = ["urutan", "nama"]


register_snippet(JenisPeraturanViewSet)


@hooks.register("register_admin_viewset")
def register_ppid_viewsets():
    from .dip_admin import PPIDViewSetGroup

    return PPIDViewSetGroup()


# "Status menjadi Tidak berlaku …" / "Status dipulihkan …" in a regulation's history.
hooks.register("register_log_actions", status_relasi.register_log_actions)
