from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .forms import TerbitUserCreationForm, TerbitUserEditForm


class UserViewSet(WagtailUserViewSet):
    """Wagtail's user admin, with the NIP and jabatan the control sheet prints."""

    def get_form_class(self, for_update=False):
        return TerbitUserEditForm if for_update else TerbitUserCreationForm
