"""Stage 8, site: the pages (pure) and the site (written).

* `html`: URLs, article HTML with marks, the range chart, the Jinja environment;
* `pages`: what the pages are made from (SiteInputs, Pages, HtmlPage) and pagination;
* `builder`: render_pages, a page builder with one method per kind of page and an explicit RowSource;
* `shell`: the MkDocs shell and deferred-stub protocol, search entries;
* `page_store`: pages written into the site, unchanged ones linked from the store;
* `write`: build_site: Parquet, downloads, `mkdocs build --strict`, the pages, the search index.

Templates in report/templates only display what Python hands them.
"""
