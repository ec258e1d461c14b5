"""A Peraturan's status follows its relations (issue 21 item 2, as BPHN's ILDIS does).

The model
---------
``PeraturanPage.status`` stays the one stored column every reader uses (the listing filter,
search, the JDIH feed, JSON-LD, the DIP, the API): the *effective* status. It is typed by the
editor only while no live regulation revokes the page. Relation-driven state lives in three
more columns that no form offers (``editable=False``):

- ``dicabut_oleh``: the live regulation that revokes this one fully (``mencabut``);
- ``status_sejak``: the date it stopped being in force: the revoking regulation's *tanggal
  pengundangan*, or its *tanggal penetapan* when it has none (a Keputusan takes effect when it
  is signed; a Peraturan when it is promulgated: UU 12/2011 Pasal 87). Not the publication
  date on the website: the website reports the law, it does not make it;
- ``status_sebelum_dicabut``: the status the editor had set, restored when the revocation goes.

**Derivation** (``sync``) is the only writer of these columns. The revoker is the earliest
(by tanggal penetapan) *live* regulation whose *published* relations say ``mencabut`` this page
(a live page's relation rows are those of its live revision: Wagtail saves them on publish;
a draft's relations count for nothing). It runs:

- when a Peraturan is published (``page_published``, sent inside the SOP's last step, under
  the page's lock and the publication's transaction) for every page it relates to and every
  page it revoked before (a relation removed or changed in the new version), and for the
  published page itself (so an old revision published again cannot bring back a stale status);
- when a Peraturan is withdrawn (``page_unpublished``) for the pages it revoked.

Each change is one ``UPDATE`` of the target (no revision, no workflow run for it), a
``PageLogEntry`` in the same transaction (``news.status_dicabut`` / ``news.status_dipulihkan``,
shown in the target's history in Indonesian), the search index refreshed, and the page cache
purged after COMMIT for the target, its listing, the pages that show it and the registers
(``home.page_cache_signals.on_page_change``). The target's ``last_published_at`` moves to the
moment of the change: its public version changed, and every consumer keys "the version of a
page" on (live revision, last publication): kept listing rows and JDIH records, the feed's
``last_updated`` and ``?since``, Atom's ``updated``. Its live revision stays the same.

**Old revisions.** A revision stores every column, the derived ones too. ``preserve`` (called
from ``PeraturanPage.with_content_json``, which Wagtail uses to open the editor, preview and
publish a revision) keeps the page's current derived columns instead of the revision's, and the
status too while the page is revoked: the editor sees the status it has now, read-only with the
reason (``PeraturanPageForm``), and publishing any revision leaves the derived state as it is.

**Refusal.** A relation that changes, revokes or partly revokes a regulation already revoked by
another one is refused by ``PeraturanPageForm`` ("… sudah dicabut oleh … sejak …"), as ILDIS
refuses it, whatever the regulations' dates; relations saved before the revocation stay valid.
A target revoked by another
regulation while a draft that relates to it was in review refuses that draft's approval with
the same reason (``publication_refusal``, a publish blocker of the SOP engine's registry).
"""

from django.db import transaction
from django.utils import formats, timezone

from .models.choices import StatusBerlaku

DERIVED_FIELDS = ("dicabut_oleh_id", "status_sejak", "status_sebelum_dicabut")  # no form offers them
LOG_DICABUT = "news.status_dicabut"
LOG_DIPULIHKAN = "news.status_dipulihkan"


def tanggal(value):
    return formats.date_format(value, "j F Y") if value else ""


def effective_date(revoker):
    """The day a revocation takes effect (see the module's docstring)."""
    return revoker.tanggal_pengundangan or revoker.tanggal_penetapan


def revoker_of(page):
    """The live regulation that fully revokes ``page`` (the earliest), or None."""
    from .models import PeraturanPage, PeraturanRelasi

    return (
        PeraturanPage.objects.live()
        .filter(relasi_keluar__target=page, relasi_keluar__jenis=PeraturanRelasi.Jenis.MENCABUT)
        .exclude(pk=page.pk)
        .order_by("tanggal_penetapan", "pk")
        .first()
    )


def refusal(target, page):
    """Why ``page`` may not take a new relation to ``target``, or None: ``target`` is revoked by
    another regulation (as ILDIS refuses it, whatever the dates: to enter history late, enter it
    in its order, or withdraw the revoking regulation first)."""
    if target.dicabut_oleh_id is None or target.dicabut_oleh_id == page.pk:
        return None
    return (
        f"{target.title} sudah dicabut oleh {target.dicabut_oleh.title} sejak {tanggal(target.status_sejak)}: "
        "peraturan yang sudah dicabut tidak dapat diubah atau dicabut lagi."
    )


def publication_refusal(page):
    """A publish blocker (sop_workflow/registry.py, checked at every approval): the version to
    publish relates anew to a regulation that another one revoked meanwhile (after the editor
    accepted the relation). Relations its live version already has stay valid."""
    from .models import PeraturanPage, PeraturanRelasi

    if not isinstance(page, PeraturanPage) or page.pk is None:
        return None
    published = (
        set(PeraturanRelasi.objects.filter(page_id=page.pk).values_list("target_id", "jenis"))
        if page.live
        else set()
    )
    new = {r.target_id for r in page.relasi_keluar.all() if (r.target_id, r.jenis) not in published}
    for target in PeraturanPage.objects.filter(pk__in=new, dicabut_oleh__isnull=False).select_related(
        "dicabut_oleh"
    ):
        message = refusal(target, page)
        if message:
            return message
    return None


