"""Text folded for search: the same for a name as typed with or without accents or capitals.

A name is stored a second time, folded (``FoldedSearchField``), and a search folds its words
the same way and looks for them in that column: "Nylén", "nylen" and "NYLEN" all become
"nylen", "Förskola" becomes "forskola". Folding in the database would need unaccent on
PostgreSQL and a Python function on SQLite, called for every row of every search.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db import models

from radhus.core.validators import normalise_line

FOLDED_LENGTH = 500


def fold(text: str) -> str:
    """``text`` decomposed (NFKD), without its accents and case-folded: "Nylén" → "nylen",
    "Åsa Öberg" → "asa oberg", "ﬁ" → "fi". Letters that do not decompose (ø, æ) stay."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))[:FOLDED_LENGTH]


class FoldedSearchField(models.CharField):
    """The model's ``sources`` fields, cleaned as a name is, joined by a space and folded.
    Written on every save and by ``bulk_create`` (both call ``pre_save``); never edited."""

    def __init__(self, *args: Any, sources: tuple[str, ...] = (), **kwargs: Any) -> None:
        self.sources = tuple(sources)
        kwargs.setdefault("max_length", FOLDED_LENGTH)
        kwargs.setdefault("default", "")
        kwargs["editable"] = False
        kwargs["blank"] = True
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["sources"] = self.sources
        kwargs.pop("editable", None)
        kwargs.pop("blank", None)
        if kwargs.get("max_length") == FOLDED_LENGTH:
            kwargs.pop("max_length")
        if kwargs.get("default") == "":
            kwargs.pop("default")
        return name, path, args, kwargs

    def value_from(self, instance: models.Model) -> str:
        parts = (getattr(instance, source) or "" for source in self.sources)
        return fold(" ".join(normalise_line(str(p)) for p in parts if p))

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = self.value_from(model_instance)
        setattr(model_instance, self.attname, value)
        return value
