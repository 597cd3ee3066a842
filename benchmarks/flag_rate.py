"""How often the model flags text you know a person wrote: paragraphs and documents, by length.

Runs the real ``mtdetect score --format jsonl`` on the given files and counts the
flagged paragraphs (by length band) and documents. Point it at English you know
to be written by people, and the shares are false-positive rates on your own
genre. The README reports it on technical English from Debian's packages::

    apt-get install python3.11-doc gnu-standards
    python -m benchmarks.flag_rate /usr/share/doc/python3.11/html/{tutorial,howto,faq}/*.html \\
        /usr/share/doc/gnu-standards/*.html

and on Perl's documentation (Debian's ``perl-doc``), converted to HTML page by page::

    apt-get install perl-doc && mkdir -p /tmp/perldoc && cd /usr/share/perl/5.36.0/pod
    for p in perlintro perlfaq{1..9} perlreftut perlretut perlootut perlstyle perlsyn perldata \\
        perlsub perlmod perlpod perlrequick perlopentut perlpacktut perlthrtut perlunitut perlunifaq \\
        perlsec perlhack perlpolicy perldebtut perlperf perlglossary perlhist perlport perlnewmod \\
        perlmodstyle perlobj perlref perlop; do
        pod2html --infile=$p.pod --outfile=/tmp/perldoc/$p.html --cachedir=/tmp/perldoc; done
    cd - && python -m benchmarks.flag_rate /tmp/perldoc/*.html

Usage::

    python -m benchmarks.flag_rate FILE... [--model models/mtdetect-en.joblib]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

BANDS = ((12, 24), (25, 39), (40, 10**9))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--model", type=Path, default=None)
    args = parser.parse_args(argv)
    command = [sys.executable, "-m", "mtdetect", "score", "--format", "jsonl", *args.files]
    if args.model is not None:
        command += ["--model", str(args.model)]
    done = subprocess.run(command, check=False, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"flag_rate: mtdetect score failed ({done.returncode}): {done.stderr.strip()}")
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    paragraphs = [r for r in rows if r["paragraph"] is not None and r["score"] is not None]
    documents = [r for r in rows if r["paragraph"] is None and r["score"] is not None]
    print(f"{len(args.files)} files; share flagged (count)")
    for low, high in BANDS:
        band = [r for r in paragraphs if low <= r["n_words"] <= high]
        flagged = sum(r["label"] == "machine" for r in band)
        name = f"{low}+ words" if high == 10**9 else f"{low}-{high} words"
        print(f"paragraphs, {name}: {flagged / max(len(band), 1):.1%} ({flagged} of {len(band)})")
    flagged = sum(r["label"] == "machine" for r in paragraphs)
    print(f"paragraphs, all: {flagged / max(len(paragraphs), 1):.1%} ({flagged} of {len(paragraphs)})")
    flagged = sum(r["label"] == "machine" for r in documents)
    print(f"documents: {flagged / max(len(documents), 1):.1%} ({flagged} of {len(documents)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
