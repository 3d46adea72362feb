"""How fast articles are composed and rendered, against a one-template baseline; compare start-up.

Run: .venv/bin/python benchmarks/articles.py [--pairs N] [--repeats R] [--compare-runs K]
     [--profiles FOLDER ...]

The sample is the first N (default 20,000) pairs of ``itertools.combinations`` over the bundled
profiles (or those under ``--profiles``) sorted by slug: the order the batch command works in.
For each of "json" and "markdown", R fresh worker processes (default 3) each build one Composer,
compose+render one pair to warm up (this pays the imports), then compose+render all N pairs with
that Composer, as one batch worker would. Reported: articles/s over the N pairs (median of the R
processes), how that time splits between composing and writing the format (each article's two
steps timed apart), the set-up time (catalog, Composer, first article) and each worker's peak
RSS (ru_maxrss).

The BASELINE is the floor the target is measured against: one precompiled Jinja2 template per
format that writes the same article text from precomputed strings. Its inputs are built by
composing each article once beforehand and flattening it to plain strings (``Article.to_dict()``,
plus each paragraph's text and each row's shown cells for Markdown); only the template render
is timed (median of R passes in one process). The JSON template is written out from the shape
of those inputs (every key, list and object as ``json.dumps(indent=2)`` lays it out), so a new
field, section or table needs no edit here; the Markdown one walks sections, paragraphs and
tables, whatever they are. Escaping stays in the template (narrator's own Markdown escaping and
links as filters, a JSON string encoder for JSON), since every format has to escape; each
baseline output is checked to be byte-identical to ours before a figure is printed.

Finally ``narrator compare "Loan Officers" "Bill and Account Collectors"`` is timed as a whole
process (the installed ``narrator`` script of this interpreter): one warm-up run fills the
caches, then the median of K runs (default 5). The machine is shared and noisy: quote medians.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from json.encoder import encode_basestring  # the C string encoder json.dumps uses
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("json", "markdown")
COMPARE_ARGS = ("compare", "Loan Officers", "Bill and Account Collectors")


def _pairs(count: int, folders: list[str]) -> list[tuple[Any, Any]]:
    from narrator.catalog import Catalog

    catalog = Catalog.from_paths(folders) if folders else Catalog.bundled()
    profiles = sorted(catalog, key=lambda p: p.slug)
    return list(itertools.islice(itertools.combinations(profiles, 2), count))


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --- ours ---------------------------------------------------------------------------------------


def worker_ours(fmt: str, count: int, folders: list[str]) -> dict[str, float]:
    """One batch-like worker: one Composer, every pair composed and rendered to ``fmt``."""
    start = time.perf_counter()
    from narrator.compose import Composer
    from narrator.render import render

    pairs = _pairs(count, folders)
    composer = Composer()
    a, b = pairs[0]
    render(composer.compose(a, b), fmt)  # warm-up: imports, first inflect and babel calls
    setup = time.perf_counter() - start
    clock = time.perf_counter
    composing = 0.0
    size = 0
    start = clock()
    for a, b in pairs:
        begun = clock()
        article = composer.compose(a, b)
        composing += clock() - begun
        size += len(render(article, fmt))
    elapsed = clock() - start
    return {
        "rate": len(pairs) / elapsed,
        "compose_share": composing / elapsed,
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
{{ block["text"] | mdpara(links) }}
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

# The JSON baseline's template is written from the shape of its inputs (see _json_template), so a
# field, section or table added to the articles is in it without an edit here.
_JSON_SCALARS = (str, int, float, bool, type(None))


def _shape(values: list[Any]) -> tuple[Any, ...]:
    """What all of ``values`` (the values at one place of every input) have in common.

    ("scalar",); ("list", item shape); ("dict", {key: shape}) for objects with the same keys in
    the same order; ("union", {type: dict shape}) for objects told apart by their "type";
    ("nullable", shape) for objects or lists that may be None instead.
    """
    present = [v for v in values if v is not None]
    if all(isinstance(v, _JSON_SCALARS) for v in present):
        return ("scalar",)
    if len(present) < len(values):
        return ("nullable", _shape(present))
    if all(isinstance(v, list) for v in present):
        return ("list", _shape([item for v in present for item in v]))
    if not all(isinstance(v, dict) for v in present):
        kinds = sorted({type(v).__name__ for v in present})
        raise TypeError(f"cannot write a template for {kinds}")
    layouts = {tuple(v) for v in present}
    if len(layouts) == 1:
        keys = next(iter(layouts))
        return ("dict", {key: _shape([v[key] for v in present]) for key in keys})
    if not all("type" in v for v in present):
        raise TypeError(f'objects with different keys and no "type": {sorted(layouts)}')
    by_type: dict[str, list[Any]] = {}
    for v in present:
        by_type.setdefault(v["type"], []).append(v)
    return ("union", {kind: _shape(group) for kind, group in by_type.items()})


def _json_source(shape: tuple[Any, ...], expr: str, indent: int, depth: int = 0) -> str:
    """Template source that writes the value of ``expr`` as ``json.dumps(indent=2)`` lays it
    out, at nesting ``indent`` (its first line is already indented; it ends without a newline).

    No macros: a Jinja2 macro call costs more than the rest of a sentence's output.
    """
    inner = " " * (indent + 2)
    kind = shape[0]
    if kind == "scalar":
        return f"{{{{ {expr} | j }}}}"
    if kind == "nullable":
        value = _json_source(shape[1], expr, indent, depth)
        return f"{{% if {expr} is none %}}null{{% else %}}{value}{{% endif %}}"
    if kind == "list":
        if shape[1][0] == "scalar":
            items = f'{inner}{{{{ {expr} | map("j") | join(sep[{indent + 2}]) }}}}'
        else:
            item = f"v{depth}"
            value = _json_source(shape[1], item, indent + 2, depth + 1)
            items = (
                f"{{% for {item} in {expr} %}}{inner}{value}"
                f"{{% if not loop.last %}},\n{{% endif %}}{{% endfor %}}"
            )
        return f"{{% if {expr} %}}[\n{items}\n{' ' * indent}]{{% else %}}[]{{% endif %}}"
    if kind == "union":
        branches = [
            f'{{% {"if" if n == 0 else "elif"} {expr}["type"] == {json.dumps(tag)} %}}'
            + _json_source(variant, expr, indent, depth)
            for n, (tag, variant) in enumerate(shape[1].items())
        ]
        return "".join(branches) + "{% endif %}"
    members = shape[1]
    if not members:
        return "{}"
    lines = []
    for key, member in members.items():
        # Top-level keys are the template's variables.
        child = key if expr == "" else f"{expr}[{json.dumps(key)}]"
        lines.append(f"{inner}{json.dumps(key)}: {_json_source(member, child, indent + 2, depth)}")
    return "{\n" + ",\n".join(lines) + f"\n{' ' * indent}}}"


def _json_template(inputs: list[dict[str, Any]]) -> str:
    """A template writing each of ``inputs`` exactly as ``json.dumps(..., indent=2,
    ensure_ascii=False)`` does, with a newline after, for inputs of the same shape as these."""
    return _json_source(_shape(inputs), "", 0) + "\n"


def _json_value(value: Any) -> str:
    """One JSON scalar as json.dumps writes it (ensure_ascii=False)."""
    if value.__class__ is str:
        return encode_basestring(value)
    return "null" if value is None else json.dumps(value)


def _baseline_template(fmt: str, inputs: list[dict[str, Any]]) -> Any:
    import jinja2

    if fmt == "markdown":
        # Markdown escaped with narrator's own functions (every writer has to escape, and the
        # rules are many: see narrator.formats.common), as the filters a template would call:
        # a paragraph's cited source URL as an autolink, the rest escaped.
        from narrator.formats.common import md_escape, md_inline, split_links

        def md_paragraph(text: str, links: tuple[str, ...]) -> str:
            runs = split_links(text, links)
            return "".join(
                f"<{run}>" if link else (md_escape(run) if index == 0 else md_inline(run))
                for index, (run, link) in enumerate(runs)
            )

        def md_cell(text: str) -> str:
            return md_inline(text).replace("|", "\\|")

        env = jinja2.Environment(
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False
        )
        env.filters["md"] = md_escape
        env.filters["mdpara"] = md_paragraph
        env.filters["mdcell"] = md_cell
        return env.from_string(_MARKDOWN)
    # The generated source says every character itself: no whitespace control.
    env = jinja2.Environment(keep_trailing_newline=True, autoescape=False)
    env.filters["j"] = _json_value
    env.globals["sep"] = {n: ",\n" + " " * n for n in range(0, 101, 2)}
    return env.from_string(_json_template(inputs))


def _flatten(article: Any, fmt: str) -> dict[str, Any]:
    """The article as plain strings, lists and dicts: everything the template prints.

    For JSON, ``Article.to_dict()``; for Markdown, that with each paragraph's text and each
    row's cells as shown (a dash for a missing value) added.
    """
    data: dict[str, Any] = article.to_dict()
    if fmt == "markdown":
        from narrator.formats.common import source_links

        data["links"] = source_links(article)
        for section, flat in zip(article.sections, data["sections"], strict=True):
            for block, block_data in zip(section.blocks, flat["blocks"], strict=True):
                if block_data["type"] == "paragraph":
                    block_data["text"] = block.text
                else:
                    for row, row_data in zip(block.rows, block_data["rows"], strict=True):
                        row_data["texts"] = list(row.texts())
    return data


def worker_baseline(fmt: str, count: int, repeats: int, folders: list[str]) -> dict[str, float]:
    """Time one template over precomputed strings; check it writes exactly our bytes."""
    from narrator.compose import Composer
    from narrator.render import render

    composer = Composer()
    inputs, expected = [], []
    for a, b in _pairs(count, folders):
        article = composer.compose(a, b)
        inputs.append(_flatten(article, fmt))
        expected.append(render(article, fmt))
    template = _baseline_template(fmt, inputs)
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
    parser.add_argument(
        "--profiles", nargs="+", default=[], metavar="FOLDER", help="other profiles"
    )
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, fmt = args.worker[0], args.worker[1]
        if kind == "ours":
            result = worker_ours(fmt, args.pairs, args.profiles)
        else:
            result = worker_baseline(fmt, args.pairs, args.repeats, args.profiles)
        print(json.dumps(result))
        return

    from interpreter import describe  # benchmarks/, this script's own folder

    where = " ".join(args.profiles) if args.profiles else "the bundled profiles"
    print(f"sample: the first {args.pairs:,} pairs of {where}; medians of runs")
    print(f"on {describe()}")
    sample = ["--pairs", str(args.pairs)]
    if args.profiles:
        sample += ["--profiles", *args.profiles]
    for fmt in FORMATS:
        ours = [_run_worker("ours", fmt, *sample) for _ in range(args.repeats)]
        rate = statistics.median(r["rate"] for r in ours)
        share = statistics.median(r["compose_share"] for r in ours)
        setup = statistics.median(r["setup"] for r in ours)
        rss = max(r["rss_mb"] for r in ours)
        each = 1000 / rate
        line = (
            f"{fmt:>8}: ours {rate:8,.0f} articles/s ({each:.3f} ms each: composing "
            f"{each * share:.3f}, writing {each * (1 - share):.3f}; set-up {setup:.2f} s; "
            f"peak RSS {rss:.0f} MB)"
        )
        if not args.skip_baseline:
            base = _run_worker("baseline", fmt, *sample, "--repeats", str(args.repeats))
            ratio = base["rate"] / rate
            line += (
                f"; baseline {base['rate']:8,.0f} articles/s; "
                f"ours/baseline time ratio {ratio:.2f}x (composing alone {ratio * share:.2f}x)"
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
