"""Organisation charts on the web (S0.4): a page with the chart and the same content as a list,
and the chart as SVG, PNG and PDF. Public: no login, public data only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import dateformat
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from radhus.core import cache
from radhus.core.access import tenant_view
from radhus.core.collector import fewer_collections
from radhus.core.dates import parse_date
from radhus.core.models import Tenant
from radhus.core.selectors import today
from radhus.organisation import charts, selectors
from radhus.organisation.models import Unit, UnitKind
from radhus.organisation.templatetags.content_language import content_lang_attribute

MAX_DEPTH = 30
MANY_UNITS = 150  # above this the page offers the top levels only


class ChartOptions(forms.Form):
    """The query string of every chart address: ``?datum=2009-01-01&djup=2&befattningar=1``."""

    datum = forms.CharField(
        label=gettext_lazy("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    djup = forms.IntegerField(
        label=gettext_lazy("Levels below the unit"),
        required=False,
        min_value=0,
        max_value=MAX_DEPTH,
        help_text=gettext_lazy("Empty: all levels."),
    )
    befattningar = forms.BooleanField(label=gettext_lazy("Show posts"), required=False)

    def clean_datum(self) -> dt.date | None:
        """The same reading of ``?datum=`` as every other page (``radhus.core.dates``)."""
        raw = self.cleaned_data["datum"]
        return parse_date(raw) if raw.strip() else None


@dataclass
class Chart:
    """A chart asked for by a request: the unit as it was on the date, and its tree."""

    tenant: Tenant
    unit: Unit
    on: dt.date
    dated: bool  # the date was given in the address
    depth: int | None
    show_posts: bool
    tree: charts.ChartNode | None

    @property
    def title(self) -> str:
        return _("Organisation chart: %(unit)s") % {"unit": self.unit.name}

    @property
    def date_text(self) -> str:
        return dateformat.format(self.on, "j F Y")

    @property
    def subtitle(self) -> str:
        return _("Organisation as of %(date)s") % {"date": self.date_text}

    def query(self, **extra: str) -> str:
        params = {"datum": self.on.isoformat()} if self.dated else {}
        if self.depth is not None:
            params["djup"] = str(self.depth)
        if self.show_posts:
            params["befattningar"] = "1"
        params.update(extra)
        return f"?{urlencode(params)}" if params else ""

    def filename(self, extension: str) -> str:
        """organisationsschema-kommunledningsforvaltningen-2009-01-01.png (in Swedish in every
        language: the file goes to Swedish colleagues' folders)."""
        name = slugify(self.unit.name) or self.unit.slug
        return f"organisationsschema-{name}-{self.on.isoformat()}.{extension}"

    def unit_href(self, absolute: Callable[[str], str] = str) -> Callable[[charts.ChartNode], str]:
        """Links from the boxes to the units' pages (on the chart's date when one was given)."""
        marker = "__unit__"
        pattern = absolute(reverse("unit_detail", args=[self.tenant.slug, marker]))
        suffix = f"?{urlencode({'datum': self.on.isoformat()})}" if self.dated else ""
        return lambda node: pattern.replace(marker, node.slug) + suffix

    def layout(self) -> charts.Layout:
        assert self.tree is not None
        return charts.layout(self.tree)

    def description(self) -> str:
        assert self.tree is not None
        count = len(self.tree)
        units = ngettext("%(count)d unit", "%(count)d units", count) % {"count": count}
        return f"{self.subtitle}: {units}."


def _chart(request: HttpRequest, tenant: Tenant, slug: str) -> tuple[Unit, Chart | None, ChartOptions]:
    """The chart the address asks for; None when the options in it are broken."""
    unit = get_object_or_404(Unit, tenant=tenant, slug=slug)
    form = ChartOptions(request.GET, label_suffix="")
    if not form.is_valid():
        return unit, None, form
    data = form.cleaned_data
    on = data["datum"] or today()
    depth = data["djup"]
    show_posts = data["befattningar"]
    tree = charts.chart_tree(unit, on, depth=depth, show_posts=show_posts)
    selectors.unit_as_of(unit, on)
    return unit, Chart(tenant, unit, on, data["datum"] is not None, depth, show_posts, tree), form


def _missing(request: HttpRequest, chart: Chart, form: ChartOptions) -> HttpResponse:
    """The unit did not exist on the date: say so, and when it did."""
    start, end = chart.unit.valid_from, chart.unit.valid_to
    if start and end:
        period = _("It existed from %(start)s to %(end)s inclusive.") % {"start": start, "end": end}
    elif start:
        period = _("It exists from %(start)s.") % {"start": start}
    else:
        period = _("It existed until %(end)s inclusive.") % {"end": end}
    context = {"tenant": chart.tenant, "unit": chart.unit, "chart": chart, "form": form, "missing": True}
    return render(request, "organisation/chart_page.html", {**context, "period": period}, status=404)


def _bad_request(form: ChartOptions) -> HttpResponse:
    problems = [f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()]
    return HttpResponseBadRequest("\n".join(problems), content_type="text/plain; charset=utf-8")


def _file(content: bytes | str, content_type: str, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _svg(request: HttpRequest, chart: Chart, layout: charts.Layout, *, heading: bool) -> str:
    return charts.render_svg(
        layout,
        title=chart.title,
        description=chart.description(),
        href=chart.unit_href(request.build_absolute_uri),
        heading=charts.Heading(chart.title, chart.subtitle) if heading else None,
    )


def _list_html(node: charts.ChartNode, href: Callable[[charts.ChartNode], str]) -> SafeString:
    """The chart as nested lists, for screen readers and as a fallback: staff units first, as
    they come first under their parent in the drawing."""
    kind = format_html(" ({})", UnitKind(node.kind).label) if node.is_staff else ""
    lang = mark_safe(content_lang_attribute())  # names and titles are Swedish (WCAG 3.1.2)
    posts = (
        format_html(
            '<ul class="chart-posts"{}>{}</ul>',
            lang,
            format_html_join("", "<li>{}</li>", ((p,) for p in node.posts)),
        )
        if node.posts
        else ""
    )
    more = ""
    if node.hidden:
        text = ngettext("%(count)d more unit below", "%(count)d more units below", node.hidden)
        more = format_html(' <span class="chart-more">{}</span>', text % {"count": node.hidden})
    children = sorted(node.children, key=lambda c: not c.is_staff)
    sub = (
        format_html("<ul>{}</ul>", SafeString("".join(_list_html(c, href) for c in children)))
        if children
        else ""
    )
    return format_html(
        '<li><a href="{}"{}>{}</a>{}{}{}{}</li>', href(node), lang, node.name, kind, more, posts, sub
    )


def _described(node: charts.ChartNode) -> SafeString:
    """A unit as the index names it: its name, its kind when it is a staff unit, the posts its
    box shows, and how many units a depth limit hides under it."""
    kind = format_html(" ({})", UnitKind(node.kind).label) if node.is_staff else ""
    posts = format_html(" – {}", "; ".join(node.posts)) if node.posts else ""
    more = ""
    if node.hidden:
        text = ngettext("%(count)d more unit below", "%(count)d more units below", node.hidden)
        more = format_html(" ({})", text % {"count": node.hidden})
    return format_html("{}{}{}{}", node.name, kind, posts, more)


def _under(node: charts.ChartNode) -> list[charts.ChartNode]:
    return sorted(node.children, key=lambda c: not c.is_staff)


def _index_html(root: charts.ChartNode) -> SafeString:
    """The chart's units as text after a big chart's picture in a PDF: the top unit, then a
    paragraph for each unit right under it that names the units under that one in running
    text, a sentence for each unit with units under it ("Unit: a sub-unit, another."), in the
    order of the chart. WeasyPrint spends about two milliseconds on each line it lays out
    (issue 7): with a line for each unit (or each unit with sub-units), 2,000 units took 2 s;
    in running text the lines are full and a third as many."""
    paragraphs = [format_html("<p><b>{}</b></p>", _described(root))]
    for branch in _under(root):
        sentences: list[SafeString] = []
        stack = [branch]
        while stack:
            node = stack.pop()
            children = _under(node)
            if not children:
                continue
            listed = SafeString(", ".join(_described(c) for c in children))
            if node is branch:
                sentences.append(format_html(": {}.", listed))
            else:
                sentences.append(format_html(" {}: {}.", node.name, listed))
            stack.extend(reversed(children))
        paragraphs.append(
            format_html("<p><b>{}</b>{}</p>", _described(branch), SafeString("".join(sentences)))
        )
    return SafeString("".join(paragraphs))


@tenant_view()
def chart_page(request: HttpRequest, tenant: Tenant, unit: str) -> HttpResponse:
    """The chart and the same units as a list. What is drawn is cached per organisation, unit,
    date, options and language until the next change, as the start page's tree is."""
    found = get_object_or_404(Unit, tenant=tenant, slug=unit)
    form = ChartOptions(request.GET, label_suffix="")
    if not form.is_valid():
        context = {"tenant": tenant, "unit": found, "form": form, "chart": None}
        return render(request, "organisation/chart_page.html", context, status=400)
    data = form.cleaned_data
    on, dated, depth, show_posts = (
        data["datum"] or today(),
        data["datum"] is not None,
        data["djup"],
        data["befattningar"],
    )

    def draw() -> dict[str, str] | None:
        _unit, chart, _form = _chart(request, tenant, unit)
        if chart is None or chart.tree is None:
            return None
        layout = chart.layout()
        href = chart.unit_href()
        svg = charts.render_svg(
            layout, title=chart.title, description=chart.description(), href=href, inline=True
        )
        return {
            "name": chart.unit.name,
            "short_name": chart.unit.short_name,
            "description": chart.description(),
            "svg": svg,  # built with every text escaped
            "root_x": f"{layout.root.cx / layout.width:.3f}",
            "fewer_levels": chart.query(djup="2") if depth is None and len(layout.boxes) > MANY_UNITS else "",
            "chart_list": str(format_html('<ul class="chart-list">{}</ul>', _list_html(chart.tree, href))),
            # The breadcrumb trail as of the date (names and addresses only, to be cached).
            "ancestors": [
                {"slug": a.slug, "name": a.name} for a in selectors.ancestors_as_of(chart.unit, chart.on)
            ],
        }

    with fewer_collections():  # thousands of boxes and list items, as for the chart's files
        drawn = cache.cached(tenant.pk, "chart-page", [found.pk, on, dated, depth, show_posts], draw)
    if drawn is None:
        _unit, missing, form = _chart(request, tenant, unit)
        assert missing is not None
        return _missing(request, missing, form)
    found.name, found.short_name = drawn["name"], drawn["short_name"]  # the names on the date
    chart = Chart(tenant, found, on, dated, depth, show_posts, tree=None)
    context = {
        "tenant": tenant,
        "unit": found,
        "ancestors": drawn["ancestors"],
        "chart": chart,
        "form": form,
        "description": drawn["description"],
        "svg": SafeString(drawn["svg"]),
        "root_x": drawn["root_x"],
        "fewer_levels": drawn["fewer_levels"],
        "chart_files": {ext: chart.filename(ext) for ext in ("svg", "png", "pdf")},
        "chart_list": SafeString(drawn["chart_list"]),
    }
    return render(request, "organisation/chart_page.html", context)


def _file_view(
    render_file: Callable[[HttpRequest, Chart, charts.Layout], HttpResponse],
) -> Callable[..., HttpResponse]:
    @tenant_view()
    def view(request: HttpRequest, tenant: Tenant, unit: str) -> HttpResponse:
        """The file from the cache, made when the organisation changed since it was last made
        for this unit, date, options, language and address (links in it are absolute)."""
        found = get_object_or_404(Unit, tenant=tenant, slug=unit)
        form = ChartOptions(request.GET, label_suffix="")
        if not form.is_valid():
            return _bad_request(form)
        data = form.cleaned_data
        on = data["datum"] or today()
        options = [data["datum"] is not None, data["djup"], data["befattningar"]]
        parts = [render_file.__name__, found.pk, on, *options, request.scheme, request.get_host()]

        def make() -> tuple[bytes, str, str] | None:
            # A chart of thousands of units is that many boxes, lines and labels, alive until
            # it is drawn: the cycle collector's full passes over them cost a third of an SVG.
            with fewer_collections():
                _unit, chart, _form = _chart(request, tenant, unit)
                if chart is None or chart.tree is None:
                    return None
                response = render_file(request, chart, chart.layout())
            return response.content, response["Content-Type"], response["Content-Disposition"]

        made = cache.cached(tenant.pk, "chart-file", parts, make)
        if made is None:
            _unit, chart, form = _chart(request, tenant, unit)
            assert chart is not None
            return _missing(request, chart, form)
        content, content_type, disposition = made
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = disposition
        return response

    view.__name__ = render_file.__name__
    view.__doc__ = render_file.__doc__
    return view


def _svg_file(request: HttpRequest, chart: Chart, layout: charts.Layout) -> HttpResponse:
    """The chart as an SVG image (shown in the browser; the page embeds it)."""
    svg = _svg(request, chart, layout, heading=True)
    return _file(svg, "image/svg+xml; charset=utf-8", chart.filename("svg"), attachment=False)


def _png_file(request: HttpRequest, chart: Chart, layout: charts.Layout) -> HttpResponse:
    """The chart as a PNG picture, for documents and presentations."""
    png = charts.render_png(layout, heading=charts.Heading(chart.title, chart.subtitle))
    return _file(png, "image/png", chart.filename("png"), attachment=True)


def _pdf_file(request: HttpRequest, chart: Chart, layout: charts.Layout) -> HttpResponse:
    """The chart as a PDF, for printing: a big chart as a picture followed by its units as text."""
    assert chart.tree is not None
    lang = get_language() or "sv"
    if len(layout.boxes) <= charts.PDF_VECTOR_BOXES:
        drawing: str | bytes = _svg(request, chart, layout, heading=False)
        index = heading = ""
    else:
        drawing = charts.render_png(layout, scale=charts.pdf_png_scale(layout))
        index = _index_html(chart.tree)
        heading = _("Units in the chart")
    pdf = charts.render_pdf(
        layout,
        drawing,
        title=chart.title,
        subtitle=chart.subtitle,
        lang=lang,
        index=index,
        index_heading=heading,
    )
    return _file(pdf, "application/pdf", chart.filename("pdf"), attachment=True)


chart_svg = _file_view(_svg_file)
chart_png = _file_view(_png_file)
chart_pdf = _file_view(_pdf_file)
