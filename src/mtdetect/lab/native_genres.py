"""Prose paragraphs from Debian-packaged English documentation, for a false-alarm benchmark.

Native English of other genres than news: the Python docs (HTML), Perl's POD, the GNU
standards (info), the Linux man pages (roff) and the licence texts of ``common-licenses``.
Each ``*_paragraphs`` function takes a document's text and returns its paragraphs, each one
line with single spaces, in document order; headings and one-liners are kept, code, markup,
navigation and paragraphs without letters are dropped. ``render_man`` is the one function
that runs a program (``man -l``); ``roff_paragraphs`` is the fallback when it is missing.
``installed_packages`` and ``package_files`` read a dpkg database under any root, so a fake
tree works as well as ``/``. Used by ``scripts/build_native_genres.py``.
"""

from __future__ import annotations

import bz2
import fnmatch
import gzip
import html.entities
import lzma
import os
import random
import re
import shutil
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

_LETTER = re.compile(r"[^\W\d_]")


def _clean(text: str) -> str:
    """One line, single spaces."""
    return " ".join(text.split())


def _keep(paragraphs: list[str]) -> list[str]:
    """Whitespace-collapsed paragraphs that contain at least one letter."""
    out = []
    for p in paragraphs:
        p = _clean(p)
        if _LETTER.search(p):
            out.append(p)
    return out


# --------------------------------------------------------------------------- packages and files

@dataclass(frozen=True)
class Genre:
    """A genre: the dpkg package(s) it comes from (fnmatch pattern), the format and file globs."""

    name: str
    package: str
    fmt: str  # html | pod | info | man | text
    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    note: str = ""


_PY = "/usr/share/doc/python3*/html/"
GENRES: tuple[Genre, ...] = (
    Genre("python-tutorial", "python3.*-doc", "html", (_PY + "tutorial/*.html",),
          note="the Python tutorial"),
    Genre("python-library", "python3.*-doc", "html", (_PY + "library/*.html",),
          note="the Python standard library reference"),
    Genre("python-docs", "python3.*-doc", "html",
          tuple(_PY + d + "/*.html" for d in
                ("howto", "faq", "reference", "using", "extending", "installing", "distributing")),
          note="the other Python guides: HOWTOs, FAQs, language reference, setup, extending; "
               "whatsnew (release notes), c-api, distutils and index pages are left out"),
    Genre("perl-docs", "perl-doc", "pod", ("/usr/share/perl/*/pod/*.pod",),
          exclude=("*delta.pod", "*/perltoc.pod"),
          note="Perl's POD manuals; perl*delta (release notes) and perltoc are left out"),
    Genre("gnu-standards", "gnu-standards", "info", ("/usr/share/info/*.info*",),
          note="GNU Coding Standards and Information for GNU Maintainers"),
    Genre("manpages", "manpages", "man", ("/usr/share/man/man*/*",),
          note="Linux man-pages sections 1, 4, 5, 7, 8"),
    Genre("manpages-dev", "manpages-dev", "man", ("/usr/share/man/man*/*",),
          note="Linux man-pages sections 2 and 3 (system calls, C library)"),
    Genre("licenses", "base-files", "text", ("/usr/share/common-licenses/*",),
          note="licence texts in /usr/share/common-licenses"),
)


def installed_packages(root: Path) -> dict[str, dict[str, str]]:
    """Installed packages of ``root/var/lib/dpkg/status``: name -> {version, source, arch}."""
    status = Path(root) / "var" / "lib" / "dpkg" / "status"
    if not status.is_file():
        return {}
    packages: dict[str, dict[str, str]] = {}
    for stanza in status.read_text(encoding="utf-8", errors="replace").split("\n\n"):
        fields: dict[str, str] = {}
        for line in stanza.splitlines():
            if line[:1].isspace() or ":" not in line:
                continue
            key, value = line.split(":", 1)
            fields[key] = value.strip()
        if "Package" not in fields or not fields.get("Status", "").endswith(" installed"):
            continue
        source = fields.get("Source", fields["Package"]).split(" ")[0]
        packages[fields["Package"]] = {"version": fields.get("Version", ""), "source": source,
                                       "arch": fields.get("Architecture", "")}
    return packages


