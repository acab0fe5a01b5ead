"""How fast the site builds and loads. Prints Markdown tables; asserts nothing.

- Builds: `mkdocs build --strict` cold (empty notebook cache: every notebook executes) and warm;
  then a real `mkdocs serve` and the rebuild after a prose edit, a code edit in one notebook and
  an edit in src/: the time until the served page shows the edit, the build time mkdocs reports,
  and which notebooks were executed (from its log: "Converting notebook" / "Cache hit").
  Everything runs on a copy of the project in a temporary folder: the author's tree and its
  notebook cache are not touched. The copy's src/ is put first on PYTHONPATH, so the kernels
  import the edited package.
- Page weight: every page of the site (from sitemap.xml) loaded in headless Chromium; each
  response gzipped at level 6, as a static host would serve it (fonts and images as they are).
- Time to all math typeset: the equations are typeset at build time, so this is the time until
  they are on screen: from navigation start to the `math-shown` mark, set at the first frame
  painted after the parser has put every equation of the page into the document (an inline
  script at the end of the article, overrides/main.html; no font loading). Beside it,
  `page-ready` (docs/javascripts/math-ready.js): the same once Material's JavaScript has started
  too (DOMContentLoaded) and the page's stylesheets have arrived. Median of fresh loads (new
  browser context each, 0.5 s apart so that the previous page's processes do not run into the
  next load); the pages take turns, so a neighbour's load on this shared machine falls on all
  alike.

- Lighthouse (npm, 12.2.3; Debian's Chromium, headless): the performance score of every page in
  Lighthouse's default mobile profile (simulated slow 4G, 4x slower CPU), the site served with
  gzip as a static host serves it (bench/gzip_server.py). Median of runs per page, the pages
  taking turns; with the load average beside it, since a busy machine lengthens the measured
  tasks that Lighthouse scales up (total blocking time is the first to suffer). Beside the
  score, how many runs the lab browser's first-frame stall hit (STALL_MS) and the median of the
  others: the score stays the median of all runs.

Run: `python bench/bench_site.py` (`--help` for fewer runs).
"""

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import gzip_server

ROOT = Path(__file__).resolve().parents[1]
PROJECT = ("mkdocs.yml", "pyproject.toml", "requirements.txt", "docs", "overrides", "src")
BUDGET_KB = 400
TYPESET_TARGET_MS = 400
LIGHTHOUSE_TARGET = 95
LIGHTHOUSE = ROOT / "node_modules/.bin/lighthouse"
SETTLE_S = 0.5  # between fresh loads: each starts on a quiet browser
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ALREADY_COMPRESSED = (".woff", ".woff2", ".png", ".jpg", ".jpeg", ".gif", ".webp")
BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")
CACHE_HIT = re.compile(r"Cache hit: (\S+)")
REUSED = re.compile(
    r"Outputs reused, code unchanged \(no kernel started\): (\S+)"
)  # src/textbook_site/notebooks.py
EXECUTED = re.compile(
    r"Executed, code or package changed \(kernel started\): (\S+)"
)  # src/textbook_site/notebooks.py (also for notebooks executed ahead of their pages)
PAGES_REUSED = re.compile(
    r"Pages reused from \S+: (\d+); rendered: (.*)"
)  # src/textbook_site/page_reuse.py


def table(title: str, header: list[str], rows: list[list], note: str = "") -> None:
    print(f"\n### {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---:" if i else "---" for i in range(len(header))) + "|")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    if note:
        print(f"\n{note}")
    sys.stdout.flush()


def load_average() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_project(dest: Path) -> Path:
    for name in PROJECT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, dest / name)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return dest


def environment(copy: Path, site_url: str) -> dict:
    return {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SITE_URL": site_url,
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(copy / "src"), os.environ.get("PYTHONPATH")])
        ),
    }


def notebook_names(lines: list[str], pattern: re.Pattern) -> list[str]:
    return sorted({Path(m.group(1)).stem for line in lines if (m := pattern.search(line))})


def page_reuse(lines: list[str]) -> str:
    """Pages rendered / pages whose rendering was reused from the store, as the build logged it."""
    for line in lines:
        if m := PAGES_REUSED.search(line):
            return f"{m.group(2).strip()} / {m.group(1)}"
    return "–"


