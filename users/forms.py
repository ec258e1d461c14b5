from django import forms
from django.utils.translation import gettext_lazy
from wagtail.admin.forms.auth import LoginForm
from wagtail.users.forms import UserCreationForm, UserEditForm

EXTRA_FIELDS = {"nip", "jabatan"}


class TerbitUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = set(UserCreationForm.Meta.fields) | EXTRA_FIELDS


class TerbitUserEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = set(UserEditForm.Meta.fields) | EXTRA_FIELDS


class TerbitLoginForm(LoginForm):
    """Wagtail's login form, whose password field has no label: its template then shows the field's
    name, "Password", in English whatever the language. Django's own (translated) label instead."""

    password = forms.CharField(
        label=gettext_lazy("Password"),
        widget=forms.PasswordInput(attrs={"placeholder": gettext_lazy("Enter password")}),
        strip=False,
    )
