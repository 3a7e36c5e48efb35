"""The public REST API under /api/v1/ (django-ninja; OpenAPI at /api/schema/, docs at /api/docs/).

The docs page (Swagger UI) loads its script and styles from django-ninja's own static files
(``ninja`` is in INSTALLED_APPS), never from a CDN: it works without internet access.
"""

from ninja.openapi.docs import Swagger

from radhus.core.api import DATE_MAX, DATE_MIN, Api
from radhus.diarium.api import ROUTERS as DIARIUM_ROUTERS
from radhus.diarium.api_referrals import router as diarium_referrals_router
from radhus.followup.api import ROUTERS as FOLLOWUP_ROUTERS
from radhus.followup.api_goals import router as followup_goals_router
from radhus.meetings.api import ROUTERS as MEETINGS_ROUTERS
from radhus.meetings.api_dispatch import ROUTERS as DISPATCH_ROUTERS
from radhus.organisation.api import ROUTERS

DESCRIPTION = f"""\
The organisation registry of Swedish municipalities and their collaborations: units, posts,
people, appointments, seats in groups, contact points and reorganisations, each as of any date.

**Reading** needs no login and shows only public data. Every list takes `tenant` (the
organisation's short name, e.g. `ornskoldsvik`) and `as_of` (a date, `YYYY-MM-DD`; default
today), and is paginated with `page` and `page_size`. Only the page asked for is read: a page
is `{{"items": […], "count": …, "next_page": …}}`, where `count` (how many in all) is given
when the list is narrowed to one organisation or one owner (`tenant`, `unit`, `post`, `person`,
`group`, `parent`) and is `null` otherwise, since counting the whole country costs more than a
page; `next_page` is the number of the next page, `null` on the last one. To walk a whole list,
follow `next` (or give `next_cursor` as `after`): keyset paging, stable when rows are added or
removed meanwhile.

**Writing** needs `Authorization: Bearer <key>` (a key from `radhus create_token USERNAME`) of a
user with the editor role in the organisation written to. Changes go through the same services
as the staff forms, with the same rules and the same audit trail; `POST /api/v1/reorganisations`
records a merger, split, rename, move, transfer or dissolution, with its decision steps.

**Errors** all have one shape, whatever the status: `{{"detail": "…", "errors": {{"field":
["…"]}}}}` (`errors` is empty when no field is to blame; `__all__` is the request as a whole).

- 400: the request breaks a rule or is malformed (not JSON, a wrong type, a missing field, an
  unknown id): every problem is listed by field, and nothing is changed. Input that does not
  fit the schema is 400 too, never 422.
- 401: no valid key. 403: the key's user may not change this organisation's data.
- 404: nothing at this address. An id of another organisation, or of something hidden from
  you (a protected person), answers exactly as an id that does not exist: 404 in the address,
  400 “no … has this id” in the body.
- 405: the address does not take this method.

**Limits**: dates are `YYYY-MM-DD` from {DATE_MIN.isoformat()} to {DATE_MAX.isoformat()}; texts
have the lengths the schema gives and may not contain NUL characters. In a change (`PATCH`), a
field left out is not changed; `null` is taken only by the fields that may be empty (ids of
references, dates, a person's party) and refused with a field error elsewhere: send `""` to
empty a text.

**The case register** (diarium): `GET /api/v1/cases` and `/api/v1/records` list the public
register (secret parts read “Sekretess enligt OSL …”, private persons' names are left out) and
are never counted (`count` is null); `GET /api/v1/cases/{{id}}` gives the whole case with its
records, parties and history; `POST /api/v1/cases` (`tenant`, `series`, `title`) registers a case
under the series' next number and answers 201 with its `number`; a case's records and its
workflow steps (`POST /api/v1/cases/{{id}}/transitions`) go through the same services as the
staff pages.

**The follow-up of decisions**: `GET /api/v1/assignments` lists the public assignments made
from decisions (earliest due first; `late=true` for the late ones) and `GET /api/v1/deviations`
their deviations; an assignment from a secret paragraph is never listed. `POST
/api/v1/assignments` makes one from a decision (`decision_id`) or from a delegated or group
decision; `POST /api/v1/assignments/{{id}}/progress`, `/complete` and `/deviations` report on it
(a deviation goes on the deciding body's next agenda).

**Goals, policy documents and oversight**: `GET /api/v1/goals?tenant=…` gives the published
goal tree with each goal's progress (0–1, weighted); `GET /api/v1/goals/{{id}}?tenant=…` a goal
with its indicators, targets and measured values; `GET /api/v1/policy-documents?tenant=…` the
policy documents in force; `GET /api/v1/oversight?tenant=…` what the board expects from each
body it oversees and what is overdue; `POST /api/v1/indicators/{{id}}/values` records a
measured value (an editor's key).

`/api/v1/popolo/{{tenant}}` gives an organisation as a [Popolo](https://www.popoloproject.com/)
document, the same as `radhus export-popolo TENANT` writes.
"""

api = Api(
    title="Rådhus API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/schema/",
    docs_url="/docs/",
    # No deep links: Swagger UI puts each one inside its operation's button, a link in a button
    # that keyboards and screen readers cannot reach (WCAG 4.1.2; axe's nested-interactive).
    docs=Swagger(settings={"deepLinking": False}),
)

for router in [*ROUTERS, *DIARIUM_ROUTERS, *MEETINGS_ROUTERS, *DISPATCH_ROUTERS, *FOLLOWUP_ROUTERS]:
    api.add_router("/v1/", router)
api.add_router("/v1/", diarium_referrals_router)
api.add_router("/v1/", followup_goals_router)
