"""Rendering: ``build()`` makes the report's one dict; renderers turn results into text, HTML and PNG.

:mod:`~inroads.report.render` (table, CSV, JSON, Markdown and the atomic write), :mod:`~inroads.report.build` (the
report's dict), :mod:`~inroads.report.html` (the offline page), :mod:`~inroads.report.plots` (PNG charts) and
:mod:`~inroads.report.layout` (map positions). Nothing is imported here, so ``inroads.report.render`` stays cheap for
commands that never draw.
"""
