"""The reader's experience in headless Chromium, on every page of the built site.

Pages come from sitemap.xml, so a chapter added later is covered without editing this file.
Each page is visited once per setting (desktop light, desktop dark); the tests below check what
those visits saw (test_widths.py loads every page once more, at the widths of phones and
tablets). Screenshots go to $SCREENSHOT_DIR when it is set.
"""

import functools
import gzip
import json
import re
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from io import BytesIO
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules/axe-core/axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
PAGE_BUDGET = 400 * 1024  # bytes transferred per page, gzip -6 as a static host would serve them
ALREADY_COMPRESSED = (".woff", ".woff2", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".gz")
MIN_CONTRAST = 4.5  # WCAG AA for body text
TAG = re.compile(r"\\tag(\*?)\{([^{}]+)\}")

# Facts about the typeset page, gathered in the page.
FACTS_JS = """() => {
  const all = (selector, root = document) => [...root.querySelectorAll(selector)];
  const containers = all("mjx-container");
  const text = (el) => el.textContent.replace(/\\s+/g, " ").trim();
  return {
    scheme: document.body.getAttribute("data-md-color-scheme"),
    containers: containers.length,
    withoutAssistiveMml: containers.filter((c) => !c.querySelector("mjx-assistive-mml > math")).length,
    labels: containers.flatMap((c) => all("mjx-assistive-mml mlabeledtr > mtd:first-child", c).map(text)),
    mathErrors: all("mjx-merror, [data-mjx-error]").map(text),
    untypeset: all(".arithmatex").filter((e) => !e.querySelector("mjx-container")).map((e) => text(e).slice(0, 80)),
    typesetTwice: all(".arithmatex").filter((e) => all("mjx-container", e).length > 1).map((e) => e.id || text(e).slice(0, 40)),
    headings: all("article h1, article h2, article h3, article h4, article h5, article h6")
      .map((h) => [Number(h.tagName[1]), text(h)]),
    images: all("img").map((i) => ({ alt: i.getAttribute("alt"), src: i.getAttribute("src").slice(0, 60) })),
    plots: all(".jp-OutputArea-output svg").map((s) => ({ role: s.getAttribute("role"), name: s.getAttribute("aria-label") })),
    // A few computed styles of the notebook markup (null on a page without it): the notebook
    // stylesheet must come along when instant navigation brings a chapter in.
    notebookStyle: [[".jp-InputArea", ["display"]], [".jp-InputPrompt", ["display", "color"]],
                    [".jp-InputArea-editor", ["background-color", "border-top-width"]]].map(([selector, props]) => {
      const el = document.querySelector(selector);
      return el ? props.map((p) => getComputedStyle(el).getPropertyValue(p)).join(" ") : null;
    }),
  };
}"""

# WCAG contrast of text against the background it is drawn on (alpha layers blended).
CONTRAST_JS = """(groups) => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]*)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    return layers.reverse().reduce((bottom, top) => over(top, bottom), [255, 255, 255, 1]);
  };
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const result = {};
  for (const [group, selector] of Object.entries(groups)) {
    let worst = null;
    for (const el of document.querySelectorAll(selector)) {
      if (!el.textContent.trim() || !el.getClientRects().length) continue;
      const bg = background(el);
      const fg = over(parse(getComputedStyle(el).color), bg);
      const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      if (!worst || ratio < worst.ratio) worst = { ratio, color: getComputedStyle(el).color, background: "rgb(" + bg.slice(0, 3).map(Math.round).join(",") + ")", text: el.textContent.trim().slice(0, 40) };
    }
    result[group] = worst;
  }
  return result;
}"""
CONTRAST_GROUPS = {
    "prose": "article p",
    "equations": "article mjx-container",
    "code": ".jp-InputArea-editor pre, .jp-InputArea-editor pre span",
    "outputs": ".jp-OutputArea-output pre, .jp-OutputArea-output pre span",
}


@dataclass
class Visit:
    path: str
    console_errors: list[str]
    foreign_requests: list[str]
    facts: dict
    screenshot: Path | None  # taken only when SCREENSHOT_DIR is set
    axe: list[dict] = field(default_factory=list)
    transferred: dict[str, int] = field(default_factory=dict)
    fetched_twice: list[str] = field(default_factory=list)
    contrast: dict = field(default_factory=dict)
    plot_backgrounds: list[float] = field(default_factory=list)