def executed_notebooks(lines: list[str]) -> list[str]:
    """Notebooks a kernel ran (when their page rendered, or ahead of it: notebooks.py)."""
    return notebook_names(lines, EXECUTED)


# --- builds -------------------------------------------------------------------------------------


def timed_build(copy: Path, env: dict) -> tuple[float, list[str]]:
    start = time.perf_counter()
    result = subprocess.run(
        # --verbose: which notebooks ran and what was reused are debug lines.
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--verbose"],
        check=False,
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stderr}")
    return seconds, result.stderr.splitlines()


def bench_builds(copy: Path, env: dict, runs: int) -> None:
    rows = []
    cold, warm = [], []
    for _ in range(runs):
        shutil.rmtree(copy / ".cache", ignore_errors=True)
        seconds, lines = timed_build(copy, env)
        cold.append(seconds)
        executed = executed_notebooks(lines)
        seconds, lines = timed_build(copy, env)
        warm.append(seconds)
        cached = notebook_names(lines, CACHE_HIT)
        warm_executed = executed_notebooks(lines)
        warm_pages = page_reuse(lines)
    rows.append(
        [
            "cold: empty caches",
            f"{statistics.median(cold):.1f}",
            f"{len(executed)}: {', '.join(executed)}",
        ]
    )
    rows.append(
        [
            "warm: caches filled",
            f"{statistics.median(warm):.1f}",
            f"{len(warm_executed)} ({len(cached)} from cache; pages rendered / reused: {warm_pages})",
        ]
    )
    table(
        f"Build: `mkdocs build --strict` (median of {runs}, seconds)",
        ["build", "seconds", "notebooks executed"],
        rows,
        "Wall time of the whole command (Python start, plugins, MathJax copy), as an author sees it.",
    )


