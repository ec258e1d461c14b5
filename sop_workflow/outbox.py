"""The outbox: notifications never break an action and are never lost.

Every email the system sends is first written as an ``OutgoingMail`` row, in the transaction of
the action that causes it (an approval, a submission, a publication, a reminder's claim): it
exists if and only if the action committed. Delivery comes after:

- once at once, after the commit (``transaction.on_commit``), never raising into the request:
  with the mail server down the action still answers as usual, the message waits;
- then by ``manage.py send_outbox`` (cron, every minute; one run at a time), which retries what
  failed with a growing pause (1, 2, 4 ... minutes, at most an hour), forever: a message is
  delivered when the server returns, or an administrator deletes it.

A message is claimed before it is sent (``diklaim_sampai``, a lease), so the request's own
attempt and a cron run never send it twice; a sender that died mid-way leaves its lease to
expire, and the message is tried again. Administrators see the queue in Pengaturan -> Surat
keluar sistem, and a dashboard warning when messages keep failing (``FAILING_AFTER`` attempts).

The SOP's notifications (``mail.notify``) use the outbox directly. With
``EMAIL_BACKEND = "sop_workflow.outbox.OutboxBackend"`` (the default of cms/settings/base.py)
every other email does too: Wagtail's comment notifications, Django's password reset. The real
delivery then goes through ``OUTBOX_DELIVERY_BACKEND`` (SMTP). When EMAIL_BACKEND is another
backend (the console in development, locmem in tests) the outbox delivers through that one.
"""

import datetime
import functools
import logging
import smtplib
import socket

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)

OUTBOX_BACKEND = "sop_workflow.outbox.OutboxBackend"
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
LEASE = datetime.timedelta(minutes=10)  # longer than any one SMTP exchange (EMAIL_TIMEOUT)
FAILING_AFTER = 3  # attempts: from then on administrators are warned
MAX_PAUSE = datetime.timedelta(hours=1)
RECENT_FAILURE = datetime.timedelta(seconds=60)  # the server failed this recently: leave it to cron
KEEP_SENT = datetime.timedelta(days=30)
# The server is unreachable: trying the next message now would only wait for the same timeout.
# (Every SMTP error is an OSError; a refused recipient is not one of these.)
CONNECTION_ERRORS = (
    smtplib.SMTPConnectError,
    smtplib.SMTPServerDisconnected,
    ConnectionError,
    TimeoutError,
    socket.gaierror,
)


def outgoing_mail_model():
    from .models import OutgoingMail

    return OutgoingMail


def delivery_backend():
    if settings.EMAIL_BACKEND == OUTBOX_BACKEND:
        return getattr(settings, "OUTBOX_DELIVERY_BACKEND", SMTP_BACKEND)
    return settings.EMAIL_BACKEND


def is_default_backend():
    """True when every email of Django and Wagtail already goes through the outbox."""
    return settings.EMAIL_BACKEND == OUTBOX_BACKEND


def _html_of(message):
    for alternative in getattr(message, "alternatives", ()) or ():
        content, mimetype = alternative[0], alternative[1]
        if mimetype == "text/html":
            return str(content)
    return ""


def enqueue(messages, jenis=""):
    """Write the messages to the outbox in the current transaction; deliver them after it
    commits. Returns their ids."""
    OutgoingMail = outgoing_mail_model()
    ids = []
    with transaction.atomic():
        for message in messages:
            if getattr(message, "attachments", None):
                logger.warning("Outbox: attachments of %r are not kept", message.subject)
            ids.append(
                OutgoingMail.objects.create(
                    jenis=jenis[:100],
                    pengirim=message.from_email or settings.DEFAULT_FROM_EMAIL,
                    penerima=list(message.to),
                    tembusan=list(message.cc),
                    tembusan_rahasia=list(message.bcc),
                    balas_ke=list(message.reply_to),
                    header={str(key): str(value) for key, value in (message.extra_headers or {}).items()},
                    subjek=str(message.subject),
                    isi=str(message.body),
                    isi_html=_html_of(message),
                ).pk
            )
        if ids:
            transaction.on_commit(functools.partial(deliver_after_commit, ids), robust=True)
    return ids