def package_files(root: Path, package: str, arch: str = "") -> list[str]:
    """Paths (absolute, as dpkg lists them) of one package's ``.list`` file; [] if none."""
    info = Path(root) / "var" / "lib" / "dpkg" / "info"
    for name in (f"{package}.list", f"{package}:{arch}.list"):
        if (info / name).is_file():
            return [line for line in (info / name).read_text(encoding="utf-8").splitlines() if line]
    return []


def select_files(root: Path, listed: list[str], genre: Genre) -> list[str]:
    """Regular files (no symlinks) among ``listed`` that match the genre's globs, sorted."""
    chosen = []
    for path in listed:
        if not any(fnmatch.fnmatchcase(path, g) for g in genre.include):
            continue
        if any(fnmatch.fnmatchcase(path, g) for g in genre.exclude):
            continue
        full = Path(root) / path.lstrip("/")
        if full.is_file() and not full.is_symlink():
            chosen.append(path.lstrip("/"))
    return sorted(set(chosen))


def read_text(path: Path) -> str:
    """A file's text, decompressed by suffix (.gz, .bz2, .xz); UTF-8, else Latin-1."""
    name = str(path)
    opener = (gzip.open if name.endswith(".gz") else bz2.open if name.endswith(".bz2")
              else lzma.open if name.endswith(".xz") else open)
    with opener(path, "rb") as f:
        data = f.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# --------------------------------------------------------------------------- HTML

KEEP_TAGS = frozenset("p li dd h1 h2 h3 h4 h5 h6".split())
DROP_TAGS = frozenset("pre script style noscript template nav header footer form button select "
                      "textarea table svg math head title dt".split())
DROP_CLASSES = frozenset("sphinxsidebar sphinxsidebarwrapper related footer toctree-wrapper "
                         "contents mobile-nav menu-wrapper headerlink section-number linenos "
                         "doctest searchbox".split())
BREAK_TAGS = frozenset("div ul ol dl blockquote section article main body table tr td th "
                       "figure figcaption hr aside details summary".split())
VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())


def _dropped(tag: str, attrs: dict[str, str | None]) -> bool:
    classes = (attrs.get("class") or "").split()
    return (tag in DROP_TAGS or attrs.get("role") in ("navigation", "search")
            or any(c in DROP_CLASSES or c.startswith("highlight") for c in classes))


