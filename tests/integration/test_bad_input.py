"""Bad and hostile input, end to end: one message, no traceback, nothing lost, raw/ never written.

Every case starts from a private copy of the seed build (build/ and datapackage.json
present), adds the bad input of tests/badinput/ (or generates it, when it is binary or
huge), runs `claimtrail build`, and checks:

* exit code 2 and exactly ONE message "error: FILE[:LINE][ (ITEM)]: problem\\n  fix: ...",
  naming the file and the line or claim, with no Python traceback;
* build/ and datapackage.json byte-identical to before, no staging leftovers;
* raw/ unchanged: every file's bytes and mtime, every link's target.

Never builds inside the repository: every build runs in a copy under tmp_path.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimtrail import cli, layout
from claimtrail import runner as build_module
from claimtrail.layout import MAX_ARTICLES, MAX_RAW_BYTES
from corpus_tools import add_raw_article, raw_digest, sidecar_text
from helpers import REPO_ROOT, SEED_RAW, copy_repo, run_cli, tree_digest

pytestmark = pytest.mark.integration

BAD = REPO_ROOT / "tests" / "badinput"
ARTICLE = (BAD / "article.md").read_bytes()
ANNOTATION = (BAD / "article.yaml").read_text(encoding="utf-8")
ARTICLE_ID = "badinput-article"
TRACEBACK = "Traceback (most recent call last)"


# --------------------------------------------------------------------------
# What must hold after every bad-input build
# --------------------------------------------------------------------------


def leftovers(root: Path) -> list[str]:
    return sorted(
        p.name for p in root.iterdir() if p.name.startswith(("build.staging-", "build.previous-", "build.commit-"))
    )


def assert_one_message(stderr: str, file: str, line: int | None, item: str | None, says: tuple[str, ...]) -> None:
    """Exactly one 'error: FILE:LINE (ITEM): problem' with one '  fix: ', and no traceback."""
    where = file + (f":{line}" if line is not None else "") + (f" ({item})" if item else "")
    assert TRACEBACK not in stderr
    assert "internal error" not in stderr
    assert stderr.startswith(f"error: {where}: "), stderr
    assert stderr.count("error: ") == 1, stderr
    assert stderr.count("\n  fix: ") == 1, stderr
    problem = stderr.split("\n  fix: ")[0]
    for words in says:
        assert words in problem, f"{words!r} not in {problem!r}"


# --------------------------------------------------------------------------
# The cases
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    setup: Callable[[Path], None]
    file: str  # the file the message must name
    line: int | None  # the line it must name (None: no line, e.g. a whole-file problem)
    item: str | None  # the claim or item it must name
    says: tuple[str, ...]  # words the problem must contain


def article(name: str, data: bytes, *, kind: str = "article", annotation: str | None = None) -> Callable[[Path], None]:
    """Add raw/NAME (with a correct sidecar) and, if given, the annotation of badinput-article."""

    def setup(root: Path) -> None:
        add_raw_article(root, name, data, kind=kind, annotation=annotation, source_id=ARTICLE_ID)

    return setup


def bad_annotation(name: str, data: bytes = ARTICLE) -> Callable[[Path], None]:
    """The valid article with the annotation tests/badinput/NAME."""
    return article("badinput-article.md", data, annotation=(BAD / name).read_text(encoding="utf-8"))


def both(*setups: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        for s in setups:
            s(root)

    return setup


def huge_file(root: Path) -> None:
    """A 100 MB raw file, sparse: nothing of it is kept in git, and it costs no disk blocks."""
    with (root / "raw" / "huge.txt").open("wb") as fh:
        fh.truncate(100 * 1000 * 1000)


def symlink_outside(root: Path) -> None:
    outside = root / "outside.md"
    outside.write_bytes(ARTICLE)
    (root / "raw" / "linked.md").symlink_to(outside)
    (root / "raw" / "linked.md.provenance.yaml").write_text(sidecar_text("linked.md", ARTICLE), encoding="utf-8")


def symlink_loop(root: Path) -> None:
    (root / "raw" / "loop.md").symlink_to("loop.md")


def sidecar_naming_a_path(root: Path) -> None:
    add_raw_article(root, "innocent.md", ARTICLE)
    sidecar = root / "raw" / "innocent.md.provenance.yaml"
    sidecar.write_text(
        sidecar.read_text(encoding="utf-8").replace("file: innocent.md", "file: ../../etc/passwd"), encoding="utf-8"
    )


def events_impossible_date(root: Path) -> None:
    events = root / "raw" / "events.yaml"
    fragment = (BAD / "events-impossible-date.yaml").read_text(encoding="utf-8")
    events.write_text(events.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + fragment, encoding="utf-8")


def dataset_keywords_not_a_list(root: Path) -> None:
    path = root / "raw" / "dataset.yaml"
    text = re.sub(r"^keywords:.*$", "keywords: 1.5", path.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")


def annotation_fifo(root: Path) -> None:
    os.mkfifo(root / "raw" / "annotations" / "waiting.yaml")


def crlf(data: bytes) -> bytes:
    return data.replace(b"\n", b"\r\n")


SPAN_ANNOTATION = """\
source_id: first-wire-car-bombs-hit-the
claims:
  - id: c01
    quote: "the observers said.\\nSource: Car bombs hit the coast – First Wire\\n\\nSecond article about the airport"
    claimant: "First Wire"
    claimant_type: outlet
    claim_type: context
