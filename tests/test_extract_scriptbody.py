"""Bodies shipped only in a script string are read as a browser would show them."""

import lxml.html

from crawler.extract.scriptbody import inject_script_bodies


def _page(content: str, script: str) -> tuple[lxml.html.HtmlElement, str]:
    source = f'<html><body><h1>Tiêu đề</h1><div id="content">{content}</div><script>{script}</script></body></html>'
    return lxml.html.fromstring(source), source


def test_double_quoted_json_string_fills_the_empty_container() -> None:
    root, source = _page("", 'var outputData = "<p>Đoạn một.<\\/p><p>Đoạn \\"hai\\".</p>";')
    assert inject_script_bodies(root, source, ("outputData",))
    assert [p.text for p in root.findall(".//*[@id='content']/p")] == ["Đoạn một.", 'Đoạn "hai".']


def test_single_quoted_js_string() -> None:
    root, source = _page("", "outputData = '<p>Bà con\\'s <b>đồng</b> lúa</p>';")
    assert inject_script_bodies(root, source, ("outputData",))
    assert root.find(".//*[@id='content']/p").text_content() == "Bà con's đồng lúa"


def test_a_filled_container_is_left_alone() -> None:
    root, source = _page("<p>Nội dung có sẵn.</p>", 'var outputData = "<p>Khác</p>";')
    assert not inject_script_bodies(root, source, ("outputData",))
    assert root.find(".//*[@id='content']").text_content() == "Nội dung có sẵn."


def test_unknown_variable_or_garbage_does_nothing() -> None:
    root, source = _page("", 'var other = "<p>x</p>"; var outputData = "unterminated')
    assert not inject_script_bodies(root, source, ("outputData",))
