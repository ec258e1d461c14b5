"""Labels Wagtail leaves out, so that its templates print the field's name in English.

Wagtail 8.0.1's link choosers (rich text: "Tautan eksternal", email, telephone, anchor) declare
most fields without a label; Django then shows the field name ("Link text", "Email address",
"Phone number"). They get Indonesian labels here, once, at start-up (users/apps.py).
"""

LABELS = {
    "ExternalLinkChooserForm": {"link_text": "Teks tautan"},
    "AnchorLinkChooserForm": {"link_text": "Teks tautan"},
    "EmailLinkChooserForm": {
        "email_address": "Alamat email",
        "link_text": "Teks tautan",
        "subject": "Subjek",
        "body": "Isi pesan",
    },
    "PhoneLinkChooserForm": {"phone_number": "Nomor telepon", "link_text": "Teks tautan"},
}


def install():
    from wagtail.admin.forms import choosers

    for form_name, labels in LABELS.items():
        fields = getattr(choosers, form_name).base_fields
        for field_name, label in labels.items():
            fields[field_name].label = label
