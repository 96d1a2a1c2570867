from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _


class SignUpForm(UserCreationForm[User]):
    """Sign-up with an optional email: without one, a forgotten password needs a teacher."""

    email = forms.EmailField(
        label=_("電子郵件（選填）"),
        required=False,
        help_text=_("忘記密碼時，重設密碼的連結會寄到這裡。"),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")
