"""Posting an admin change page back as a browser would: what it shows, with edits."""

from __future__ import annotations

from typing import Any

from django import forms
from django.test import Client


def _posted(form: forms.BaseForm) -> dict[str, str]:
    data: dict[str, str] = {}
    for name, field in form.fields.items():
        value: Any = form[name].value()
        key = form.add_prefix(name)
        if isinstance(field, forms.BooleanField):
            if value:
                data[key] = "on"
        elif value is not None:
            data[key] = str(value)
    return data


def change_form_data(client: Client, url: str, **edits: str) -> dict[str, str]:
    """Every field of the change page at `url` (its inlines too) as it stands, with
    `edits` applied: posting it unedited changes nothing."""
    page = client.get(url)
    assert page.status_code == 200
    data = _posted(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_posted(formset.management_form))
        for form in formset.forms:
            data.update(_posted(form))
    data.update(edits)
    return data
