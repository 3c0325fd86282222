"""HTML reports in headless Chromium: the script runs, the tooltip follows keyboard focus, links open cards, dark
mode follows the system, screenshots for a person to look at (``tests-output/``), and no payload of the hostile
story runs — with the Content-Security-Policy blocking code injected into a report on top of that.
"""

from __future__ import annotations

import struct
from pathlib import Path

import lxml.html
import pytest

import ficlens
from ficlens.model import Document
from ficlens.writers import writer

from .conftest import Chromium, Run
from .xss_story import META, PAYLOADS, TEXT, hostile

pytestmark = pytest.mark.browser

SAMPLE = Path(ficlens.__file__).parent / "resources" / "samples" / "lanterns.txt"


@pytest.fixture(scope="module")
def sample() -> Document:
    return ficlens.analyze(SAMPLE)


@pytest.fixture(scope="module")
def reports(sample: Document, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("reports")
    html = writer("html")
    return {
        "sample": html(sample, out, "lanterns")[0],
        "xss": html(hostile(ficlens.analyze(TEXT)), out, "xss")[0],
    }


def _dom(run: Run) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(run.stdout)


def _csp_reports(run: Run) -> list[str]:
    return [line for line in run.console if "Content Security Policy" in line]


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_sample_report_loads_and_its_script_runs(
    chromium: Chromium, reports: dict[str, Path], sample: Document
) -> None:
    run = chromium.dump_dom(reports["sample"].as_uri())
    page = _dom(run)
    assert page.get("data-ready") == "1"
    assert int(page.get("data-load-ms")) >= 0
    (tip,) = page.xpath("//div[@id='tip']")  # built by the script
    assert tip.get("role") == "tooltip" and tip.get("hidden") is not None
    assert page.xpath("//button[@id='theme']/@aria-pressed") == ["false"]
    story = page.get_element_by_id("story")
    assert len(story.xpath(".//span[contains(@class, 'q ')]")) == len(sample.layer("quotes"))
    assert len(story.xpath(".//section[@class='sc']")) == len(sample.layer("scenes"))
    assert len(page.xpath("//aside[@id='cast']//details")) == len(sample.layer("characters"))
    assert len(page.xpath("//figure//svg")) == 3
    assert not _csp_reports(run), _csp_reports(run)  # the report's own style and script pass its policy
    assert not [line for line in run.console if "Uncaught" in line], run.console


def test_keyboard_focus_on_a_quotation_shows_who_speaks_to_whom(chromium: Chromium, reports: dict[str, Path]) -> None:
    source = lxml.html.document_fromstring(reports["sample"].read_bytes())
    label = source.get_element_by_id("q0").get("title")
    page = _dom(chromium.dump_dom(reports["sample"].as_uri() + "#q0"))  # the script focuses a linked quotation
    quote = page.get_element_by_id("q0")
    tip = page.get_element_by_id("tip")
    assert quote.get("aria-describedby") == "tip"
    assert quote.get("data-t") == label and quote.get("title") is None  # no native tooltip on top of ours
    assert tip.get("hidden") is None
    assert tip.text == label and " to " in label
    assert tip.xpath("string(small)").startswith("speaker from ")


def test_a_link_to_a_character_opens_the_card(chromium: Chromium, reports: dict[str, Path], sample: Document) -> None:
    top = max(sample.layer("characters"), key=lambda c: c.mention_count)
    before = lxml.html.document_fromstring(reports["sample"].read_bytes()).get_element_by_id(f"c{top.id}")
    assert before.get("open") is None
    page = _dom(chromium.dump_dom(reports["sample"].as_uri() + f"#c{top.id}"))
    assert page.get_element_by_id(f"c{top.id}").get("open") is not None


def test_dark_mode_follows_the_system(chromium: Chromium, reports: dict[str, Path]) -> None:
    page = _dom(chromium.dump_dom(reports["sample"].as_uri(), "--force-dark-mode"))
    assert page.xpath("//button[@id='theme']/@aria-pressed") == ["true"]


def test_screenshots(chromium: Chromium, reports: dict[str, Path], tests_output: Path) -> None:
    url = reports["sample"].as_uri()
    shots = {
        chromium.screenshot(url, tests_output / "report-sample.png"): (1280, 2000),
        chromium.screenshot(url, tests_output / "report-sample-phone.png", 390, 1600): (390, 1600),
        chromium.screenshot(url, tests_output / "report-sample-dark.png", 1280, 1200, "--force-dark-mode"): (
            1280,
            1200,
        ),
    }
    for path, size in shots.items():
        assert path.exists() and _png_size(path) == size
        assert path.stat().st_size > 30_000, f"{path} looks blank"


def test_no_payload_of_the_hostile_story_runs(chromium: Chromium, reports: dict[str, Path]) -> None:
    run = chromium.dump_dom(reports["xss"].as_uri())
    page = _dom(run)
    assert page.get("data-ready") == "1"  # the report's own script still ran
    assert page.xpath("//title")[0].text == f"{META.title} · ficlens report"  # no payload set document.title
    assert not page.xpath("//*[starts-with(@id, 'xss')]")  # nor added an element
    assert len(page.xpath("//script")) == 1 and not page.xpath("//img | //iframe")
    assert not [a for el in page.iter() if isinstance(el.tag, str) for a in el.attrib if a.startswith("on")]
    story = page.get_element_by_id("story").text_content()
    assert all(p in story for p in PAYLOADS)  # shown as text
    assert not _csp_reports(run), _csp_reports(run)  # nothing even tried to run


def test_the_policy_blocks_code_injected_into_a_report(
    chromium: Chromium, reports: dict[str, Path], tmp_path: Path
) -> None:
    """Were escaping ever to fail, the Content-Security-Policy would still stop inline code and loads."""
    html = reports["xss"].read_text(encoding="utf-8")
    injected = (
        "<script>document.title='xss-csp'</script>"
        "<img id=probe src=x onerror=\"document.body.appendChild(document.createElement('i')).id='xss-img'\">"
        "<a id=xss-link href=\"javascript:document.title='xss-js'\">x</a>"
    )
    copy = tmp_path / "injected.html"
    copy.write_text(html.replace("</body>", injected + "</body>", 1), encoding="utf-8")
    run = chromium.dump_dom(copy.as_uri())
    page = _dom(run)
    assert page.xpath("//title")[0].text == f"{META.title} · ficlens report"
    assert not page.xpath("//i[starts-with(@id, 'xss')]")
    blocked = _csp_reports(run)
    assert any("inline script" in line for line in blocked), run.console
    assert any("img-src" in line for line in blocked), run.console
