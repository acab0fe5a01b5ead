"""One shared, cacheable stylesheet for all notebook pages, instead of ~590 KB inlined in each.

mkdocs-jupyter puts JupyterLab's whole stylesheet (with its Pygments and theme CSS) into every
notebook page as `<style>` blocks: ~590 KB of HTML per chapter that no browser can cache across
pages, and that must be parsed before the first paint. Instead:

- `take_styles` removes those `<style>` blocks from each notebook page (before the other content
  steps parse it: they then handle ~60 KB of HTML instead of ~650 KB) and notes the classes the
  page's notebook HTML uses;
- `trim` keeps only the rules whose selectors can match this site's notebook HTML (a static page
  never contains JupyterLab's file browser, command palette, dock panels or Blueprint widgets): a
  rule is kept when every class its selector requires occurs on some notebook page of the build,
  or is one of the md-* classes Material's JavaScript adds in the browser;
- the plugin writes the result once, as `assets/stylesheets/notebook.<hash>.css` (the hash
  changes with the content, so a static host may cache it for ever), linked from the `<head>` of
  notebook pages only (Material's instant navigation swaps `<head>` links page by page).
"""

import hashlib
import re

import tinycss2

STYLE = re.compile(r"<style[^>]*>(.*?)</style>\s*", re.DOTALL)
NOTEBOOK_START = '<div class="jupyter-wrapper"'
CLASS_ATTR = re.compile(r'\bclass="([^"]*)"')
CLASS_NAME = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
# Functional pseudo-classes whose argument does not have to match for the selector to match.
FUNCTIONAL = re.compile(r":(?:not|is|where|has|-webkit-any|-moz-any)\(", re.IGNORECASE)
# A document's root, <html> or <body> is never inside the notebook wrapper: JupyterLab's
# `.jupyter-wrapper :root {…}` (80 KB of variables) and `.jupyter-wrapper body {…}` match nothing.
INSIDE_ROOT = re.compile(r"[\s>+~](?::root\b|html\b|body\b)", re.IGNORECASE)

RUNTIME_PREFIX = "md-"


def split_top_level(text: str, separator: str = ",") -> list[str]:
    """Split a selector list at commas outside parentheses, brackets and strings."""
    parts, depth, quote, start = [], 0, None, 0
    for i, char in enumerate(text):
        if quote:
            if char == quote and text[i - 1] != "\\":
                quote = None
        elif char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def required_classes(selector: str) -> set[str] | None:
    """Classes an element chain must carry for `selector` to match; None when unsure.

    Arguments of :not()/:is()/… and attribute selectors (`[data-mime-type="….stderr"]`
    holds no class) are left out.
    """
    if "\\" in selector:
        return None  # escaped class names: keep the rule rather than misread it
    plain, nesting, i = [], [], 0
    while i < len(selector):
        match = FUNCTIONAL.match(selector, i) if not nesting else None
        if match:
            nesting, i = [")"], match.end()
            continue
        char = selector[i]
        if nesting:
            if char in "([":
                nesting.append(")" if char == "(" else "]")
            elif char == nesting[-1]:
                nesting.pop()
        elif char == "[":
            nesting = ["]"]
        else:
            plain.append(char)
        i += 1
    return set(CLASS_NAME.findall("".join(plain)))


def can_match(selector: str, used: set[str]) -> bool:
    if INSIDE_ROOT.search(selector):
        return False
    classes = required_classes(selector)
    # Material's JavaScript adds md-* classes in the browser (e.g. .md-typeset__scrollwrap around
    # every table), and mkdocs-jupyter styles some of them: those rules are kept.
    return classes is None or all(c in used or c.startswith(RUNTIME_PREFIX) for c in classes)


def trim(sources, used: set[str]) -> str:
    """The stylesheets `sources`, without the rules that can match nothing on the notebook pages.

    `used` holds every class that occurs in the pages' notebook HTML.
    """
    kept = []
    for css in sources:
        rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        kept.extend(_kept(rules, used))
    # Of identical rules only the last one counts in the cascade (JupyterLab's light theme
    # comes twice: in its stylesheet and again as the page theme).
    last = {rule: i for i, rule in enumerate(kept)}
    return "".join(rule for i, rule in enumerate(kept) if last[rule] == i)


def _kept(rules, used):
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = split_top_level(tinycss2.serialize(rule.prelude))
            kept = [s for s in selectors if can_match(s, used)]
            if kept:
                yield ",".join(kept) + "{" + tinycss2.serialize(rule.content).strip() + "}"
        elif rule.type == "at-rule":
            keyword = rule.lower_at_keyword
            if keyword == "charset":
                continue  # the file is written as UTF-8 and declares it once
            if keyword in ("media", "supports") and rule.content is not None:
                inner = tinycss2.parse_blocks_contents(
                    rule.content, skip_comments=True, skip_whitespace=True
                )
                body = "".join(_kept(inner, used))
                if body:
                    prelude = tinycss2.serialize(rule.prelude).strip()
                    yield f"@{rule.at_keyword} {prelude}{{{body}}}"
            else:  # keyframes, font-face: small and not selector-bound
                yield tinycss2.serialize([rule])


def take_styles(html: str) -> tuple[str, list[str], list[str]]:
    """(the page without its `<style>` blocks, their texts, the classes its notebook HTML uses)."""
    start = html.find(NOTEBOOK_START)
    head, body = (html[:start], html[start:]) if start >= 0 else ("", html)
    styles = [css.strip() for css in STYLE.findall(head)]
    classes = sorted({name for classes in CLASS_ATTR.findall(body) for name in classes.split()})
    return STYLE.sub("", head) + body, styles, classes


def stylesheet_uri(css: str) -> str:
    return f"assets/stylesheets/notebook.{hashlib.sha256(css.encode()).hexdigest()[:8]}.css"
