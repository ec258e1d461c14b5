"""Malformed input the admin's own scripts never send answers 400 with a clear message, not 500.

Draftail (Wagtail's rich-text editor) posts its content as JSON ("contentstate"); Wagtail turns
it into HTML with ``json.loads`` and a converter, so a field posted as anything else (a forged
or broken request, a script that lost its editor) raised JSONDecodeError or a TypeError deep in
the converter: the generic 500. Here every such failure of a rich-text field, a page field or
a block of a StreamField, becomes :class:`BadInput`, which Django answers with the 400 handler
below before anything is saved (the value is read while the form is validated).
"""

import logging

from django.core.exceptions import BadRequest
from django.http import HttpResponse, JsonResponse
from django.template import loader

logger = logging.getLogger(__name__)

CONVERTER_ERRORS = (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError)


class BadInput(BadRequest):
    """A request the user can be told about: its message is shown on the 400 page."""


def _draftail_value_from_datadict(original):
    def value_from_datadict(self, data, files, name):
        try:
            return original(self, data, files, name)
        except CONVERTER_ERRORS as error:
            logger.warning("Isian teks kaya %s tidak dapat dibaca: %s: %s", name, type(error).__name__, error)
            field = name.split("-", 1)[0][:60]  # "isi" of a StreamField's "isi-0-value"
            raise BadInput(
                f"Isi kolom teks “{field}” yang terkirim tidak dapat dibaca: bukan format editor teks. "
                "Muat ulang halaman penyunting, lalu simpan lagi."
            ) from None

    value_from_datadict.terbit_guarded = True
    return value_from_datadict


def install():
    """Wrap Draftail's reading of a posted value (idempotent; called from home/apps.py)."""
    from wagtail.admin.rich_text.editors.draftail import DraftailRichTextArea

    current = DraftailRichTextArea.value_from_datadict
    if not getattr(current, "terbit_guarded", False):
        DraftailRichTextArea.value_from_datadict = _draftail_value_from_datadict(current)


def bad_request(request, exception=None):
    """The 400 page (cms/urls.py ``handler400``): the message of a :class:`BadInput`, otherwise
    a general one. A script's request (``fetch``/XHR asking for JSON) gets the message as JSON."""
    if isinstance(exception, BadInput) and exception.args:
        message = str(exception.args[0])
    else:
        message = "Permintaan ini tidak dapat diproses karena isinya tidak lengkap atau tidak sesuai format."
    wants_json = "application/json" in request.headers.get("accept", "") or (
        request.headers.get("x-requested-with") == "XMLHttpRequest"
    )
    if wants_json:
        return JsonResponse({"success": False, "error_message": message}, status=400)
    return HttpResponse(loader.render_to_string("400.html", {"message": message}), status=400)
