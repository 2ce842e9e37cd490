"""The chrome around generated pages: compacted without changing what it shows, the body left as it is."""

from __future__ import annotations

import json

import pytest

from claimtrail.hashing import sha256_hex
from claimtrail.site.shell import SHELL_BODY, compact_chrome, fill_shell, lighten_nav, share_chrome, trim_config


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


def test_icons_and_inline_scripts_move_to_shared_hashed_files() -> None:
    logo = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M1 1h2"/></svg>'
    other = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M5 5h9"/></svg>'
    shell = (
        f"<head><script>var a=1</script></head><header>{logo}</header><nav>{logo}{other}</nav>"
        '<script id="__config" type="application/json">{"base": ".."}</script><script>b()</script>'
    )
    out, files = share_chrome(shell, "../")
    sprite = next(rel for rel in files if rel.endswith(".svg"))
    assert out.count(f'<use href="../{sprite}#i0"/>') == 2 and out.count(f'<use href="../{sprite}#i1"/>') == 1
    assert files[sprite].count(b"<symbol ") == 2 and b'<path d="M5 5h9"/>' in files[sprite]
    scripts = sorted(rel for rel in files if rel.endswith(".js"))
    assert sorted(files[rel] for rel in scripts) == [b"b()", b"var a=1"]
    for rel in scripts:
        assert sha256_hex(files[rel]).startswith(rel.split(".")[1]) and f'<script src="../{rel}"></script>' in out
    assert '<script id="__config" type="application/json">{"base": ".."}</script>' in out  # data, not code: kept
    assert "<path" not in out and "var a=1" not in out


def test_the_theme_config_keeps_only_the_translations_the_page_can_show() -> None:
    config = (
        '{"base": "..", "features": ["navigation.top"], "search": "w.js", "translations": '
        '{"clipboard.copy": "Copy", "search.result.none": "No match", "select.version": "Version"}, "version": null}'
    )
    shell = f'<header></header><script id="__config" type="application/json">{config}</script>'
    out = trim_config(shell)
    assert json.loads(out.split('type="application/json">')[1].split("</script>")[0]) == {
        "base": "..",
        "features": ["navigation.top"],
        "search": "w.js",
        "translations": {},
        "version": None,
    }
    # the theme's search box, code copy and versions each keep their own words
    searching = trim_config(shell.replace("<header>", '<header><div data-md-component="search">'))
    assert '"search.result.none":"No match"' in searching and "clipboard" not in searching
    copying = trim_config(shell.replace('["navigation.top"]', '["content.code.copy"]'))
    assert '"clipboard.copy":"Copy"' in copying and "search.result" not in copying
    versioned = trim_config(shell.replace('"version": null', '"version": {"provider": "mike"}'))
    assert '"select.version":"Version"' in versioned
    # a value with markup (escaped by the theme) stays escaped: it cannot end the element
    hostile = trim_config(shell.replace('"w.js"', '"\\u003c/script>x"'))
    assert hostile.count("</script>") == 1 and '"search":"\\u003c/script>x"' in hostile


def test_a_shell_without_the_theme_config_is_refused() -> None:
    with pytest.raises(ValueError, match="configuration"):
        trim_config("<header></header>")


def test_the_navigation_labels_lose_their_span_and_the_hidden_toc_goes() -> None:
    shell = (
        '<ul><li class="md-nav__item">\n<a href="../search/" class="md-nav__link">\n<span class="md-ellipsis">\n'
        "Search\n</span>\n</a>\n</li></ul>"
        '<div class="md-header__topic"><span class="md-ellipsis">\nA long page title\n</span></div>'
        '<div class="md-sidebar md-sidebar--secondary" data-md-component="sidebar" data-md-type="toc" hidden>\n'
        '<div class="md-sidebar__scrollwrap">\n<div class="md-sidebar__inner">\n'
        '<nav class="md-nav md-nav--secondary" aria-label="Table of contents">\n</nav>\n</div>\n</div>\n</div>\n'
        '<div class="md-content">'
    )
    out = lighten_nav(shell)
    assert '<a href="../search/" class="md-nav__link">\nSearch\n</a>' in out
    assert '<span class="md-ellipsis">\nA long page title\n</span>' in out  # the header's title keeps it
    assert "md-sidebar--secondary" not in out and out.endswith('</span></div><div class="md-content">')
    # a table of contents with entries is a reader's: it stays
    shown = shell.replace(" hidden>", ">").replace("</nav>", '<a href="#x">X</a></nav>')
    assert "md-sidebar--secondary" in lighten_nav(shown)
