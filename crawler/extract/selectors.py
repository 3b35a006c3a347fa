"""CSS selectors over the page tree: compiled to XPath once per process, and skipped outright when
the page lacks the class, id or attribute value they need (``PageIndex``): most family and generic
selectors miss, and a set lookup is far cheaper than running an XPath over the whole tree."""

from __future__ import annotations

import re
from contextvars import ContextVar
from functools import lru_cache

import lxml.etree
from cssselect import HTMLTranslator

from crawler.extract.dom import HtmlElement
from crawler.extract.parse import PageText

_CLASSES = lxml.etree.XPath("//@class", smart_strings=False, regexp=False)
_IDS = lxml.etree.XPath("//@id", smart_strings=False, regexp=False)
_TRANSLATOR = HTMLTranslator()


class PageIndex:
    """Class tokens, ids and source of the page being extracted. A selector whose class, id or
    attribute value does not occur on the page cannot match, and a set lookup is ~100x cheaper
    than running its XPath over the whole tree (most family/generic selectors miss)."""

    def __init__(self, root: HtmlElement, page: PageText) -> None:
        classes = " ".join(_CLASSES(root))
        ids = _IDS(root)
        self.tokens = set(classes.split())
        self.ids = set(ids)
        self.joined = classes + " " + " ".join(ids)
        self.page = page
        self._root = root
        self._memo: dict[tuple[str, str], bool] = {}
        self._values: dict[str, str | None] = {}

    @property
    def raw(self) -> bytes:
        """The page as UTF-8 bytes (the fetched bytes themselves when they were UTF-8)."""
        return self.page.raw

    def may_match(self, needles: tuple[tuple[str, str], ...]) -> bool:
        memo = self._memo  # ~60 selectors a page ask: answered from the memo, no call per needle
        for needle in needles:
            known = memo.get(needle)
            if not (self._has(needle) if known is None else known):
                return False
        return True

    def _has(self, needle: tuple[str, str]) -> bool:
        known = self._memo.get(needle)
        if known is None:
            kind, value = needle
            if kind == ".":
                known = value in self.tokens
            elif kind == "#":
                known = value in self.ids
            elif kind == "~":
                known = value in self.joined
            elif kind[0] == "@":  # a value of attribute kind[1:] ([rel=tag], a[href*='/tag/'])
                values = self._attribute_values(kind[1:])
                known = value.encode("utf-8") in self.raw if values is None else value in values
            else:  # searched in the UTF-8 bytes: half the size of the str, and memchr-fast
                known = value.encode("utf-8") in self.raw
            self._memo[needle] = known
        return known

    def _attribute_values(self, name: str) -> str | None:
        """Every value of one attribute on the page, newline-joined (None: not a usable name).

        One XPath over the tree (~50-100 µs) answers all the values asked of that attribute; a
        scan of the page source costs as much for each value it misses (``/tags/``, ``/tu-khoa/``
        ... are 6 scans of the page for ``href``), and only sees values as they are written."""
        if name not in self._values:
            try:
                found = _values_of(name)(self._root)
            except lxml.etree.Error:
                found = None
            self._values[name] = None if found is None else "\n".join(found)
        return self._values[name]


# Set per call by ``extract_article`` (a ContextVar: concurrent extractions never share it).
INDEX: ContextVar[PageIndex | None] = ContextVar("extract_index", default=None)
_NEEDLE_RE = re.compile(
    r"(?P<kind>[.#])(?P<name>[\w-]+)|\[(?P<attr>[\w-]+)(?P<op>[*^$|~]?)=['\"]?(?P<value>[^'\"\]]+)['\"]?\]"
)


def _needles(css: str) -> tuple[tuple[str, str], ...]:
    out = []
    for m in _NEEDLE_RE.finditer(css):
        if m["kind"]:
            out.append((m["kind"], m["name"]))
        elif m["attr"] in ("class", "id"):
            out.append(("~", m["value"]))
        else:  # the value among that attribute's values, then the attribute name in the source:
            # an absent attribute's (empty) values cost less to ask for than a scan of the source
            out.extend((("@" + m["attr"], m["value"]), ("=", m["attr"] + "=")))
    return tuple(out)


@lru_cache(maxsize=256)
def _values_of(name: str) -> lxml.etree.XPath:
    return lxml.etree.XPath(f"//@{name}", smart_strings=False, regexp=False)


