"""Bulk inserts for the bench seeders (import after Django is set up on the bench database)."""

from wagtail.models import Page


def insert_pages(model, listing, pages, batch_size=500):
    """Insert unsaved ``pages`` of ``model`` (their ``path``, ``depth``, ``url_path`` set under
    ``listing``) in batches: the ``Page`` rows with ``bulk_create``, then the type's own rows with
    the ids the database gave; ``listing.numchild`` grows by their number."""
    page_fields = list(Page._meta.local_concrete_fields)
    own_fields = list(model._meta.local_concrete_fields)
    for batch in range(0, len(pages), batch_size):
        chunk = pages[batch : batch + batch_size]
        Page.objects.bulk_create(
            [Page(**{f.attname: getattr(p, f.attname) for f in page_fields}) for p in chunk]
        )
        ids = dict(Page.objects.filter(path__in=[p.path for p in chunk]).values_list("path", "pk"))
        for page in chunk:
            page.pk = page.id = page.page_ptr_id = ids[page.path]
        model._base_manager._insert(chunk, fields=own_fields, raw=True)
    Page.objects.filter(pk=listing.pk).update(numchild=listing.numchild + len(pages))
