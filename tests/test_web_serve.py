"""``tracuu serve``: its options, and one clear line when there is nothing to serve."""

from __future__ import annotations

from pathlib import Path

from tracuu.cli import main


def test_serve_has_help_with_host_and_port(runner) -> None:
    result = runner.invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--host" in result.output and "127.0.0.1" in result.output
    assert "--port" in result.output and "5000" in result.output


def test_serve_without_an_archive_says_so(runner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["--home", str(tmp_path / "empty"), "serve", "--port", "0"])
    assert result.exit_code == 1
    assert "no archive" in result.output and "tracuu ingest" in result.output
    assert "Traceback" not in result.output


def test_serve_rejects_a_bad_port(runner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["--home", str(tmp_path), "serve", "--port", "70000"])
    assert result.exit_code == 2 and "70000" in result.output