# One step of cssselect's output that tests one attribute of any element: ``*[@rel = 'tag']``,
# ``*[@class and contains(@class, 'tags')]``, ``*[@class and contains(...) and contains(concat(' ',
# normalize-space(@class), ' '), ' x ')]`` (a class), ``*[@id and starts-with(@id, 'ads')]``.
_LITERAL = r"'[^']*'"
_ANY_STEP = re.compile(r"(descendant-or-self|descendant)::\*\[((?:[^'\[\]]|" + _LITERAL + r")*)\](?=/|$)")
_ATTR_EQUALS = re.compile(r"@([\w-]+) = (" + _LITERAL + r")")
_ATTR_AND = re.compile(r"@([\w-]+) and (.+)")
# What the rest of such a condition may hold (literals and the attribute replaced by LIT/ATTR):
# string functions of the one attribute, joined by "and"; no "or", no other node, no context
# (nor a function called without arguments: ``string-length()`` is the context node's).
_ATTR_ONLY = re.compile(
    r"(?:\s|ATTR|LIT|and|contains|starts-with|concat|normalize-space|substring|string-length|[(),=+0-9-])*"
)


def _attribute_first(xpath: str) -> str:
    """The XPath with every ``axis::*[test of @a]`` step written ``axis::*/@a[test of .]/parent::*``.

    Same nodes, in the same (document) order: an attribute has exactly one parent element. But
    libxml2 evaluates a predicate on every element (~200 ns each: a node set for ``@a`` per
    element), and a predicate on the attributes named ``a`` only for the few that exist, so
    ``[rel=tag]`` over a whole page drops from ~140 to ~45 µs. Steps with an element name
    (``div.x``) stay as they are: the name test already skips most elements, and is cheaper."""

    def step(m: re.Match[str]) -> str:
        axis, cond = m.groups()
        eq = _ATTR_EQUALS.fullmatch(cond)
        if eq:
            return f"{axis}::*/@{eq[1]}[. = {eq[2]}]/parent::*"
        both = _ATTR_AND.fullmatch(cond)
        if both:
            attr, rest = both.groups()
            ref = re.compile("@" + re.escape(attr) + r"(?![\w-])")
            shape = ref.sub("ATTR", re.sub(_LITERAL, "LIT", rest))
            if _ATTR_ONLY.fullmatch(shape) and "()" not in shape.replace(" ", ""):  # () reads the node
                parts = re.split("(" + _LITERAL + ")", rest)  # odd items: literals, kept as they are
                test = "".join(p if i % 2 else ref.sub(".", p) for i, p in enumerate(parts))
                return f"{axis}::*/@{attr}[{test}]/parent::*"
        return m.group()

    return _ANY_STEP.sub(step, xpath)


# cssselect's test of one class (``.x``, ``[class~=x]``): a token of the normalised value.
_TOKEN_TEST = re.compile(r"contains\(concat\(' ', normalize-space\((@[\w-]+|\.)\), ' '\), ' ([^' ]+) '\)")


def _substring_first(xpath: str) -> str:
    """The XPath with every token test ``contains(concat(' ', normalize-space(@a), ' '), ' x ')``
    preceded by ``contains(@a, 'x') and``: the same answer (a token of the normalised value is a
    substring of the value), but libxml2 builds three strings per element for the token test and
    none for the plain substring test, which fails on almost every element first (``.x`` over a
    page: ~40% less time)."""
    return _TOKEN_TEST.sub(lambda m: f"(contains({m[1]}, '{m[2]}') and {m[0]})", xpath)


@lru_cache(maxsize=1024)
def _compiled(css: str) -> tuple[lxml.etree.XPath | None, tuple[tuple[str, str], ...]]:
    try:
        plain = _TRANSLATOR.css_to_xpath(css)
    except Exception:  # a broken override selector must not break extraction
        return None, _needles(css)
    for expression in (_substring_first(_attribute_first(plain)), plain):  # plain if the fast one fails
        try:
            return lxml.etree.XPath(expression, regexp=False), _needles(css)
        except Exception:
            continue
    return None, _needles(css)


def select(node: HtmlElement, css: str) -> list[HtmlElement]:
    xpath, needles = _compiled(css)
    if xpath is None:
        return []
    index = INDEX.get()
    if index is not None and needles and not index.may_match(needles):
        return []
    try:
        return [e for e in xpath(node) if isinstance(e.tag, str)]
    except Exception:
        return []