class _ProseParser(HTMLParser):
    """Text of <p>, <li>, <dd> and headings, outside dropped subtrees; main content if marked."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool, bool]] = []  # (tag, dropped, keep, main)
        self.drop = 0
        self.main = 0
        self.bufs: list[list[str]] = []
        self.paragraphs: list[tuple[bool, str]] = []  # (inside main, text)
        self.saw_main = False

    def _flush(self) -> None:
        if self.bufs and self.bufs[-1]:
            self.paragraphs.append((self.main > 0, "".join(self.bufs[-1])))
            self.bufs[-1] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in VOID_TAGS:
            if tag == "br" and self.bufs and not self.drop:
                self.bufs[-1].append(" ")
            return
        if tag == "p" and any(t == "p" for t, *_ in self.stack):
            self.handle_endtag("p")  # an open <p> ends where the next one starts
        dropped = _dropped(tag, a)
        keep = tag in KEEP_TAGS and not dropped and not self.drop
        is_main = tag == "main" or a.get("role") == "main"
        if (keep or tag in BREAK_TAGS or dropped) and not self.drop:
            self._flush()
        if keep:
            self.bufs.append([])
        if is_main:
            self.main += 1
            self.saw_main = True
        self.drop += dropped
        self.stack.append((tag, dropped, keep, is_main))

    def handle_endtag(self, tag: str) -> None:
        if not any(t == tag for t, *_ in self.stack):
            return
        while self.stack:
            t, dropped, keep, is_main = self.stack.pop()
            self.drop -= dropped
            if keep:
                self._flush()
                self.bufs.pop()
            elif t in BREAK_TAGS and not self.drop:
                self._flush()
            self.main -= is_main
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.bufs and not self.drop:
            self.bufs[-1].append(data)


def html_paragraphs(page: str) -> list[str]:
    """Prose of an HTML page: <p>, <li>, <dd> and heading text; code, tables, navigation dropped.

    Only the main content counts when the page marks it (``<main>`` or ``role="main"``).
    Sphinx boilerplate (sidebars, related links, toctrees, permalinks, section numbers,
    highlighted code) is dropped by class; so are tables and <dt> (signatures, terms).
    """
    parser = _ProseParser()
    parser.feed(page)
    parser.close()
    while parser.stack:
        parser.handle_endtag(parser.stack[-1][0])
    return _keep([text for in_main, text in parser.paragraphs if in_main or not parser.saw_main])


# --------------------------------------------------------------------------- POD

_POD_CODE = re.compile(r"([A-Z])(<+)")


def _pod_escape(name: str) -> str:
    try:
        if name.isdigit():
            return chr(int(name))
        if name.lower().startswith("0x"):
            return chr(int(name, 16))
    except (ValueError, OverflowError):
        return ""
    return {"lt": "<", "gt": ">", "verbar": "|", "sol": "/"}.get(name) or \
        html.entities.html5.get(name + ";", "")


def _pod_link(text: str) -> str:
    if "|" in text:
        return text.split("|", 1)[0]
    if "://" in text:
        return text
    if "/" in text:
        name, section = text.split("/", 1)
        section = section.strip('"')
        return f'"{section}" in {name}' if name else f'"{section}"'
    return text.strip('"')


def _pod_inline(s: str, i: int = 0, close: str = "") -> tuple[str, int]:
    """Render POD formatting codes from ``s[i:]`` up to ``close`` (a regex); return (text, end)."""
    out: list[str] = []
    end_re = re.compile(close) if close else None
    while i < len(s):
        if end_re:
            m = end_re.match(s, i)
            if m:
                return "".join(out), m.end()
        m = _POD_CODE.match(s, i)
        if m:
            code, n = m.group(1), len(m.group(2))
            if n > 1 and m.end() < len(s) and s[m.end()].isspace():
                inner, i = _pod_inline(s, m.end(), r"\s+" + ">" * n)
                inner = inner.strip()
            elif n == 1:
                inner, i = _pod_inline(s, m.end(), ">")
            else:  # e.g. "C<<" without a space: literal
                out.append(m.group())
                i = m.end()
                continue
            if code == "E":
                out.append(_pod_escape(inner))
            elif code == "L":
                out.append(_pod_link(inner))
            elif code not in "XZ":
                out.append(inner)
            continue
        out.append(s[i])
        i += 1
    return "".join(out), i


def pod_text(s: str) -> str:
    """A POD paragraph with its formatting codes (B<>, C<< >>, L<>, E<>...) rendered as text."""
    return _pod_inline(s)[0]


def pod_paragraphs(source: str) -> list[str]:
    """Ordinary paragraphs and =head text of a POD document.

    Verbatim (indented) paragraphs, other =commands (=item, =over, =for...), =begin/=end
    regions and anything outside POD (before the first command, after =cut) are skipped.
    """
    out: list[str] = []
    in_pod = False
    begin: list[str] = []
    for para in re.split(r"\n[ \t]*\n", source.replace("\r\n", "\n")):
        if not para.strip():
            continue
        para = para.strip("\n")
        command = re.match(r"=([a-zA-Z]\w*)\s*", para)
        if command:
            name, rest = command.group(1), para[command.end():]
            in_pod = name != "cut"
            if name == "begin":
                begin.append(rest.split()[0] if rest.split() else "")
            elif name == "end":
                if begin:
                    begin.pop()
            elif name.startswith("head") and not begin:
                out.append(pod_text(rest))
            continue
        if not in_pod or begin or para[:1].isspace():
            continue
        out.append(pod_text(para))
    return _keep(out)


# --------------------------------------------------------------------------- info

_INFO_UNDERLINE = re.compile(r"^([*=\-.])\1+$")
_SECTION_NUMBER = re.compile(r"^(?:Appendix [A-Z](?:\.\d+)*|[A-Z](?:\.\d+)+|\d+(?:\.\d+)*)\s+")
_INFO_BULLET = re.compile(r"^ {1,4}(?:[*•-]|\d+\.|[a-z]\.)\s+")
_INFO_NOTE = re.compile(r"\*([Nn])ote\s+(?:([^:]*?)::|([^:]*?):\s*(?:\([^)]*\))?[^.,:;]*([.,]))(\)?)",
                        re.DOTALL)
_EMPHASIS = re.compile(r"(?<![\w_])_([^\s_](?:[^_]*[^\s_])?)_(?![\w_])")
INFO_SKIP_NODES = frozenset({"GNU Free Documentation License", "Index", "Concept Index"})


def _info_inline(text: str) -> str:
    """Cross references as printed: ``*Note X::`` (@xref) as "See X", ``(*note X::)`` (@pxref)
    as "(see X)", other ``*note X::`` (@ref) as "X"; ``_emphasis_`` without underscores."""
    def note(m: re.Match[str]) -> str:
        label = re.sub(r"^\([^)]*\)", "", (m.group(2) or m.group(3) or "").strip())
        end, close = m.group(4) or "", m.group(5)
        if end == "." and close:  # "(*note Label: Node.)": the period only ends the reference
            end = ""
        after_paren = m.start() > 0 and text[m.start() - 1] == "("
        prefix = "See " if m.group(1) == "N" else "see " if after_paren else ""
        return prefix + label + end + close
    return _EMPHASIS.sub(r"\1", _INFO_NOTE.sub(note, text))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def looks_like_prose(lines: list[str]) -> bool:
    """Whether an indented block reads as filled prose (a quotation, a list's later paragraph)
    rather than an example: ends like a sentence, no code punctuation, one indent, no aligned
    columns, and every line but the last filled to at least 50 characters."""
    stripped = [ln.strip() for ln in lines]
    text = " ".join(stripped)
    if not re.search(r"[.?!:]['\")]*$", text) or re.search(r"[;{}=<>$#|\\]", text):
        return False
    if len({_indent(ln) for ln in lines}) > 1 or any("   " in ln for ln in stripped):
        return False  # aligned columns
    if len(stripped) == 1:
        return len(text.split()) >= 4 and text[:1].isupper()
    return all(len(ln) >= 50 for ln in stripped[:-1])


def info_paragraphs(source: str, skip_nodes: frozenset[str] = INFO_SKIP_NODES) -> list[str]:
    """Prose of an info file: node headers, menus, the preamble and tag table dropped.

    Headings (underlined lines) are kept without their section numbers. A block indented by
    5+ spaces is an example unless it follows a table term or bullet, or looks like filled
    prose (``looks_like_prose``). Nodes named in ``skip_nodes`` (licence, index) are skipped.
    """
    out: list[str] = []
    for node in source.split("\x1f")[1:]:
        lines = node.strip("\n").split("\n")
        header = re.match(r"File: .*?Node: ([^,\n]*)", lines[0]) if lines else None
        if not header or header.group(1).strip() in skip_nodes:
            continue  # tag table, local variables, skipped nodes
        body = "\n".join(lines[1:])
        body = re.split(r"^\* Menu:", body, maxsplit=1, flags=re.MULTILINE)[0]
        for block in re.split(r"\n[ \t]*\n", body):
            rows = [ln.rstrip() for ln in block.split("\n") if ln.strip()]
            if not rows:
                continue
            if len(rows) == 2 and _INFO_UNDERLINE.match(rows[1].strip()):
                out.append(_SECTION_NUMBER.sub("", rows[0].strip()))
                continue
            rows = [r for r in rows if not re.match(r"^\* [^:]+::", r)]
            if not rows:
                continue
            if _INFO_BULLET.match(rows[0]):  # list items with their continuation lines
                for row in rows:
                    if _INFO_BULLET.match(row):
                        out.append(_INFO_BULLET.sub("", row))
                    else:
                        out[-1] += " " + row
            elif all(_indent(r) < 5 for r in rows[1:]) and _indent(rows[0]) < 5:
                out.append(" ".join(rows))  # an ordinary paragraph
            elif _indent(rows[0]) < 5:  # table term(s), then the description
                desc = [r for r in rows if _indent(r) >= 5]
                out.append(" ".join(desc))
            elif looks_like_prose(rows):
                out.append(" ".join(rows))
    return _keep([_info_inline(p) for p in out])


# --------------------------------------------------------------------------- man pages

MAN_DROP_SECTIONS = frozenset({"SYNOPSIS", "SEE ALSO", "COLOPHON", "LIBRARY"})
TAG_MARK = "\ue000"  # private-use characters that survive groff -Tutf8
NOFILL_MARK = "\ue001"
_BOX = re.compile(r"[\u2500-\u257f]")
_BULLET = re.compile(r"^[•·*+-]\s+")
_CONTROL = re.compile(r"^[.']\s*([A-Za-z]\w*)?")
_FONT_MACROS = frozenset("B I SM SB BR BI IB IR RB RI".split())


def man_available() -> bool:
    """Whether ``man`` and ``groff`` are on PATH to render roff sources."""
    return shutil.which("man") is not None and shutil.which("groff") is not None


def mark_roff(source: str) -> str:
    """A man(7) source with markers for ``man_paragraphs``: ``TAG_MARK`` where the description
    of a .TP/.TQ/.IP item starts (what comes before it on its line is the tag), ``NOFILL_MARK``
    on each line of a .nf/.EX region (examples, synopses)."""
    marker = "\\&" + TAG_MARK + "\\c"
    out: list[str] = []
    nofill = False
    in_tag = False  # the next text line is a .TP/.TQ tag
    pending = False  # the tag is done: mark the start of the description
    for line in source.split("\n"):
        control = _CONTROL.match(line)
        macro = control.group(1) if control else None
        if control and (line[1:].lstrip().startswith('\\"') or macro is None):
            out.append(line)  # comment or empty request
            continue
        if macro in ("TP", "TQ"):
            in_tag, pending = True, False
            out.append(line)
            continue
        if in_tag and (macro is None or macro in _FONT_MACROS):
            in_tag, pending = False, True
            out.append(line)
            continue
        if pending:
            out.append(marker)
            pending = False
        if macro in ("nf", "EX"):
            nofill = True
        elif macro in ("fi", "EE"):
            nofill = False
        elif macro == "IP" and _roff_args(line[control.end():] if control else "")[:1] not in ([], [""]):
            pending = True
        elif nofill and macro is None:
            line = NOFILL_MARK + line
        elif nofill and macro in _FONT_MACROS:
            out.append("\\&" + NOFILL_MARK + "\\c")
        out.append(line)
    return "\n".join(out)


def render_man(source: str, width: int = 2000) -> str:
    """Plain text of a roff man page via ``man -l -`` (the source on stdin): no hyphenation or
    justification, and lines so wide that each filled paragraph is one line."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
           "MANWIDTH": str(width), "MANPAGER": "cat", "PAGER": "cat", "HOME": "/nonexistent"}
    try:
        result = subprocess.run(["man", "--nh", "--nj", "-E", "UTF-8", "-l", "-"],
                                input=source.encode("utf-8"), capture_output=True, env=env,
                                timeout=60, check=False)
    except subprocess.TimeoutExpired:
        return ""
    return result.stdout.decode("utf-8", errors="replace")


