"""JOBDIR handling: resume a stopped crawl from its queue, a killed one from its feeds."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from crawler.runner import RUNNING_MARK, _close_jobdirs, _open_jobdir


def _leftovers(directory: Path, *, mark: bool) -> None:
    (directory / "requests.queue").mkdir(parents=True)
    (directory / "requests.queue" / "active.json").write_text("[0]")
    (directory / "requests.seen").write_bytes(b"\x00\x14" + bytes(20))
    if mark:
        (directory / RUNNING_MARK).touch()


def test_what_a_killed_crawl_left_is_discarded(tmp_path: Path) -> None:
    directory = tmp_path / "antara_kalbar"
    _leftovers(directory, mark=True)
    _open_jobdir(directory)
    assert [p.name for p in directory.iterdir()] == [RUNNING_MARK]


def test_a_stopped_crawls_queue_is_kept_for_resuming(tmp_path: Path) -> None:
    directory = tmp_path / "antara_kalbar"
    _leftovers(directory, mark=False)
    _open_jobdir(directory)
    names = {p.name for p in directory.iterdir()}
    assert names == {"requests.queue", "requests.seen", RUNNING_MARK}


def _crawler(name: str, reason: str | None) -> SimpleNamespace:
    stats = {"finish_reason": reason} if reason else {}
    return SimpleNamespace(spider=SimpleNamespace(name=name),
                           stats=SimpleNamespace(get_value=stats.get))


def test_closing_forgets_finished_keeps_stopped_and_marks_unclosed(tmp_path: Path) -> None:
    for name in ("done", "stopped", "unclosed"):
        _open_jobdir(tmp_path / name)
        (tmp_path / name / "requests.seen").write_bytes(b"")
    _close_jobdirs(
        [_crawler("done", "finished"), _crawler("stopped", "shutdown"),
         _crawler("unclosed", None)],
        tmp_path,
    )
    assert not (tmp_path / "done").exists()
    assert {p.name for p in (tmp_path / "stopped").iterdir()} == {"requests.seen"}
    assert (tmp_path / "unclosed" / RUNNING_MARK).exists()