"""


def spans_two_articles(root: Path) -> None:
    add_raw_article(
        root,
        "two-articles.txt",
        (BAD / "two-articles.txt").read_bytes(),
        kind="compilation_page",
        annotation=SPAN_ANNOTATION,
        source_id="first-wire-car-bombs-hit-the",
    )


ANN = f"raw/annotations/{ARTICLE_ID}.yaml"
CASES: dict[str, Case] = {
    # -- encodings and bytes --------------------------------------------------
    "invalid UTF-8 bytes": Case(
        article("invalid-utf8.md", ARTICLE.replace(b"Officials", b"Offici\x92ls")),
        "raw/invalid-utf8.md",
        9,
        None,
        (f"byte {ARTICLE.index(b'Officials') + 6} (0x92) is not valid UTF-8",),
    ),
    "invalid UTF-8 in a lone-CR file names the right line": Case(
        article("invalid-utf8-cr.md", ARTICLE.replace(b"\n", b"\r").replace(b"Officials", b"Offici\xc3ls")),
        "raw/invalid-utf8-cr.md",
        9,
        None,
        ("(0xc3) is not valid UTF-8",),
    ),
    "NUL bytes": Case(
        article("nul.md", ARTICLE.replace(b"the second", b"the\x00second")),
        "raw/nul.md",
        10,
        None,
        ("NUL bytes",),
    ),
    "empty file": Case(article("empty.md", b""), "raw/empty.md", None, None, ("holds no text",)),
    "file of blank lines and a byte-order mark": Case(
        article("blank.txt", "\ufeff\r\n \n\t\r".encode()), "raw/blank.txt", None, None, ("holds no text",)
    ),
    "only front matter": Case(
        article("front-matter-only.md", (BAD / "front-matter-only.md").read_bytes()),
        "raw/front-matter-only.md",
        5,
        None,
        ("front matter but no article text",),
    ),
    "front matter that is never closed": Case(
        article("unclosed.md", ARTICLE.replace(b"---\nAt least", b"At least")),
        "raw/unclosed.md",
        1,
        None,
        ("no closing '---' line",),
    ),
    "front matter with broken YAML": Case(
        article("front-matter-broken-yaml.md", (BAD / "front-matter-broken-yaml.md").read_bytes()),
        "raw/front-matter-broken-yaml.md",
        5,
        None,
        ("not valid YAML", "a quoted scalar that begins on line 2"),
    ),
    "front matter with a YAML alias bomb (billion laughs)": Case(
        article("front-matter-alias-bomb.md", (BAD / "front-matter-alias-bomb.md").read_bytes()),
        "raw/front-matter-alias-bomb.md",
        3,
        None,
        ("aliases (*name) are not allowed",),
    ),
    "annotation with a YAML alias bomb (billion laughs)": Case(
        bad_annotation("annotation-alias-bomb.yaml"), ANN, 3, None, ("aliases (*name) are not allowed",)
    ),
    "annotation with a control character YAML forbids": Case(
        bad_annotation("annotation-control-character.yaml"), ANN, 6, None, ("U+001B is not allowed",)
    ),
    "annotation nested thousands of levels deep": Case(
        article("badinput-article.md", ARTICLE, annotation=ANNOTATION + "extra: " + "[" * 5000 + "]" * 5000 + "\n"),
        ANN,
        31,
        None,
        ("nested thousands of levels deep",),
    ),
    "annotation with an integer of 5,000 digits": Case(
        article("badinput-article.md", ARTICLE, annotation=ANNOTATION.replace("value: 40", "value: " + "9" * 5000)),
        ANN,
        14,
        None,
        ("the value cannot be read", "4300 digits"),
    ),
    "annotation with an infinite count": Case(
        article("badinput-article.md", ARTICLE, annotation=ANNOTATION.replace("value: 40", "value: .inf")),
        ANN,
        14,  # the line of value: itself
        "claim c01, figure “At least 40”",
        ("value must be a number, not .inf",),  # as written (issue 16)
    ),
    "annotation that is a FIFO, not a file": Case(
        annotation_fifo, "raw/annotations/waiting.yaml", None, None, ("is not a regular file",)
    ),
    # -- articles and ids -----------------------------------------------------
    "compilation page with no Source line": Case(
        article("compilation-no-source.txt", (BAD / "compilation-no-source.txt").read_bytes(), kind="compilation_page"),
        "raw/compilation-no-source.txt",
        None,
        None,
        ("no line starts with 'Source:'",),
    ),
    "the same article twice under different file names": Case(
        both(article("copy one.md", ARTICLE), article("copy-two.md", ARTICLE)),
        "raw/copy-two.md",
        7,
        None,
        ("has the same text as 'badinput-article' in raw/copy one.md",),
    ),
    "the same article twice, once with CRLF line endings": Case(
        both(article("copy-lf.md", ARTICLE), article("copy-crlf.md", crlf(ARTICLE).replace(b"badinput-", b"other-"))),
        "raw/copy-lf.md",
        7,
        None,
        ("has the same text as 'other-article' in raw/copy-crlf.md",),
    ),
    "two articles with the same id": Case(
        both(article("badinput-article.md", ARTICLE), article("same-id.md", (BAD / "same-id.md").read_bytes())),
        "raw/same-id.md",
        6,
        None,
        ("has the id 'badinput-article', already used by article 1 of raw/badinput-article.md",),
    ),
    # -- annotations ----------------------------------------------------------
    "quote absent from the article": Case(
        bad_annotation("annotation-quote-absent.yaml"),
        ANN,
        4,
        "claim c01",
        (
            "is not in article badinput-article",
            "first 10 characters match",
            "the quote has “1” (U+0031 DIGIT ONE) where the article has “0” (U+0030 DIGIT ZERO)",
        ),
    ),
    "quote present twice": Case(
        bad_annotation("annotation-quote-twice.yaml"),
        ANN,
        4,
        "claim c01",
        ("occurs 2 times in article badinput-article (raw lines 7, 9)",),
    ),
    "quote that spans two articles of a compilation page": Case(
        spans_two_articles,
        "raw/annotations/first-wire-car-bombs-hit-the.yaml",
        3,
        "claim c01",
        ("is not in article first-wire-car-bombs-hit-the", "where the article ends"),
    ),
    "offsets out of range": Case(
        bad_annotation("annotation-offsets-out-of-range.yaml"),
        ANN,
        4,
        "claim c01",
        ("char_start 1000000 is out of range", "only if they start between 103 and 187"),
    ),
    "negative offset": Case(
        article(
            "badinput-article.md",
            ARTICLE,
            annotation=ANNOTATION.replace(
                '"At least 40 people were killed in the blasts"\n',
                '"At least 40 people were killed in the blasts"\n    char_start: -5\n',
            ),
        ),
        ANN,
        6,  # the line of char_start: itself
        "claim c01",
        ("char_start must be a whole number from 0 to 52,428,800, not -5",),
    ),
    "unknown event id": Case(
        bad_annotation("annotation-unknown-event.yaml"),
        ANN,
        4,
        "claim c01",
        ("event '2016-05-23-no-such-event' is not in raw/events.yaml",),
    ),
    "figure whose low is greater than its high": Case(
        bad_annotation("annotation-figure-low-above-high.yaml"),
        ANN,
        11,
        "claim c01, figure “At least 40”",
        ("low (50) is greater than high (40)",),
    ),
    "zero-width space inside a quote": Case(
        bad_annotation("annotation-zero-width.yaml"),
        ANN,
        4,
        "claim c01",
        ("first 15 characters match", "the quote has U+200B ZERO WIDTH SPACE where the article has “p” (U+0070"),
    ),
    "homoglyph inside a quote": Case(
        bad_annotation("annotation-homoglyph.yaml"),
        ANN,
        4,
        "claim c01",
        (
            "first 13 characters match",
            "the quote has “е” (U+0435 CYRILLIC SMALL LETTER IE) where the article has “e” (U+0065 LATIN SMALL LETTER E)",
        ),
    ),
    "LF quote against a CRLF article": Case(
        article("badinput-article.md", crlf(ARTICLE), annotation=ANNOTATION),
        ANN,
        16,
        "claim c02",
        ("first 39 characters match", "the quote has U+000A where the article has U+000D"),
    ),
    # -- dates ------------------------------------------------------------------
    "impossible date in front matter": Case(
        article("front-matter-impossible-date.md", (BAD / "front-matter-impossible-date.md").read_bytes()),
        "raw/front-matter-impossible-date.md",
        5,
        None,
        ("published: 2016-02-30 is not a date that exists",),
    ),
    "impossible date in events.yaml": Case(
        events_impossible_date,
        "raw/events.yaml",
        None,
        "event 2016-02-30-impossible",
        ("date_start '2016-02-30' is not a real date",),
    ),
    "dataset keywords that are a number, not a list": Case(
        dataset_keywords_not_a_list, "raw/dataset.yaml", None, None, ("keywords must be a list, not '1.5'",)
    ),
    "impossible curated publication date": Case(
        bad_annotation("annotation-impossible-date.yaml"),
        ANN,
        4,
        "source",
        ("published 2016-02-30 is not a date that exists",),
    ),
    # -- files ------------------------------------------------------------------
    "a 100 MB file": Case(
        huge_file,
        "raw/huge.txt",
        None,
        None,
        (f"the file has 100,000,000 bytes; the limit is {MAX_RAW_BYTES:,} bytes",),
    ),
    "symbolic link to a file outside raw/": Case(
        symlink_outside,
        "raw/linked.md",
        None,
        None,
        ("is a symbolic link to", "outside raw/"),
    ),
    "symbolic link that loops": Case(symlink_loop, "raw/loop.md", None, None, ("which leads to no file",)),
    "file name with a newline": Case(
        article("new\nline.md", ARTICLE),
        "raw/new\\u000aline.md",
        None,
        None,
        ("the file name holds the control or invisible formatting character U+000A",),
    ),
    "file name with a right-to-left override": Case(
        article("invoice\u202egpj.md", ARTICLE),
        "raw/invoice\\u202egpj.md",
        None,
        None,
        ("formatting character U+202E",),
    ),
    "sidecar naming a path with ..": Case(
        sidecar_naming_a_path,
        "raw/innocent.md.provenance.yaml",
        None,
        None,
        ("file: names '../../etc/passwd', not 'innocent.md'",),
    ),
}


def _expected_line(name: str, case: Case, root: Path) -> int | None:
    """The case's line; for edits of the repository's own files, where the edit landed."""
    if name == "impossible date in events.yaml":
        text = (root / "raw" / "events.yaml").read_text(encoding="utf-8")
        event_at = text.index("- id: 2016-02-30-impossible")
        return text[: text.index("date_start:", event_at)].count("\n") + 1  # the line of date_start: itself
    if name == "dataset keywords that are a number, not a list":
        text = (root / "raw" / "dataset.yaml").read_text(encoding="utf-8")
        return text[: text.index("keywords: 1.5")].count("\n") + 1
    return case.line


@pytest.fixture
def repo(built_root: Path, tmp_path: Path) -> Path:
    """A private copy of the seed build: raw/, build/ and datapackage.json."""
    return copy_repo(tmp_path / "repo", built_root, with_outputs=True)


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_gets_one_message_and_loses_nothing(
    name: str, repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # an internal-error log would land here
    case = CASES[name]
    case.setup(repo)
    raw_before, outputs_before = raw_digest(repo), tree_digest(repo)

    code = cli.main(["build", "--root", str(repo)])

    out, err = capsys.readouterr()
    assert code == cli.EXIT_INPUT_ERROR, err
    assert_one_message(err, case.file, _expected_line(name, case, repo), case.item, case.says)
    assert TRACEBACK not in out
    assert raw_digest(repo) == raw_before, "raw/ was written"
    assert tree_digest(repo) == outputs_before, "build/ or datapackage.json changed"
    assert leftovers(repo) == []


@pytest.mark.parametrize("name", ["invalid UTF-8 bytes", "a 100 MB file", "symbolic link that loops"])
def test_bad_input_in_a_fresh_interpreter(name: str, repo: Path) -> None:
    """The same through `python -m claimtrail`: exit 2 and one message on stderr, nothing on stdout."""
    case = CASES[name]
    case.setup(repo)
    raw_before, outputs_before = raw_digest(repo), tree_digest(repo)
    proc = run_cli(["build", "--root", str(repo)], cwd=repo)
    assert proc.returncode == 2, proc.stderr
    assert_one_message(proc.stderr, case.file, case.line, case.item, case.says)
    assert proc.stdout == ""
    assert raw_digest(repo) == raw_before
    assert tree_digest(repo) == outputs_before


def test_unreadable_raw_file_gets_a_message(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Permissions cannot be tested as root, so the read fails the way EACCES does."""
    add_raw_article(repo, "locked.md", ARTICLE)
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.md":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert cli.main(["build", "--no-site", "--root", str(repo)]) == cli.EXIT_INPUT_ERROR
    assert_one_message(capsys.readouterr().err, "raw/locked.md", None, None, ("cannot be read: Permission denied",))