class OutboxBackend(BaseEmailBackend):
    """An email backend that writes to the outbox (set as EMAIL_BACKEND in production)."""

    def __init__(self, fail_silently=False, jenis="", **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.jenis = jenis

    def send_messages(self, email_messages):
        email_messages = list(email_messages or [])
        if not email_messages:
            return 0
        enqueue(email_messages, jenis=self.jenis or _guess_kind(email_messages[0]))
        return len(email_messages)


def _guess_kind(message):
    return str(message.subject)[:100]


def deliver_after_commit(ids):
    """The immediate attempt, after the action's commit: never raises."""
    try:
        if recently_failing():
            return  # the server failed a moment ago: cron's send_outbox retries
        deliver(ids=ids)
    except Exception:
        logger.exception("Outbox: immediate delivery of %s failed; send_outbox retries", ids)


def recently_failing(now=None):
    now = now or timezone.now()
    return (
        outgoing_mail_model()
        .objects.filter(
            terkirim_pada__isnull=True, percobaan__gt=0, percobaan_terakhir__gte=now - RECENT_FAILURE
        )
        .exclude(galat_terakhir="")
        .exists()
    )


def _unclaimed(now):
    return Q(diklaim_sampai__isnull=True) | Q(diklaim_sampai__lt=now)


def due(now=None):
    now = now or timezone.now()
    return (
        outgoing_mail_model()
        .objects.filter(terkirim_pada__isnull=True, coba_lagi_pada__lte=now)
        .filter(_unclaimed(now))
        .order_by("coba_lagi_pada", "pk")
    )


def _claim(pk):
    """Take the message for this sender; None when it was sent or is being sent by another."""
    OutgoingMail = outgoing_mail_model()
    now = timezone.now()
    claimed = (
        OutgoingMail.objects.filter(pk=pk, terkirim_pada__isnull=True)
        .filter(_unclaimed(now))
        .update(diklaim_sampai=now + LEASE, percobaan=F("percobaan") + 1, percobaan_terakhir=now)
    )
    return OutgoingMail.objects.get(pk=pk) if claimed else None


def pause_after(attempts):
    return min(datetime.timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_PAUSE)


def _as_message(row, connection):
    message = EmailMultiAlternatives(
        subject=row.subjek,
        body=row.isi,
        from_email=row.pengirim or None,
        to=row.penerima,
        cc=row.tembusan,
        bcc=row.tembusan_rahasia,
        reply_to=row.balas_ke,
        headers=row.header,
        connection=connection,
    )
    if row.isi_html:
        message.attach_alternative(row.isi_html, "text/html")
    return message


def _record_failure(row, error):
    now = timezone.now()
    outgoing_mail_model().objects.filter(pk=row.pk).update(
        diklaim_sampai=None,
        galat_terakhir=f"{type(error).__name__}: {error}"[:2000] or type(error).__name__,
        coba_lagi_pada=now + pause_after(row.percobaan),
    )
    logger.warning(
        "Outbox: message %s to %s failed (attempt %s): %s", row.pk, row.penerima, row.percobaan, error
    )


def _close(connection):
    if connection is not None:
        try:
            connection.close()
        except Exception:  # a dead connection may fail to close; it is dropped either way
            logger.debug("Outbox: closing the mail connection failed", exc_info=True)


def deliver(ids=None, limit=500):
    """Send what is due (of ``ids`` only, when given). Returns (sent, failed); never raises for a
    message that cannot be sent: it records the error and the time of the next attempt."""
    queue = due()
    if ids is not None:
        queue = queue.filter(pk__in=ids)
    pks = list(queue.values_list("pk", flat=True)[:limit])
    sent = failed = 0
    connection = None
    try:
        for pk in pks:
            row = _claim(pk)
            if row is None:
                continue
            opening = connection is None
            try:
                if opening:
                    connection = get_connection(delivery_backend(), fail_silently=False)
                    connection.open()
                    opening = False
                connection.send_messages([_as_message(row, connection)])
            except Exception as error:
                _record_failure(row, error)
                failed += 1
                _close(connection)
                connection = None
                if opening or isinstance(error, CONNECTION_ERRORS):
                    break  # the server is unreachable: the others wait for the next run
            else:
                outgoing_mail_model().objects.filter(pk=pk).update(
                    terkirim_pada=timezone.now(), diklaim_sampai=None
                )
                sent += 1
    finally:
        _close(connection)
    return sent, failed


def failing():
    """Messages not delivered after FAILING_AFTER attempts or more."""
    return outgoing_mail_model().objects.filter(terkirim_pada__isnull=True, percobaan__gte=FAILING_AFTER)


def waiting():
    return outgoing_mail_model().objects.filter(terkirim_pada__isnull=True)


def purge_sent(now=None):
    now = now or timezone.now()
    deleted, _ = outgoing_mail_model().objects.filter(terkirim_pada__lt=now - KEEP_SENT).delete()
    return deleted
