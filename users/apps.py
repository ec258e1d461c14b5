from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(AppConfig):
    name = "users"
    verbose_name = "Pengguna"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import admin_labels, refusals, sessions

        user_logged_in.connect(sessions.remember_login_time, dispatch_uid="terbit_login_at")
        refusals.install()  # Wagtail's admin refusals are logged (terbit.security)
        admin_labels.install()  # Wagtail's unlabelled chooser fields in Indonesian


class TerbitWagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app, pointed at our viewset so the admin edits NIP and jabatan."""

    user_viewset = "users.viewsets.UserViewSet"
