"""Stage 8, site: the pages (pure) and the site (written).

* `html`: URLs, article HTML with marks, enum values in words, the Jinja environment;
* `charts`: the figures chart of an event page (HTML on the page, SVG and CSV to download);
* `pages`: what the pages are made from (SiteInputs, Pages, HtmlPage) and pagination;
* `builder`: render_pages, a page builder with one method per kind of page and an explicit RowSource;
* `shell`: everything that depends on MkDocs' internals (running it, the shell and stubs, the sitemap);
* `downloads`: the files offered, SHA256SUMS, the schema.org Dataset description;
* `search`: the Pagefind index of every word of every page, and the search page;
* `page_store`: pages written into the site, unchanged ones linked from the store;
* `write`: build_site: Parquet, downloads, `mkdocs build --strict`, the pages, the search index.

Templates in report/templates only display what Python hands them.
"""