# --------------------------------------------------------------------------
# Limits
# --------------------------------------------------------------------------


def test_more_articles_than_the_limit_stops_at_the_file_that_crosses_it(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(layout, "MAX_ARTICLES", 5)  # the seed page holds exactly 5
    add_raw_article(repo, "zz-sixth.md", ARTICLE)
    before = tree_digest(repo)
    assert cli.main(["build", "--no-site", "--root", str(repo)]) == cli.EXIT_INPUT_ERROR
    assert_one_message(
        capsys.readouterr().err,
        "raw/zz-sixth.md",
        None,
        None,
        ("with this file raw/ holds 6 articles or more; the limit is 5 articles per build",),
    )
    assert tree_digest(repo) == before


def test_more_raw_files_than_the_article_limit_are_refused_before_reading(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(layout, "MAX_ARTICLES", 3)
    for n in range(4):  # no sidecars: the count is refused before any file is read
        (repo / "raw" / f"many-{n}.md").write_bytes(ARTICLE)
    assert cli.main(["build", "--no-site", "--root", str(repo)]) == cli.EXIT_INPUT_ERROR
    assert_one_message(
        capsys.readouterr().err,
        "raw/many-2.md",
        None,
        None,
        ("with this file raw/ holds 4 articles or more; the limit is 3",),
    )


def test_the_real_article_limit_on_one_compilation_page(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """MAX_ARTICLES + 1 tiny articles on one page (about 12 MB): refused with the documented limit."""
    assert MAX_ARTICLES == 200_000
    page = "".join(
        f"Article number {n} says something.\nSource: Headline {n} – Wire {n}\n\n" for n in range(MAX_ARTICLES)
    )
    add_raw_article(repo, "zz-page.txt", page.encode(), kind="compilation_page")
    assert cli.main(["build", "--no-site", "--root", str(repo)]) == cli.EXIT_INPUT_ERROR
    assert_one_message(
        capsys.readouterr().err,
        "raw/zz-page.txt",
        None,
        None,
        ("holds 200,005 articles or more; the limit is 200,000 articles per build",),
    )


def test_limits_are_documented_in_the_readme() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    limits = readme.split("\n## Limits\n", 1)[1].split("\n## ", 1)[0]
    assert "50 MiB" in limits and "MAX_RAW_BYTES" in limits
    assert "200,000" in limits and "MAX_ARTICLES" in limits
    assert MAX_RAW_BYTES == 50 * 1024 * 1024


# --------------------------------------------------------------------------
# An internal error: short message and the path of a full log
# --------------------------------------------------------------------------


def test_internal_error_prints_a_short_message_and_the_path_of_a_full_log(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(logs))

    def broken(*args: object) -> object:
        raise RuntimeError("a bug deep inside the build")

    monkeypatch.setattr(build_module, "read_inputs", broken)
    before = tree_digest(repo)
    assert cli.main(["build", "--root", str(repo)]) == cli.EXIT_INTERNAL_ERROR
    out, err = capsys.readouterr()
    assert TRACEBACK not in err and TRACEBACK not in out
    assert err.startswith(f"internal error in claimtrail {cli.__version__}: this is a bug")
    assert len(err.strip().splitlines()) == 2, err
    [log] = list(logs.glob("claimtrail-*.log"))
    assert f"the full log is in {log}" in err
    text = log.read_text(encoding="utf-8")
    assert TRACEBACK in text and "RuntimeError: a bug deep inside the build" in text
    assert tree_digest(repo) == before


def test_seed_raw_file_is_the_one_the_cases_leave_alone() -> None:
    """The cases add files next to the seed page; none of them may edit the repository's own raw/."""
    assert (REPO_ROOT / SEED_RAW).is_file()
    assert not any(p.name.startswith(("badinput", "huge", "linked", "loop")) for p in (REPO_ROOT / "raw").iterdir())


def test_every_file_of_the_bad_input_corpus_is_used() -> None:
    sources = "".join(
        (REPO_ROOT / "tests" / rel).read_text(encoding="utf-8")
        for rel in ("integration/test_bad_input.py", "integration/test_odd_input.py")
    )
    unused = [p.name for p in BAD.iterdir() if p.name not in ("README.md", ".gitattributes") and p.name not in sources]
    assert unused == []
    readme = (BAD / "README.md").read_text(encoding="utf-8")
    assert [
        p.name for p in BAD.iterdir() if p.suffix != ".gitattributes" and p.name != "README.md" and p.name not in readme
    ] == []
