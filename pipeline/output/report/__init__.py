"""A self-contained HTML dashboard over a batch output (DuckDB, Parquet) or PostgreSQL.

    html = render_report(collect(open_output("out/")))
    write_report("out/", "out/report.html")                # the same, to a file
    write_report(None, "report.html", db="postgresql://...")

`queries` reads the data (the same SQL on DuckDB and PostgreSQL), `charts`
draws the SVG charts, `page` assembles the sections into the jinja2 template
with the CSS and script of `static/`.
"""
from .charts import amount_str, time_buckets  # noqa: F401
from .page import render_report, write_report  # noqa: F401
from .queries import ReportData, ReportError, collect, open_output, stored_theme_names, theme_names  # noqa: F401
