"""Tests for the readers stage: every input is written here into tmp_path; nothing touches the network."""

from __future__ import annotations

import io
import json
import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.errors import InputError
from eventwire.models import Article, article_id
from eventwire.readers import detect_format, parse_date, read_inputs
from eventwire.readers.feeds import html_to_text
from eventwire.readers.meta import credit_line, dateline_agencies, guess_title

BODY = (
    "NATO Secretary General Mark Rutte arrived in Kyiv on Thursday, his first trip abroad since he took "
    "office this week. He told reporters that the alliance would support Ukraine for as long as it takes, "
    "and that the best way to reach a lasting peace was to make sure that the country could defend itself."
)
BODY2 = (
    "Rutte met President Volodymyr Zelenskyy and discussed air defence and the supply of ammunition. "
    "Zelenskyy said he was grateful for the visit and hoped that the allies would agree on further steps "
    "at their next meeting in Brussels."
)
GERMAN = (
    "Der neue NATO-Generalsekretär Mark Rutte ist zu seinem ersten Besuch seit seinem Amtsantritt in die "
    "Ukraine gereist. In Kiew sagte er, das Bündnis werde das Land so lange unterstützen wie nötig. Er traf "
    "sich mit Präsident Wolodymyr Selenskyj, um über die Luftverteidigung und die Lieferung von Munition zu "
    "sprechen."
)
SIDECAR = {
    "id": "dw-2024-10-03-rutte-kyiv",
    "title": "NATO chief Mark Rutte visits Kyiv",
    "published": "2024-10-03",
    "outlet": "DW",
    "language": "en",
    "byline": "rc/sms",
    "agencies": ["dpa", "AP"],
    "note": "ignored",
}
PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>NATO chief visits Kyiv | Example News</title>
<link rel="canonical" href="https://news.example.com/rutte-kyiv">
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Doe">
{date_meta}
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>NATO chief visits Kyiv</h1><p>{body}</p><p>{body2}</p></article>
<footer>Copyright Example News</footer>
</body></html>
"""
PUBLISHED_META = '<meta property="article:published_time" content="2024-10-03T10:15:00+02:00">'


def page(date_meta: str = PUBLISHED_META) -> str:
    return PAGE.format(date_meta=date_meta, body=BODY, body2=BODY2)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def read(*paths: Path | str, **options: object) -> list[Article | InputError]:
    return list(read_inputs([str(path) for path in paths], **options))  # type: ignore[arg-type]


def articles(results: list[Article | InputError]) -> list[Article]:
    assert all(isinstance(result, Article) for result in results), results
    return results  # type: ignore[return-value]


def only_error(results: list[Article | InputError]) -> InputError:
    assert len(results) == 1 and isinstance(results[0], InputError), results
    return results[0]


# --- plain text -----------------------------------------------------------------------------------


def test_text_with_sidecar(tmp_path: Path) -> None:
    text = f"NATO chief Mark Rutte visits Kyiv\n\n{BODY}\n\n{BODY2}\n"
    path = write(tmp_path / "article.txt", text)
    write(tmp_path / "article.json", json.dumps(SIDECAR))

    [article] = articles(read(path))

    assert article.text == text
    assert article.id == "dw-2024-10-03-rutte-kyiv"
    assert article.title == "NATO chief Mark Rutte visits Kyiv"
    assert article.published == date(2024, 10, 3)
    assert (article.outlet, article.byline, article.agencies) == ("DW", "rc/sms", ["dpa", "AP"])
    assert article.language == "en"
    assert article.source == str(path)


def test_text_without_sidecar_guesses_title_and_credit_line(tmp_path: Path) -> None:
    text = f"NATO chief Mark Rutte visits Kyiv\n\n{BODY}\n\n{BODY2}\n\nrc/sms (dpa, AP)\n"
    path = write(tmp_path / "article.txt", text)

    [article] = articles(read(path))

    assert article.text == text
    assert article.title == "NATO chief Mark Rutte visits Kyiv"
    assert article.byline == "rc/sms"
    assert article.agencies == ["dpa", "AP"]
    assert article.id == article_id(text)
    assert article.published is None and article.url is None


def test_text_title_not_guessed_from_a_sentence(tmp_path: Path) -> None:
    [article] = articles(read(write(tmp_path / "a.txt", f"{BODY}\n\n{BODY2}\n")))
    assert article.title is None
    assert article.agencies == []


def test_dateline_gives_agency(tmp_path: Path) -> None:
    text = f"Rutte in Kyiv\n\nKYIV, Oct 3 (Reuters) - {BODY}\n"
    [article] = articles(read(write(tmp_path / "a.txt", text)))
    assert article.agencies == ["Reuters"]
    assert article.byline is None


@pytest.mark.parametrize(
    ("text", "byline", "agencies"),
    [
        ("Body.\n\nrc/sms (dpa, AP)\n\n", "rc/sms", ["dpa", "AP"]),
        ("Body.\n(Reuters)", None, ["Reuters"]),
        ("Body.\n\n(AFP)", None, ["AFP"]),
        ("Body.\nJane Doe (AP)", "Jane Doe", ["AP"]),
        ("Body.\nThe talks will go on (officials said)", None, []),
        ("Body.\nHe met the minister (in Kyiv).", None, []),
    ],
)
def test_credit_line(text: str, byline: str | None, agencies: list[str]) -> None:
    assert credit_line(text) == (byline, agencies)


def test_dateline_variants() -> None:
    assert dateline_agencies("WASHINGTON (AP) — The president said") == ["AP"]
    assert dateline_agencies("Headline\nKYIV, Ukraine (AFP) -- Body") == ["AFP"]
    assert dateline_agencies("The president (a former actor) - said") == []


def test_guess_title() -> None:
    assert guess_title("\n\n  Rutte visits Kyiv  \nBody.") == "Rutte visits Kyiv"
    assert guess_title("A sentence, not a headline.\nBody.") is None
    assert guess_title("x" * 201 + "\nBody") is None


def test_offsets_index_the_text_exactly(tmp_path: Path) -> None:
    original = f"  Rutte in Kyiv  \r\n\r\n\t{BODY}   \r\n\r\n{BODY2}\r\n\r\n\r\n"
    path = write(tmp_path / "a.txt", b"\xef\xbb\xbf" + original.encode())

    [article] = articles(read(path))

    assert article.text == original.replace("\r\n", "\n")  # BOM dropped, CRLF -> LF, nothing else
    start = article.text.index("Mark Rutte")
    assert article.text[start : start + len("Mark Rutte")] == "Mark Rutte"


def test_cp1252_fallback(tmp_path: Path) -> None:
    text = f"{BODY} \u201cWe stand by Ukraine,\u201d he said \u2013 again."
    [article] = articles(read(write(tmp_path / "a.txt", text.encode("cp1252"))))
    assert article.text == text


def test_stable_id(tmp_path: Path) -> None:
    first = write(tmp_path / "one.txt", BODY)
    second = write(tmp_path / "two.txt", BODY + "\n")
    lines = [
        {"text": BODY},
        {"text": BODY, "url": "https://a.example/1"},
        {"text": BODY, "url": "https://b.example/1"},
    ]
    jsonl = write(tmp_path / "c.jsonl", "\n".join(json.dumps(line) for line in lines))

    ids = [article.id for article in articles(read(first, second, first, jsonl))]

    assert ids[0] == ids[1] == ids[2] == ids[3] == article_id(BODY)
    assert len({ids[3], ids[4], ids[5]}) == 3


# --- HTML -----------------------------------------------------------------------------------------


def test_html(tmp_path: Path) -> None:
    [article] = articles(read(write(tmp_path / "page.html", page())))

    assert article.title == "NATO chief visits Kyiv"
    assert article.url == "https://news.example.com/rutte-kyiv"
    assert article.outlet == "Example News"
    assert article.byline == "Jane Doe"
    assert article.published == datetime(2024, 10, 3, 8, 15, tzinfo=UTC)
    assert f"{BODY}\n\n{BODY2}" in article.text
    assert "Home" not in article.text and "Copyright" not in article.text


def test_html_date_only_and_language(tmp_path: Path) -> None:
    date_only = '<meta property="article:published_time" content="2024-10-03">'
    [article] = articles(read(write(tmp_path / "page.htm", page(date_only))))
    assert article.published == date(2024, 10, 3)

    german = PAGE.format(date_meta="", body=BODY, body2=BODY2).replace('lang="en"', 'lang="de"')
    error = only_error(read(write(tmp_path / "de.html", german)))
    assert error.reason == "language 'de' is not supported"


# --- JSON Lines and stdin -------------------------------------------------------------------------


def test_jsonl_with_a_malformed_line(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "text": BODY,
                "id": "a1",
                "title": "Rutte in Kyiv",
                "published": "2024-10-03T10:00:00Z",
                "agencies": ["Reuters"],
                "url": "https://x.example/1",
                "outlet": "Wire",
            }
        ),
        "",
        '{"text": "broken", ',
        json.dumps({"title": "no text"}),
        json.dumps({"text": BODY2, "published": "Thu, 03 Oct 2024 10:00:00 +0200"}),
        json.dumps(["not", "an", "object"]),
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")

    results = read(path)

    first, bad_json, no_text, last, not_object = results
    assert isinstance(first, Article) and isinstance(last, Article)
    assert first.id == "a1" and first.source == f"{path}:1" and first.agencies == ["Reuters"]
    assert first.published == datetime(2024, 10, 3, 10, tzinfo=UTC)
    assert last.published == datetime(2024, 10, 3, 8, tzinfo=UTC)
    assert last.source == f"{path}:5" and last.text == BODY2
    assert isinstance(bad_json, InputError) and bad_json.item == f"{path}:3"
    assert bad_json.reason.startswith("invalid JSON: ")
    assert isinstance(no_text, InputError) and (no_text.item, no_text.reason) == (
        f"{path}:4",
        "missing 'text'",
    )
    assert isinstance(not_object, InputError) and "expected a JSON object" in not_object.reason


def test_stdin() -> None:
    stream = io.StringIO(json.dumps({"text": BODY}) + "\n\n" + json.dumps({"text": BODY2, "id": "x"}) + "\n")
    first, second = articles(list(read_inputs(["-"], stdin=stream)))
    assert (first.text, first.source) == (BODY, "<stdin>:1")
    assert (second.id, second.source) == ("x", "<stdin>:3")


def test_json_file(tmp_path: Path) -> None:
    path = write(tmp_path / "batch.json", json.dumps([{"text": BODY}, {"text": BODY2}]))
    assert [a.source for a in articles(read(path))] == [f"{path}#1", f"{path}#2"]


# --- feeds ----------------------------------------------------------------------------------------

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example Wire</title><link>https://wire.example</link><language>en-us</language>
<item>
  <title>Rutte visits Kyiv</title><link>https://wire.example/rutte</link>
  <pubDate>Thu, 03 Oct 2024 10:00:00 GMT</pubDate><author>desk@wire.example (Jane Doe)</author>
  <description>Short summary.</description>
  <content:encoded><![CDATA[<p>{BODY}</p><p>{BODY2}<br/></p><script>alert(1)</script>]]></content:encoded>
</item>
<item>
  <title>Second item</title><link>https://wire.example/two</link>
  <pubDate>not a date</pubDate>
  <description>&lt;p&gt;{BODY2}&lt;/p&gt;</description>
</item>
</channel></rss>
"""
ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom News</title><id>urn:example:feed</id><updated>2024-10-03T12:00:00Z</updated>
  <entry>
    <title>Rutte visits Kyiv</title><id>urn:example:1</id>
    <link rel="alternate" href="https://atom.example/rutte"/>
    <updated>2024-10-03T12:00:00+02:00</updated>
    <author><name>John Roe</name></author>
    <content type="html">&lt;p&gt;{BODY}&lt;/p&gt;&lt;p&gt;{BODY2}&lt;/p&gt;</content>
  </entry>
