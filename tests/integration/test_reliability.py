"""Issue 16, classes 4-10: the cache, verify, overlapping builds, environment faults, bidi, names, leftovers.

Each test works on a private copy of the seed build.  Faults of the machine are simulated with
monkeypatch (a full disk, a build/ on another device, a read-only folder), and, where the test
runs as root, with a real tmpfs of 1 MiB.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from claimtrail import cli
from claimtrail.errors import EXIT_CANTCREAT, EXIT_IOERR, EXIT_TEMPFAIL
from claimtrail.output_hashes import CONTENT_HASHED, output_sha256
from claimtrail.runner.lock import LOCK_FILE, build_lock
from claimtrail.runner.verify import VERIFY_PREFIX, sweep_verify_folders, verify
from corpus_tools import add_raw_article
from helpers import copy_repo, output_files, tree_digest

ARTICLE = (
    "---\ntitle: \u202eexe.png\u202c report\npublisher: Bidi \u2067Wire\u2069\nid: bidi-article\n"
    "published: 2016-05-24\n---\n"
    "Officials said at least 12 people were killed in Aleppo, the file \u202egnp.exe\u202c shows.\n"
)


def build_cli(root: Path, *extra: str) -> int:
    return cli.main(["build", "--root", str(root), "--executor", "serial", *extra])


def site_files(root: Path) -> dict[str, bytes]:
    """Every file of the built site by path (a DuckDB file, gzipped or not, embeds a random id: compared by content)."""
    site = root / "build" / "site"
    return {
        p.relative_to(site).as_posix(): (
            output_sha256(p).encode() if p.name.endswith(CONTENT_HASHED) else p.read_bytes()
        )
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


# ---- 4. the cache ----------------------------------------------------------------------------


def _flip_one_byte(path: Path) -> None:
    """Change one byte near the end of the file, keeping its length (and, for the page store, its times)."""
    data = bytearray(path.read_bytes())
    i = len(data) - 2
    data[i] = ord("0") if data[i] != ord("0") else ord("1")
    st = path.stat()
    path.chmod(0o644)
    path.write_bytes(bytes(data))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    path.chmod(st.st_mode & 0o777)


def test_damaged_cache_entries_are_recomputed_said_once_and_change_no_output(
    built_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build_cli(built_copy) == 0  # fills .claimtrail-cache/
    before_data, before_site = output_files(built_copy), site_files(built_copy)
    cache = built_copy / ".claimtrail-cache"
    entries = [p for p in cache.rglob("*") if p.is_file() and p.suffix in (".json", ".bundle", ".html")]
    entries = [p for p in entries if p.name != "index.json"]
    stores = {p.relative_to(cache).parts[0] for p in entries}
    assert {"parsed", "articles", "rows", "pages"} <= stores
    for p in entries:
        _flip_one_byte(p)
    capsys.readouterr()
    assert build_cli(built_copy) == 0
    out = capsys.readouterr().out
    assert out.count("damaged entr") == 1, out  # said once, for all of them
    assert f"cache: {len(entries)} damaged entries" in out
    assert output_files(built_copy) == before_data
    assert site_files(built_copy) == before_site  # no damaged page was linked into the site
    capsys.readouterr()
    assert build_cli(built_copy) == 0  # the recomputed entries are whole again
    assert "damaged entr" not in capsys.readouterr().out


# ---- 5. verify covers what is published -------------------------------------------------------


def test_verify_names_a_changed_a_missing_and_an_extra_page_of_the_built_site(built_copy: Path) -> None:
    site = built_copy / "build" / "site"
    page = site / "sources" / "index.html"
    data = bytearray(page.read_bytes())
    data[data.index(b"<h1")] = ord("<")  # same byte: then change one letter of the text, same length
    data[data.index(b"Sources")] = ord("s")
    page.unlink()  # a hard link into the page store: replace it, as an editor saving a copy does
    page.write_bytes(bytes(data))
    (site / "events" / "index.html").unlink()
    (site / "extra.html").write_text("<p>not from the build</p>", encoding="utf-8")
    result = verify(built_copy)
    problems = "\n".join(result.problems())
    assert "published file build/site/sources/index.html changed since the build" in problems
    assert "published file build/site/events/index.html missing" in problems
    assert "published file build/site/extra.html extra" in problems
    assert {c.path for c in result.published if c.status != "ok"} == {
        "build/site/sources/index.html",
        "build/site/events/index.html",
        "build/site/extra.html",
    }


# ---- 6. overlapping builds --------------------------------------------------------------------


def test_a_second_build_refuses_at_once_naming_the_running_build(
    built_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree_digest(built_copy)
    with build_lock(built_copy):
        started = time.monotonic()
        code = build_cli(built_copy)
        waited = time.monotonic() - started
    err = capsys.readouterr().err
    assert code == EXIT_TEMPFAIL == 75
    assert f"another build is running in this repository (pid {os.getpid()}" in err
    assert f"kill {os.getpid()}" in err
    assert "internal error" not in err and waited < 30  # refused, not run
    assert tree_digest(built_copy) == before


def test_verify_refuses_at_once_while_a_build_runs(built_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with build_lock(built_copy):
        code = cli.main(["verify", "--root", str(built_copy)])
    err = capsys.readouterr().err
    assert code == EXIT_TEMPFAIL and f"(pid {os.getpid()}" in err


def test_a_lock_left_by_a_killed_build_is_stale_and_taken(built_copy: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", f"from claimtrail.runner.lock import build_lock\nfrom pathlib import Path\n"
         f"import time\nwith build_lock(Path({str(built_copy)!r})):\n    print('held', flush=True)\n    time.sleep(600)\n"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    lock_text = (built_copy / LOCK_FILE).read_text(encoding="utf-8")
    assert lock_text.startswith(f"{holder.pid} ")
    holder.kill()
    holder.wait()
    assert (built_copy / LOCK_FILE).read_text(encoding="utf-8") == lock_text  # left behind by kill -9
    assert build_cli(built_copy, "--no-site") == 0


def test_no_build_deletes_another_running_builds_staging_folder(built_copy: Path) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)  # a claimtrail build"])
    try:
        alive = built_copy / f"build.staging-{sleeper.pid}"
        (alive / "build").mkdir(parents=True)
        dead_pid = subprocess.run(
            [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
        )
        dead = built_copy / f"build.staging-{int(dead_pid.stdout)}"
        dead.mkdir()
        assert build_cli(built_copy, "--no-site") == 0
        assert alive.is_dir()  # a live process's staging folder is not ours to delete
        assert not dead.exists()  # a dead one's is cleaned up
        reused = built_copy / "build.staging-1"  # pid 1 is alive, but it is no claimtrail build
        reused.mkdir()
        assert build_cli(built_copy, "--no-site") == 0
        assert not reused.exists() and alive.is_dir()
    finally:
        sleeper.kill()
        sleeper.wait()


# ---- 7. environment faults --------------------------------------------------------------------


def test_a_full_disk_is_named_with_path_reason_fix_and_exit_74(
    built_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree_digest(built_copy)
    real = Path.write_bytes

    def full(self: Path, data: bytes) -> int:  # type: ignore[override]
        if "build.staging-" in str(self) and self.suffix == ".csv":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as write() raises it: no file name
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    code = build_cli(built_copy, "--no-site")
    err = capsys.readouterr().err
    assert code == EXIT_IOERR == 74
    assert "No space left on device (ENOSPC)" in err
    assert "build.staging-" in err and ".csv" in err  # the path
    assert "fix: free space" in err
    assert "internal error" not in err
    assert tree_digest(built_copy) == before
    assert not list(built_copy.glob("build.staging-*"))


@pytest.mark.parametrize(
    ("code", "reason", "fix"),
    [
        (errno.EXDEV, "Invalid cross-device link (EXDEV)", "another device"),
        (errno.EBUSY, "Device or resource busy (EBUSY)", "mount point"),
        (errno.EROFS, "Read-only file system (EROFS)", "read-only"),
        (errno.EACCES, "Permission denied (EACCES)", "permissions"),
        (errno.ENAMETOOLONG, "File name too long (ENAMETOOLONG)", "shorter path"),
        (errno.EPERM, "Operation not permitted (EPERM)", "lsattr"),
    ],
)
def test_a_build_dir_that_cannot_be_renamed_is_named_with_exit_73(
    built_copy: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    reason: str,
    fix: str,
) -> None:
    before = tree_digest(built_copy)
    real = Path.rename

    def refuse(self: Path, target: str | Path) -> Path:
        if self.name == "build" and self.parent == built_copy:
            raise OSError(code, os.strerror(code), str(self), None, str(target))
        return real(self, target)

    monkeypatch.setattr(Path, "rename", refuse)
    exit_code = build_cli(built_copy, "--no-site")
    err = capsys.readouterr().err
    assert exit_code == EXIT_CANTCREAT == 73
    assert f"error: {built_copy / 'build'} -> {built_copy}/build.previous-" in err
    assert reason in err and fix in err and "internal error" not in err
    assert tree_digest(built_copy) == before  # build/ and datapackage.json untouched
    monkeypatch.undo()
    assert build_cli(built_copy, "--no-site") == 0  # the next build finishes the committed swap


def test_a_name_that_cannot_take_its_sidecar_is_refused_before_anything_is_written(
    built_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "a" * 246 + ".txt"  # 250 bytes: the sidecar would need 266
    (built_copy / "raw" / name).write_bytes(b"Some text.\n")
    before = tree_digest(built_copy)
    entries = sorted(p.name for p in built_copy.iterdir())
    assert build_cli(built_copy) == cli.EXIT_INPUT_ERROR
    err = capsys.readouterr().err
    assert "the name has 250 bytes, so its sidecar" in err and "would have 266" in err
    assert "a name of at most 239 bytes" in err and ("a" * 235 + ".txt") in err
    assert tree_digest(built_copy) == before
    assert sorted(p.name for p in built_copy.iterdir()) == entries  # not even a lock or staging folder


def _mount_tmpfs(target: Path, size: str) -> bool:
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(target)], capture_output=True)
    return done.returncode == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")
def test_a_real_full_disk_and_a_real_read_only_folder(built_root: Path, tmp_path: Path) -> None:
    mnt = tmp_path / "small"
    if not _mount_tmpfs(mnt, "3m"):
        pytest.fail("mount -t tmpfs failed although running as root")
    try:
        repo = copy_repo(mnt / "repo", built_root)
        for p in (built_root / "raw").iterdir():  # fill the disk with the raw text, repeated
            if p.is_file() and p.suffix == ".txt":
                padding = mnt / "padding"
                with padding.open("wb") as fh:
                    while True:
                        try:
                            fh.write(b"x" * 65536)
                            fh.flush()
                        except OSError:
                            break
                free = os.statvfs(mnt).f_bavail * os.statvfs(mnt).f_frsize
                padding.write_bytes(padding.read_bytes()[: max(0, padding.stat().st_size - 400_000 + free)])
                break
        done = subprocess.run(
            [sys.executable, "-m", "claimtrail", "build", "--root", str(repo), "--executor", "serial"],
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert done.returncode == EXIT_IOERR, done.stderr
        assert "No space left on device (ENOSPC)" in done.stderr and "internal error" not in done.stderr
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        done = subprocess.run(
            [sys.executable, "-m", "claimtrail", "build", "--root", str(repo), "--executor", "serial"],
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert done.returncode == EXIT_CANTCREAT, done.stderr
        assert "Read-only file system (EROFS)" in done.stderr and str(repo) in done.stderr
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


# ---- 8. bidi controls ---------------------------------------------------------------------------


def test_bidi_controls_are_shown_visible_and_isolated_and_kept_in_the_data(built_copy: Path) -> None:
    add_raw_article(built_copy, "bidi-article.md", ARTICLE.encode("utf-8"))
    assert build_cli(built_copy) == 0
    sources = (built_copy / "build" / "data" / "sources.csv").read_text(encoding="utf-8")
    assert "\u202eexe.png\u202c report" in sources and "Bidi \u2067Wire\u2069" in sources  # byte for byte
    page = (built_copy / "build" / "site" / "sources" / "bidi-article.html").read_text(encoding="utf-8")
    for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert control not in page
    assert "[U+202E]" in page and "[U+2067]" in page
    title = page[page.index("<title>") : page.index("</title>")]
    assert "[U+202E]exe.png[U+202C] report" in title
    assert '<bdi class="ct-bidi"' in page  # in the article text: isolated, with a visible marker
    for name, other in site_files(built_copy).items():
        if name.endswith(".html"):  # the downloads (CSV, JSON, the zip) are data: they keep the controls
            assert "\u202e".encode() not in other, name


# ---- 9. names that differ only by normalisation ------------------------------------------------


def test_two_file_names_differing_only_by_normalisation_are_named_with_code_points(
    built_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nfc, nfd = unicodedata.normalize("NFC", "café.txt"), unicodedata.normalize("NFD", "café.txt")
    assert nfc != nfd
    add_raw_article(built_copy, nfc, b"First article.\n")
    add_raw_article(built_copy, nfd, b"Second article.\n")
    assert build_cli(built_copy, "--no-site") == cli.EXIT_INPUT_ERROR
    err = capsys.readouterr().err
    assert "two names differ only by Unicode normalisation" in err
    assert "U+00E9" in err and "U+0301" in err


# ---- 10. leftovers -----------------------------------------------------------------------------


def _signals_as_in_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@pytest.mark.parametrize(
    ("sig", "code", "words"),
    [
        (signal.SIGTERM, 143, "terminated (SIGTERM); the previous build is unchanged and the staging folder removed"),
        (signal.SIGINT, 130, "interrupted; the previous build is unchanged"),
    ],
    ids=["SIGTERM", "SIGINT"],
)
def test_a_signal_removes_the_staging_folder_and_leaves_the_previous_build(
    built_copy: Path, sig: signal.Signals, code: int, words: str
) -> None:
    before = tree_digest(built_copy)
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimtrail", "build", "--root", str(built_copy), "--executor", "serial", "--no-cache"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # as from a terminal: a shell starts background jobs (CI's, too) with SIGINT ignored, and Python keeps that
        preexec_fn=_signals_as_in_a_terminal,
    )  # fmt: skip
    deadline = time.monotonic() + 300
    while not list(built_copy.glob("build.staging-*")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the build ended before its staging folder was seen"
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == code, err
    assert sig != signal.SIGTERM or code == cli.EXIT_TERMINATED
    assert words in err and "internal error" not in err, err
    assert not list(built_copy.glob("build.staging-*")) and not list(built_copy.glob("build.commit-*"))
    assert tree_digest(built_copy) == before


def test_a_killed_verify_leaves_no_temporary_folder_after_the_next_run(built_copy: Path, tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "claimtrail", "verify", "--root", str(built_copy)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 300
    while not list(tmp.glob(f"{VERIFY_PREFIX}{proc.pid}-*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.kill()
    proc.wait()
    left = list(tmp.glob(f"{VERIFY_PREFIX}*"))
    assert left, "the killed verify left its folder (what the next run must remove)"
    live = tmp / f"{VERIFY_PREFIX}{os.getpid()}-running"
    live.mkdir()  # a verify still running (this process) keeps its folder
    removed = sweep_verify_folders(str(tmp))  # what every verify runs first
    assert sorted(removed) == sorted(str(p) for p in left)
    assert list(tmp.glob(f"{VERIFY_PREFIX}*")) == [live]
