"""What every API resource shares, written once: the error shape, keys, the role checks, ids
resolved inside the caller's organisation, a service run in a transaction, input types, the
parameters of lists and addresses, and pagination.

A resource handler is then a few lines::

    post = target(request, Post.objects.all(), post_id)          # path id: 404 / 403
    refs = Refs(post.tenant)                                     # body ids, inside the tenant
    unit = refs.one(Unit, payload.unit_id, "unit_id")
    post = perform(lambda: services.post_update(post=post, unit=unit, ...), refs.errors)

Every error answer has one shape, ``{"detail": "…", "errors": {field: ["…"]}}``, whatever its
status (400, 401, 403, 404, 405); ``errors`` is empty when no field is to blame. An id of
another organisation, or of a row the caller may not see, answers exactly like an id that
does not exist.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import json
import operator
import re
from collections.abc import Callable, Sequence
from enum import Enum
from typing import Annotated, Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PageNumberPagination
from ninja.security import HttpBearer
from pydantic import AfterValidator, BeforeValidator, Strict, model_validator
from pydantic_core import PydanticCustomError

from radhus.core.access import has_role
from radhus.core.integrity import constraint_error
from radhus.core.lookup import MAX_ID, not_found_message, resolve, tenant_path
from radhus.core.lookup import tenant_by_slug as _tenant_at
from radhus.core.models import Role, Tenant, TenantRole
from radhus.core.reads import planned_each_time
from radhus.core.tokens import user_for_key
from radhus.core.validators import EARLIEST_DATE, LATEST_DATE

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")

# The dates the registry takes (inclusive), as the models' validators take them.
DATE_MIN = EARLIEST_DATE
DATE_MAX = LATEST_DATE
MAX_ORDER = 2**31 - 1
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# Input types --------------------------------------------------------------------------------


def _iso_date(value: Any) -> Any:
    """Only ``YYYY-MM-DD`` (not a number of seconds, not a date and time), from 1800 to 2200."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            pass
    if type(value) is not dt.date:
        raise PydanticCustomError("radhus_date", "not an ISO date")
    if not DATE_MIN <= value <= DATE_MAX:
        raise PydanticCustomError("radhus_date_range", "date out of range")
    return value


def _storable_text(value: str) -> str:
    """Text the databases can store: no NUL character and no lone surrogate."""
    if "\x00" in value or any("\ud800" <= c <= "\udfff" for c in value):
        raise PydanticCustomError("radhus_text", "text with characters that cannot be stored")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
Text = Annotated[str, AfterValidator(_storable_text)]
# In a JSON body a number is a number and true is true: "1" and 0 are refused, not read as 1
# and false.
Id = Annotated[int, Strict(), Field(ge=1, le=MAX_ID)]
Order = Annotated[int, Strict(), Field(ge=0, le=MAX_ORDER)]
Flag = Annotated[bool, Strict()]