</feed>
"""


def test_rss(tmp_path: Path) -> None:
    path = write(tmp_path / "wire.rss", RSS)

    first, second = articles(read(path))

    assert first.text == f"{BODY}\n\n{BODY2}"
    assert (first.title, first.url, first.outlet, first.byline) == (
        "Rutte visits Kyiv",
        "https://wire.example/rutte",
        "Example Wire",
        "Jane Doe",
    )
    assert first.published == datetime(2024, 10, 3, 10, tzinfo=UTC)
    assert first.source == f"{path}#1" and second.source == f"{path}#2"
    assert second.text == BODY2 and second.published is None


def test_atom_sniffed_from_xml(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.xml", ATOM)
    assert detect_format(str(path)) == "feed"

    [article] = articles(read(path))

    assert article.text == f"{BODY}\n\n{BODY2}"
    assert (article.outlet, article.byline, article.url) == (
        "Atom News",
        "John Roe",
        "https://atom.example/rutte",
    )
    assert article.published == datetime(2024, 10, 3, 10, tzinfo=UTC)


def test_xml_that_is_no_feed(tmp_path: Path) -> None:
    error = only_error(read(write(tmp_path / "data.xml", "<?xml version='1.0'?><records/>")))
    assert error.reason == "unsupported XML: not an RSS or Atom feed"


def test_html_to_text() -> None:
    markup = "<div>One <b>bold</b>\n word<!-- note --> here<ul><li>a</li><li>b</li></ul>tail</div>"
    assert html_to_text(markup) == "One bold word here\n\na\n\nb\n\ntail"


# --- WARC -----------------------------------------------------------------------------------------


def write_warc(path: Path, pages: list[tuple[str, str, str, int, str]]) -> list[int]:
    """(uri, content type, body, status, warc date) per response; returns each record's offset."""
    offsets = []
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=path.suffix == ".gz")
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for uri, content_type, body, status, warc_date in pages:
            http = StatusAndHeaders(f"{status} OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(body.encode()),
                http_headers=http,
                warc_headers_dict={"WARC-Date": warc_date},
            )
            offsets.append(handle.tell())
            writer.write_record(record)
            request = writer.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            writer.write_record(request)
    return offsets


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    offsets = write_warc(
        path,
        [
            ("https://a.example/dated", "text/html; charset=utf-8", page(), 200, "2024-11-01T00:00:00Z"),
            ("https://a.example/missing", "text/html", page(), 404, "2024-11-01T00:00:00Z"),
            ("https://a.example/logo.png", "image/png", "PNG", 200, "2024-11-01T00:00:00Z"),
            ("https://a.example/undated", "text/html", page(""), 200, "2024-11-02T09:30:00Z"),
        ],
    )

    dated, undated = articles(read(path))

    assert dated.url == "https://a.example/dated"  # WARC-Target-URI wins over the canonical link
    assert dated.published == datetime(2024, 10, 3, 8, 15, tzinfo=UTC)  # the page's own date first
    assert undated.published == datetime(2024, 11, 2, 9, 30, tzinfo=UTC)  # else WARC-Date
    assert dated.source == f"{path}@{offsets[0]}" and undated.source == f"{path}@{offsets[3]}"
    assert BODY in dated.text


