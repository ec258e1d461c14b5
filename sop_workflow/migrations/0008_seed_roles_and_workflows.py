"""The SOP's roles (groups with their model and library permissions), its three tasks and its
two workflows exist as soon as the database is migrated: a deployment cannot forget them.

``manage.py setup_sop`` stays idempotent and adds what needs the content app: its listings, the
roles' page permissions on them and each governed page type's workflow (registry.py).
"""

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import migrations

from sop_workflow.roles import COLLECTION_PERMISSIONS, MODEL_PERMISSIONS, ROLES
from sop_workflow.setup import TASK_KABAG, TASK_KASUBAG, TASK_WEB_ADMIN, WORKFLOW_BERITA, WORKFLOW_SOP

TASKS = (
    ("pemeriksaankasubagtask", TASK_KASUBAG, "Kasubag"),
    ("persetujuankabagtask", TASK_KABAG, "Kabag"),
    ("penerbitanwebadmintask", TASK_WEB_ADMIN, "Web Admin"),
)
WORKFLOWS = ((WORKFLOW_SOP, (TASK_KASUBAG, TASK_KABAG, TASK_WEB_ADMIN)), (WORKFLOW_BERITA, (TASK_WEB_ADMIN,)))
MEDIA = (("wagtailimages", "image"), ("wagtaildocs", "document"))


def _permissions_exist(apps, db):
    # Permissions are otherwise created after the whole migrate (post_migrate).
    for label in ("sop_workflow", "wagtailimages", "wagtaildocs"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_contenttypes(config, verbosity=0, using=db, apps=apps)
        create_permissions(config, verbosity=0, using=db, apps=apps)
        config.models_module = None


def seed(apps, schema_editor):
    db = schema_editor.connection.alias
    _permissions_exist(apps, db)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    def permission(app_label, codename):
        return Permission.objects.using(db).get(content_type__app_label=app_label, codename=codename)

    access_admin = Permission.objects.using(db).filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    root = Collection.objects.using(db).filter(depth=1).order_by("path").first()
    groups = {}
    for name in ROLES:
        group, _ = Group.objects.using(db).get_or_create(name=name)
        if access_admin is not None:
            group.permissions.add(access_admin)
        for app_label, codename in MODEL_PERMISSIONS[name]:
            group.permissions.add(permission(app_label, codename))
        if root is not None:
            for app_label, model_name in MEDIA:
                for action in COLLECTION_PERMISSIONS[name]:
                    GroupCollectionPermission.objects.using(db).get_or_create(
                        group=group, collection=root, permission=permission(app_label, f"{action}_{model_name}")
                    )
        groups[name] = group

    tasks = {}
    for model_name, task_name, group_name in TASKS:
        model = apps.get_model("sop_workflow", model_name)
        task = model.objects.using(db).filter(name=task_name).first()
        if task is None:
            content_type, _ = ContentType.objects.using(db).get_or_create(
                app_label="sop_workflow", model=model_name
            )
            task = model.objects.using(db).create(name=task_name, content_type=content_type, active=True)
            task.groups.set([groups[group_name]])
        tasks[task_name] = task
    for workflow_name, task_names in WORKFLOWS:
        workflow, _ = Workflow.objects.using(db).get_or_create(name=workflow_name)
        if not WorkflowTask.objects.using(db).filter(workflow=workflow).exists():
            for order, task_name in enumerate(task_names):
                WorkflowTask.objects.using(db).create(workflow=workflow, task=tasks[task_name], sort_order=order)


class Migration(migrations.Migration):
    dependencies = [
        ("sop_workflow", "0007_remove_suratmasuk_jenis_publikasi"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