class Server:
    """`mkdocs serve` on the copy, its log lines collected with the time they arrived."""

    def __init__(self, copy: Path, env: dict, port: int, options: tuple[str, ...] = ()):
        self.lines: list[tuple[float, str]] = []
        self.url = f"http://127.0.0.1:{port}/"
        self.process = subprocess.Popen(
            [
                sys.executable,
                # mkdocs drops a log message it has printed before, so a rebuild that takes as
                # long as an earlier one would print no "Documentation built in"; it keeps every
                # message when Python is given warning options.
                "-W",
                "ignore::DeprecationWarning",
                "-m",
                "mkdocs",
                "serve",
                "--dev-addr",
                f"127.0.0.1:{port}",
                "--livereload",
                "--verbose",  # which notebooks ran and what was reused are debug lines
                *options,
            ],
            cwd=copy,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stderr:
            self.lines.append((time.perf_counter(), line.rstrip()))

    def fetch(self, path: str) -> str:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    def wait_for_build(self, since: int, timeout: float = 600) -> tuple[float, float, list[str]]:
        """(time the build finished, seconds mkdocs reports, log lines of that build)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            for at, line in self.lines[since:]:
                if m := BUILT.search(line):
                    return at, float(m.group(1)), [text for _, text in self.lines[since:]]
            time.sleep(0.02)
        raise SystemExit(
            "mkdocs serve did not rebuild:\n" + "\n".join(t for _, t in self.lines[-20:])
        )

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def insert_after(path: Path, anchor: str, text: str) -> None:
    source = path.read_text(encoding="utf-8")
    assert anchor in source, f"{anchor!r} not in {path}"
    path.write_text(source.replace(anchor, anchor + text, 1), encoding="utf-8")


def edit_scenarios(copy: Path) -> list[tuple[str, str, callable]]:
    """(what, page that shows the edit or None, edit(token))."""
    index = copy / "docs/index.md"
    chapter = copy / "docs/ch4.md"
    package = copy / "src/crossentropy/__init__.py"
    heading = re.search(r"^## .*$", chapter.read_text(encoding="utf-8"), re.MULTILINE).group(0)
    return [
        (
            "prose edit in a Markdown page (index.md)",
            "",
            lambda t: index.write_text(
                index.read_text(encoding="utf-8") + f"\n追記 {t}。\n", encoding="utf-8"
            ),
        ),
        (
            "prose edit in a chapter (Markdown cell of ch4.md)",
            "ch4/",
            lambda t: insert_after(chapter, heading, f"\n\n追記 {t}。\n"),
        ),
        (
            "code edit in one notebook (code cell of ch4.md)",
            "ch4/",
            lambda t: insert_after(chapter, "```python\n", f"# {t}\n"),
        ),
        (
            "edit in src/ (crossentropy/__init__.py)",
            None,
            lambda t: package.write_text(
                package.read_text(encoding="utf-8") + f"\n# {t}\n", encoding="utf-8"
            ),
        ),
    ]


def bench_serve(copy: Path, runs: int, options: tuple[str, ...] = ()) -> None:
    port = free_port()
    env = environment(copy, f"http://127.0.0.1:{port}/")
    server = Server(copy, env, port, options)
    try:
        server.wait_for_build(0)
        while not server.fetch(""):
            time.sleep(0.1)
        rows = []
        for what, page, edit in edit_scenarios(copy):
            shown, built, executed, reused, pages = [], [], set(), set(), ""
            for run in range(runs if page is not None else 1):
                time.sleep(1.5)  # let the watcher settle
                token = f"bench{run}x{time.time_ns()}"
                since = len(server.lines)
                start = time.perf_counter()
                edit(token)
                _, seconds, lines = server.wait_for_build(since)
                if page is not None:
                    while token not in server.fetch(page):
                        time.sleep(0.02)
                    shown.append(time.perf_counter() - start)
                built.append(seconds)
                executed |= set(executed_notebooks(lines))
                # A page whose notebook was executed ahead reuses the outputs just stored.
                reused |= set(notebook_names(lines, REUSED)) - set(executed_notebooks(lines))
                pages = page_reuse(lines)
            rows.append(
                [
                    what,
                    f"{statistics.median(shown):.2f}" if shown else "–",
                    f"{statistics.median(built):.2f}",
                    ", ".join(sorted(executed)) or "none",
                    ", ".join(sorted(reused)) or "none",
                    pages,
                ]
            )
    finally:
        server.stop()
    command = " ".join(["mkdocs serve", *options]) + (" (make serve)" if not options else "")
    table(
        f"Rebuild in `{command}` after an edit (median of {runs}; src/ edit once)",
        [
            "edit",
            "served page shows it after (s)",
            "mkdocs build (s)",
            "notebooks executed (kernel)",
            "outputs reused, page re-rendered",
            "pages rendered / reused",
        ],
        rows,
        "Targets: prose edit <= 1 s; a notebook edit re-executes that notebook only; an edit in src/ "
        "re-executes the notebooks and nothing else. The first column includes the file watcher's delay. "
        "Last column: pages rendered / pages whose rendering was reused (src/textbook_site/page_reuse.py).",
    )


# --- the built site in Chromium -----------------------------------------------------------------


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the browser closing a connection early (BrokenPipeError) is not news


def serve_directory(site: Path, port: int) -> http.server.ThreadingHTTPServer:
    server = QuietServer(("127.0.0.1", port), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def site_pages(site: Path, url: str) -> list[str]:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [
        loc.text.strip()[len(url) :]
        for loc in ET.parse(site / "sitemap.xml").findall(".//s:loc", namespace)
    ]


def kind_of(url: str, content_type: str) -> str:
    path = url.split("?")[0].lower()
    if path.endswith((".woff", ".woff2")):
        return "fonts"
    if content_type.startswith("image/") or path.endswith((".png", ".svg", ".jpg")):
        return "images"
    if path.endswith(".js"):
        return "JS"
    if path.endswith(".css"):
        return "CSS"
    if "text/html" in content_type:
        return "HTML"
    return "other"


def bench_pages(browser, url: str, pages: list[str]) -> None:
    kinds = ["HTML", "CSS", "JS", "fonts", "images", "other"]
    rows = []
    for path in pages:
        context = browser.new_context()
        page = context.new_page()
        responses = []
        page.on("response", lambda r, responses=responses: responses.append(r))
        page.goto(url + path)
        page.wait_for_selector("body[data-math-typeset='done']", state="attached")
        page.wait_for_load_state("networkidle")
        sizes = dict.fromkeys(kinds, 0)
        for response in responses:
            if not response.url.startswith("http") or response.status >= 300:
                continue
            body = response.body()
            size = (
                len(body)
                if response.url.lower().endswith(ALREADY_COMPRESSED)
                else len(gzip.compress(body, 6))
            )
            sizes[kind_of(response.url, response.headers.get("content-type", ""))] += size
        context.close()
        total = sum(sizes.values()) / 1024
        rows.append(
            [
                "/" + path,
                *(f"{sizes[k] / 1024:.0f}" for k in kinds),
                f"**{total:.0f}**",
                "ok" if total <= BUDGET_KB else "OVER",
            ]
        )
    table(
        "Page weight as transferred (KiB, gzip -6; fonts and images as served)",
        ["page", *kinds, "total", f"<= {BUDGET_KB}"],
        rows,
        "No MathJax script or font: equations arrive typeset as SVG (src/textbook_site/mathjax.py), "
        "so HTML carries them; JS is Material and the site's small scripts. The search index and "
        "Material's search worker are fetched only when the reader opens search "
        "(overrides/partials/javascripts/search-on-open.html). Target for /ch4/: <= 140 KiB.",
    )


TIMINGS_JS = """() => {
  const mark = (name) => (performance.getEntriesByName(name)[0] || {}).startTime;
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const nav = performance.getEntriesByType("navigation")[0];
  return { shown: mark("math-shown"), ready: mark("page-ready"),
           fcp: paint ? paint.startTime : null, dcl: nav.domContentLoadedEventEnd };
}"""


def bench_typeset(browser, url: str, pages: list[str], loads: int) -> None:
    samples = {path: [] for path in pages}
    for _ in range(loads):
        for path in pages:
            context = browser.new_context()
            page = context.new_page()
            page.goto(url + path)
            page.wait_for_selector("body[data-math-typeset='done']", state="attached")
            samples[path].append(page.evaluate(TIMINGS_JS))
            context.close()
            time.sleep(SETTLE_S)  # the closed page's processes wind down before the next load
    rows = []
    for path, runs in samples.items():
        shown = [r["shown"] for r in runs]

        def median(key, runs=runs):
            return f"{statistics.median(r[key] for r in runs):.0f}"

        rows.append(
            [
                "/" + path,
                f"**{statistics.median(shown):.0f}**",
                f"{min(shown):.0f}–{max(shown):.0f}",
                median("fcp"),
                median("dcl"),
                median("ready"),
            ]
        )
    table(
        f"Time to all math typeset and shown (ms from navigation start, median of {loads} fresh loads, headless Chromium, localhost)",
        [
            "page",
            "all math on screen",
            "range",
            "first contentful paint",
            "DOMContentLoaded",
            "page ready (Material started)",
        ],
        rows,
        f"Target: <= {TYPESET_TARGET_MS} ms on /ch4/ for all math on screen (first frame after the "
        f"last equation is in the document). Load average (1/5/15 min) now: {load_average()} on "
        f"{os.cpu_count()} cores; other work on the machine slows every column alike.",
    )


def chromium_path() -> str | None:
    for candidate in (
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def bench_browser(
    copy: Path, loads: int, lighthouse_runs: int, cpu_slowdown: float | None = None
) -> None:
    from playwright.sync_api import sync_playwright

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    timed_build(copy, environment(copy, url))  # site_url must match for instant navigation
    site = copy / "site"
    server = serve_directory(site, port)
    try:
        pages = site_pages(site, url)
        with_math = [
            p
            for p in pages
            if 'class="arithmatex' in (site / p / "index.html").read_text(encoding="utf-8")
        ]
        with sync_playwright() as p:
            executable = chromium_path()
            browser = (
                p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
                if executable
                else p.chromium.launch(args=CHROMIUM_ARGS)
            )
            bench_pages(browser, url, pages)
            bench_typeset(browser, url, with_math, loads)
            browser.close()
    finally:
        server.shutdown()
    if lighthouse_runs:
        bench_lighthouse(site, pages, lighthouse_runs, cpu_slowdown)


# In the headless Chromium that Lighthouse drives, a page's first frame is often shown only at
# 1.2 or 2.2 s although it was painted by about 0.3 s (viz's throttle of undrawn frames; upstream:
# GoogleChrome/lighthouse#17148), and Lighthouse then counts every task before that late paint into
# FCP and LCP: the same page scored about 95 in one run and 65 in the next while the scripts ran at
# the end of <body>. Started after the first paint (compat.start_after_first_paint), they run after
# the late paint too, and a stalled run loses a few points at most. What the stall depends on, as
# measured on copies of /ch3/, is in the README (the paragraph on this stall), not repeated here.
# A run whose first paint comes this long after the load event counts as stalled: unstalled, the
# site's pages paint at 0.2-0.45 s, before the load event (0.5-0.9 s); stalled runs paint
# 0.38-1.6 s after it (a one-paragraph page paints within 20 ms of DOMContentLoaded).
STALL_MS = 250


def lighthouse_once(url: str, chrome: str, cpu_slowdown: float | None = None) -> dict:
    """One Lighthouse run (performance only, default mobile profile) of `url`: its figures.
    `cpu_slowdown` replaces the profile's 4x (not the standard audit then)."""
    slowdown = (
        [] if cpu_slowdown is None else [f"--throttling.cpuSlowdownMultiplier={cpu_slowdown}"]
    )
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--only-categories=performance",
            "--output=json",
            "--output-path=stdout",
            "--chrome-flags=--headless=new " + " ".join(CHROMIUM_ARGS),
            *slowdown,
        ],
        env={**os.environ, "CHROME_PATH": chrome},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if result.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    audits = report["audits"]
    observed = audits["metrics"]["details"]["items"][0]
    return {
        "stalled": observed["observedFirstPaint"] - observed["observedLoad"] > STALL_MS,
        "score": report["categories"]["performance"]["score"] * 100,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "fcp": audits["first-contentful-paint"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "dom": audits["dom-size"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "cpu_index": report["environment"]["benchmarkIndex"],
    }


def calibrated_cpu_slowdown(benchmark_index: float) -> float:
    """The CPU slowdown that makes this host behave like the phone Lighthouse's mobile profile
    stands for, from its benchmarkIndex: the piecewise line of Lighthouse's CPU throttling
    calculator (docs/throttling.md links it; 1,533 -> 4x, 1,300 -> 3x, 800 -> 2x, 150 -> 1x).
    The profile always slows by 4x: on a host below ~1,500 every task, and so the blocking time,
    comes out longer than on that phone.

    >>> [round(calibrated_cpu_slowdown(i), 2) for i in (2000, 1533, 1300, 1184, 800, 150)]
    [6.0, 4.0, 3.0, 2.77, 2.0, 1.0]
    """
    for low, at_low, per_step in ((1300, 3, 233), (800, 2, 500), (150, 1, 650)):
        if benchmark_index >= low:
            return at_low + (benchmark_index - low) / per_step
    return 1.0


def bench_lighthouse(
    site: Path, pages: list[str], runs: int, cpu_slowdown: float | None = None
) -> None:
    """Lighthouse's performance audit of every page, the site served with gzip."""
    chrome = chromium_path()
    if not LIGHTHOUSE.exists() or chrome is None:
        print("\n(Lighthouse skipped: needs node_modules (npm ci) and Chromium.)")
        return
    port = free_port()
    server = gzip_server.serve(site, port)
    load_before = load_average()
    samples: dict[str, list[dict]] = {path: [] for path in pages}
    try:
        for _ in range(runs):
            for path in pages:
                url = f"http://127.0.0.1:{port}/{path}"
                samples[path].append(lighthouse_once(url, chrome, cpu_slowdown))
    finally:
        server.shutdown()
    rows = []
    for path, results in samples.items():

        def median(key, results=results):
            return statistics.median(r[key] for r in results)

        score = median("score")
        unstalled = [r["score"] for r in results if not r["stalled"]]
        rows.append(
            [
                "/" + path,
                f"**{score:.0f}**",
                " ".join(f"{r['score']:.0f}" + "*" * r["stalled"] for r in results),
                f"{len(results) - len(unstalled)}",
                f"{statistics.median(unstalled):.0f}" if unstalled else "-",
                f"{median('tbt'):.0f}",
                f"{median('lcp') / 1000:.2f}",
                f"{median('fcp') / 1000:.2f}",
                f"{median('cls'):.3f}",
                f"{median('dom'):.0f}",
                f"{median('bytes') / 1024:.0f}",
                "ok" if score >= LIGHTHOUSE_TARGET else "LOW",
            ]
        )
    indexes = [r["cpu_index"] for results in samples.values() for r in results]
    cpu_index = statistics.median(indexes)
    profile = (
        "mobile profile"
        if cpu_slowdown is None
        else f"mobile profile but CPU x{cpu_slowdown:g}, NOT the standard audit"
    )
    table(
        f"Lighthouse performance, {profile}, gzip-served (median of {runs} runs)",
        [
            "page",
            "score",
            "runs",
            "stalled",
            "score of the others",
            "TBT (ms)",
            "LCP (s)",
            "FCP (s)",
            "CLS",
            "DOM elements",
            "KiB transferred",
            f">= {LIGHTHOUSE_TARGET}",
        ],
        rows,
        f"Lighthouse 12.2.3, simulated throttling (slow 4G, CPU x{cpu_slowdown or 4:g}) on "
        "headless Chromium. "
        f"Load average (1/5/15 min) before: {load_before}, after: {load_average()} on "
        f"{os.cpu_count()} cores: on a busy machine the measured tasks, and so TBT, come out "
        "longer than on a quiet one. Host CPU (Lighthouse's benchmarkIndex, median of the runs): "
        f"{cpu_index:.0f}, from {min(indexes):.0f} to {max(indexes):.0f}; the profile's 4x "
        "slowdown stands for a phone on a host of about 1,533, and Lighthouse's calculator gives "
        f"{calibrated_cpu_slowdown(cpu_index):.1f}x for this one (`--lighthouse-cpu-slowdown`). "
        f"Stalled (*): the first paint came more than {STALL_MS} ms after the load event, held "
        "back by the lab browser (STALL_MS in bench/bench_site.py); the score is the median of "
        "all runs all the same.",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--builds", type=int, default=3, help="cold+warm build pairs (default 3)")
    parser.add_argument(
        "--edits", type=int, default=3, help="repeats of each edit in mkdocs serve (default 3)"
    )
    parser.add_argument(
        "--loads",
        type=int,
        default=7,
        help="fresh page loads per page for the typeset time (default 7)",
    )
    parser.add_argument(
        "--lighthouse-runs",
        type=int,
        default=3,
        help="Lighthouse runs per page (default 3; 0 skips Lighthouse)",
    )
    parser.add_argument(
        "--lighthouse-cpu-slowdown",
        type=float,
        help="replace the mobile profile's CPU x4, e.g. by the slowdown calibrated for this host "
        "that the Lighthouse table prints (then not the standard audit)",
    )
    parser.add_argument("--only", choices=["builds", "serve", "browser"], help="run one part")
    args = parser.parse_args()
    print(
        f"\n## Site benchmarks\n\nLoad average at start: {load_average()} ({os.cpu_count()} cores)."
    )
    with tempfile.TemporaryDirectory(prefix="bench-site-") as folder:
        copy = copy_project(Path(folder))
        if args.only in (None, "builds"):
            bench_builds(copy, environment(copy, "http://127.0.0.1:8000/"), args.builds)
        if args.only in (None, "serve"):
            bench_serve(copy, args.edits)
            # --dirty rebuilds only the edited page: what a prose edit can cost at best.
            bench_serve(copy, args.edits, ("--dirty",))
        if args.only in (None, "browser"):
            shutil.copytree(
                ROOT / "docs", copy / "docs", dirs_exist_ok=True
            )  # undo the benchmark's edits
            shutil.copytree(ROOT / "src", copy / "src", dirs_exist_ok=True)
            bench_browser(copy, args.loads, args.lighthouse_runs, args.lighthouse_cpu_slowdown)


if __name__ == "__main__":
    main()