def test_corrupt_warc_yields_what_was_readable(tmp_path: Path) -> None:
    path = tmp_path / "broken.warc"
    write_warc(path, [("https://a.example/1", "text/html", page(), 200, "2024-11-01T00:00:00Z")])
    good_size = path.stat().st_size
    with open(path, "ab") as handle:
        handle.write(b"THIS IS NOT A WARC RECORD\r\nX: y\r\n\r\n")

    article, error = read(path)

    assert isinstance(article, Article)
    assert isinstance(error, InputError) and error.item == str(path)
    assert error.reason.startswith(f"corrupt WARC at offset {good_size}:")


# --- paths ----------------------------------------------------------------------------------------


def test_directory_is_walked_in_sorted_order(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", BODY)
    write(tmp_path / "a.txt", BODY2)
    write(tmp_path / "a.json", json.dumps(SIDECAR))  # sidecar of a.txt, not an input of its own
    write(tmp_path / ".hidden.txt", BODY)
    write(tmp_path / ".git" / "x.txt", BODY)
    write(tmp_path / "sub" / "c.jsonl", json.dumps({"text": BODY}) + "\n")

    results = articles(read(tmp_path))

    assert [a.source for a in results] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
        f"{tmp_path / 'sub' / 'c.jsonl'}:1",
    ]
    assert results[0].id == SIDECAR["id"]


