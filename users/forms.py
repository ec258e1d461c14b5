from wagtail.users.forms import UserCreationForm, UserEditForm

EXTRA_FIELDS = {"nip", "jabatan"}


class TerbitUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = set(UserCreationForm.Meta.fields) | EXTRA_FIELDS


class TerbitUserEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = set(UserEditForm.Meta.fields) | EXTRA_FIELDS
