"""The HTML report in a real browser: headless Chromium measures the charts at 1200 px and
under the print stylesheet at A4 width, and prints to PDF on A4 and Letter.

Measuring: a copy of the page gets a small inline script (the report itself has none)
that writes the charts' bounding boxes into the DOM, and ``--dump-dom`` returns it.

CUELOG_UPDATE_SCREENSHOT=1 also rewrites docs/export-report.png from the demo journal.
"""

import html
import json
import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from cuelog.analysis.report import build_report
from cuelog.demo import demo_journal
from cuelog.export import render
from cuelog.models import Cues, Plan

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]
# A Monday: a date label falls on the last day, at the right edge, where one was clipped before.
NOW = datetime.fromisoformat("2026-11-23T20:00:00+01:00")
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "export-report.png"

MEASURE = """<script>
(() => {
  const rect = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const bbox = e => { const b = e.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; };
  const out = {viewport: document.documentElement.clientWidth, scrollWidth: document.documentElement.scrollWidth,
               charts: {}};
  for (const svg of document.querySelectorAll("svg.chart")) {
    const vb = svg.viewBox.baseVal;
    out.charts[svg.classList[1]] = {
      box: rect(svg),
      viewBox: [vb.width, vb.height],
      title: svg.querySelector("title") ? svg.querySelector("title").textContent : null,
      label: svg.getAttribute("aria-label"),
      texts: [...svg.querySelectorAll("text")].map(t => [...bbox(t), t.textContent, t.getAttribute("class")]),
      useMarkers: [...svg.querySelectorAll(".use-marker")].map(bbox),
      quitMarkers: svg.querySelectorAll(".quit-marker").length,
      bars: [...svg.querySelectorAll("rect.bar")].map(r => r.dataset.date),
      legend: svg.querySelectorAll(".legend rect").length,
    };
  }
  const pre = document.createElement("pre");
  pre.id = "measure";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


def demo_report() -> dict:
    attempt, entries = demo_journal(NOW)
    plan = Plan(
        id="p0000001",
        cues=Cues.build({"place": ["the bar"], "activity": ["after work"]}),
        then="walk the long way home and text my sister",
        created_at=NOW,
    )
    return build_report(
        entries,
        [attempt],
        end=NOW.date(),
        since=None,
        until=None,
        redact_parts=set(),
        generated_at=NOW,
        first_entry_day=min(e.day or e.at.date() for e in entries),
        plans=[plan],
    )


@pytest.fixture(scope="module")
def report():
    return demo_report()


@pytest.fixture(scope="module")
def page(report):
    return render(report, "html")


def chromium(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    proc = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, url],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr[-800:]
    return proc


def measure(tmp_path: Path, page: str, width: int, print_styles: bool = False) -> dict:
    if print_styles:  # lay the page out as the printer would, at the width of the paper
        page = page.replace("@media print", "@media all")
    target = tmp_path / f"measure-{width}.html"
    target.write_text(page.replace("</body>", MEASURE + "</body>"))
    dom = chromium(tmp_path, target.as_uri(), f"--window-size={width},1600", "--dump-dom").stdout
    found = re.search(r'<pre id="measure">(.*?)</pre>', dom, re.S)
    assert found, dom[-500:]
    return json.loads(html.unescape(found.group(1)))


def check_charts(m: dict, report: dict) -> None:
    assert set(m["charts"]) == {"daily-peak", "heatmap"}
    assert m["scrollWidth"] <= m["viewport"]  # nothing wider than the page
    for name, chart in m["charts"].items():
        width, height = chart["viewBox"]
        assert chart["box"][2] <= m["viewport"], name
        assert chart["title"] and chart["label"] and chart["label"].startswith(chart["title"]), name
        for x0, y0, x1, y1, text, _ in chart["texts"]:
            assert 0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height, (name, text, x0, x1, y0, y1)
    peak = m["charts"]["daily-peak"]
    labels = [t for t in peak["texts"] if t[5] == "xlabel"]
    assert len(labels) >= 4
    for marker in peak["useMarkers"]:  # marks for days with use never cover a date label
        for x0, y0, x1, y1, *_ in labels:
            assert marker[3] <= y0 or marker[1] >= y1 or marker[2] <= x0 or marker[0] >= x1
    assert peak["useMarkers"], "the demo journal has a lapse"
    assert peak["quitMarkers"] == 1
    no_data = {c["date"] for c in report["calendar"] if c["peak"] is None}
    assert not no_data & set(peak["bars"])
    assert len(peak["bars"]) == len(report["calendar"]) - len(no_data)
    assert m["charts"]["heatmap"]["legend"] >= 3


def test_charts_at_1200_px(tmp_path, page, report):
    check_charts(measure(tmp_path, page, 1200), report)


def test_charts_under_the_print_stylesheet_at_a4_width(tmp_path, page, report):
    # A4 is 210 mm; less the 12 mm margins each side that is about 705 CSS pixels.
    check_charts(measure(tmp_path, page, 705, print_styles=True), report)


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.parametrize("paper, media_width", [("A4", 595), ("letter", 612)])
def test_print_to_pdf(tmp_path, page, paper, media_width):
    source = tmp_path / f"report-{paper}.html"
    source.write_text(page.replace("</style>", f"@page {{ size: {paper}; }}</style>"))
    pdf = tmp_path / f"report-{paper}.pdf"
    chromium(tmp_path, source.as_uri(), f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert 2 <= _pages(data) <= 10, _pages(data)
    assert round(float(re.search(rb"/MediaBox \[0 0 ([\d.]+)", data).group(1))) == media_width


def test_screenshot(tmp_path, page):
    """A real page, not a blank one; with CUELOG_UPDATE_SCREENSHOT=1, the README's picture."""
    update = os.environ.get("CUELOG_UPDATE_SCREENSHOT") == "1"
    shot = SCREENSHOT if update else tmp_path / "shot.png"
    source = tmp_path / "report.html"
    source.write_text(page)
    chromium(tmp_path, source.as_uri(), "--window-size=1000,1500", f"--screenshot={shot}")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