def test_globs(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BODY)
    write(tmp_path / "a.json", json.dumps(SIDECAR))
    write(tmp_path / "notes.md", BODY2)
    write(tmp_path / "sub" / "deep" / "b.txt", BODY2)

    assert [a.source for a in articles(read(tmp_path / "*.txt"))] == [str(tmp_path / "a.txt")]
    assert [a.source for a in articles(read(tmp_path / "?.*"))] == [str(tmp_path / "a.txt")]
    assert [a.source for a in articles(read(tmp_path / "**" / "*.txt"))] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "sub" / "deep" / "b.txt"),
    ]
    assert len(articles(read(tmp_path / "**"))) == 3  # a.txt, b.txt and notes.md (unknown = text)


# --- bad inputs -----------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    error = only_error(read(tmp_path / "nope.txt"))
    assert (error.item, error.reason) == (str(tmp_path / "nope.txt"), "no such file or directory")
    assert "matches nothing" in only_error(read(tmp_path / "*.nothing")).reason


def test_unreadable_directory_in_glob(tmp_path: Path) -> None:
    (tmp_path / "x.txt").mkdir()
    error = only_error(read(tmp_path / "*.txt"))
    assert error.item == str(tmp_path / "x.txt")
    assert error.reason.startswith("cannot read: ") and "Is a directory" in error.reason


def test_unreadable_broken_symlink(tmp_path: Path) -> None:
    os.symlink(tmp_path / "gone.txt", tmp_path / "link.txt")
    error = only_error(read(tmp_path / "link.txt"))
    assert error.reason.startswith("cannot read: ") and "No such file" in error.reason


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  "])
def test_empty(tmp_path: Path, content: bytes) -> None:
    assert only_error(read(write(tmp_path / "e.txt", content))).reason == "empty text"


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04\x00\x00binary\x00zip", bytes([0x01, 0x02, 0x1B, 0x7F, 0x41]) * 50, b"ab\x81\x8d\x90"],
)
def test_binary(tmp_path: Path, content: bytes) -> None:
    assert only_error(read(write(tmp_path / "b.txt", content))).reason == "binary content, not text"


