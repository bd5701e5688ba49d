"""The report a person exports to share (markdown, HTML, JSON, CSV): what cuelog
says about writing it."""

from __future__ import annotations


def report_written(path: str) -> str:
    return f"Report written to {path} (readable only by you)."
