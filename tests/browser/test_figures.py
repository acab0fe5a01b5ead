"""The interactive figures (docs/javascripts/figures/), driven the way readers drive them.

Figures are found in the built pages: each `<figure data-explorable>` carries probes, states
with the values the package computed for them when the page was built (its notebook cell). For
every probe the test sets the state with the keyboard or with the pointer, then compares each
value the figure shows (its `<output>`s: the exact value and the text) with the package's.
"""

import json
import math
import re
from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
SMALL_PHONE = {"width": 320, "height": 640}
THUMB = 16  # Chromium's range thumb, px: the track's ends are half a thumb in


@dataclass
class Figure:
    path: str
    anchor: str
    name: str
    probes: list[dict]


@pytest.fixture(scope="module")
def figures(site_pages, site_dir) -> list[Figure]:
    found = []
    for path in site_pages:
        soup = BeautifulSoup((site_dir / path / "index.html").read_text(encoding="utf-8"), "lxml")
        for figure in soup.select("figure[data-explorable]"):
            probes = json.loads(figure["data-probes"])
            found.append(Figure(path, figure["id"], figure["data-explorable"], probes))
    return found


def test_the_site_has_interactive_figures(figures):
    assert len({f.name for f in figures}) >= 5, [f.name for f in figures]
    assert all(len(f.probes) >= 3 for f in figures)


# --- Driving --------------------------------------------------------------------------------


def slide(page, slider, target: float, how: str) -> None:
    # The slider found by its name once (a locator looks it up again at every call, which was
    # most of the time of reading its value between key presses), its range in one call.
    element = slider.element_handle()
    low, high, step = element.evaluate("(e) => [e.min, e.max, e.step].map(Number)")

    def value() -> float:
        return float(element.input_value())

    if how == "keyboard":
        # As a reader would: Page Up/Down for the long way (a tenth of the range in Chromium),
        # then the arrows one step at a time.
        element.focus()
        big = max((high - low) / 10, step)
        now = value()
        for _ in range(4):  # the last round only checks
            steps = round((target - now) / step)
            if steps == 0:
                return
            pages = int(abs(target - now) // big)
            for _ in range(pages):
                page.keyboard.press("PageUp" if steps > 0 else "PageDown")
            if pages:
                now = value()
                steps = round((target - now) / step)
            for _ in range(abs(steps)):
                page.keyboard.press("ArrowRight" if steps > 0 else "ArrowLeft")
            now = value()
    else:
        # Drag the thumb: a press on the thumb itself does not move it, so clicks alone may stall.
        # The mouse reaches only what is on the screen.
        box = element.evaluate(
            """(e) => { e.scrollIntoView({ block: 'center' });
                        const r = e.getBoundingClientRect();
                        return { x: r.x, y: r.y, width: r.width, height: r.height }; }"""
        )
        px_per_unit = (box["width"] - THUMB) / (high - low)

        def x_of(v: float) -> float:
            return box["x"] + THUMB / 2 + (v - low) * px_per_unit

        y = box["y"] + box["height"] / 2
        aim = target
        now = value()
        for _ in range(12):
            if abs(now - target) < step / 2:
                return
            page.mouse.move(x_of(now), y)
            page.mouse.down()
            page.mouse.move(x_of(aim), y, steps=4)
            page.mouse.up()
            now = value()
            aim += (target - now) * 0.7
    raise AssertionError(f"could not set {slider} to {target} by {how}: it shows {value()}")


def choose(page, figure, legend: str, option: str, how: str) -> None:
    group = figure.locator("fieldset").filter(has=page.locator("legend", has_text=legend))
    target = group.get_by_label(option, exact=True)
    if how == "pointer":
        group.locator("label").filter(has_text=re.compile(f"^{re.escape(option)}$")).click()
    else:
        group.locator("input:checked").focus()
        for _ in range(group.locator("input").count()):
            if target.is_checked():
                break
            page.keyboard.press("ArrowRight")
    assert target.is_checked(), f"{legend}: {option} not chosen by {how}"


def act(page, figure, action: list, how: str) -> None:
    """One step of a probe: [button text], [radio group legend, option], [slider name, value]."""
    if len(action) == 1:
        button = figure.get_by_role("button", name=action[0], exact=True)
        if how == "pointer":
            button.click()
        else:
            button.focus()
            page.keyboard.press("Enter")
    elif isinstance(action[1], str):
        choose(page, figure, action[0], action[1], how)
    else:
        slide(page, figure.get_by_role("slider", name=action[0], exact=True), action[1], how)


SHOWN_JS = """(figure) => Object.fromEntries([...figure.querySelectorAll("output[data-key]")]
  .map((o) => [o.dataset.key, [o.dataset.value, o.textContent]]))"""

SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def read_shown(text: str) -> tuple[float, float]:
    """A number as a figure writes it (−1.234, ∞, 1.73 × 10⁻¹⁵) and half its last digit."""
    text = text.replace("\u2212", "-").strip()
    if text.lstrip("-") == "∞":
        return (-math.inf if text.startswith("-") else math.inf), 0.0
    mantissa, _, power = text.partition(" × 10")
    scale = 10.0 ** int(power.translate(SUPERSCRIPT)) if power else 1.0
    decimals = len(mantissa.partition(".")[2])
    return float(mantissa) * scale, 0.5 * 10.0**-decimals * scale


def compare(probe: dict, shown: dict) -> list[str]:
    problems = []
    compared = 0
    for key, want in probe.items():
        if key == "set" or (isinstance(want, str) and want not in ("inf", "-inf")):
            continue  # the actions, and words for the static table
        want = float(want)
        if key not in shown:
            problems.append(f"{key}: not shown")
            continue
        compared += 1
        exact, text = shown[key]
        got = float(exact)  # "Infinity" reads as inf
        if not (got == want or math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12)):
            problems.append(f"{key}: value {got!r}, the package {want!r}")
        value, half_digit = read_shown(text)
        if not (value == want or abs(value - want) <= half_digit * 1.0001 + 1e-12 * abs(want)):
            problems.append(f"{key}: shows {text!r}, the package {want!r}")
    return problems if compared else ["no value of the probe is shown"]


