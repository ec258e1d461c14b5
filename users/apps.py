from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(AppConfig):
    name = "users"
    verbose_name = "Pengguna"
    default_auto_field = "django.db.models.BigAutoField"


class TerbitWagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app, pointed at our viewset so the admin edits NIP and jabatan."""

    user_viewset = "users.viewsets.UserViewSet"
