"""The command line for a person at the terminal: help with no arguments, a description and an example everywhere."""

from __future__ import annotations

import argparse

import pytest

from claimtrail.cli import main, make_parser


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = make_parser()
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def test_no_arguments_prints_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: claimtrail")
    assert "every claim and\nevery number points at the exact words" in out
    for name in _subcommands():
        assert f"\n    {name} " in out


def test_every_subcommand_has_a_description_and_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    commands = _subcommands()
    assert set(commands) == {"build", "add", "extract", "draft", "bench", "verify"}
    for name, sub in commands.items():
        assert sub.description and len(sub.description) > 40, name
        with pytest.raises(SystemExit) as done:
            main([name, "--help"])
        assert done.value.code == 0
        out = capsys.readouterr().out
        assert "\nexamples:\n" in out, name
        assert f"  claimtrail {name}" in out.split("\nexamples:\n", 1)[1], name