def editor_note(page):
    """The read-only status's explanation in the editor, or "" when the editor sets it."""
    if page.dicabut_oleh_id is None:
        return ""
    return (
        f"Tidak berlaku sejak {tanggal(page.status_sejak)}: dicabut oleh {page.dicabut_oleh.title}. "
        "Status ini mengikuti relasi peraturan dan tidak dapat diubah di sini; bila peraturan "
        "pencabut ditarik dari publikasi, status kembali seperti sebelumnya."
    )


def preserve(current, obj):
    """``obj`` (a revision's content) with ``current``'s derived state (see the docstring)."""
    if current.pk is None:
        return obj
    if obj.dicabut_oleh_id and not current.dicabut_oleh_id:
        # Saved while revoked, the revocation has gone since: the editor's status is the one kept.
        obj.status = obj.status_sebelum_dicabut or StatusBerlaku.BERLAKU
    if current.dicabut_oleh_id:
        obj.status = current.status
    for name in DERIVED_FIELDS:
        setattr(obj, name, getattr(current, name))
    return obj


def sync(page_id):
    """Derive one page's relation-driven status; write, log and purge only when it changes.

    Returns the change's log action, or None."""
    from sop_workflow.review import lock_page

    from .models import PeraturanPage

    with transaction.atomic():
        lock_page(page_id)
        page = PeraturanPage.objects.select_related("dicabut_oleh").get(pk=page_id)
        revoker = revoker_of(page)
        if revoker is not None:
            since = effective_date(revoker)
            if (page.dicabut_oleh_id, page.status_sejak, page.status) == (
                revoker.pk,
                since,
                StatusBerlaku.TIDAK_BERLAKU,
            ):
                return None
            before = page.status_sebelum_dicabut if page.dicabut_oleh_id else page.status
            values = {
                "status": StatusBerlaku.TIDAK_BERLAKU,
                "dicabut_oleh": revoker,
                "status_sejak": since,
                "status_sebelum_dicabut": before,
            }
            action = LOG_DICABUT
            data = {"oleh": revoker.title, "oleh_id": revoker.pk, "sejak": since.isoformat()}
        elif page.dicabut_oleh_id is not None:
            old = page.dicabut_oleh
            values = {
                "status": page.status_sebelum_dicabut or StatusBerlaku.BERLAKU,
                "dicabut_oleh": None,
                "status_sejak": None,
                "status_sebelum_dicabut": "",
            }
            action = LOG_DIPULIHKAN
            data = {
                "oleh": old.title,
                "oleh_id": old.pk,
                "sebab": "ditarik" if not old.live else "relasi",
                "status": StatusBerlaku(values["status"]).label,
            }
        else:
            return None
        if page.live:
            values["last_published_at"] = timezone.now()  # its public version changed
        PeraturanPage.objects.filter(pk=page.pk).update(**values)
        page.refresh_from_db()
        _record(page, action, data)
    return action


def _record(page, action, data):
    from wagtail.log_actions import log
    from wagtail.search import index

    from home.page_cache_signals import on_page_change

    log(instance=page, action=action, data=data)
    index.insert_or_update_object(page)
    on_page_change(sender=type(page), instance=page)  # purges after COMMIT


def affected_by(page):
    """The pages whose status may change when ``page`` is published or withdrawn."""
    from .models import PeraturanPage, PeraturanRelasi

    targets = set(PeraturanRelasi.objects.filter(page=page).values_list("target_id", flat=True))
    targets |= set(PeraturanPage.objects.filter(dicabut_oleh=page).values_list("pk", flat=True))
    targets.discard(page.pk)
    return sorted(targets)


def on_published(sender, instance, **kwargs):
    for page_id in affected_by(instance):
        sync(page_id)
    sync(instance.pk)


def on_unpublished(sender, instance, **kwargs):
    for page_id in affected_by(instance):
        sync(page_id)


def connect():
    from wagtail.signals import page_published, page_unpublished

    from .models import PeraturanPage

    page_published.connect(on_published, sender=PeraturanPage, dispatch_uid="news_status_relasi_published")
    page_unpublished.connect(
        on_unpublished, sender=PeraturanPage, dispatch_uid="news_status_relasi_unpublished"
    )


def register_log_actions(actions):
    """Wagtail's ``register_log_actions`` hook (news/wagtail_hooks.py)."""
    from wagtail.log_actions import LogFormatter

    @actions.register_action(LOG_DICABUT)
    class DicabutFormatter(LogFormatter):
        label = "Status: dicabut"

        def format_message(self, log_entry):
            data = log_entry.data
            since = tanggal(_date(data.get("sejak")))
            return f"Status menjadi Tidak berlaku sejak {since}: dicabut oleh {data.get('oleh', '')}"

    @actions.register_action(LOG_DIPULIHKAN)
    class DipulihkanFormatter(LogFormatter):
        label = "Status: dipulihkan"

        def format_message(self, log_entry):
            data = log_entry.data
            sebab = "ditarik dari publikasi" if data.get("sebab") == "ditarik" else "tidak lagi mencabutnya"
            return f"Status dipulihkan menjadi {data.get('status', '')}: {data.get('oleh', '')} {sebab}"


def _date(iso):
    import datetime

    try:
        return datetime.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return None
