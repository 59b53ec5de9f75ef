"""Write the news-page test fixtures from sample 001 (a real TTTĐ report of Thông báo 452-TB/TU).

    python tests/data/pages/build_pages.py

``tin-tuc-452-tb-tu.html`` is the sample as a plain page: each line in a ``<p>`` inside ``<article>``,
its "Đọc thêm" and "Xem thêm" lists as they stand in the text.  ``nhieu-muc-lien-quan.html`` is the
shape Vietnamese news sites give the same report: a "Tin liên quan" box nested inside the article
body, a "Đọc thêm" list after it holding a "Xem thêm" block of its own, and further "Xem thêm" and
"Tin khác" lists in sequence.  The related items are the sample's own.
"""

from __future__ import annotations

import html
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent.parent.parent / "samples" / "001_2f250f62ae5a35ae.txt"


def _lines() -> list[str]:
    return [line.strip() for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]


def plain_page(lines: list[str]) -> str:
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(lines[1])}</title>' \
           f"</head>\n<body><article>\n{body}\n</article></body></html>\n"


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f'<li><a href="/tin/{n}.html">{html.escape(t)}</a></li>' for n, t in enumerate(items)) \
        + "</ul>"


def news_page(lines: list[str]) -> str:
    start = lines.index("Đọc thêm")
    title, article, related = lines[1], lines[4:start], [x for x in lines[start + 1 :] if x != "Xem thêm"]
    half = len(article) // 2
    paragraphs = [f"<p>{html.escape(x)}</p>" for x in article]
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta property="og:title" content="{html.escape(title)}"></head>
<body>
<div class="header"><a href="/">Tin tức Thủ đô</a></div>
<ul class="menu"><li><a href="/thoi-su">Thời sự</a></li><li><a href="/tin-tuc">Tin tức</a></li></ul>
<div class="main"><article class="detail">
<h1>{html.escape(title)}</h1>
<div class="date">{html.escape(lines[2])}</div>
<div class="detail-content">
{''.join(paragraphs[:half])}
<div class="box-news"><div class="box-title"><h3>Tin liên quan</h3></div>{_list(related[:2])}</div>
{''.join(paragraphs[half:])}
</div>
<div class="read-more"><h3>Đọc thêm</h3>{_list(related[2:5])}
<div class="more"><h4>Xem thêm</h4>{_list(related[5:7])}</div></div>
<div class="see-also"><h3>Xem thêm</h3>{_list(related[7:9])}</div>
<section><h3>Tin khác</h3>{_list(related[9:])}</section>
</article></div>
<div class="footer">Báo Tin tức Thủ đô</div>
</body></html>
"""


def main() -> None:
    lines = _lines()
    (HERE / "tin-tuc-452-tb-tu.html").write_text(plain_page(lines), encoding="utf-8")
    (HERE / "nhieu-muc-lien-quan.html").write_text(news_page(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
