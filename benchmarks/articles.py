"""How fast articles are composed and rendered, against a one-template baseline; compare start-up.

Run: .venv/bin/python benchmarks/articles.py [--pairs N] [--repeats R] [--compare-runs K]

The sample is the first N (default 20,000) pairs of ``itertools.combinations`` over the bundled
profiles sorted by slug: the order the batch command works in. For each of "json" and
"markdown", R fresh worker processes (default 3) each build one Composer, compose+render one
pair to warm up (this pays the imports), then compose+render all N pairs with that Composer, as
one batch worker would. Reported: articles/s over the N pairs (median of the R processes), the
set-up time (catalog, Composer, first article) and each worker's peak RSS (ru_maxrss).

The BASELINE is the floor the target is measured against: one precompiled Jinja2 template per
format that writes the same article text from precomputed strings. Its inputs are built by
composing each article once beforehand and flattening it to plain strings (sentence texts,
fragment ids, fields, table cells, metadata); only the template render is timed (median of R
passes in one process). Escaping stays in the template (an md_escape filter for Markdown, a
JSON string encoder for JSON), since every format has to escape; each baseline output is checked
to be byte-identical to ours before a figure is printed.

Finally ``narrator compare "Loan Officers" "Bill and Account Collectors"`` is timed as a whole
process (the installed ``narrator`` script of this interpreter): one warm-up run fills the
caches, then the median of K runs (default 5). The machine is shared and noisy: quote medians.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("json", "markdown")
COMPARE_ARGS = ("compare", "Loan Officers", "Bill and Account Collectors")


def _pairs(count: int) -> list[tuple[Any, Any]]:
    from narrator.catalog import Catalog

    profiles = sorted(Catalog.bundled(), key=lambda p: p.slug)
    return list(itertools.islice(itertools.combinations(profiles, 2), count))


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --- ours ---------------------------------------------------------------------------------------


def worker_ours(fmt: str, count: int) -> dict[str, float]:
    """One batch-like worker: one Composer, every pair composed and rendered to ``fmt``."""
    start = time.perf_counter()
    from narrator.compose import Composer
    from narrator.render import render

    pairs = _pairs(count)
    composer = Composer()
    a, b = pairs[0]
    render(composer.compose(a, b), fmt)  # warm-up: imports, first inflect and babel calls
    setup = time.perf_counter() - start
    start = time.perf_counter()
    size = 0
    for a, b in pairs:
        size += len(render(composer.compose(a, b), fmt))
    elapsed = time.perf_counter() - start
    return {
        "rate": len(pairs) / elapsed,
        "setup": setup,
        "rss_mb": _peak_rss_mb(),
        "bytes": size,
    }


# --- the baseline -------------------------------------------------------------------------------

_MARKDOWN = """\
# {{ title["text"] | md }}
{% for section in sections %}
{% if section["heading"] is not none %}

## {{ section["heading"]["text"] | md }}
{% endif %}
{% for block in section["blocks"] %}