# The figure put back as the server sent it (the page is fetched once per load) and started by
# the page's own module, as a fresh load starts it (reloading a chapter for every probe was most
# of this file's time).
RESTART_JS = """async (figure) => {
  window.__sent ??= fetch(location.href).then(async (response) =>
    new DOMParser().parseFromString(await response.text(), "text/html"));
  const sent = (await window.__sent).getElementById(figure.id);
  figure.replaceWith(document.importNode(sent, true));
  const script = document.querySelector('script[type=module][src*="javascripts/figures/index.js"]');
  await (await import(script.src)).start();
}"""


def check_probes(watch, figure: Figure, how: str) -> list[str]:
    """Every probe of `figure`, on its page freshly loaded in the tab `watch` holds."""
    page = watch.page
    watch.load(figure.path)
    root = page.locator(f"#{figure.anchor}")
    problems = []
    for i, probe in enumerate(figure.probes):
        if i:
            # Every probe starts from the figure's first state.
            root.evaluate(RESTART_JS)
        page.wait_for_selector(f"#{figure.anchor}[data-started=live]")
        try:
            for action in probe["set"]:
                act(page, root, action, how)
        except AssertionError as error:
            problems.append(f"probe {i + 1}: {error}")
            continue
        shown = root.evaluate(SHOWN_JS)
        problems += [f"probe {i + 1} {probe['set']}: {p}" for p in compare(probe, shown)]
    problems += [f"console: {e}" for e in watch.console_errors]
    problems += [f"request elsewhere: {u}" for u in watch.foreign_requests]
    return [f"/{figure.path}#{figure.anchor} ({how}): {p}" for p in problems]


@pytest.mark.parametrize(
    "how, viewport, scheme",
    [
        ("keyboard", DESKTOP, "light"),
        ("keyboard", PHONE, "dark"),
        ("pointer", DESKTOP, "dark"),
        ("pointer", PHONE, "light"),
    ],
    ids=[
        "keyboard-desktop-light",
        "keyboard-phone-dark",
        "pointer-desktop-dark",
        "pointer-phone-light",
    ],
)
def test_figures_show_the_packages_values(open_page, figures, how, viewport, scheme):
    # One tab loads the figures' pages one after the other, as a reader goes from chapter to
    # chapter (a new browser context per figure cost a new renderer process each time).
    watch = open_page(None, viewport=viewport, color_scheme=scheme)
    problems = [p for f in figures for p in check_probes(watch, f, how)]
    assert not problems, "\n".join(problems)


