"""The chrome around generated pages: compacted without changing what it shows, the body left as it is."""

from __future__ import annotations

from claimtrail.site.shell import SHELL_BODY, compact_chrome, fill_shell


def test_compacting_cuts_blank_runs_but_keeps_code_and_scripts() -> None:
    chrome = '<nav>\n\n    <a href="x">\n      Home\n    </a>\n</nav>\n<pre>a\n\n    b</pre>\n  <script>\n  var a = 1\n</script>'
    out = compact_chrome(chrome)
    assert out == '<nav>\n<a href="x">\nHome\n</a>\n</nav>\n<pre>a\n\n    b</pre>\n<script>\n  var a = 1\n</script>'
    assert compact_chrome(out) == out
    assert compact_chrome("<b>one two</b>  <i>three</i>") == "<b>one two</b>  <i>three</i>"  # no line break: kept


def test_a_page_set_into_the_shell_keeps_its_body_byte_for_byte() -> None:
    shell = (
        '<head>\n    <link rel="canonical" href="https://example.org/site/claimtrail-shell/">\n'
        "    <title>CLAIMTRAILSHELLTITLE</title>\n</head>\n<body>\n\n    " + SHELL_BODY + "\n\n  </body>"
    )
    body = "<h1>T</h1>\n\n<div class='ct-article'>line one&#10;&#10;   line two</div>\n\n"
    page = fill_shell(shell, "A & B", body, "sources/a.html")
    assert body in page
    assert "<title>A &amp; B</title>" in page
    assert '<link rel="canonical" href="https://example.org/site/sources/a.html">' in page
    assert "claimtrail-shell" not in page
    before, after = page.split(body)
    assert "\n\n" not in before and "\n\n" not in after