def is_so_redirect(source: str) -> bool:
    """Whether a roff page only includes another (``.so man3/other.3``)."""
    lines = [ln for ln in source.splitlines() if ln.strip() and not re.match(r"^[.']\\\"", ln)]
    return bool(lines) and lines[0].startswith(".so ") and len(lines) <= 2


def man_paragraphs(rendered: str, drop_sections: frozenset[str] = MAN_DROP_SECTIONS) -> list[str]:
    """Prose of a man page rendered from ``mark_roff`` output, one paragraph per line.

    Section (indent 0) and subsection (indent 1-3) headings are kept, except those of the
    sections in ``drop_sections``, whose text is dropped too. Header, footer, no-fill lines
    (``NOFILL_MARK``) and table lines are dropped. In a block holding ``TAG_MARK`` only the
    text after the mark is kept (the tag, an option name or bullet, goes); any other block of
    several lines is unfilled text and is dropped; a one-line block is a paragraph.
    """
    lines = [ln.rstrip() for ln in rendered.replace("\t", "        ").split("\n")]
    nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
    if nonblank and re.search(r"\S+\(\w+\)$", lines[nonblank[0]]):
        lines[nonblank[0]] = ""  # header: TITLE(1)  ...  TITLE(1)
    if len(nonblank) > 1 and _indent(lines[nonblank[-1]]) == 0 \
            and re.search(r"\S+\(\w+\)$", lines[nonblank[-1]]):
        lines[nonblank[-1]] = ""  # footer: source  date  TITLE(1)
    blocks: list[list[str]] = [[]]
    for ln in lines:
        if ln.strip() and NOFILL_MARK not in ln and not _BOX.search(ln):
            blocks[-1].append(ln)
        elif blocks[-1]:
            blocks.append([])
    out: list[str] = []
    section = ""
    for block in blocks:
        while block and _indent(block[0]) <= 3:  # headings
            if _indent(block[0]) == 0:
                section = block[0].strip().upper()
            if section not in drop_sections:
                out.append(block[0])
            block = block[1:]
        if not block or section in drop_sections:
            continue
        marked = [ln for ln in block if TAG_MARK in ln]
        if marked:
            text = marked[0].split(TAG_MARK, 1)[1]
        elif len(block) == 1:
            text = block[0]
        else:
            continue
        out.append(_BULLET.sub("", text.replace(TAG_MARK, "").strip()))
    return _keep(out)