{% if block["type"] == "paragraph" %}
{{ block["text"] | md }}
{% else %}
| {% for c in block["columns"] %} | {{ c | mdcell }}{% endfor %} |
|---{% for c in block["columns"] %}|---{% endfor %}|
{% for row in block["rows"] %}
| {{ row["label"] | mdcell }}{% for t in row["texts"] %} | {{ t | mdcell }}{% endfor %} |
{% endfor %}
{% endif %}
{% endfor %}
{% endfor %}
"""

# json.dumps(..., indent=2) layout, written out: a non-empty list or object opens on its line,
# each item on its own line one level deeper, and closes on a line of its own. (No macros: a
# Jinja2 macro call costs more than the rest of a sentence's output.)
_JSON = """\
{
  "title": {
    "text": {{ title["text"] | j }},
    "fragment": {{ title["fragment"] | j }},
    "fields": {% if title["fields"] %}[
      {{ title["fields"] | map("j") | join(sep[6]) }}
    ]{% else %}[]{% endif %}

  },
  "slug": {{ slug | j }},
  "metadata": {
    "generator": {{ metadata["generator"] | j }},
    "locale": {{ metadata["locale"] | j }},
    "occupations": [
{% for o in metadata["occupations"] %}
      {
        "title": {{ o["title"] | j }},
        "slug": {{ o["slug"] | j }},
        "soc_code": {{ o["soc_code"] | j }},
        "source": {% if o["source"] is none %}null{% else %}{
          "name": {{ o["source"]["name"] | j }},
          "release": {{ o["source"]["release"] | j }},
          "url": {{ o["source"]["url"] | j }}
        }{% endif %}

      }{{ "," if not loop.last }}
{% endfor %}
    ],
    "review": {% if metadata["review"] %}[
{% for n in metadata["review"] %}
      {
        "profile": {{ n["profile"] | j }},
        "field": {{ n["field"] | j }},
        "message": {{ n["message"] | j }}
      }{{ "," if not loop.last }}
{% endfor %}
    ]{% else %}[]{% endif %}

  },
  "sections": [
{% for section in sections %}
    {
      "id": {{ section["id"] | j }},
      "heading": {% if section["heading"] is none %}null{% else %}{
        "text": {{ section["heading"]["text"] | j }},
        "fragment": {{ section["heading"]["fragment"] | j }},
        "fields": {% if section["heading"]["fields"] %}[
          {{ section["heading"]["fields"] | map("j") | join(sep[10]) }}
        ]{% else %}[]{% endif %}

      }{% endif %},
      "blocks": [
{% for block in section["blocks"] %}
        {
{% if block["type"] == "paragraph" %}
          "type": "paragraph",
          "sentences": [
{% for s in block["sentences"] %}
            {
              "text": {{ s["text"] | j }},
              "fragment": {{ s["fragment"] | j }},
              "fields": {% if s["fields"] %}[
                {{ s["fields"] | map("j") | join(sep[16]) }}
              ]{% else %}[]{% endif %}

            }{{ "," if not loop.last }}
{% endfor %}
          ]
{% else %}
          "type": "table",
          "id": {{ block["id"] | j }},
          "columns": [
            {{ block["columns"] | map("j") | join(sep[12]) }}
          ],
          "rows": [
{% for row in block["rows"] %}
            {
              "label": {{ row["label"] | j }},
              "field": {{ row["field"] | j }},
              "cells": [
                {{ row["cells"] | map("j") | join(sep[16]) }}
              ]
            }{{ "," if not loop.last }}
{% endfor %}
          ]
{% endif %}
        }{{ "," if not loop.last }}
{% endfor %}
      ]
    }{{ "," if not loop.last }}
{% endfor %}
  ]
}
"""


# The baseline's own Markdown escaping, independent of narrator.render: the same rules,
# written plainly (precompiled patterns, nothing remembered between calls).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_MD_LINE_START = re.compile(r"^([#+-]|\d+\.)")


def _md(text: str) -> str:
    return _MD_LINE_START.sub(r"\\\1", _MD_SPECIAL.sub(r"\\\1", text))


def _md_cell(text: str) -> str:
    return _md(text).replace("|", "\\|")


def _baseline_template(fmt: str) -> Any:
    import jinja2

    env = jinja2.Environment(
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False
    )
    env.filters["md"] = _md
    env.filters["mdcell"] = _md_cell
    from json.encoder import encode_basestring  # the C string encoder json.dumps uses

    env.filters["j"] = lambda s: "null" if s is None else encode_basestring(s)
    env.globals["sep"] = {n: ",\n" + " " * n for n in (6, 10, 12, 16)}
    return env.from_string(_MARKDOWN if fmt == "markdown" else _JSON)


def _flatten(article: Any) -> dict[str, Any]:
    """The article as plain strings, lists and dicts: everything the templates print."""
    from narrator.article import Paragraph

    def sentence(s: Any) -> dict[str, Any]:
        return {"text": s.text, "fragment": s.fragment, "fields": list(s.fields)}

    sections = []
    for section in article.sections:
        blocks: list[dict[str, Any]] = []
        for block in section.blocks:
            if isinstance(block, Paragraph):
                blocks.append(
                    {
                        "type": "paragraph",
                        "text": block.text,
                        "sentences": [sentence(s) for s in block.sentences],
                    }
                )
            else:
                blocks.append(
                    {
                        "type": "table",
                        "id": block.id,
                        "columns": list(block.columns),
                        "rows": [
                            {
                                "label": row.label,
                                "field": row.field,
                                "cells": [cell.text for cell in row.cells],
                                "texts": list(row.texts()),
                            }
                            for row in block.rows
                        ],
                    }
                )
        sections.append(
            {
                "id": section.id,
                "heading": sentence(section.heading) if section.heading else None,
                "blocks": blocks,
            }
        )
    metadata = article.metadata.to_dict()
    return {
        "title": sentence(article.title),
        "slug": article.slug,
        "metadata": metadata,
        "sections": sections,
    }


def worker_baseline(fmt: str, count: int, repeats: int) -> dict[str, float]:
    """Time one template over precomputed strings; check it writes exactly our bytes."""
    from narrator.compose import Composer
    from narrator.render import render

    composer = Composer()
    inputs, expected = [], []
    for a, b in _pairs(count):
        article = composer.compose(a, b)
        inputs.append(_flatten(article))
        expected.append(render(article, fmt))
    template = _baseline_template(fmt)
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        out = [template.render(data) for data in inputs]
        rates.append(len(inputs) / (time.perf_counter() - start))
    mismatches = sum(1 for ours, theirs in zip(expected, out, strict=True) if ours != theirs)
    if mismatches:
        index = next(i for i, (x, y) in enumerate(zip(expected, out, strict=True)) if x != y)
        sys.stderr.write(f"baseline differs from ours for {mismatches} articles, e.g.:\n")
        sys.stderr.write(f"--- ours\n{expected[index]}--- baseline\n{out[index]}")
        raise SystemExit(1)
    return {"rate": statistics.median(rates)}


# --- the driver ---------------------------------------------------------------------------------


def _run_worker(*args: str) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--worker", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if result.returncode != 0:
        raise SystemExit(f"worker {args} failed:\n{result.stderr}")
    data: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def _narrator_command() -> list[str]:
    script = shutil.which("narrator", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "narrator"]


def time_compare(runs: int) -> list[float]:
    """Wall time of the whole ``narrator compare`` process, after one warm-up run."""
    command = [*_narrator_command(), *COMPARE_ARGS]
    subprocess.run(command, capture_output=True, check=True)  # warm the caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=20_000, help="pairs in the sample (20000)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per figure (3)")
    parser.add_argument("--compare-runs", type=int, default=5, help="compare runs timed (5)")
    parser.add_argument("--skip-baseline", action="store_true", help="only time ours")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, fmt = args.worker[0], args.worker[1]
        if kind == "ours":
            result = worker_ours(fmt, args.pairs)
        else:
            result = worker_baseline(fmt, args.pairs, args.repeats)
        print(json.dumps(result))
        return

    from interpreter import describe  # benchmarks/, this script's own folder

    print(f"sample: the first {args.pairs:,} pairs of the bundled profiles; medians of runs")
    print(f"on {describe()}")
    for fmt in FORMATS:
        ours = [_run_worker("ours", fmt, "--pairs", str(args.pairs)) for _ in range(args.repeats)]
        rate = statistics.median(r["rate"] for r in ours)
        setup = statistics.median(r["setup"] for r in ours)
        rss = max(r["rss_mb"] for r in ours)
        line = (
            f"{fmt:>8}: ours {rate:8,.0f} articles/s ({1000 / rate:.3f} ms each; "
            f"set-up {setup:.2f} s; peak RSS {rss:.0f} MB)"
        )
        if not args.skip_baseline:
            base = _run_worker(
                "baseline", fmt, "--pairs", str(args.pairs), "--repeats", str(args.repeats)
            )
            line += (
                f"; baseline {base['rate']:8,.0f} articles/s; "
                f"ours/baseline time ratio {base['rate'] / rate:.2f}x"
            )
        print(line, flush=True)
    env_note = os.environ.get("NARRATOR_CACHE_DIR", "default cache folder")
    times = time_compare(args.compare_runs)
    print(
        f" compare: {' '.join(COMPARE_ARGS[1:])!s}: median {statistics.median(times):.3f} s "
        f"whole process (min {min(times):.3f}, max {max(times):.3f}, {len(times)} runs, warm "
        f"cache: {env_note})"
    )


if __name__ == "__main__":
    main()
