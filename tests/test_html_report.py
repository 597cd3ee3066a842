"""The HTML report: every paragraph present, tells marked with their reasons, nothing loaded from outside."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

from mtdetect.findings import paragraph_findings, selected_codes
from mtdetect.report.html import HtmlWriter, marked_text
from mtdetect.report.records import OutputFormat
from mtdetect.scoring.paragraphs import DocumentScore, ParagraphScore
from mtdetect.report.writers import make_writer

PARAGRAPHS = [
    "Secretary of State Antony Blinken met the foreign minister in Kyiv on Tuesday to discuss aid.",
    "The minister declared that the situation is « very worrying » for the population of the region ? "
    "He added that it is necessary to put in place measures.",
    "Too short.",
    "According to Blinker, the decision was taken at the level of the ministry, reproduction reserved.",
]
SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside each <mark>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marks: list[tuple[str, str]] = []
        self._mark: list[str] | None = None
        self._title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "mark" and dict(attrs).get("title"):
            self._mark, self._title = [], dict(attrs)["title"] or ""

    def handle_data(self, data: str) -> None:
        if self._mark is not None:
            self._mark.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._mark is not None:
            self.marks.append(("".join(self._mark), self._title))
            self._mark = None


def _scored(index: int, text: str, score: float | None) -> ParagraphScore:
    findings = tuple(f.at(index) for f in paragraph_findings(text, selected_codes()))
    if score is None:
        return ParagraphScore(index, len(text.split()), None, None, "too short to judge (2 words; need 12)",
                              findings, text=text)
    label = "machine" if score > 0.5 else "human"
    return ParagraphScore(index, len(text.split()), score, label, None, findings, text)


def render(paragraphs: list[str] = PARAGRAPHS, scores: tuple[float | None, ...] = (0.1, 0.95, None, 0.8)) -> str:
    stream = io.StringIO()
    writer = HtmlWriter(stream)
    document = DocumentScore("article.txt", threshold=0.5)
    for index, (text, score) in enumerate(zip(paragraphs, scores)):
        paragraph = _scored(index, text, score)
        document.add(paragraph)
        writer.paragraph("article.txt", paragraph)
    document.finish({i: [text] for i, text in enumerate(paragraphs)})
    writer.document(document)
    writer.close()
    return stream.getvalue()


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    tags.close()
    return tags


def test_writer_asks_for_texts_and_explanations() -> None:
    writer = make_writer(OutputFormat.html, io.StringIO())
    assert isinstance(writer, HtmlWriter)
    assert writer.needs_text and writer.explain


def test_every_paragraph_is_present_in_order() -> None:
    tags = parse(render())
    indexes = [a["data-paragraph"] for t, a in tags.tags if t == "section" and "data-paragraph" in a]
    assert indexes == ["0", "1", "2", "3"]
    scores = [a.get("data-score") for t, a in tags.tags if t == "section" and "data-paragraph" in a]
    assert scores == ["0.100000", "0.950000", None, "0.800000"]
    page = render()
    assert "Too short." in page and "not scored: too short to judge" in page


def test_known_tells_are_marked_with_their_code_and_reason() -> None:
    titles = {title for _, title in parse(render()).marks}
    assert any(t.startswith("MT101 ") and "« very worrying »" in t for t in titles)
    assert any(t.startswith("MT103 ") and "?" in t for t in titles)
    assert any(t.startswith("MT302 ") and "reproduction reserved" in t for t in titles)


def test_counted_findings_are_listed_with_weights_and_drift_is_marked() -> None:
    page = render()
    assert "Findings (log-likelihood ratios added to the style score)" in page
    assert ("Blinker", "MT701 name spelled 'Blinker' here and 'Blinken' elsewhere in the article") in parse(page).marks
    assert 'href="#doc0-p3"' in page  # the paragraph of the counted name finding


def test_no_findings_section_without_findings() -> None:
    stream = io.StringIO()
    writer = HtmlWriter(stream)
    document = DocumentScore("article.txt", threshold=0.5)
    for index, text in enumerate(PARAGRAPHS):
        writer.paragraph("article.txt", _scored(index, text, 0.9))
    writer.document(document)
    writer.close()
    assert "Findings (log-likelihood" not in stream.getvalue()


def test_verdict_and_legend_come_before_the_paragraphs() -> None:
    page = render()
    verdict = page.index("Document score")
    assert page.index("How to read this report") < verdict < page.index('data-paragraph="0"')
    assert "machine-translated or spun: " in page
    assert "threshold 0.500" in page


def test_no_external_resources() -> None:
    page = render()
    tags = parse(page)
    names = {t for t, _ in tags.tags}
    assert not names & {"script", "link", "img", "iframe", "object", "embed", "audio", "video", "source", "base"}
    for _, attrs in tags.tags:
        assert "src" not in attrs
        assert attrs.get("href") is None or attrs["href"].startswith("#")
    assert "url(" not in page and "@import" not in page
    csp = [a["content"] for t, a in tags.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0]


def test_readable_on_a_phone_and_ascii_safe() -> None:
    page = render()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert page.isascii()
    assert "&#171;" in page  # «, as a character reference


def test_text_is_escaped() -> None:
    page = render(["<script>alert(1)</script> & the rest of a long enough paragraph goes on here."], (0.2,))
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_overlapping_marks_do_not_hide_each_other() -> None:
    out = marked_text("abcdef", [(0, 4, "first"), (2, 6, "second")])
    assert out == '<mark title="first">ab</mark><mark title="first; second">cd</mark><mark title="second">ef</mark>'


def test_no_documents_still_gives_a_page() -> None:
    stream = io.StringIO()
    writer = HtmlWriter(stream)
    writer.close()
    page = stream.getvalue()
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")


def test_scored_end_to_end_with_a_model(tiny_model: Path) -> None:
    from mtdetect.model.load import load_detector
    from mtdetect.scoring.paragraphs import score_paragraphs

    detector = load_detector(tiny_model)
    stream = io.StringIO()
    writer = make_writer(OutputFormat.html, stream)
    document = DocumentScore("a.txt", threshold=detector.threshold)
    paragraphs = [SimpleNamespace(index=i, text=t, start_line=None) for i, t in enumerate(PARAGRAPHS)]
    for paragraph in score_paragraphs(detector, paragraphs, threshold=detector.threshold,
                                      keep_text=writer.needs_text, explain=writer.explain):
        document.add(paragraph)
        writer.paragraph("a.txt", paragraph)
    writer.document(document)
    writer.close()
    page = stream.getvalue()
    assert "Top signals behind this score" in page
    assert all(text.split()[0] in page for text in PARAGRAPHS)


@pytest.mark.skipif(not any(shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome")),
                    reason="no Chromium on PATH")
def test_renders_in_headless_chromium(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    report.write_text(render(), encoding="utf-8")
    shot = tmp_path / "report.png"
    done = subprocess.run([sys.executable, str(SCRIPTS / "screenshot_report.py"), str(report), "--out", str(shot),
                           "--window-size", "390,900"], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_short_paragraphs_show_their_findings() -> None:
    page = render([*PARAGRAPHS[:2], "To see in video", PARAGRAPHS[3]])
    assert ("To see in video", "MT301 literally translated teaser: 'To see in video'") in parse(page).marks


def test_model_signals_are_listed_not_marked() -> None:
    from dataclasses import replace

    from mtdetect.scoring.explain import Contribution

    text = PARAGRAPHS[0]
    signal = Contribution("dense__synonyms__spin_odds", "uncommon synonyms (spinner tell): 'discuss'", 0.8,
                          ((text.index("discuss"), text.index("discuss") + 7),))
    stream = io.StringIO()
    writer = HtmlWriter(stream)
    writer.paragraph("a.txt", replace(_scored(0, text, 0.7), contributions=(signal,)))
    writer.document(DocumentScore("a.txt", threshold=0.5))
    writer.close()
    page = stream.getvalue()
    assert "uncommon synonyms (spinner tell)" in page and parse(page).marks == []