_ROFF_GLYPHS = {"em": "\u2014", "en": "\u2013", "aq": "'", "dq": '"', "bu": "\u2022", "co": "\u00a9",
                "lq": "\u201c", "rq": "\u201d", "oq": "\u2018", "cq": "\u2019", "ga": "`", "ti": "~",
                "ha": "^", "rs": "\\", "mu": "\u00d7", "hy": "-", "rg": "\u00ae", "tm": "\u2122",
                "de": "\u00b0", "+-": "\u00b1", "<=": "\u2264", ">=": "\u2265", "->": "\u2192"}
_ROFF_ESCAPE = re.compile(r"\\(?:f(?:\[[^\]]*\]|\(..|.)|s[+-]?\d+|\*(?:\[[^\]]*\]|\(..|.)"
                          r"|\((..)|\[([^\]]*)\]|(.))")


def roff_text(line: str) -> str:
    """A roff text line with font changes, strings and glyph escapes resolved."""
    def escape(m: re.Match[str]) -> str:
        glyph = m.group(1) or m.group(2)
        if glyph is not None:
            return _ROFF_GLYPHS.get(glyph, "")
        char = m.group(3)
        if char is None:
            return ""
        return {"-": "-", "e": "\\", " ": " ", "~": " ", "0": " ", "\\": "\\", "'": "'",
                "`": "`", ".": "."}.get(char, "")
    return _ROFF_ESCAPE.sub(escape, line)


