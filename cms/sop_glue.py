"""Project glue the SOP engine reaches through settings (sop_workflow/conf.py)."""


def institution_name(request):
    """The control sheet's institution: the site setting the office edits."""
    from home.models import SiteSettings

    return SiteSettings.for_request(request).nama_instansi
