"""The two workflows of the SOP and which material type follows which (idempotent)."""

from django.contrib.auth.models import Group
from wagtail.models import Workflow, WorkflowTask

from . import registry
from .models import AlurJenisPublikasi, PemeriksaanKasubagTask, PenerbitanWebAdminTask, PersetujuanKabagTask
from .roles import KABAG, KASUBAG, WEB_ADMIN

WORKFLOW_SOP = "SOP Penerbitan Informasi"
WORKFLOW_BERITA = "SOP Berita KPU"

# The names carry the SOP step: the dashboard and the moderation reports show the task name.
TASK_KASUBAG = "Pemeriksaan Kasubag (langkah 4)"
TASK_KABAG = "Persetujuan Kabag (langkah 5)"
TASK_WEB_ADMIN = "Penerbitan Web Admin (langkah 6-7)"

TASKS = (
    (PemeriksaanKasubagTask, TASK_KASUBAG, KASUBAG),
    (PersetujuanKabagTask, TASK_KABAG, KABAG),
    (PenerbitanWebAdminTask, TASK_WEB_ADMIN, WEB_ADMIN),
)


def _task(model, name, group_name):
    task = model.objects.filter(name=name).first()
    if task is None:
        task = model.objects.create(name=name)  # waktu baku: the SOP's default for the step
        task.groups.set([Group.objects.get(name=group_name)])
    return task


def _workflow(name, tasks):
    workflow, _ = Workflow.objects.get_or_create(name=name)
    if not workflow.workflow_tasks.exists():
        for order, task in enumerate(tasks):
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    return workflow


def ensure_workflows():
    """Create the tasks, the two workflows and the type assignments that are missing.

    Existing ones are left as the admin configured them (standard times, groups, assignments).
    """
    kasubag, kabag, web_admin = (_task(*spec) for spec in TASKS)
    full = _workflow(WORKFLOW_SOP, [kasubag, kabag, web_admin])
    berita = _workflow(WORKFLOW_BERITA, [web_admin])
    # Each governed page type follows its registered path (registry.py).
    for governed in registry.governed_types():
        AlurJenisPublikasi.objects.get_or_create(
            content_type=governed.content_type(),
            defaults={"workflow": berita if governed.short_path else full},
        )
    return {WORKFLOW_SOP: full, WORKFLOW_BERITA: berita}