def _roff_args(rest: str) -> list[str]:
    return [a[1:-1] if a.startswith('"') else a for a in re.findall(r'"[^"]*"|\S+', rest)]


def roff_paragraphs(source: str, drop_sections: frozenset[str] = MAN_DROP_SECTIONS) -> list[str]:
    """Prose of a man(7) roff source without a formatter: macros stripped, filled lines joined.

    .SH/.SS text is kept as headings; .TP/.IP tags, no-fill regions (.nf/.EX/.TS/.EQ), comments
    and the sections in ``drop_sections`` are dropped. The fallback when ``man`` is missing.
    """
    out: list[str] = []
    buf: list[str] = []
    section = ""
    skip_until = ""
    skip_next = False

    def flush() -> None:
        if buf and section not in drop_sections:
            out.append(" ".join(buf))
        buf.clear()

    for line in source.splitlines():
        if skip_until:
            if re.match(rf"^[.']\s*{skip_until}\b", line):
                skip_until = ""
            continue
        if re.match(r"^[.']\s*\\\"", line) or line.startswith('\\"'):
            continue
        m = re.match(r"^[.']\s*([A-Za-z]\w*)\s*(.*)", line)
        if not m:
            if line.strip() == ".":
                continue
            if skip_next:
                skip_next = False
                continue
            buf.append(roff_text(line))
            continue
        macro, rest = m.group(1), m.group(2)
        starts = {"nf": "fi", "EX": "EE", "TS": "TE", "EQ": "EN", "de": r"\.", "ig": r"\.\."}
        if macro in starts:
            flush()
            skip_until = starts[macro]
        elif macro in ("SH", "SS"):
            flush()
            title = roff_text(" ".join(_roff_args(rest)))
            if macro == "SH":
                section = title.strip().upper()
            if section not in drop_sections:
                out.append(title)
        elif macro in ("PP", "LP", "P", "sp", "RS", "RE", "TP", "IP", "HP", "TQ", "in"):
            flush()
            skip_next = macro in ("TP", "TQ")
        elif macro in ("B", "I", "SM", "SB"):
            if skip_next:
                skip_next = False
                continue
            buf.append(roff_text(" ".join(_roff_args(rest))))
        elif len(macro) == 2 and set(macro) <= set("BIR"):
            if skip_next:
                skip_next = False
                continue
            buf.append(roff_text("".join(_roff_args(rest))))
        elif macro in ("UR", "MT", "UE", "ME"):
            continue
    flush()
    return _keep(out)