class Input(Schema):
    """A request body: a JSON object (not a list, not a number)."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        inner = getattr(data, "_obj", data)  # django-ninja hands the body over wrapped
        if not isinstance(inner, dict | Schema):
            raise PydanticCustomError("model_type", "not an object")
        return data


Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=120)]


def limited(default: Any = ..., *, max_length: int, **kwargs: Any) -> Any:
    """A text field of at most ``max_length`` characters as sent (the model's ``max_length``):
    longer is refused with the field's error before anything else, as the schema says, even
    where the domain would have shortened it (a control character or a soft hyphen removed).
    ``name: Text = limited(max_length=200)``."""
    return Field(default, max_length=max_length, **kwargs)


def unset(*, max_length: int | None = None, **kwargs: Any) -> Any:
    """A field a change may leave out, and may not set to null: ``name: Text = unset()``.

    Left out, it is not changed; ``null`` is refused with a field error, as is any value of
    the wrong type (a field that may be emptied takes ``null`` only when its type says so), and
    a text longer than ``max_length`` as sent, like ``limited``."""

    def schema(field_schema: dict[str, Any]) -> None:
        field_schema.pop("default", None)
        if max_length is not None:
            field_schema["maxLength"] = max_length

    return Field(None, json_schema_extra=schema, max_length=max_length, **kwargs)


# Parameters ---------------------------------------------------------------------------------

# An id in the address (``/cases/{case_id}``), and one that narrows a list (``?unit=12``).
PathId = Annotated[int, Path(ge=1, le=MAX_ID, examples=[1])]
IdFilter = Annotated[int | None, Query(None, ge=1, le=MAX_ID)]


def tenant_filter(example: str, **extra: Any) -> Any:
    """``?tenant=``: the short name of the organisation a list is narrowed to, with an
    ``example`` of one for the documentation."""
    return Annotated[
        str | None,
        Query(
            None,
            pattern=SLUG_PATTERN,
            max_length=80,
            description=f"The organisation's short name, e.g. {example}.",
            **extra,
        ),
    ]


def year_filter(things: str) -> Any:
    """``?year=``: only the ``things`` (cases, meetings) of one year."""
    return Annotated[int | None, Query(None, ge=1800, le=2200, description=f"Only {things} of this year.")]


def choice_enum(name: str, choices: type[Enum]) -> Any:
    """A model's choices as an enum of the schema, named ``name``, with the same values."""
    return Enum(name, {k.name: k.value for k in choices}, type=str)  # type: ignore[misc]


def choice_value(enum_or_str: Any) -> Any:
    """The value of a choice that came as a member of a ``choice_enum`` (or as its value)."""
    return enum_or_str.value if isinstance(enum_or_str, Enum) else enum_or_str


# Errors -------------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        description="Every problem, by field (“__all__”: the request as a whole); empty when "
        "no field is to blame."
    )


READ_ERRORS: dict[int, Any] = {400: ErrorOut, 404: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class Problems(Exception):
    """Input that breaks the rules: field → messages, answered with 400."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def add_error(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(str(message))


def merge_errors(errors: dict[str, list[str]], exc: ValidationError, names: dict[str, str]) -> None:
    """A domain ValidationError's messages, by field as the API names it (``parent`` →
    ``parent_id``; a non-field error → ``__all__``)."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            for message in messages:
                add_error(errors, names.get(field, field), message)
    else:
        for message in exc.messages:
            add_error(errors, "__all__", message)


def body(detail: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or {}}


def _problems_detail() -> str:
    return _("The request has problems.")


# Where a parameter sits is told by the status and the field name; "body"/"query" and the
# name of the handler's argument are not the client's business.
_LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file"}


def _field(loc: Sequence[Any], tag: Any = None) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _LOCATIONS:
        where = parts.pop(0)
        if where == "body" and parts and parts[0] == "payload":
            parts.pop(0)
    # A body that is one of several kinds (``"kind": "move"``) has its errors under that kind
    # (``move.unit_id``); the client named the kind already.
    if tag is not None and len(parts) > 1 and parts[0] == str(tag):
        parts.pop(0)
    return ".".join(parts) or "__all__"


def _tag(request: HttpRequest) -> Any:
    """The ``kind`` of a JSON body, if it has one."""
    try:
        data = json.loads(request.body or b"null")
    except ValueError:
        return None
    return data.get("kind") if isinstance(data, dict) else None


def _message(error: dict[str, Any]) -> str:
    """A pydantic error in words (Swedish when the request asks for it)."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in {"radhus_date", "radhus_date_range"} or kind.startswith("date_"):
        return _("Give a date as YYYY-MM-DD from %(first)s to %(last)s.") % {
            "first": DATE_MIN.isoformat(),
            "last": DATE_MAX.isoformat(),
        }
    if kind == "radhus_text":
        return _("The text has characters that cannot be stored (a NUL character or a broken one).")
    if kind == "string_too_long":
        return _("At most %(limit)s characters.") % {"limit": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("At least %(limit)s characters.") % {"limit": ctx.get("min_length")}
    if kind == "string_pattern_mismatch":
        return _("Only the letters a–z, digits, “-” and “_”.")
    if kind.startswith("string_"):
        return _("Give a text.")
    if kind.startswith(("int_", "float_")):
        return _("Give a whole number.")
    if kind in {"greater_than_equal", "greater_than"}:
        return _("At least %(limit)s.") % {"limit": ctx.get("ge", ctx.get("gt"))}
    if kind in {"less_than_equal", "less_than"}:
        return _("At most %(limit)s.") % {"limit": ctx.get("le", ctx.get("lt"))}
    if kind.startswith("bool_"):
        return _("Give true or false.")
    if kind in {"enum", "literal_error", "union_tag_invalid"}:
        return _("Choose one of: %(choices)s.") % {
            "choices": str(ctx.get("expected", ctx.get("expected_tags", ""))).replace("'", "")
        }
    if kind == "union_tag_not_found":
        return _("This field is required.")
    if kind == "too_short":
        return _("At least %(limit)s.") % {"limit": ctx.get("min_length")}
    if kind == "too_long":
        return _("At most %(limit)s.") % {"limit": ctx.get("max_length")}
    if kind in {"list_type", "tuple_type"}:
        return _("Give a list.")
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return _("Give an object.")
    return _("Enter a valid value.")


class BearerKey(HttpBearer):
    """An API key made by ``radhus create_token``; the request then acts as its user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        return user_for_key(token.strip())


