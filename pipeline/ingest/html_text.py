"""Plain text of an HTML page, for pages in which trafilatura finds none.

trafilatura parses with lxml, which stops at 256 levels of nesting, so a page
of 2,000 nested divs comes back empty. This fallback reads the page with the
standard library's streaming parser, which keeps no tree and has no depth
limit, and keeps the text outside scripts, styles, forms and navigation. Like
trafilatura it never runs anything, and it never reads attributes (event
handlers, iframe sources).
"""

from __future__ import annotations

from html.parser import HTMLParser

# Elements whose text is never article text; nested ones are counted, so text resumes after the outermost.
SKIPPED = {"script", "style", "noscript", "template", "iframe", "object", "svg", "nav", "footer", "aside",
           "form", "button", "select", "textarea"}
# Elements that end a line of text.
BLOCKS = {"address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "h1", "h2",
          "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.body: list[str] = []
        self.title: list[str] = []
        self._skipped = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        self._in_title = tag == "title"
        if tag in SKIPPED:
            self._skipped += 1
        elif tag in BLOCKS:
            self.body.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:  # <br/>, <hr/>: a line break, never a skipped region
        if tag in BLOCKS:
            self.body.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False
        if tag in SKIPPED:
            self._skipped = max(0, self._skipped - 1)
        elif tag in BLOCKS:
            self.body.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skipped:
            self.body.append(data)


def plain_text(page: str) -> tuple[str | None, str]:
    """(title, text) of a page: the <title> and every text outside skipped elements, a line per block."""
    parser = _Text()
    parser.feed(page)
    parser.close()
    title = " ".join("".join(parser.title).split())
    return title or None, "".join(parser.body)
