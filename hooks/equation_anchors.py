r"""Give every numbered display equation a static, citable anchor.

`\tag{4.2}` in a display becomes `id="eq-4-2"` on the display's element, at build time, on
Markdown and notebook pages alike (notebook Markdown goes through the same extensions).
MathJax's own label ids exist only after typesetting, so they can be neither cited nor checked.
"""

import logging
import re

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

log = logging.getLogger("mkdocs.hooks.equation_anchors")
TAG = re.compile(r"\\tag\*?\{([^{}]+)\}")


def anchor_id(tag: str) -> str:
    """`4.2` -> `eq-4-2`, `A.1` -> `eq-a-1`."""
    return "eq-" + re.sub(r"[^0-9a-z]+", "-", tag.strip().lower()).strip("-")


class EquationAnchors(Treeprocessor):
    def run(self, root):
        seen = set()
        for el in root.iter("div"):
            if "arithmatex" not in el.get("class", "").split():
                continue
            tags = TAG.findall(el.text or "")
            if not tags:
                continue
            if len(tags) > 1:
                log.warning("one display carries several tags %s; give each its own display", tags)
            anchor = anchor_id(tags[0])
            if anchor in seen:
                log.warning("equation (%s) is numbered twice on one page", tags[0])
            seen.add(anchor)
            el.set("id", anchor)
            el.set("data-eq-number", tags[0])
            classes = el.get("class", "").split()
            el.set("class", " ".join([*classes, "numbered-equation"]))


class EquationAnchorsExtension(Extension):
    def extendMarkdown(self, md):
        # Before MkDocs collects the page's anchors (priority 5) so links to them validate.
        md.treeprocessors.register(EquationAnchors(md), "equation_anchors", 10)


def on_config(config):
    config.markdown_extensions.append(EquationAnchorsExtension())
    return config