bearer = BearerKey()


def key_user(request: HttpRequest) -> Any | None:
    """The user of the request's API key, when it has one: on a read open to all, a key may
    show more (the secret parts, to an editor of the organisation)."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return user_for_key(header[7:].strip())
    return None


def _error_shaped(view: Callable[..., HttpResponse], api: NinjaAPI) -> Callable[..., HttpResponse]:
    """A method the address does not take gets 405 in the error shape (django-ninja answers it
    with plain text, outside its exception handlers)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and response.get("Content-Type", "").startswith("text/"):
            shaped = api.create_response(request, body(_("This method is not allowed here.")), status=405)
            shaped["Allow"] = response.get("Allow", "")
            return shaped
        return response

    return wrapper


class Api(NinjaAPI):
    """django-ninja's API with every error, of any status, in the one shape."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_exception_handler(NinjaValidationError, self._invalid_input)
        self.add_exception_handler(Problems, self._problems)
        self.add_exception_handler(ValidationError, self._domain_error)
        self.add_exception_handler(AuthenticationError, self._unauthenticated)
        self.add_exception_handler(HttpError, self._http_error)
        self.add_exception_handler(Http404, self._not_found)
        self.add_exception_handler(PermissionDenied, self._forbidden)

    def _get_urls(self) -> list[Any]:
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = _error_shaped(pattern.callback, self)
        return urls

    def _invalid_input(self, request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        """Input of the wrong type or shape: 400 with every problem by field, like the rules'."""
        errors: dict[str, list[str]] = {}
        tag = _tag(request)
        for error in exc.errors:
            field = _field(error.get("loc", []), tag)
            if error.get("type", "").startswith("union_tag_"):  # the ``kind`` is missing or unknown
                discriminator = str((error.get("ctx") or {}).get("discriminator", "")).strip("'")
                field = ".".join(p for p in (field.removesuffix("__all__"), discriminator) if p)
            add_error(errors, field, _message(error))
        return self.create_response(request, body(_problems_detail(), errors), status=400)

    def _problems(self, request: HttpRequest, exc: Problems) -> HttpResponse:
        return self.create_response(request, body(_problems_detail(), exc.errors), status=400)

    def _domain_error(self, request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        merge_errors(errors, exc, {NON_FIELD_ERRORS: "__all__"})
        return self.create_response(request, body(_problems_detail(), errors), status=400)

    def _unauthenticated(self, request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        detail = _("A valid API key is needed: Authorization: Bearer <key>.")
        return self.create_response(request, body(detail), status=401)

    def _http_error(self, request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code != 400:
            return self.create_response(request, body(exc.message), status=exc.status_code)
        detail = exc.message
        if detail.startswith("Cannot parse request body"):  # django-ninja's words for bad JSON
            detail = _("The request body could not be read as JSON.")
        return self.create_response(request, body(detail, {"__all__": [detail]}), status=400)

    def _not_found(self, request: HttpRequest, exc: Http404) -> HttpResponse:
        return self.create_response(request, body(_("Not found.")), status=404)

    def _forbidden(self, request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return self.create_response(request, body(str(exc) or _("Not allowed.")), status=403)


# Who may write ------------------------------------------------------------------------------


def require_role(request: HttpRequest, tenant: Tenant, role: Role, message: str) -> None:
    """403 with ``message`` unless the key's user holds ``role`` (or a higher one) in ``tenant``."""
    if not has_role(request.auth, tenant, role):  # type: ignore[attr-defined]
        raise PermissionDenied(message)


def require_editor(request: HttpRequest, tenant: Tenant) -> None:
    """403 unless the key's user holds the editor role in ``tenant``."""
    require_role(
        request,
        tenant,
        Role.EDITOR,
        _("You need the editor role in %(tenant)s to change its data.") % {"tenant": tenant.name},
    )


def tenant_by_slug(slug: str) -> Tenant:
    tenant = _tenant_at(slug)
    if tenant is None:
        raise HttpError(404, _("No organisation with the address “%(slug)s”.") % {"slug": slug})
    return tenant


def get_or_404(queryset: QuerySet[M], pk: int) -> M:
    """A row to read by its path id: 404 when it is missing or not in ``queryset`` (pass one
    that leaves out what the public may not see)."""
    found = _first(queryset, pk)
    if found is None:
        raise Http404
    return found


def tenant_of(obj: models.Model) -> Tenant:
    """The organisation a row belongs to (by its ``TENANT_PATHS`` path)."""
    node: Any = obj
    for step in tenant_path(type(obj)).split("__"):
        node = getattr(node, step)
    return node


def _visible(
    request: HttpRequest, queryset: QuerySet[M], public: Q | None, mine: Callable[[Any], Q] | None
) -> QuerySet[M]:
    """What the caller may know exists: what the public sees (everything when ``public`` is
    None), and everything of the organisations the caller has a role in (their staff pages
    show it)."""
    if public is None:
        return queryset
    tenants = TenantRole.objects.filter(user=request.auth).values("tenant")  # type: ignore[misc]
    own = mine(tenants) if mine else Q(**{f"{tenant_path(queryset.model)}__in": tenants})
    return queryset.filter(public | own)


def _first(queryset: QuerySet[M], pk: Any) -> M | None:
    if isinstance(pk, int) and not isinstance(pk, bool) and 0 < pk <= MAX_ID:
        return queryset.filter(pk=pk).first()
    return None


def target(
    request: HttpRequest,
    queryset: QuerySet[M],
    pk: int,
    *,
    public: Q | None = None,
    mine: Callable[[Any], Q] | None = None,
    owner: Callable[[M], Tenant] = tenant_of,
) -> M:
    """The row a write addresses by its path id, with the caller an editor of its organisation.

    A row the caller may not know of (missing, or hidden: ``public`` says what the public
    sees) answers 404, exactly like a missing one; a row the caller may see but not change
    answers 403. Every row is public unless ``public`` says otherwise."""
    found = _first(_visible(request, queryset, public, mine), pk)
    if found is None:
        raise Http404
    require_editor(request, owner(found))
    return found


def anchor(
    request: HttpRequest,
    queryset: QuerySet[M],
    pk: int,
    *,
    field: str,
    public: Q | None = None,
    mine: Callable[[Any], Q] | None = None,
    owner: Callable[[M], Tenant] = tenant_of,
) -> M:
    """The row a new one is made under (a post's unit, a seat's group), named in the body:
    as ``target``, but an unknown or hidden id is a 400 on ``field``."""
    found = _first(_visible(request, queryset, public, mine), pk)
    if found is None:
        raise Problems({field: [not_found_message(queryset.model)]})
    require_editor(request, owner(found))
    return found


class Refs:
    """The ids in a request's body, resolved inside ``tenant`` by the one lookup
    (``radhus.core.lookup``); the problems are gathered so that all are answered together."""

    def __init__(self, tenant: Tenant) -> None:
        self.tenant = tenant
        self.errors: dict[str, list[str]] = {}

    def one(self, model_or_queryset: type[M] | QuerySet[M], pk: Any, field: str) -> M | None:
        if pk is None:
            return None
        return self.found(lambda: resolve(model_or_queryset, pk, tenant=self.tenant, field=field))

    def found(self, lookup: Callable[[], M]) -> M | None:
        """The result of a lookup that raises a field ValidationError, or None with it noted."""
        try:
            return lookup()
        except ValidationError as exc:
            merge_errors(self.errors, exc, {})
            return None

    def check(self) -> None:
        """Stop here when an id was not found (the service cannot run without it)."""
        if self.errors:
            raise Problems(self.errors)


def writing_in(request: HttpRequest, slug: str) -> tuple[Tenant, Refs]:
    """The organisation a new row is made in, named by its short name in the body (404 when
    there is none), with the caller an editor of it (403), and the ``Refs`` that resolve the
    body's ids inside it."""
    tenant = tenant_by_slug(slug)
    require_editor(request, tenant)
    return tenant, Refs(tenant)


class _Rollback(Exception):
    pass


def perform(
    call: Callable[[], T],
    errors: dict[str, list[str]] | None = None,
    *,
    names: dict[str, str] | None = None,
) -> T:
    """Run a service in a transaction. Problems found before it (unknown ids) and by it are
    answered together: the service still runs, with the unknown references left out, so that
    its own findings are listed too, and its work is rolled back. ``names`` maps the domain's
    field names to the API's (``parent`` → ``parent_id``)."""
    found: dict[str, list[str]] = {k: list(v) for k, v in (errors or {}).items()}
    try:
        with transaction.atomic():
            result = call()
            if found:
                raise _Rollback
            return result
    except _Rollback:
        pass
    except ValidationError as exc:
        merge_errors(found, exc, {NON_FIELD_ERRORS: "__all__", **(names or {})})
    except IntegrityError as exc:  # a constraint the checks did not see coming (two writers at once)
        merge_errors(found, constraint_error(exc), {NON_FIELD_ERRORS: "__all__", **(names or {})})
    raise Problems(found)


# Pagination ---------------------------------------------------------------------------------


class Pagination(PageNumberPagination):
    """``?page=`` (from 1) and ``?page_size=`` (default 100, at most 1000), or ``?after=`` (a
    cursor): keyset paging, which goes on after the last row of the page before by the list's
    order, so that rows added or removed meanwhile never make a row be skipped or repeated,
    and a late page costs what the first does. Only the page asked for is read from the
    database (one row more, to tell whether another page follows). ``count`` is given only
    where counting is cheap (a list narrowed to one organisation or one owner); else it is
    null, and ``next_page`` or ``next_cursor`` tells whether to go on."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=1000)
        after: str | None = Field(
            None,
            max_length=200,
            description="The next_cursor of the page before: the page after its last row. "
            "Given, page is not used.",
        )

    class Output(Schema):
        items: list[Any]
        count: int | None = Field(
            description="How many there are in all; null when the list is not narrowed to one "
            "organisation or one owner (counting the whole country costs more than a page)."
        )
        next_page: int | None = Field(
            description="The number of the next page; null on the last one, and when paging with after."
        )
        next_cursor: str | None = Field(
            description="Give it as after= for the next page (stable when rows are added or removed "
            "meanwhile); null on the last one."
        )
        next: str | None = Field(
            description="The address of the next page, by next_cursor; null on the last one."
        )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=100, max_page_size=1000, **kwargs)

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        size = self._get_page_size(pagination.page_size)
        page = queryset if isinstance(queryset, LazyPage) else LazyPage(queryset, list)
        if pagination.after is not None:
            items, more, cursor = page.after(pagination.after, size)
            next_page = None
        else:
            items, more, cursor = page.window((pagination.page - 1) * size, size)
            next_page = pagination.page + 1 if more else None
        link = None
        if more and cursor is not None:
            query = request.GET.copy()
            query.pop("page", None)
            query["after"] = cursor
            link = f"{request.path}?{query.urlencode()}"
        return {
            "items": items,
            "count": len(page) if page.counted else None,
            "next_page": next_page,
            "next_cursor": cursor if more else None,
            "next": link,
        }


class Keyset:
    """A list's order as a cursor: the values of its ORDER BY fields in the last row of a page
    (ascending fields of the model only, ending with its id), as URL-safe base64 of JSON."""

    def __init__(self, queryset: QuerySet[Any]) -> None:
        names = [str(name) for name in queryset.query.order_by]
        meta = queryset.model._meta
        self.fields = []
        for name in names:
            if name.startswith("-") or "__" in name:
                raise ValueError(name)
            self.fields.append(meta.pk if name in ("pk", meta.pk.name) else meta.get_field(name))
        if not self.fields or self.fields[-1] != meta.pk:
            raise ValueError("the order does not end with the id")

    def encode(self, row: models.Model) -> str | None:
        values = [getattr(row, f.attname) for f in self.fields]
        if any(v is None for v in values):
            return None
        # Dates, times and other values JSON does not know are written as text, which the
        # field's to_python reads back (a meeting's start time, a decimal).
        text = json.dumps(
            values,
            separators=(",", ":"),
            default=lambda v: v.isoformat() if isinstance(v, (dt.date, dt.time)) else str(v),
        )
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    def filter(self, cursor: str) -> Q:
        """The rows after the one ``cursor`` was made from. A cursor that is not one of this
        list is refused (400), never a 500."""
        try:
            text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
            raw = json.loads(text)
            if not isinstance(raw, list) or len(raw) != len(self.fields):
                raise ValueError(raw)
            values = [f.to_python(v) for f, v in zip(self.fields, raw, strict=True)]
            if any(v is None or isinstance(v, (dict, list)) for v in values):
                raise ValueError(raw)
            for f, v in zip(self.fields, values, strict=True):
                f.get_prep_value(v)
                if isinstance(f, models.IntegerField) and not -(2**63) <= v < 2**63:
                    raise ValueError(v)
        except (
            ValueError,
            TypeError,
            UnicodeDecodeError,
            ValidationError,
            json.JSONDecodeError,
            OverflowError,
        ):
            raise Problems(
                {"after": [_("This is not a cursor of this list. Start again without after=.")]}
            ) from None
        # (a > x) or (a = x and b > y) or …: the rows after (x, y, …) in the order (a, b, …).
        return functools.reduce(
            operator.or_,
            (
                Q(
                    **{f.name: v for f, v in zip(self.fields[:i], values[:i], strict=True)},
                    **{f"{field.name}__gt": values[i]},
                )
                for i, field in enumerate(self.fields)
            ),
        )


class LazyPage(Sequence[Any]):
    """A list the paginator slices; only the page it takes is read and turned into output.
    ``counted``: whether counting all of ``items`` is cheap enough to tell."""

    def __init__(
        self,
        items: Sequence[Any],
        load: Callable[[list[Any]], list[Any]],
        count: int | None = None,
        *,
        counted: bool = True,
    ):
        self._items = items
        self._load = load
        self._count = count
        self.counted = counted

    def __len__(self) -> int:
        if self._count is None:
            if isinstance(self._items, QuerySet):
                with planned_each_time(self._items.db):
                    self._count = self._items.count()
            else:
                self._count = len(self._items)
        return self._count

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return self._load(list(self._items[index]))
        return self._load([self._items[index]])[0]

    def _keyset(self) -> Keyset | None:
        if not isinstance(self._items, QuerySet):
            return None
        try:
            return Keyset(self._items)
        except (ValueError, LookupError):
            return None

    def _read(self, items: Any) -> list[Any]:
        """A page's rows. The statement of a list narrowed to one organisation or owner (the
        lists that are ``counted``) is planned for that one each time
        (``core.reads.planned_each_time``): planned once for any organisation, a page of the
        20,000-unit municipality's posts read every post of it (14 ms instead of 0.1, issue 7)."""
        if isinstance(items, QuerySet) and self.counted:
            with planned_each_time(items.db):
                return list(items)
        return list(items)

    def window(self, offset: int, size: int) -> tuple[list[Any], bool, str | None]:
        """The ``size`` items from ``offset``, loaded, whether more follow (one read), and the
        cursor of the last of them."""
        rows = self._read(self._items[offset : offset + size + 1])
        keyset = self._keyset()
        cursor = keyset.encode(rows[size - 1]) if keyset and len(rows) > size else None
        return self._load(rows[:size]), len(rows) > size, cursor

    def after(self, cursor: str, size: int) -> tuple[list[Any], bool, str | None]:
        """The ``size`` items after the row ``cursor`` was made from, as ``window``."""
        keyset = self._keyset()
        if keyset is None:
            if isinstance(self._items, QuerySet):
                raise Problems({"after": [_("This list is paged by page numbers only.")]})
            return [], False, None  # an empty answer (a list with nothing to page)
        rows = self._read(self._items.filter(keyset.filter(cursor))[: size + 1])  # type: ignore[attr-defined]
        cursor_out = keyset.encode(rows[size - 1]) if len(rows) > size else None
        return self._load(rows[:size]), len(rows) > size, cursor_out
