"""When a library file (document or image) is public: nothing is public before it is published.

The rule
--------
A document or image is **public** when a *live* page that anyone may view (not in a section
with a page view restriction) uses it, and its collection has no view restriction of its own.
"Uses" is Wagtail's reference index (the "Penggunaan" tab of a file): a page's lampiran, a
document or image block, a document link in rich text, a Berita's gambar utama.

Everything else is unpublished: a file uploaded while drafting (through the chooser's upload tab
or the Dokumen / Gambar library, into any collection), a file of a draft still in review, a
file whose only page was withdrawn, the copies of a register entry's letters that are offered
to the writer as references (sop_workflow/intake.py). Nothing else makes a file public:
collections cannot, because every writer may add files into every collection (the SOP's
permissions are granted on the root collection and Wagtail inherits them downwards), so a
"public collection" would let a draft's file out before the SOP's approval. A file meant for
the public goes out as a lampiran of a page, through the SOP like everything else.

What follows from it
--------------------
- ``/dokumen/<id>/<name>``: an unpublished document answers **404** to anonymous visitors and
  to staff who have no business with it (the same answer as a document that does not exist,
  so its existence is not leaked). Its uploader, Kasubag, Kabag, Web Admin and superusers can
  still open it, to check the draft in the preview (a restricted collection, such as the
  register's copies, then applies its own group rule on top, as Wagtail does).
- ``/api/v2/documents/`` lists, and opens, only public documents (news/api.py). Images have
  no public API endpoint.
- Publication and withdrawal take effect at once: Wagtail updates the reference index when
  the page is saved as live or not live, in the same transaction; document downloads are
  never stored by the page cache, and the API's listing is purged by every publication and
  withdrawal (home/page_cache_signals.py).
- Image files (originals and renditions) and document files are written under MEDIA_ROOT;
  Django serves documents only through the checked view above. The web server must serve
  only the renditions (``/media/images/``), never ``/media/documents/`` (it would bypass the
  check) nor ``/media/original_images/`` (a draft's photo sits there from the moment it is
  uploaded, under the name it was uploaded with, at full size with its EXIF location):
  docs/deploy.md, section nginx.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, IntegerField, Q
from django.db.models.functions import Cast
from django.http import Http404
from wagtail import hooks
from wagtail.models import Collection, CollectionViewRestriction, Page, ReferenceIndex

# Who else may open an unpublished file besides its uploader (and superusers): whoever a
# function registered under this hook says (news/wagtail_hooks.py: the SOP's reviewers and the
# Web Admin, who see every draft). Each is called as fn(user, item) and answers True or False.
MAY_OPEN_UNPUBLISHED_HOOK = "may_open_unpublished_file"


def _page_references(model):
    """References from pages to ``model``'s files."""
    return ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(model),
        base_content_type=ContentType.objects.get_for_model(Page),
    )


def _restricted_collections():
    """Collections with a view restriction, and their descendants (which it covers too)."""
    paths = CollectionViewRestriction.objects.values_list("collection__path", flat=True)
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    if not condition:
        return Collection.objects.none().values("pk")
    return Collection.objects.filter(condition).values("pk")


def public_files(queryset):
    """The public files of a queryset of documents or images (see the rule above)."""
    public_pages = Page.objects.live().public().annotate(key=Cast("pk", CharField())).values("key")
    used = (
        _page_references(queryset.model)
        .filter(object_id__in=public_pages)
        .annotate(target=Cast("to_object_id", IntegerField()))
        .values("target")
    )
    return queryset.exclude(collection_id__in=_restricted_collections()).filter(id__in=used)


def is_public(item):
    """Whether one document or image is public (see the rule above): the pages that use it are
    found first (usually a few), then whether one of them is live and public."""
    if item.collection.get_view_restrictions().exists():
        return False
    page_ids = (
        _page_references(type(item)).filter(to_object_id=str(item.pk)).values_list("object_id", flat=True)
    )
    page_ids = [int(pk) for pk in page_ids]
    return bool(page_ids) and Page.objects.live().public().filter(pk__in=page_ids).exists()


def may_open_unpublished(user, item):
    """The uploader, superusers and whom the hook names (the SOP's reviewers, the Web Admin):
    to check a draft."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or (item.uploaded_by_user_id and item.uploaded_by_user_id == user.pk):
        return True
    return any(rule(user, item) for rule in hooks.get_hooks(MAY_OPEN_UNPUBLISHED_HOOK))


@hooks.register("before_serve_document", order=-100)
def hide_unpublished_documents(document, request):
    """Before Wagtail's own check of collection restrictions: an unpublished document does not
    exist for anyone who may not open it (404, not a login page that confirms it exists)."""
    if may_open_unpublished(request.user, document) or is_public(document):
        return None
    raise Http404("Dokumen tidak ditemukan.")
