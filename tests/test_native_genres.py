"""Tests for mtdetect.lab.native_genres and scripts/build_native_genres.py on a tiny fake root.

Every fixture text below is invented for these tests; none is copied from a Debian package.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
from pathlib import Path

import pytest

from mtdetect.lab import native_genres as ng

ROOT = Path(__file__).resolve().parents[1]

HTML = """<!DOCTYPE html><html><head><title>Fake page title</title>
<script>var navigationTarget = "sidebar";</script></head><body>
<div class="mobile-nav"><nav role="navigation"><h3>Table of Contents</h3>
<ul><li><a href="#">Mobile menu entry</a></li></ul></nav></div>
<div class="related" role="navigation"><h3>Navigation</h3><ul><li>previous chapter link</li></ul></div>
<div class="document"><div class="body" role="main">
<section id="x"><h1><span class="section-number">3.1. </span>Walking the Garden Path
<a class="headerlink" href="#x">¶</a></h1>
<p>The gardener sweeps the <code class="literal">leaves</code> before breakfast, &amp; hums.</p>
<div class="highlight-python3 notranslate"><div class="highlight"><pre>
<span class="k">for</span> leaf <span class="ow">in</span> pile: burn(leaf)
</pre></div></div>
<p>Short one.</p>
<div class="toctree-wrapper compound"><ul><li><a href="a.html">Chapter link in a toctree</a></li></ul></div>
<ul><li><p>First bullet about tulips.</p></li><li>Second bullet about roses.</li></ul>
<dl class="py function"><dt class="sig" id="f">prune(branch, depth=2)
<a class="headerlink" href="#f">¶</a></dt>
<dd><p>Cut a branch back to the given depth.</p></dd></dl>
<table><tr><td>cell text in a table</td></tr></table>
<p>12 + 34 = 46</p>
<pre>raw preformatted text here</pre>
</section></div></div>
<div class="sphinxsidebar" role="navigation"><h3>This Page</h3><ul><li>Report a Bug</li></ul></div>
<div class="footer">Copyright footer text.</div>
</body></html>
"""

POD = """#!/usr/bin/perl
this is not pod before the first command

=head1 NAME

perlfake - a made-up manual about gardens

=head2 Sowing B<seeds> in I<spring>

Plant the C<< $seed <=> $row >> pair early, then see L<perlgarden/Watering>
and L<the shed|perlshed> and L<perlsoil>. Use E<lt>rakeE<gt> gently.X<index entry>

    my $hoe = Hoe->new;   # verbatim code, dropped
    $hoe->dig;

=over 4

=item * bullet item label

Water the seedlings every morning.

=back

=for comment This comment paragraph is hidden.

=begin html

<p>Raw html block that is skipped.</p>

=end html

=cut

sub after_cut { "code after cut is skipped" }

=head1 SEE ALSO

Nothing else.
"""

INFO = """This is fake.info, produced by makeinfo version 0 from fake.texi.

Preamble text that nobody reads.
INFO-DIR-SECTION Fakes
START-INFO-DIR-ENTRY
* Fake: (fake).       A fake manual.
END-INFO-DIR-ENTRY

\x1f
File: fake.info,  Node: Top,  Next: Pruning,  Up: (dir)

Fake Gardening Manual
*********************

This manual describes the art of pretending to garden.

* Menu:

* Pruning::         How to prune.
* Index::

\x1f
File: fake.info,  Node: Pruning,  Prev: Top,  Up: Top

2.1 Pruning Hedges
==================

Hedges grow whether or not you watch them.  Trim them in June, and see
*note Tools::.

   Here is an example of a hedge trimming plan:

     trim --height=2 hedge.txt
     water;

   * Use sharp shears, since blunt ones tear the leaves and let disease
     in.
   * Rest often.

'--height'
     Sets the height of the hedge in metres, rounded down to the nearest
     whole number.

     This quoted passage is long enough to be filled prose in the info
     file, and it ends with a full stop like a sentence.

\x1f
File: fake.info,  Node: Index,  Prev: Pruning,  Up: Top

Index
*****

* Menu:

* hedge:                                 Pruning.               (line 6)