def relative_luminance(rgb) -> float:
    def channel(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_black(rgb) -> float:
    return (relative_luminance(rgb) + 0.05) / 0.05


def plot_background_contrast(png: bytes) -> float:
    """Contrast of black (matplotlib's text colour) on the colour covering most of a plot."""
    from PIL import Image

    image = Image.open(BytesIO(png)).convert("RGB")
    _, colour = max(image.getcolors(maxcolors=image.width * image.height))
    return contrast_with_black(colour)


# axe-core's default rules, less those that can only find minor or moderate problems: the test
# fails on serious and critical ones. A rule that declares its impact reports that impact for
# every problem it finds (axe-core 4.x, `_finalizeRuleResult`), so leaving those rules out changes
# no outcome; they were about a sixth of axe's time here. A rule object without the field (a
# changed axe-core) fails the run instead of quietly running nothing or everything.
AXE_RUN_JS = """async () => {
  const impacts = axe._audit.rules.map((r) => [r.id, r.impact]);
  const unknown = impacts.filter(([, impact]) => !["minor", "moderate", "serious", "critical"].includes(impact));
  if (unknown.length) return { unknown: unknown.map(([id]) => id) };
  const off = impacts.filter(([, impact]) => impact === "minor" || impact === "moderate");
  const result = await axe.run(document, {
    resultTypes: ["violations"],
    rules: Object.fromEntries(off.map(([id]) => [id, { enabled: false }])),
  });
  return { violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                                                       nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) })) };
}"""


def run_axe(page) -> list[dict]:
    """axe-core's serious and critical findings on `page`. axe-core is already there: an init
    script of the visit tabs (`visit`), not 550 KB sent and compiled again at every visit."""
    assert page.evaluate("typeof axe === 'object'"), "axe-core is not on the page"
    found = page.evaluate(AXE_RUN_JS)
    assert "unknown" not in found, f"axe-core rules without a declared impact: {found['unknown']}"
    return [v for v in found["violations"] if v["impact"] in ("serious", "critical")]


@functools.cache  # several tests ask for each page's labels: each page is parsed once
def source_labels(site_dir: Path, path: str) -> Counter:
    """The equation labels the page's TeX asks for: `\\tag{4.1}` -> "(4.1)", `\\tag*{A}` -> "A"
    (the TeX of each equation is on its MathJax container, src/textbook_site/mathjax.py)."""
    html = (site_dir / path / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    labels = Counter()
    for container in soup.select(".arithmatex > mjx-container"):
        for star, tag in TAG.findall(container["data-tex"]):
            labels[tag.strip() if star else f"({tag.strip()})"] += 1
    return labels


@pytest.fixture(scope="module")
def visit(open_page_for_module, screenshot_dir, served_site):
    """`visit(path, setting)` -> what one fresh load of the page showed; each visit happens once."""
    seen: dict[tuple[str, str], Visit] = {}
    tabs = {}
    devtools = {}  # the light tab's DevTools session
    responses = []  # the light tab's, of its current page

    def tab(setting: str):
        """One tab per setting loads page after page (a new context per page cost a renderer
        process each). The light tab loads each page with the browser cache turned off
        (DevTools' "Disable cache"): what a page transfers is measured as with an empty cache."""
        if setting not in tabs:
            watch = tabs[setting] = open_page_for_module(
                None, viewport=DESKTOP, color_scheme=setting
            )
            # axe-core in every document the tab loads, before the page's own scripts (it only
            # defines `axe`); run by run_axe after the other checks.
            watch.page.context.add_init_script(path=AXE)
            if setting == "light":
                watch.page.on("response", lambda response: responses.append(response))
                devtools[setting] = watch.page.context.new_cdp_session(watch.page)
        return tabs[setting]

    def load(path: str, setting: str) -> Visit:
        if (path, setting) in seen:
            return seen[(path, setting)]
        watch = tab(setting)
        responses.clear()
        if setting == "light":
            # Before every load: set once, it held for the first page only (the others got
            # 304s from the server; test_each_page_transfers_at_most_400_kb checks).
            devtools[setting].send("Network.setCacheDisabled", {"cacheDisabled": True})
        watch.load(path)
        page = watch.page
        watch.wait_for_math()
        # The interactive figures are started (axe then checks their controls as readers get them).
        watch.wait_for_figures()
        # The plots' images are loaded (their colours are measured below).
        page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-OutputArea-output img')]"
            ".every((i) => i.complete && i.naturalWidth > 0)"
        )
        screenshot = None
        if screenshot_dir is not None:
            name = (path.strip("/").replace("/", "_") or "index") + f"-{setting}.png"
            screenshot = screenshot_dir / name
            page.screenshot(path=screenshot, full_page=True)
        result = Visit(
            path,
            watch.console_errors,
            watch.foreign_requests,
            page.evaluate(FACTS_JS),
            screenshot,
        )
        result.contrast = page.evaluate(CONTRAST_JS, CONTRAST_GROUPS)
        # matplotlib's plots (the interactive figures draw in the page's own colours).
        plots = page.locator(
            ".jp-OutputArea-output img, .jp-OutputArea-output svg:not(.explorable-plot)"
        )
        result.plot_backgrounds = [
            plot_background_contrast(plots.nth(i).screenshot()) for i in range(plots.count())
        ]
        result.axe = run_axe(page)
        # Only now wait for the network to be quiet (500 ms without a request) before reading
        # what was requested: the checks above take that long on most pages, so the wait is
        # mostly over by then (waiting before them cost every visit half a second).
        page.wait_for_load_state("networkidle")
        if setting == "light":
            # Chromium may ask twice for the favicon; what matters is scripts, styles and fonts.
            counts = Counter(r.url for r in responses if "/assets/images/" not in r.url)
            result.fetched_twice = [url for url, n in counts.items() if n > 1]
            for response in responses:
                url = response.url
                if urlsplit(url).scheme not in ("http", "https") or response.status >= 300:
                    continue
                body = response.body()
                compressed = url.lower().split("?")[0].endswith(ALREADY_COMPRESSED)
                result.transferred[url] = len(body) if compressed else len(gzip.compress(body, 6))
        seen[(path, setting)] = result
        return result

    return load


def check_every_page(site_pages, check, settings=("light",)) -> None:
    """Run `check(page_path, setting)` (it returns a list of problems) and report them all at once."""
    problems = {}
    for path in site_pages:
        for setting in settings:
            found = check(path, setting)
            if found:
                problems[f"/{path} ({setting})"] = found
    assert not problems, "\n".join(f"{where}: {what}" for where, what in problems.items())


# --- Offline and clean: nothing from elsewhere, no errors ---------------------------------------


def test_pages_request_nothing_but_the_local_server(visit, site_pages):
    check_every_page(site_pages, lambda p, s: visit(p, s).foreign_requests, ("light", "dark"))


def test_pages_log_no_console_error(visit, site_pages):
    check_every_page(site_pages, lambda p, s: visit(p, s).console_errors, ("light", "dark"))


# --- Math ---------------------------------------------------------------------------------------


def test_math_is_typeset_without_errors_and_only_once(visit, site_pages):
    def check(path, setting):
        facts = visit(path, setting).facts
        return [
            *(f"MathJax error: {e}" for e in facts["mathErrors"]),
            *(f"left as TeX: {t}" for t in facts["untypeset"]),
            *(f"typeset twice: {t}" for t in facts["typesetTwice"]),
        ]

    check_every_page(site_pages, check)


def test_every_tag_in_the_page_source_is_rendered_exactly_once(visit, site_pages, site_dir):
    def check(path, setting):
        expected = source_labels(site_dir, path)
        rendered = Counter(visit(path, setting).facts["labels"])
        return (
            []
            if rendered == expected
            else [f"source {dict(expected)} != rendered {dict(rendered)}"]
        )

    check_every_page(site_pages, check)


def test_the_site_has_numbered_equations_to_check(site_pages, site_dir):
    # Guards the test above against passing on nothing (e.g. if \\tag stopped reaching the HTML).
    assert sum(sum(source_labels(site_dir, p).values()) for p in site_pages) > 0


# --- Accessibility ------------------------------------------------------------------------------


def test_every_equation_carries_assistive_mathml(visit, site_pages):
    def check(path, setting):
        facts = visit(path, setting).facts
        return (
            [f"{facts['withoutAssistiveMml']} of {facts['containers']} without"]
            if facts["withoutAssistiveMml"]
            else []
        )

    check_every_page(site_pages, check)


PLACEHOLDER_ALT = "No description has been provided for this image"


def test_images_and_plots_have_text_alternatives(visit, site_pages):
    def check(path, setting):
        facts = visit(path, setting).facts
        problems = [
            f"img {i['src']}… alt={i['alt']!r}"
            for i in facts["images"]
            if not i["alt"] or i["alt"] == PLACEHOLDER_ALT
        ]
        problems += [
            f"inline plot without role=img and a name: {s}"
            for s in facts["plots"]
            if s["role"] != "img" or not s["name"]
        ]
        return problems

    check_every_page(site_pages, check)


def test_headings_start_at_h1_and_skip_no_level(visit, site_pages):
    def check(path, setting):
        levels = [level for level, _ in visit(path, setting).facts["headings"]]
        if not levels:
            return ["no heading"]
        problems = [] if levels[0] == 1 and levels.count(1) == 1 else [f"h1s: {levels}"]
        problems += [
            f"h{a} then h{b}: {visit(path, setting).facts['headings'][i + 1][1]}"
            for i, (a, b) in enumerate(pairwise(levels))
            if b > a + 1
        ]
        return problems

    check_every_page(site_pages, check)


def test_axe_finds_no_serious_or_critical_violation(visit, site_pages):
    """The whole page, the started interactive figures included, in light and dark."""
    check_every_page(site_pages, lambda p, s: visit(p, s).axe, ("light", "dark"))


# --- Phones (that no page scrolls sideways at 320 or 375 px is in test_widths.py) ------------


LONG_EQUATION = (
    r"\[ " + " + ".join(f"y_{{{k}}} \\log t_{{{k}}}" for k in range(1, 41)) + r" \tag{L.1} \]"
)


def typeset_like_the_site(tex: str) -> str:
    """`tex` (display) typeset by the renderer the build uses (src/textbook_site/mathjax.js)."""
    request = {"root": str(ROOT), "expressions": [{"tex": tex, "display": True}]}
    done = subprocess.run(
        ["node", str(ROOT / "src/textbook_site/mathjax.js")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)["html"][0]


def test_a_long_equation_scrolls_in_its_own_box_on_a_phone(open_page, site_pages, site_dir):
    """An equation far wider than a phone is added to a page with math: it scrolls, the page does not."""
    with_math = [
        p
        for p in site_pages
        if (site_dir / p / "index.html").read_text(encoding="utf-8").count('class="arithmatex')
    ]
    if not with_math:
        pytest.skip("no page has math yet")
    watch = open_page(with_math[0], viewport=PHONE)
    watch.wait_for_math()
    box = watch.page.evaluate(
        """(html) => {
             const div = document.createElement("div");
             div.className = "arithmatex";
             div.innerHTML = html;
             document.querySelector("article").append(div);
             div.scrollLeft = 200;
             const r = div.getBoundingClientRect();
             return { scrollWidth: div.scrollWidth, clientWidth: div.clientWidth, scrollLeft: div.scrollLeft,
                      right: r.right, innerWidth, pageWidth: document.scrollingElement.scrollWidth };
           }""",
        typeset_like_the_site(LONG_EQUATION.removeprefix(r"\[").removesuffix(r"\]")),
    )
    assert box["scrollWidth"] > 2 * box["clientWidth"], box  # it really is too wide for a phone
    assert box["scrollLeft"] > 0, box  # and it scrolls inside its own box
    assert box["right"] <= box["innerWidth"], box
    assert box["pageWidth"] <= box["innerWidth"], box


# Boxes of the opened answers that scroll sideways, and those of them a keyboard cannot reach.
ANSWER_BOXES_JS = """() => {
  const boxes = [...document.querySelectorAll(
    ".md-typeset div.arithmatex, .md-typeset pre > code, .jupyter-wrapper .highlight-ipynb, "
    + ".jupyter-wrapper .jp-OutputArea-output",
  )].filter((b) => b.closest("details[open]") && b.scrollWidth > b.clientWidth + 1);
  return { scrolling: boxes.length,
           unreachable: boxes.filter((b) => b.tabIndex < 0).map((b) => b.textContent.trim().slice(0, 40)) };
}"""


# A real mouse click where an element is drawn: the `index`-th match of `selector` (-1: the
# last) is scrolled into view (`block` as scrollIntoView takes it), and clicked near its start
# only if a click there reaches it (not hidden, not covered). One round trip instead of the many
# of a locator's click, which add up over the 164 table-of-contents links and 28 answers below.
CLICK_SPOT_JS = """([selector, index, block]) => {
  const all = document.querySelectorAll(selector);
  const element = all[index < 0 ? all.length + index : index];
  element.scrollIntoView({ block });
  const box = element.getBoundingClientRect();
  const x = box.left + Math.min(box.width / 2, 40), y = box.top + box.height / 2;
  const hit = document.elementFromPoint(x, y);
  return { x, y, reached: hit !== null && element.contains(hit) };
}"""


def click_where_drawn(page, selector: str, index: int, block: str = "nearest") -> bool:
    """Click the element there; False (and no click) where a click would not reach it."""
    spot = page.evaluate(CLICK_SPOT_JS, [selector, index, block])
    if spot["reached"]:
        page.mouse.click(spot["x"], spot["y"])
    return spot["reached"]


def test_a_box_that_scrolls_in_an_answer_takes_focus_once_the_answer_opens(open_page):
    """javascripts/scrollable-focus.js measures the boxes of a closed answer only when it opens
    (measuring them while hidden made Chromium lay out each hidden answer once per box)."""
    watch = open_page("exercises/", viewport={"width": 320, "height": 800})
    watch.wait_for_math()
    page = watch.page
    closed = page.locator("details:not([open])").count()
    assert closed > 0
    # Each answer opened by a click on its summary, from the last up.
    for left in reversed(range(closed)):
        assert click_where_drawn(page, "details:not([open]) > summary", -1, "center"), (
            f"answer {left + 1}'s summary is hidden or covered"
        )
    assert page.locator("details:not([open])").count() == 0
    boxes = page.evaluate(
        f"""async () => {{  // each answer's toggle event comes after its click: wait up to 5 s
             for (let i = 0; ; i++) {{
               const boxes = ({ANSWER_BOXES_JS})();
               if (!boxes.unreachable.length || i === 50) return boxes;
               await new Promise((resolve) => setTimeout(resolve, 100));
             }}
           }}"""
    )
    assert boxes["scrolling"] > 0, "no box in an answer scrolls at 320 px: nothing was checked"
    assert boxes["unreachable"] == [], boxes


# --- Dark mode ----------------------------------------------------------------------------------


def test_dark_mode_follows_the_system_setting(visit, site_pages):
    check_every_page(
        site_pages,
        lambda p, s: (
            [] if visit(p, s).facts["scheme"] == "slate" else [visit(p, s).facts["scheme"]]
        ),
        ("dark",),
    )


PALETTE_STATE_JS = """() => ({
  scheme: document.body.getAttribute("data-md-color-scheme"),
  shownToggles: [...document.querySelectorAll("[data-palette] label")].filter((l) => !l.hidden).length,
  colorScheme: document.querySelector("meta[name=color-scheme]").content,
})"""


def test_the_colour_toggle_switches_and_the_choice_follows_the_reader(open_page, site_pages):
    """overrides/partials/palette.html + docs/javascripts/palette.js: one toggle shown, a click or
    Enter switches, and the choice holds on a freshly loaded page and after instant navigation."""
    first, second = site_pages[0], site_pages[1]
    watch = open_page(first, color_scheme="light")
    watch.wait_for_math()
    page = watch.page

    def state():
        return page.evaluate(PALETTE_STATE_JS)

    assert state() == {"scheme": "default", "shownToggles": 1, "colorScheme": "light"}
    page.click("[data-palette] label:not([hidden])")
    assert state() == {"scheme": "slate", "shownToggles": 1, "colorScheme": "dark"}
    page.goto(page.url.split("#")[0].removesuffix(first) + second)  # a full load of another page
    watch.wait_for_math()
    assert state()["scheme"] == "slate"
    page.evaluate("document.body.removeAttribute('data-math-typeset')")
    page.locator("a.md-footer__link").first.click()  # instant navigation
    watch.wait_for_math()
    assert state()["scheme"] == "slate"
    page.focus("[data-palette] input:checked")
    page.keyboard.press("Enter")
    assert state() == {"scheme": "default", "shownToggles": 1, "colorScheme": "light"}
    assert watch.console_errors == []


def test_text_equations_code_and_outputs_have_contrast(visit, site_pages):
    def check(path, setting):
        contrast = visit(path, setting).contrast
        return [
            f"{group}: {worst}"
            for group, worst in contrast.items()
            if worst and worst["ratio"] < MIN_CONTRAST
        ]

    check_every_page(site_pages, check, ("light", "dark"))


def test_plots_are_drawn_on_a_light_background(visit, site_pages):
    """matplotlib draws black text; on a dark page a transparent figure would be unreadable."""

    def check(path, setting):
        return [
            f"plot {i + 1}: contrast {c:.1f}"
            for i, c in enumerate(visit(path, setting).plot_backgrounds)
            if c < MIN_CONTRAST
        ]

    check_every_page(site_pages, check, ("light", "dark"))


# --- Page weight --------------------------------------------------------------------------------


def test_each_page_transfers_at_most_400_kb(visit, site_pages):
    def check(path, setting):
        transferred = visit(path, setting).transferred
        total = sum(transferred.values())
        if not any("/assets/javascripts/bundle." in u for u in transferred):
            return ["Material's script is not among the transfers: a cache served it"]
        if total <= PAGE_BUDGET:
            return []
        largest = sorted(transferred.items(), key=lambda kv: -kv[1])[:5]
        return [
            f"{total / 1024:.0f} KB; largest: "
            + ", ".join(f"{urlsplit(u).path} {n / 1024:.0f} KB" for u, n in largest)
        ]

    check_every_page(site_pages, check)


def test_nothing_is_fetched_twice_and_no_mathjax_script_is_loaded(visit, site_pages):
    """Equations arrive typeset (src/textbook_site/mathjax.py): MathJax's stylesheet, no script or font."""

    def check(path, setting):
        seen = visit(path, setting)
        problems = [f"fetched twice: {u}" for u in seen.fetched_twice]
        problems += [
            f"MathJax file beyond its stylesheet: {u}"
            for u in seen.transferred
            if "/assets/mathjax/" in u and not u.endswith(".css")
        ]
        return problems

    check_every_page(site_pages, check)


def test_notebook_pages_share_one_stylesheet(visit, site_pages, site_dir):
    sheets = set()
    for path in site_pages:
        html = (site_dir / path / "index.html").read_text(encoding="utf-8")
        if "jupyter-wrapper" in html:
            sheets |= {
                u
                for u in visit(path, "light").transferred
                if "/notebook." in u and u.endswith(".css")
            }
            assert (
                "<style" not in html.split('<div class="jupyter-wrapper"')[0].split("<article")[-1]
            ), path
    assert len(sheets) <= 1, sheets


# --- Instant navigation -------------------------------------------------------------------------

TOC_LINKS = ".md-sidebar--secondary nav.md-nav--secondary a.md-nav__link"

# Where element `id` is once it has stopped moving: the same place for two frames in a row
# (about 33 ms; scrolling, smooth or not, moves it every frame), within two seconds. (Measured
# on 2026-12-04: every one of the 164 table-of-contents links had already brought its heading
# to rest when this started; three frames only made each check wait 17 ms longer.)
TOC_TARGET_JS = """async (id) => {
  const el = document.getElementById(id);
  if (!el) return null;
  const frame = () => new Promise((done) => requestAnimationFrame(done));
  let top = el.getBoundingClientRect().top, still = 0;
  for (let i = 0; i < 120 && still < 2; i++) {
    await frame();
    const now = el.getBoundingClientRect().top;
    still = now === top ? still + 1 : 0;
    top = now;
  }
  const header = document.querySelector(".md-header").getBoundingClientRect().bottom;
  return { top, header, height: innerHeight, still: still >= 2 };
}"""


def nav_links(page) -> list[tuple[str, str]]:
    """(text, path) of the visible links of the main navigation, in order."""
    links = page.eval_on_selector_all(
        "nav.md-nav--primary a.md-nav__link",
        "links => links.filter((a) => a.offsetParent !== null)"
        "  .map((a) => [a.textContent.replace(/\\s+/g, ' ').trim(), new URL(a.href).pathname])",
    )
    return [(text, path) for text, path in links if "#" not in path]


def test_instant_navigation_through_every_page(
    open_page, visit, site_pages, site_dir, site_url, wait_for_arrival
):
    """Click through the main navigation: pages switch without a reload, math is typeset once on
    each, notebook styling follows, and every table-of-contents link brings its heading into view."""
    base = urlsplit(site_url).path
    watch = open_page("")
    page = watch.page
    watch.wait_for_math()
    watch.arm_instant_navigation()
    links = [(text, path[len(base) :]) for text, path in nav_links(page)]
    assert {path for _, path in links} >= set(site_pages) - {""}, "main navigation misses pages"
    problems = []
    notebook_pages = 0
    for text, path in [*links[1:], links[0]]:
        page.evaluate("document.body.removeAttribute('data-math-typeset')")
        page.locator("nav.md-nav--primary a.md-nav__link:visible", has_text=text).first.click()
        wait_for_arrival(page, site_url + path)
        watch.wait_for_math()
        where = f"/{path} (via '{text}')"
        if not watch.same_document():
            problems.append(f"{where}: full reload instead of instant navigation")
        facts = page.evaluate(FACTS_JS)
        problems += [
            f"{where}: {kind} {facts[kind]}"
            for kind in ("mathErrors", "untypeset", "typesetTwice")
            if facts[kind]
        ]
        if Counter(facts["labels"]) != source_labels(site_dir, path):
            problems.append(
                f"{where}: equation labels {facts['labels']} != source {dict(source_labels(site_dir, path))}"
            )
        if facts["notebookStyle"] != visit(path, "light").facts["notebookStyle"]:
            problems.append(f"{where}: notebook styles differ from a fresh load")
        notebook_pages += any(facts["notebookStyle"])
        toc = page.eval_on_selector_all(
            TOC_LINKS,
            "links => links.map((a) => new URL(a.href).hash.slice(1))",
        )
        for i, anchor in enumerate(toc):
            if not click_where_drawn(page, TOC_LINKS, i):
                problems.append(f"{where}: TOC link #{anchor} is hidden or covered")
                continue
            spot = page.evaluate(TOC_TARGET_JS, anchor)
            # (Not the URL hash: navigation.tracking rewrites it to the heading nearest the top.)
            if (
                spot is None
                or not spot["still"]
                or not (spot["header"] - 2 <= spot["top"] < spot["height"])
            ):
                problems.append(f"{where}: TOC link #{anchor} left its heading at {spot}")
    assert watch.console_errors == []
    assert watch.foreign_requests == []
    assert not problems, "\n".join(problems)
    assert notebook_pages >= 5, "the notebook styles were compared on too few pages"


# --- Japanese search ----------------------------------------------------------------------------

# The page that defines each term, by URL (the first that is built counts; written before the
# chapters were merged, so a term whose chapter is not built yet is skipped, not passed).
DEFINED_ON = {
    "交差エントロピー": ["ch4/", "ch5/"],
    "対数尤度": ["ch3/"],
    "尤度関数": ["ch3/"],
    "最尤推定": ["supplement-a/"],
    "ソフトマックス": ["ch6/"],
    "KLダイバージェンス": ["supplement-b/"],
}


@pytest.fixture(scope="module")
def search_results(open_page_for_module, site_url, screenshot_dir):
    """Each term typed into Material's search box: the result pages, in order."""
    watch = open_page_for_module("")
    page = watch.page
    watch.wait_for_math()
    results = {}
    box = page.locator("input.md-search__input")
    for term in DEFINED_ON:
        box.click()
        box.fill("")
        page.keyboard.type(term)
        page.keyboard.press("End")  # typing CJK sends no keyup, and Material searches on keyup
        meta = page.locator(".md-search-result__meta")
        page.wait_for_function(
            "() => /件見つかりました|何も見つかりませんでした/.test(document.querySelector('.md-search-result__meta').textContent)"
        )
        page.wait_for_timeout(200)  # results render in one go after the count
        hrefs = page.eval_on_selector_all(
            ".md-search-result__list > li.md-search-result__item > a.md-search-result__link:first-child",
            "links => links.map((a) => new URL(a.href).pathname)",
        )
        base = urlsplit(site_url).path
        results[term] = {"count": meta.text_content(), "pages": [h[len(base) :] for h in hrefs]}
        if term == "交差エントロピー" and screenshot_dir is not None:
            page.screenshot(path=screenshot_dir / "search-交差エントロピー.png")
    results["_errors"] = watch.console_errors + watch.foreign_requests
    page.keyboard.press("Escape")
    return results


@functools.cache  # asked for each page and each search term: each page is parsed once
def article_text(site_dir: Path, path: str) -> str:
    soup = BeautifulSoup((site_dir / path / "index.html").read_text(encoding="utf-8"), "lxml")
    article = soup.select_one("article")
    return article.get_text() if article else ""


@pytest.mark.parametrize("term", DEFINED_ON)
def test_search_lists_the_defining_page_among_the_first_three(term, search_results, site_pages):
    built = [p for p in DEFINED_ON[term] if p in site_pages]
    if not built:
        pytest.skip(
            f"the page defining {term} ({', '.join('/' + p for p in DEFINED_ON[term])}) is not built yet"
        )
    first_three = search_results[term]["pages"][:3]
    assert set(built) & set(first_three), (
        f"{term}: first results {first_three}, expected one of {built}"
    )
    assert search_results["_errors"] == []


@pytest.mark.parametrize("term", DEFINED_ON)
def test_search_finds_a_term_written_as_one_word(term, search_results, site_pages, site_dir):
    """Kanji followed by katakana (交差エントロピー) is one query, not two: pages using it are found."""
    using = [p for p in site_pages if term in article_text(site_dir, p)]
    if not using:
        pytest.skip(f"no built page uses {term} yet")
    found = search_results[term]["pages"]
    assert set(using) & set(found), (
        f"{term}: found {found} ({search_results[term]['count']}), used on {using}"
    )


@pytest.fixture(scope="module")
def numbered_page(site_pages, site_dir) -> str:
    """The first page with numbered equations."""
    with_math = [p for p in site_pages if source_labels(site_dir, p)]
    if not with_math:
        pytest.skip("no page has numbered equations yet")
    return with_math[0]


def test_equations_show_without_javascript(browser, served_site, numbered_page, site_dir):
    """The equations are in the HTML, typeset: a reader with JavaScript off (or a reader mode)
    sees every one of them, with its number, drawn at a real size."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + numbered_page)
    drawn = page.eval_on_selector_all(
        ".arithmatex",
        r"""(elements) => elements.filter((e) => !e.closest("details:not([open])")).map((e) => {
             const svg = e.querySelector("mjx-container > svg");
             const r = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
             const raw = [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && /\\[\[(]/.test(n.data));
             return { width: r.width, height: r.height, raw };
           })""",
    )
    labels = page.eval_on_selector_all(
        "mjx-assistive-mml mlabeledtr > mtd:first-child",
        "cells => cells.map((c) => c.textContent.trim())",
    )
    context.close()
    assert drawn and all(d["width"] > 0 and d["height"] > 0 for d in drawn), drawn
    assert not any(d["raw"] for d in drawn)
    assert Counter(labels) == source_labels(site_dir, numbered_page)


def test_a_saved_page_keeps_its_equations(open_page, browser, numbered_page, tmp_path, ink):
    """A reader who saves a chapter to read offline (the browser's single-file page, MHTML) keeps
    its equations: their glyphs are in the page itself. Written in a file beside the page, they
    made the HTML of /exercises/ 60 % smaller and the saved page's equations blank (README)."""
    first_display = "article mjx-container[display='true']:visible >> nth=0"

    def drawn(page) -> int:
        return int(ink(page.locator(first_display).screenshot()).sum())

    watch = open_page(numbered_page, viewport=DESKTOP)
    watch.wait_for_math()
    live = drawn(watch.page)
    snapshot = watch.page.context.new_cdp_session(watch.page).send(
        "Page.captureSnapshot", {"format": "mhtml"}
    )
    saved = tmp_path / "saved.mhtml"
    saved.write_text(snapshot["data"], encoding="utf-8")
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    page = context.new_page()
    page.goto(saved.as_uri())
    kept = drawn(page)
    context.close()
    # The same equation, drawn as much in the saved copy as on the site (a blank one has ~0).
    assert live > 0 and abs(kept - live) <= live * 0.1, (live, kept)
