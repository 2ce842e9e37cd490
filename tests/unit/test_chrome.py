"""The chrome around generated pages: compacted without changing what it shows, the body left as it is."""

from __future__ import annotations

from claimtrail.hashing import sha256_hex
from claimtrail.site.shell import SHELL_BODY, compact_chrome, fill_shell, share_chrome


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