# --- Reaching every control ------------------------------------------------------------------

TAB_STOPS_JS = """(figure) => {
  const controls = [...figure.querySelectorAll("input, button, select")];
  const groups = new Set();
  // A group of radio buttons is one tab stop.
  return controls.filter((c) => c.type !== "radio" || (!groups.has(c.name) && groups.add(c.name))).length;
}"""


JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
NAMES_JS = """(figure) => [...figure.querySelectorAll("input, button")].map((c) =>
  [c.type, (c.labels && c.labels[0] ? c.labels[0].textContent : c.textContent).trim(),
   c.closest("fieldset")?.querySelector("legend")?.textContent ?? ""])"""


# Each group of sliders: the left and right edges of its tracks, px.
TRACKS_JS = """(figure) => [...figure.querySelectorAll(".explorable-sliders")].map((group) =>
  [...group.querySelectorAll("input[type=range]")].map((input) => {
    const box = input.getBoundingClientRect();
    return [box.left, box.right];
  }))"""


# Each line plot's tick labels on either axis: the value written and where it is drawn.
TICKS_JS = """(figure) => [...figure.querySelectorAll("svg.explorable-plot:not(.explorable-bars)")].map((svg) => {
  const read = (selector, position) => [...svg.querySelectorAll(selector)].map((t) =>
    [Number(t.textContent.replace("\u2212", "-")), Number(t.getAttribute(position))]);
  return { name: svg.getAttribute("aria-label").slice(0, 30),
           x: read(":scope > text[text-anchor=middle]:not(.axis-label)", "x"),
           y: read(":scope > text[text-anchor=end]", "y") };
})"""


# Each plot's text as drawn, px: its font size times the plot's scale (an SVG scales with its box).
TEXT_PX_JS = """(figure) => [...figure.querySelectorAll("svg.explorable-plot")].map((svg) => {
  const text = svg.querySelector("text");
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [svg.getAttribute("aria-label").slice(0, 30), parseFloat(getComputedStyle(text).fontSize) * scale];
})"""
PLOT_TEXT_PX = (9, 18)  # about the size of the page's own small text, never twice the prose


def uneven_ticks(where: str, plots: list) -> list[str]:
    """Axes whose ticks are fewer than three, or not at equal steps of value and of distance."""
    problems = []
    for plot in plots:
        for axis in ("x", "y"):
            ticks = plot[axis]
            steps = [(b[0] - a[0], b[1] - a[1]) for a, b in pairwise(ticks)]
            if (
                len(ticks) < 3
                or any(math.isnan(v) for v, _ in ticks)
                or any(abs(v - steps[0][0]) > 1e-9 or abs(d - steps[0][1]) > 0.5 for v, d in steps)
            ):
                problems.append(f"{where} {plot['name']!r}: {axis} ticks {ticks}")
    return problems


def misaligned_tracks(where: str, groups: list) -> list[str]:
    """The slider groups whose tracks do not start and end together (within 1 px): a reader
    compares the values of a group by where their thumbs sit."""
    return [
        f"{where}: slider tracks of group {i + 1} at {[[round(x) for x in e] for e in edges]}"
        for i, edges in enumerate(groups)
        if max(e[0] for e in edges) - min(e[0] for e in edges) > 1
        or max(e[1] for e in edges) - min(e[1] for e in edges) > 1
    ]


@pytest.fixture(scope="module")
def controls(open_page_for_module, figures) -> dict[str, dict]:
    """One desktop load per figure: how many stops Tab makes in it, what its controls are named,
    whether moving a slider is announced, where its sliders' tracks are, its plots' ticks and
    the size their text is drawn at."""
    found = {}
    watch = open_page_for_module(None)  # one tab loads the figures' pages one after the other
    page = watch.page
    for figure in figures:
        watch.load(figure.path)
        root = page.locator(f"#{figure.anchor}")
        page.wait_for_selector(f"#{figure.anchor}[data-started=live]")
        facts = found[f"/{figure.path}#{figure.anchor}"] = {
            "tab_stops": root.evaluate(TAB_STOPS_JS)
        }
        root.locator("input, button").first.focus()
        visited = 1
        for _ in range(facts["tab_stops"] + 2):
            page.keyboard.press("Tab")
            if not root.evaluate("(f) => f.contains(document.activeElement)"):
                break
            visited += 1
        facts["tab_visits"] = visited
        facts["names"] = root.evaluate(NAMES_JS)
        facts["tracks"] = root.evaluate(TRACKS_JS)
        facts["ticks"] = root.evaluate(TICKS_JS)
        facts["text_px"] = root.evaluate(TEXT_PX_JS)
        slider = root.get_by_role("slider").first
        slider.focus()
        page.keyboard.press("ArrowRight")
        facts["valuetext"] = slider.get_attribute("aria-valuetext")
        summary = root.locator("[aria-live=polite]")
        first_value = root.locator("output[data-key]").first.text_content()
        page.wait_for_function(
            "([el, v]) => el.textContent.includes(v)", arg=[summary.element_handle(), first_value]
        )
    page.context.close()
    return found