\x1f
Tag Table:
Node: Top\x7f100
\x1f
End Tag Table
"""

ROFF = r""".\" Invented page for tests.
.TH FAKE 7 2030-01-01 "Fake 1.0" "Fake Manual"
.SH NAME
fake \- a pretend manual page about ponds
.SH SYNOPSIS
.nf
.B pond [\-d depth] name
.fi
.SH DESCRIPTION
A pond holds water and,
with luck,
a few frogs.
.SS Keeping fish
Fish need
.B clean
water.
.PP
For example:
.PP
.in +4n
.EX
pond \-d 3 garden
.EE
.in
.TP
.B \-d
Set the depth in metres.
.TP
.BR \-\-very\-long\-option\-name " " \fIvalue\fP
Describe the long option here.
.IP \(bu 3
Frogs croak at night.
.SH SEE ALSO
.BR lake (7),
.BR river (7)
"""

LICENCE = """                    FAKE PUBLIC LICENSE
                       Version 1.0

  You may plant, water and share this garden
as you see fit.

---------------------------------------------------------

  1. Definitions.  "Garden" means any patch of
soil covered by this licence.

  2. 3. 4.
"""


def _write(path: Path, text: str, gz: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if gz:
        path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    else:
        path.write_text(text, encoding="utf-8")


@pytest.fixture()
def fake_root(tmp_path: Path) -> Path:
    """A root with five of the genre packages installed (manpages-dev missing)."""
    root = tmp_path / "root"
    files = {
        "python3.11-doc": {"usr/share/doc/python3.11/html/tutorial/garden.html": (HTML, False),
                           "usr/share/doc/python3.11/html/library/pond.html": (HTML, False),
                           "usr/share/doc/python3.11/html/whatsnew/3.11.html": (HTML, False)},
        "perl-doc": {"usr/share/perl/5.36.0/pod/perlfake.pod": (POD, False),
                     "usr/share/perl/5.36.0/pod/perlfakedelta.pod": (POD, False)},
        "gnu-standards": {"usr/share/info/fake.info.gz": (INFO, True)},
        "manpages": {"usr/share/man/man7/fake.7.gz": (ROFF, True),
                     "usr/share/man/man7/alias.7.gz": (".so man7/fake.7\n", True)},
        "base-files": {"usr/share/common-licenses/FAKE-1.0": (LICENCE, False)},
    }
    status = []
    info = root / "var" / "lib" / "dpkg" / "info"
    info.mkdir(parents=True)
    for package, paths in files.items():
        listed = ["/."]
        for rel, (text, gz) in paths.items():
            _write(root / rel, text, gz)
            listed.append("/" + rel)
        if package == "base-files":
            os.symlink("FAKE-1.0", root / "usr/share/common-licenses/FAKE")
            listed.append("/usr/share/common-licenses/FAKE")
        (info / f"{package}.list").write_text("\n".join(listed) + "\n")
        status.append(f"Package: {package}\nStatus: install ok installed\nArchitecture: all\n"
                      f"Source: src-{package}\nVersion: 1.0-{len(package)}\nDescription: fake\n"
                      " a continuation line: with a colon\n")
    status.append("Package: manpages-dev\nStatus: deinstall ok config-files\nVersion: 9\n")
    (root / "var" / "lib" / "dpkg" / "status").write_text("\n".join(status))
    return root


def _script():
    spec = importlib.util.spec_from_file_location("build_native_genres",
                                                  ROOT / "scripts" / "build_native_genres.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_html_keeps_prose_and_drops_code_and_navigation() -> None:
    paragraphs = ng.html_paragraphs(HTML)
    assert paragraphs == [
        "Walking the Garden Path",
        "The gardener sweeps the leaves before breakfast, & hums.",
        "Short one.",
        "First bullet about tulips.",
        "Second bullet about roses.",
        "Cut a branch back to the given depth.",
    ]


def test_html_without_main_uses_the_whole_body_and_implicit_p_ends() -> None:
    assert ng.html_paragraphs("<p>One\n  two<p>Three<br>four<li>Five</ul><p>42</p>") == [
        "One two", "Three four", "Five"]


def test_pod_keeps_heads_and_ordinary_paragraphs() -> None:
    assert ng.pod_paragraphs(POD) == [
        "NAME",
        "perlfake - a made-up manual about gardens",
        "Sowing seeds in spring",
        'Plant the $seed <=> $row pair early, then see "Watering" in perlgarden and the shed '
        "and perlsoil. Use <rake> gently.",
        "Water the seedlings every morning.",
        "SEE ALSO",
        "Nothing else.",
    ]


@pytest.mark.parametrize(("pod", "text"), [
    ("B<I<nested>> codes", "nested codes"),
    ("C<<< a >> b >>>", "a >> b"),
    ("E<eacute>t E<0x41> E<66> E<verbar>", "\u00e9t A B |"),
    ('L</"Local section">', '"Local section"'),
    ("L<https://example.org/x>", "https://example.org/x"),
    ("Z<>S<non breaking>", "non breaking"),
])
def test_pod_formatting_codes(pod: str, text: str) -> None:
    assert ng.pod_text(pod) == text


def test_info_drops_headers_menus_and_examples() -> None:
    paragraphs = ng.info_paragraphs(INFO)
    assert paragraphs == [
        "Fake Gardening Manual",
        "This manual describes the art of pretending to garden.",
        "Pruning Hedges",
        "Hedges grow whether or not you watch them. Trim them in June, and see Tools.",
        "Here is an example of a hedge trimming plan:",
        "Use sharp shears, since blunt ones tear the leaves and let disease in.",
        "Rest often.",
        "Sets the height of the hedge in metres, rounded down to the nearest whole number.",
        "This quoted passage is long enough to be filled prose in the info file, and it ends "
        "with a full stop like a sentence.",
    ]


def test_looks_like_prose() -> None:
    assert not ng.looks_like_prose(["     int main (void);"])
    assert not ng.looks_like_prose(["     GNU Hedge 1.0"])
    assert not ng.looks_like_prose(["     Alice Smith   first version of the pond and the",
                                     "     garden shed."])
    assert ng.looks_like_prose(["     Hedges are better trimmed than left alone."])


ROFF_EXPECTED = [
    "NAME",
    "fake - a pretend manual page about ponds",
    "DESCRIPTION",
    "A pond holds water and, with luck, a few frogs.",
    "Keeping fish",
    "Fish need clean water.",
    "For example:",
    "Set the depth in metres.",
    "Describe the long option here.",
    "Frogs croak at night.",
]


def test_roff_fallback_strips_macros_tags_and_examples() -> None:
    assert ng.roff_paragraphs(ROFF) == ROFF_EXPECTED


@pytest.mark.skipif(not ng.man_available(), reason="man/groff not installed")
def test_man_rendering_drops_synopsis_tags_and_examples() -> None:
    assert ng.man_paragraphs(ng.render_man(ng.mark_roff(ROFF))) == ROFF_EXPECTED


def test_man_paragraphs_on_rendered_text() -> None:
    rendered = ("FAKE(7)          Fake Manual          FAKE(7)\n\n"
                "NAME\n       fake - ponds\n\n"
                "SYNOPSIS\n       pond name\n\n"
                "DESCRIPTION\n       A pond holds water.\n\n"
                f"       -d     {ng.TAG_MARK}Set the depth.\n\n"
                f"       {ng.NOFILL_MARK}pond -d 3\n\n"
                "       an unfilled\n       table of lines\n\n"
                "       ┌──────┐\n\n"
                "Fake 1.0          2030-01-01          FAKE(7)\n")
    assert ng.man_paragraphs(rendered) == ["NAME", "fake - ponds", "DESCRIPTION",
                                           "A pond holds water.", "Set the depth."]


def test_so_redirect() -> None:
    assert ng.is_so_redirect('.\\" comment\n.so man7/fake.7\n')
    assert not ng.is_so_redirect(ROFF)


def test_licence_text() -> None:
    assert ng.text_paragraphs(LICENCE) == [
        "FAKE PUBLIC LICENSE Version 1.0",
        "You may plant, water and share this garden as you see fit.",
        '1. Definitions. "Garden" means any patch of soil covered by this licence.',
    ]


def test_packages_and_file_selection(fake_root: Path) -> None:
    packages = ng.installed_packages(fake_root)
    assert "manpages-dev" not in packages  # only config files left
    assert packages["perl-doc"] == {"version": "1.0-8", "source": "src-perl-doc", "arch": "all"}
    genres = {g.name: g for g in ng.GENRES}
    docs, available, names = ng.genre_documents(fake_root, genres["licenses"], packages, 10, 1)
    assert [d.path for d in docs] == ["usr/share/common-licenses/FAKE-1.0"]  # symlink skipped
    docs, _, _ = ng.genre_documents(fake_root, genres["perl-docs"], packages, 10, 1)
    assert [d.path for d in docs] == ["usr/share/perl/5.36.0/pod/perlfake.pod"]  # delta excluded
    docs, _, names = ng.genre_documents(fake_root, genres["manpages-dev"], packages, 10, 1)
    assert docs == [] and names == []


def test_script_output_is_deterministic_and_reports_missing(fake_root: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture) -> None:
    build = _script()
    out1, out2 = tmp_path / "a" / "ng.jsonl.gz", tmp_path / "b" / "ng.jsonl.gz"
    assert build.main(["--root", str(fake_root), "--out", str(out1), "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert "manpages-dev: package manpages-dev is not installed; skipped" in err
    assert build.main(["--root", str(fake_root), "--out", str(out2), "--jobs", "3"]) == 0
    assert out1.read_bytes() == out2.read_bytes()
    stats_a, stats_b = tmp_path / "a" / "ng.stats.json", tmp_path / "b" / "ng.stats.json"
    assert stats_a.read_bytes() == stats_b.read_bytes()

    records = [json.loads(line) for line in gzip.open(out1, "rt", encoding="utf-8")]
    assert all(list(r) == ["genre", "package", "version", "doc", "paragraph", "text"] for r in records)
    by_genre = {}
    for r in records:
        by_genre.setdefault(r["genre"], set()).add(r["doc"])
    assert by_genre == {
        "python-tutorial": {"usr/share/doc/python3.11/html/tutorial/garden.html"},
        "python-library": {"usr/share/doc/python3.11/html/library/pond.html"},
        "perl-docs": {"usr/share/perl/5.36.0/pod/perlfake.pod"},
        "gnu-standards": {"usr/share/info/fake.info.gz"},
        "manpages": {"usr/share/man/man7/fake.7.gz"},  # the .so redirect has no paragraphs
        "licenses": {"usr/share/common-licenses/FAKE-1.0"},
    }
    pond = [r for r in records if r["genre"] == "python-library"]
    assert [r["paragraph"] for r in pond] == list(range(len(pond)))
    assert pond[0]["package"] == "python3.11-doc" and pond[0]["version"] == "1.0-14"

    stats = json.loads((tmp_path / "a" / "ng.stats.json").read_text())
    assert stats["missing"] == {"manpages-dev": "package manpages-dev is not installed",
                                "python-docs": "no installed files match " + ", ".join(
                                    {g.name: g for g in ng.GENRES}["python-docs"].include)}
    assert stats["genres"]["manpages"]["files_sampled"] == 2
    assert stats["genres"]["manpages"]["docs"] == 1
    assert stats["total"]["paragraphs"] == len(records)
    assert stats["total"]["words"] == sum(len(r["text"].split()) for r in records)


def test_script_samples_with_seed(fake_root: Path, tmp_path: Path) -> None:
    extra = fake_root / "usr/share/common-licenses/OTHER-2.0"
    extra.write_text("Another invented licence.\n")
    listing = fake_root / "var/lib/dpkg/info/base-files.list"
    listing.write_text(listing.read_text() + "/usr/share/common-licenses/OTHER-2.0\n")
    out = tmp_path / "s.jsonl.gz"
    assert _script().main(["--root", str(fake_root), "--out", str(out), "--max-docs-per-genre", "1",
                           "--seed", "3"]) == 0
    stats = json.loads((tmp_path / "s.stats.json").read_text())
    assert stats["genres"]["licenses"]["files_available"] == 2
    assert stats["genres"]["licenses"]["files_sampled"] == 1


def test_script_exits_2_when_nothing_is_installed(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture) -> None:
    assert _script().main(["--root", str(tmp_path), "--out", str(tmp_path / "x.jsonl.gz")]) == 2
    err = capsys.readouterr().err
    assert "perl-docs: package perl-doc is not installed; skipped" in err
    assert "none of the packages was found" in err
    assert not (tmp_path / "x.jsonl.gz").exists()


def test_document_paragraphs_falls_back_to_roff_without_man(fake_root: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ng, "man_available", lambda: False)
    assert ng.document_paragraphs(fake_root / "usr/share/man/man7/fake.7.gz", "man") == ROFF_EXPECTED
    assert ng.document_paragraphs(fake_root / "usr/share/man/man7/alias.7.gz", "man") == []


def test_pod_bad_escapes_do_not_crash() -> None:
    assert ng.pod_text("a E<0xZZ> b E<99999999999> c E<nosuchname> d") == "a  b  c  d"