# --------------------------------------------------------------------------- plain text

def text_paragraphs(source: str) -> list[str]:
    """Paragraphs of plain text (a licence): blank-line separated, lines joined, rules dropped."""
    out = []
    for block in re.split(r"\n[ \t\f]*\n", source.replace("\r\n", "\n")):
        rows = [r for r in block.split("\n") if not re.fullmatch(r"\s*([-=*_~#])\1{2,}\s*", r)]
        out.append(" ".join(rows))
    return _keep(out)


def document_paragraphs(path: Path, fmt: str) -> list[str]:
    """Paragraphs of one file in one of the formats html, pod, info, man, text."""
    if fmt == "man":
        source = read_text(path)
        if is_so_redirect(source):
            return []
        if man_available():
            return man_paragraphs(render_man(mark_roff(source)))
        return roff_paragraphs(source)
    source = read_text(path)
    extract = {"html": html_paragraphs, "pod": pod_paragraphs, "info": info_paragraphs,
               "text": text_paragraphs}[fmt]
    return extract(source)


# --------------------------------------------------------------------------- building

@dataclass(frozen=True)
class Document:
    """One file chosen for a genre, with the package it belongs to."""

    genre: str
    fmt: str
    package: str
    version: str
    path: str  # relative to the root


def genre_documents(root: Path, genre: Genre, packages: dict[str, dict[str, str]],
                    max_docs: int, seed: int) -> tuple[list[Document], int, list[str]]:
    """The genre's files (sorted; a seeded sample of ``max_docs`` when there are more), the
    number available, and the matching installed package names ([] when none is installed)."""
    names = sorted(n for n in packages if fnmatch.fnmatchcase(n, genre.package))
    available = [Document(genre.name, genre.fmt, n, packages[n]["version"], path)
                 for n in names
                 for path in select_files(root, package_files(root, n, packages[n]["arch"]), genre)]
    available.sort(key=lambda d: d.path)
    chosen = available
    if len(available) > max_docs:
        chosen = sorted(random.Random(f"{seed}:{genre.name}").sample(available, max_docs),
                        key=lambda d: d.path)
    return chosen, len(available), names


def document_records(root: Path, doc: Document) -> list[dict[str, object]]:
    """Output records of one document: one per paragraph."""
    paragraphs = document_paragraphs(Path(root) / doc.path, doc.fmt)
    return [{"genre": doc.genre, "package": doc.package, "version": doc.version, "doc": doc.path,
             "paragraph": i, "text": text} for i, text in enumerate(paragraphs)]


def genre_stats(records: list[dict[str, object]], sampled: int, available: int) -> dict[str, object]:
    """Counts of one genre: files available and sampled, docs with paragraphs, paragraphs, words,
    short (< 5 words) and long (>= 40 words, the main corpus's minimum) paragraphs."""
    words = [len(str(r["text"]).split()) for r in records]
    ordered = sorted(words)
    return {"files_available": available, "files_sampled": sampled,
            "docs": len({r["doc"] for r in records}), "paragraphs": len(records),
            "words": sum(words), "paragraphs_under_5_words": sum(w < 5 for w in words),
            "paragraphs_40_plus_words": sum(w >= 40 for w in words),
            "median_words": ordered[len(ordered) // 2] if ordered else 0}