def test_oversized(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "word " * 40)
    assert only_error(read(path, max_bytes=100)).reason == "too large: 200 bytes (limit 100)"
    lines = write(
        tmp_path / "big.jsonl", json.dumps({"text": "x " * 100}) + "\n" + json.dumps({"text": "ok"})
    )
    error, small = read(lines, max_bytes=100)
    assert (
        isinstance(error, InputError)
        and error.item == f"{lines}:1"
        and error.reason.startswith("too large: ")
    )
    assert isinstance(small, Article) and small.text == "ok"


def test_malformed_sidecar(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", BODY)
    write(tmp_path / "a.json", "{not json")
    error = only_error(read(path))
    assert error.item == str(path) and error.reason.startswith("invalid JSON in sidecar a.json: ")


def test_malformed_field(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", json.dumps({"text": BODY, "agencies": 5}))
    assert only_error(read(path)).reason == "invalid field 'agencies': expected a list of strings"


def test_non_english(tmp_path: Path) -> None:
    error = only_error(read(write(tmp_path / "de.txt", GERMAN)))
    assert error.reason.startswith("not English (English function-word share 0.")
    share = float(error.reason.removeprefix("not English (English function-word share ").rstrip(")"))
    assert share < 0.15


def test_non_english_metadata(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", BODY)
    write(tmp_path / "a.json", json.dumps({"language": "de"}))
    assert only_error(read(path)).reason == "language 'de' is not supported"


def test_short_text_skips_language_check(tmp_path: Path) -> None:
    [article] = articles(read(write(tmp_path / "short.txt", "Kiew: Rutte trifft Selenskyj")))
    assert article.title == "Kiew: Rutte trifft Selenskyj"


def test_errors_do_not_stop_the_run(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", BODY)
    results = read(tmp_path / "missing.txt", write(tmp_path / "empty.txt", ""), good)
    assert [type(result) for result in results] == [InputError, InputError, Article]


# --- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-10-03", date(2024, 10, 3)),
        ("2024-10-03T10:15:00", datetime(2024, 10, 3, 10, 15, tzinfo=UTC)),
        ("2024-10-03T10:15:00Z", datetime(2024, 10, 3, 10, 15, tzinfo=UTC)),
        ("2024-10-03 10:15:00+02:00", datetime(2024, 10, 3, 8, 15, tzinfo=UTC)),
        ("Thu, 03 Oct 2024 10:15:00 GMT", datetime(2024, 10, 3, 10, 15, tzinfo=UTC)),
        ("October 3, 2024", date(2024, 10, 3)),
        ("Oct 3, 2024 10:15", datetime(2024, 10, 3, 10, 15, tzinfo=UTC)),
        ("yesterday", None),
        ("2024-13-45", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value: str | None, expected: date | None) -> None:
    parsed = parse_date(value)
    assert parsed == expected
    if isinstance(parsed, datetime):
        assert parsed.tzinfo is not None


def test_unparseable_date_is_not_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", json.dumps({"text": BODY, "published": "sometime last week"}))
    [article] = articles(read(path))
    assert article.published is None


def test_broken_feed(tmp_path: Path) -> None:
    error = only_error(read(write(tmp_path / "wire.rss", "this is not a feed at all")))
    assert error.reason.startswith(("invalid feed: ", "not an RSS or Atom feed"))


def test_directory_named_like_a_file_is_unreadable_even_when_small_limit(tmp_path: Path) -> None:
    (tmp_path / "x.txt").mkdir()
    error = only_error(read(tmp_path / "x.txt*", max_bytes=10))
    assert "Is a directory" in error.reason


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("page", "<!-- saved -->\n<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("feed.dat", "\ufeff<?xml version='1.0'?>\n<rss version='2.0'><channel/></rss>", "feed"),
        ("rdf.xml", "<?xml version='1.0'?><rdf:RDF xmlns:rdf='x'></rdf:RDF>", "feed"),
        ("crawl.bin", "WARC/1.0\r\n", "warc"),
        ("notes.md", "# Notes <html> inside", "text"),
        ("article.txt", "<html><body>kept as text</body></html>", "text"),
    ],
)
def test_detect_format(tmp_path: Path, name: str, content: str, expected: str) -> None:
    assert detect_format(str(write(tmp_path / name, content))) == expected
