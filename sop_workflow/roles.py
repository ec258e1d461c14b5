"""The SOP's roles as Django groups, and what each may do in the admin.

``ensure_roles`` is idempotent: ``manage.py setup_sop`` (run by ``make run`` and on every
deployment) calls it. No group holds the publish permission: publishing happens only when the
Web Admin step of the workflow approves (sop_workflow/models.py).
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

KABAG = "Kabag"
KASUBAG = "Kasubag"
PENULIS = "Penulis"
WEB_ADMIN = "Web Admin"
SEKRETARIS = "Sekretaris"

ROLES = {
    KABAG: "Kepala Bagian Hukum, Teknis dan Hupmas",
    KASUBAG: "Kepala Sub Bagian Teknis dan Hupmas",
    PENULIS: "Fungsional Umum / Tim Penulis Artikel Website",
    WEB_ADMIN: "Web Admin",
    # Approved the SOP; receives escalations from Kabag (settings.SOP_ATASAN) and reads the
    # register and the publication records.
    SEKRETARIS: "Sekretaris (pimpinan sekretariat, atasan Kabag)",
}

# Page permissions on each of the six listings (and so on every item beneath it). Kabag needs
# none: the workflow opens the editor and preview to the group of the step under review.
PAGE_PERMISSIONS = {
    PENULIS: ["add_page"],
    KASUBAG: ["add_page", "change_page"],
    KABAG: [],
    WEB_ADMIN: ["add_page", "change_page"],
    SEKRETARIS: [],
}

# Image and document library, on the root collection.
COLLECTION_PERMISSIONS = {
    PENULIS: ["add", "choose"],
    KASUBAG: ["add", "change", "choose"],
    KABAG: ["choose"],
    WEB_ADMIN: ["add", "change", "choose", "delete"],
    SEKRETARIS: [],
}


# Other model permissions. The register of incoming material (steps 1-2): Kabag registers and
# assigns; everyone reads it, writers only their own assignments (SuratMasuk.objects.visible_to).
# The SOP's supervisors and Web Admin read the publication records.
MODEL_PERMISSIONS = {
    PENULIS: [("sop_workflow", "view_suratmasuk")],
    KASUBAG: [("sop_workflow", "view_publicationrecord"), ("sop_workflow", "view_suratmasuk")],
    KABAG: [
        ("sop_workflow", "view_publicationrecord"),
        ("sop_workflow", "view_suratmasuk"),
        ("sop_workflow", "add_suratmasuk"),
        ("sop_workflow", "change_suratmasuk"),
        # the office calendar (cuti bersama are set by decree each year)
        ("sop_workflow", "view_harilibur"),
        ("sop_workflow", "add_harilibur"),
        ("sop_workflow", "change_harilibur"),
        ("sop_workflow", "delete_harilibur"),
    ],
    WEB_ADMIN: [
        ("sop_workflow", "view_publicationrecord"),
        ("sop_workflow", "view_suratmasuk"),
        # reads the office calendar its due times follow (Kabag keeps it)
        ("sop_workflow", "view_harilibur"),
    ],
    SEKRETARIS: [("sop_workflow", "view_publicationrecord"), ("sop_workflow", "view_suratmasuk")],
}


def group_names(user):
    """The names of the user's groups, in one query, remembered on the user for the request.

    The dashboard, the menu and the register each ask which role someone holds; one query answers
    them all. (Django remembers permissions on the user the same way.)
    """
    cached = getattr(user, "_sop_group_names", None)
    if cached is None:
        cached = frozenset()
        if user.is_authenticated:
            cached = frozenset(user.groups.values_list("name", flat=True))
        user._sop_group_names = cached
    return cached


def user_label(user):
    """How a person is named on screens, emails and the archive: full name, else username."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_roles(listings):
    """Create the four groups and grant their permissions on ``listings``; return the groups."""
    access_admin = _permission("wagtailadmin", "access_admin")
    root_collection = Collection.get_first_root_node()
    # Wagtail checks custom image/document models against the base models' permissions.
    media_models = [("wagtailimages", "image"), ("wagtaildocs", "document")]
    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    groups = {}
    for name in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for app_label, codename in MODEL_PERMISSIONS[name]:
            group.permissions.add(_permission(app_label, codename))
        for app_label, model_name in media_models:
            for action in COLLECTION_PERMISSIONS[name]:
                permission = _permission(app_label, f"{action}_{model_name}")
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
        wanted = Permission.objects.filter(content_type=page_type, codename__in=PAGE_PERMISSIONS[name])
        for listing in listings:
            for permission in wanted:
                GroupPagePermission.objects.get_or_create(group=group, page=listing, permission=permission)
        # Converge: a permission granted by an earlier version (e.g. publish) is taken away.
        GroupPagePermission.objects.filter(group=group, page__in=list(listings)).exclude(
            permission__in=wanted
        ).delete()
        groups[name] = group
    return groups
