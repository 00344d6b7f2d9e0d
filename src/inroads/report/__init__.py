"""Rendering: ``build()`` makes the report's one dict; renderers turn results into text, HTML and PNG.

:mod:`~inroads.report.render` (table, CSV, JSON, Markdown and the atomic write), :mod:`~inroads.report.build` (the
report's dict), :mod:`~inroads.report.html` (the offline page), :mod:`~inroads.report.plots` (PNG charts),
:mod:`~inroads.report.mapview` (the map: who is drawn and where; :func:`~inroads.report.mapview.map_view` is the one
door the page, the PNGs and the app use), :mod:`~inroads.report.layout` (map positions), :mod:`~inroads.report.labels`
(label placement) and :mod:`~inroads.report.map_png` (the map as a slide). Nothing is imported here, so
``inroads.report.render`` stays cheap for commands that never draw.
"""
