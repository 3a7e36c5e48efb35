"""Model fields for text a person types, cleaned the same way wherever it comes from.

A value is normalised when it is validated (``full_clean`` in the services, a form's
``clean``) and again when it is saved, so even a row written without validation holds clean
text. A required field that is empty after cleaning (only spaces, only invisible characters)
is refused with the field's error. The length is checked after cleaning; a ``TextField``'s
``max_length`` is checked too (Django's own only sizes the form's input).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import cached_property

from radhus.core.validators import normalise_line, normalise_text


class _LineFormField(forms.CharField):
    def to_python(self, value: Any) -> str | None:
        value = super().to_python(value)
        return normalise_line(value) if isinstance(value, str) else value


class _MultiLineFormField(forms.CharField):
    def to_python(self, value: Any) -> str | None:
        value = super().to_python(value)
        return normalise_text(value) if isinstance(value, str) else value


class _Normalised(models.Field):
    """What the text fields share: normalise in ``to_python`` and ``pre_save``."""

    normalise: Callable[[str], str]
    form_class: type[forms.CharField]

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return type(self).normalise(value) if isinstance(value, str) else value

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance, self.attname)
        if value is None and not self.null:
            value = ""
        if isinstance(value, str):
            value = type(self).normalise(value)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": self.form_class, **kwargs})


class NameField(_Normalised, models.CharField):
    """A name, title, label or other one-line text (``normalise_line``)."""

    normalise = staticmethod(normalise_line)
    form_class = _LineFormField


class _CheckedTextField(_Normalised, models.TextField):
    @cached_property
    def validators(self) -> list[Callable[[Any], None]]:
        extra = [MaxLengthValidator(self.max_length)] if self.max_length is not None else []
        return [*self.default_validators, *self._validators, *extra]


class LineTextField(_CheckedTextField):
    """One line of text stored as ``text`` (a contact value), at most ``max_length``."""

    normalise = staticmethod(normalise_line)
    form_class = _LineFormField

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"widget": forms.TextInput, **kwargs})


class MultiLineTextField(_CheckedTextField):
    """Text of several lines (a purpose, a description; ``normalise_text``), at most
    ``max_length``."""

    normalise = staticmethod(normalise_text)
    form_class = _MultiLineFormField