def test_tab_reaches_every_control_of_every_figure(controls):
    problems = [
        f"{where}: Tab visits {facts['tab_visits']} of {facts['tab_stops']}"
        for where, facts in controls.items()
        if facts["tab_visits"] != facts["tab_stops"]
    ]
    assert not problems, "\n".join(problems)


def test_the_sliders_of_a_group_line_up(controls):
    groups = [g for facts in controls.values() for g in facts["tracks"]]
    assert sum(len(g) > 1 for g in groups) >= 3, "no group of sliders to compare"
    problems = [p for where, f in controls.items() for p in misaligned_tracks(where, f["tracks"])]
    assert not problems, "\n".join(problems)


def test_plot_axes_are_marked_at_even_steps(controls):
    assert sum(len(facts["ticks"]) for facts in controls.values()) >= 4, "no line plot found"
    problems = [p for where, f in controls.items() for p in uneven_ticks(where, f["ticks"])]
    assert not problems, "\n".join(problems)


def test_plot_text_is_drawn_near_the_size_of_the_page_text(controls):
    low, high = PLOT_TEXT_PX
    problems = [
        f"{where} {name!r}: {px:.1f} px"
        for where, facts in controls.items()
        for name, px in facts["text_px"]
        if not low <= px <= high
    ]
    assert not problems, "\n".join(problems)


def test_controls_are_named_in_japanese_and_values_are_announced(controls):
    """(The fixture waits for the live region to say the value shown after a slider moved.)"""
    problems = []
    for where, facts in controls.items():
        for kind, name, legend in facts["names"]:
            # A radio button's name is its option ("3"); the group's legend says what it chooses.
            if not JAPANESE.search(name if kind != "radio" else legend):
                problems.append(f"{where}: {kind} {name!r} ({legend!r})")
        if not facts["valuetext"]:
            problems.append(f"{where}: a slider's value has no text")
    assert not problems, "\n".join(problems)


# --- Instant navigation, no JavaScript, print ------------------------------------------------


CLICK_NAV_JS = """(path) => [...document.querySelectorAll("nav.md-nav--primary a.md-nav__link")]
  .find((a) => new URL(a.href).pathname === path && a.offsetParent !== null).click()"""


def navigate_to_figures(watch, path, figures, site_url, wait_for_arrival) -> list:
    """Instant navigation to `path` (no full reload), until each of its figures has started:
    those figures."""
    page = watch.page
    page.evaluate("document.body.removeAttribute('data-math-typeset')")
    page.evaluate(CLICK_NAV_JS, urlsplit(site_url).path + path)
    wait_for_arrival(page, site_url + path)
    watch.wait_for_math()
    assert watch.same_document(), f"/{path}: full reload"
    arrived = [f for f in figures if f.path == path]
    for figure in arrived:
        page.wait_for_selector(f"#{figure.anchor}[data-started=live]", timeout=10_000)
    return arrived


def test_figures_start_after_instant_navigation(open_page, figures, site_url, wait_for_arrival):
    """Material swaps the article without a reload: the figure module (run once per document)
    must start the figures of each page it brings in, and its stylesheet must follow."""
    pages = list(dict.fromkeys(f.path for f in figures))
    watch = open_page("")
    page = watch.page
    watch.wait_for_math()
    watch.arm_instant_navigation()
    for path in [*pages, "", pages[0]]:
        for figure in navigate_to_figures(watch, path, figures, site_url, wait_for_arrival):
            assert page.locator(f"#{figure.anchor} .explorable-static").is_hidden()
            assert page.evaluate(
                "() => [...document.styleSheets].some((s) => (s.href || '').endsWith('/figures.css'))"
            )
    # The last page came in twice: its figure works after the second visit too.
    last = next(f for f in figures if f.path == pages[0])
    act(page, page.locator(f"#{last.anchor}"), last.probes[-1]["set"][-1], "keyboard")
    assert watch.console_errors == []
    assert watch.foreign_requests == []


