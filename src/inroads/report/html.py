"""The offline HTML report: one file holding the page, its script, its style and the data of :func:`build`.

Nothing is fetched when the page opens: the script and style are ours (``static/report.js``, ``static/map.js``,
``static/map_render.js``, ``static/start.js``, ``static/report.css``), inlined by the template
(``templates/report.html.j2``), and a Content-Security-Policy forbids every request. The data travels as JSON inside
``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, so no name in a network can
close the tag or start markup; the script only ever puts data into the page through ``textContent``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["render_html", "script_json"]

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element: characters HTML could read as markup are escaped.

    Examples
    --------
    >>> script_json({"name": "</script><b>&"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    >>> json.loads(script_json({"name": "</script>"}))["name"]
    '</script>'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return "".join(_ESCAPES.get(ch, ch) for ch in text) if any(ch in text for ch in _ESCAPES) else text


@cache
def _asset(name: str) -> str:
    return resources.files("inroads.report").joinpath(name).read_text(encoding="utf-8")


def render_html(report: dict[str, Any]) -> str:
    """The report page for a dict made by :func:`inroads.report.build.build`.

    Examples
    --------
    >>> page = render_html({"title": "a <b>", "network": {}, "shortlist": {"columns": [], "rows": []}})
    >>> "<title>a &lt;b&gt;</title>" in page, "http://" in page.replace("http://www.w3.org/2000/svg", "")
    (True, False)
    """
    import jinja2

    from inroads import __version__

    # The script files share one function scope (the template wraps them); start.js, last, starts up.
    js = "\n".join(_asset(f"static/{name}.js") for name in ("report", "map", "map_render", "start"))
    css = _asset("static/report.css")
    # Our own assets are inlined raw, so they must never hold the sequence that would end their element.
    if "</script" in js.lower() or "</style" in css.lower():
        raise RuntimeError("report assets must not contain </script or </style")
    environment = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: _asset(f"templates/{name}")),  # the map is a partial the app reuses
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    template = environment.get_template("report.html.j2")
    return template.render(
        title=str(report.get("title", "inroads report")),
        version=__version__,
        css=css,
        js=js,
        data=script_json(_page_data(report)),
    )


def _page_data(report: dict[str, Any]) -> dict[str, Any]:
    """The report without what the page never shows: the ids of everyone folded into a community node."""
    layout = report.get("layout")
    if not isinstance(layout, dict) or not isinstance(layout.get("aggregated"), dict):
        return report
    aggregated = {**layout["aggregated"], "people": [], "people_community": []}
    return {**report, "layout": {**layout, "aggregated": aggregated}}
