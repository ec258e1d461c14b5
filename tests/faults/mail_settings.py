"""The test settings with production's mail path, for ``manage.py`` processes of the fault tests:
every email through the outbox (sop_workflow/outbox.py), delivered by the backend named in the
environment's EMAIL_BACKEND (SMTP) to EMAIL_HOST/EMAIL_PORT (cms/settings/base.py reads them)."""

from cms.settings.test import *  # noqa: F403

EMAIL_BACKEND = "sop_workflow.outbox.OutboxBackend"