def test_figures_start_after_instant_navigation_from_a_page_with_figures(
    open_page, figures, site_url, wait_for_arrival
):
    """Loaded directly, a page runs the figure module before Material's bundle (which starts
    after the first paint): the module must still follow instant navigation."""
    first, then = list(dict.fromkeys(f.path for f in figures))[:2]
    watch = open_page(first)
    watch.wait_for_math()
    watch.arm_instant_navigation()
    assert navigate_to_figures(watch, then, figures, site_url, wait_for_arrival)
    assert watch.console_errors == []


def test_without_javascript_and_on_paper_the_table_of_values_shows(browser, served_site, figures):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for figure in figures:
        page.goto(served_site + figure.path)
        rows = page.locator(f"#{figure.anchor} .explorable-static tbody tr")
        assert rows.count() == len(figure.probes)
        assert rows.first.is_visible()
    context.close()
    context = browser.new_context()
    page = context.new_page()
    for figure in figures:
        page.goto(served_site + figure.path)
        page.wait_for_selector(f"#{figure.anchor}[data-started=live]")
        assert page.locator(f"#{figure.anchor} .explorable-static").is_hidden()
        page.emulate_media(media="print")
        assert page.locator(f"#{figure.anchor} .explorable-static tbody tr").first.is_visible()
        assert page.locator(f"#{figure.anchor} .explorable-live").is_hidden()
        page.emulate_media(media="screen")
    context.close()


# --- Accessibility, small screens, motion ----------------------------------------------------


# axe-core checks the started figures in light and dark with the rest of each page
# (test_reader.py's visit waits for them to start).


FIT_JS = """(figure) => {
  const edge = figure.getBoundingClientRect().right;
  const out = [...figure.querySelectorAll("*")].filter((e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > edge + 1 && !e.closest(".explorable-summary, .explorable-hint");
  });
  return { right: edge, innerWidth, pageWidth: document.scrollingElement.scrollWidth,
           out: out.slice(0, 5).map((e) => e.tagName + "." + e.getAttribute("class")) };
}"""


def test_figures_fit_a_320_px_screen(open_page, figures, screenshot_dir):
    problems = []
    watch = open_page(None, viewport=SMALL_PHONE, color_scheme="dark")
    page = watch.page
    for figure in figures:
        watch.load(figure.path)
        page.wait_for_selector(f"#{figure.anchor}[data-started=live]")
        root = page.locator(f"#{figure.anchor}")
        fit = root.evaluate(FIT_JS)
        if fit["right"] > fit["innerWidth"] or fit["out"] or fit["pageWidth"] > fit["innerWidth"]:
            problems.append(f"/{figure.path}#{figure.anchor}: {fit}")
        problems += misaligned_tracks(f"/{figure.path}#{figure.anchor}", root.evaluate(TRACKS_JS))
        if screenshot_dir is not None:
            root.screenshot(path=screenshot_dir / f"figure-{figure.anchor}-320-dark.png")
    assert not problems, "\n".join(problems)


def test_figures_do_not_animate_for_readers_who_ask_for_less_motion(browser, served_site, figures):
    durations = {}
    for motion in ("reduce", "no-preference"):
        context = browser.new_context(reduced_motion=motion)
        page = context.new_page()
        page.goto(served_site + figures[0].path)
        page.wait_for_selector(f"#{figures[0].anchor}[data-started=live]")
        durations[motion] = page.eval_on_selector_all(
            f"#{figures[0].anchor} *",
            "els => [...new Set(els.flatMap((e) => getComputedStyle(e).transitionDuration.split(', ')"
            ".concat(getComputedStyle(e).animationDuration.split(', '))))]",
        )
        context.close()
    assert durations["reduce"] == ["0s"], durations
    assert set(durations["no-preference"]) != {"0s"}, "the check above would pass on nothing"
