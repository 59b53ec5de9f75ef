"""Rebuild the crawl test site from the real documents it is made of (run once; the output is kept).

    python tests/data/site/build_site.py CORPUS_SEEDS_DIR EXTRACTION_HTML_DIR

Reads the five seed texts and two pages of the extraction benchmark, and writes the pages, feeds,
sitemaps and attachments beside this file (see ORIGIN.md).  PDF and DOC files are made by
LibreOffice (``soffice``) from the DOCX that python-docx writes; the scan is an image-only PDF.
Text files hold ``{BASE}`` where the test server puts its own address.
"""

from __future__ import annotations

import gzip
import html
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
TONES = "\u0300\u0301\u0303\u0309\u0323"

PORTAL_HEAD = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{title} - Cổng thông tin điện tử Quận ủy</title>
<meta property="og:title" content="{title}">
<link rel="stylesheet" href="/static/site.css"></head>
<body>
<div class="top-bar"><a href="/dang-nhap.html">Đăng nhập</a> | <a href="/lien-he.html">Liên hệ</a></div>
<div id="header"><a href="/"><img src="/static/logo.png" alt="Logo">CỔNG THÔNG TIN ĐIỆN TỬ QUẬN ỦY</a></div>
<ul class="main-menu">
 <li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu.html">Giới thiệu</a></li>
 <li><a href="/van-ban/">Văn bản chỉ đạo</a></li><li><a href="/tin-tuc/">Tin tức - Sự kiện</a></li>
 <li><a href="/private/noi-bo.html">Nội bộ</a></li>
</ul>
<div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/van-ban/">Văn bản chỉ đạo</a></div>
<div class="container"><div class="col-left">
<div class="detail-content">
<h1 class="title-detail">{title}</h1>
<div class="date-detail">Ngày đăng: {posted}</div>
"""

PORTAL_TAIL = """</div>
<div class="box-related"><h3>Tin liên quan</h3><ul>
 <li><a href="/van-ban/cong-van-529-cv-qu.html">Tăng cường công tác phòng chống dịch CoVid-19 trong tình hình mới</a></li>
 <li><a href="/van-ban/ket-luan-thuong-truc-thanh-uy-08-02-2021.html">Kết luận của Thường trực Thành ủy về công tác phòng, chống dịch</a></li>
</ul></div>
<div class="share-bar">Chia sẻ: <a href="https://www.facebook.com/sharer">Facebook</a> <a href="https://zalo.me/share">Zalo</a>
 <a href="javascript:window.print()">In trang</a></div>
</div>
<div class="col-right sidebar"><h3>Văn bản mới</h3><ul>
 <li><a href="/van-ban/ket-luan-ban-thuong-vu-tinh-uy.html">Kết luận của Ban Thường vụ Tỉnh ủy về phòng, chống dịch</a></li>
 <li><a href="/van-ban/thong-bao-ket-luan-02-10-2021.html">Thông báo kết luận ngày 02/10/2021</a></li>
</ul><h3>Liên kết website</h3><ul><li><a href="https://example.com/">Cổng thông tin Chính phủ</a></li></ul></div>
</div>
<div class="footer">Bản quyền thuộc Văn phòng Quận ủy. Địa chỉ: số 1 phố Phan Đình Phùng. Điện thoại: 024 0000 0000.
Ghi rõ nguồn khi phát hành lại thông tin từ website này.</div>
</body></html>
"""

NEWS_HEAD = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{title} | Báo điện tử Tin tức Thời đại</title>
<meta property="og:title" content="{title}">
<meta name="description" content="{lead}"></head>
<body>
<header class="site-header"><a class="logo" href="/">TIN TỨC THỜI ĐẠI</a>
<nav><a href="/tin-tuc/">Tin tức</a> <a href="/van-ban/">Chính trị</a> <a href="/en/">English</a></nav></header>
<main><div class="article">
<div class="cate">Tin tức <span class="time">{posted}</span></div>
<h1>{title}</h1>
<div class="sapo"><strong>{lead}</strong></div>
<div class="article-body">
"""

NEWS_TAIL = """</div>
<div class="article-tags">Tag: <a href="/tag/covid-19.html">Covid-19</a> <a href="/tag/ha-noi.html">Hà Nội</a></div>
<div class="box-news"><div class="box-title">Đọc thêm</div>
{more}
</div>
<div class="fb-comments">Bình luận (0)</div>
</div></main>
<footer><p>Cơ quan chủ quản: Liên đoàn Lao động Thành phố Hà Nội. Giấy phép số 000/GP-BTTTT.</p></footer>
</body></html>
"""


def paragraphs(text: str) -> list[str]:
    """Blank-line separated blocks; a block whose lines are all short list items stays one block."""
    text = text.replace("\r\n", "\n").strip("\n")
    return [b.strip("\n") for b in re.split(r"\n\s*\n", text) if b.strip()]


def block_html(block: str) -> str:
    esc = html.escape(block)
    esc = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", esc, flags=re.DOTALL)
    esc = re.sub(r"(?<!\*)\*([^*\n]+)\*(?!\*)", r"<em>\1</em>", esc)
    esc = esc.replace("**", "")
    return "<p>" + "<br>\n".join(line.strip() for line in esc.split("\n")) + "</p>"


def body_html(text: str, one_line_paragraphs: bool = False) -> str:
    blocks = [line for line in text.split("\n") if line.strip()] if one_line_paragraphs else paragraphs(text)
    return "\n".join(block_html(b) for b in blocks)


def portal_page(title: str, posted: str, body: str, extra: str = "") -> str:
    return PORTAL_HEAD.format(title=html.escape(title), posted=posted) + body + extra + PORTAL_TAIL


def news_page(title: str, posted: str, lead: str, body: str, more: list[tuple[str, str, str]]) -> str:
    items = "\n".join(f'<div class="item"><a href="{u}">{html.escape(t)}</a><p>{html.escape(s)}</p></div>'
                      for u, t, s in more)
    return NEWS_HEAD.format(title=html.escape(title), posted=posted, lead=html.escape(lead)) + body + \
        NEWS_TAIL.format(more=items)


def windows_1258(text: str) -> bytes:
    """windows-1258 bytes: tone marks decomposed (that code page writes them as combining marks)."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def write(path: str, content: str | bytes) -> None:
    target = HERE / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def make_docx(text: str, target: Path, title: str, line_paragraphs: bool = False) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    for block in [line for line in text.split("\n") if line.strip()] if line_paragraphs else paragraphs(text):
        document.add_paragraph(block.replace("**", "").replace("\n", " ").strip())
    document.save(str(target))


def soffice(source: Path, kind: str, outdir: Path) -> Path:
    subprocess.run(["soffice", "--headless", "--convert-to", kind, "--outdir", str(outdir), str(source)],
                   check=True, capture_output=True, timeout=180)
    return outdir / (source.stem + "." + kind)


def make_scan(lines: list[str], target: Path) -> None:
    """An image-only PDF: the text drawn as pixels, no text layer, as a scanner makes."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 22)
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(lines):
        draw.text((90, 120 + 40 * n), line, font=font, fill=0)
    image.convert("1").save(str(target), "PDF", resolution=150)


def main(seeds: Path, pages: Path) -> None:
    seed = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))}

    # 000: the Hà Đông copy of the city's conclusion, on the portal; republished by the news site.
    s000 = seed["000"].replace("THÔNG BÁO**", "THÔNG BÁO\n\n**", 1)
    write("van-ban/ket-luan-thuong-truc-thanh-uy-08-02-2021.html",
          portal_page("Kết luận của Thường trực Thành ủy về công tác phòng, chống dịch bệnh Covid-19",
                      "09/02/2021", body_html(s000)))
    more = [("/tin-tuc/ha-noi-kich-hoat-khu-cach-ly.html", "Hà Nội yêu cầu kích hoạt 100% các khu cách ly tập trung",
             "TTTĐ - Văn phòng Thành ủy Hà Nội vừa ban hành Thông báo số 452-TB/TU."),
            ("/tin-tuc/giu-vung-thuong-hieu.html", "Giữ vững thương hiệu và vị thế của báo chí cách mạng Việt Nam",
             "TTTĐ - Để tiếp tục hoàn thành sứ mệnh của mình, đồng hành cùng dân tộc.")]
    write("tin-tuc/dang-lai-ket-luan-thuong-truc-thanh-uy.html",
          news_page("Kết luận của Thường trực Thành ủy về phòng, chống dịch Covid-19", "09/02/2021 15:30",
                    "TTTĐ - Toàn văn kết luận của Thường trực Thành ủy Hà Nội về công tác phòng, chống dịch.",
                    body_html(s000), more))

    # 001: the news page; its own "Đọc thêm" list becomes the site's related box.
    lines = seed["001"].split("\n")
    cut = lines.index("Đọc thêm")
    article = "\n".join(lines[7:cut])
    lead = lines[6]
    related = []
    for line in lines[cut + 1:]:
        if line.endswith(" Tin tức"):
            related.append(line[: -len(" Tin tức")])
    more = [(f"/tin-tuc/lien-quan-{i}.html", t, "") for i, t in enumerate(related[:6])]
    write("tin-tuc/ha-noi-kich-hoat-khu-cach-ly.html",
          news_page(lines[2], "11/08/2021 20:04", lead, body_html(article), more))

    # 002: the Ba Đình letter on the portal, with its PDF copy attached.
    write("van-ban/cong-van-529-cv-qu.html",
          portal_page("Tăng cường công tác phòng chống dịch CoVid-19 trong tình hình mới", "14/11/2021",
                      body_html(seed["002"]),
                      '<p class="attach">Tệp đính kèm: <a href="/files/cong-van-529-cv-qu.pdf">cong-van-529-cv-qu.pdf</a></p>\n'))

    # 003: a page that only announces the conclusion; the text is in the DOCX.
    write("van-ban/thong-bao-ket-luan-02-10-2021.html",
          portal_page("Thông báo kết luận chỉ đạo tại hội nghị giao ban trực tuyến ngày 02/10/2021", "03/10/2021",
                      "<p>Văn phòng UBND Thành phố thông báo kết luận chỉ đạo của đồng chí Phó Chủ tịch UBND "
                      "Thành phố. Toàn văn xem tại tệp đính kèm.</p>\n",
                      '<p class="attach">Tệp đính kèm: <a href="/files/thong-bao-ket-luan-02-10-2021.docx">'
                      'thong-bao-ket-luan-02-10-2021.docx</a></p>\n'))

    # 004: the Hà Tĩnh conclusion, with an old Word (.doc) copy and a scanned copy.
    write("van-ban/ket-luan-ban-thuong-vu-tinh-uy.html",
          portal_page("Kết luận của Ban Thường vụ Tỉnh ủy về một số nhiệm vụ trọng tâm, cấp bách phòng, chống dịch",
                      "17/08/2021", body_html(seed["004"]),
                      '<p class="attach">Tệp đính kèm: <a href="/files/ket-luan-tinh-uy.doc">ket-luan-tinh-uy.doc</a>, '
                      '<a href="/files/ket-luan-tinh-uy-ban-scan.pdf">bản scan</a></p>\n'))

    # The mislabelled page: windows-1258 bytes that the server labels utf-8.
    s003_lines = [line for line in seed["003"].split("\n") if line.strip()]
    mislabelled = ('<!DOCTYPE html><html lang="vi"><head><title>Thông báo kết luận (bản cũ)</title></head><body>'
                   '<div class="detail-content">' + "\n".join(block_html(x) for x in s003_lines[:8]) +
                   "</div></body></html>")
    write("cu/thong-bao-ban-cu.html", windows_1258(mislabelled))

    # Two benchmark pages as the site's English section.
    english = []
    for n, page_id in enumerate(("ba07d1e64775f4090e39116c382111f5a2cfe9528dd179673f4e9bfcea370c15",
                                 "4648a420af9984d45b76a4afedf4f74965f8a2e0bf1c69bd3da2dc189020f3c9")):
        write(f"en/article-{n + 1}.html", gzip.decompress((pages / f"{page_id}.html.gz").read_bytes()))
        english.append(f"/en/article-{n + 1}.html")

    (HERE / "files").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        make_docx(seed["002"], work / "cong-van-529-cv-qu.docx", "Công văn 529-CV/QU")
        shutil.copy(soffice(work / "cong-van-529-cv-qu.docx", "pdf", work / "out"), HERE / "files/cong-van-529-cv-qu.pdf")
        make_docx(seed["003"], HERE / "files/thong-bao-ket-luan-02-10-2021.docx", "Thông báo kết luận 02/10/2021",
                  line_paragraphs=True)
        make_docx(seed["004"], work / "ket-luan-tinh-uy.docx", "Kết luận Ban Thường vụ Tỉnh ủy")
        shutil.copy(soffice(work / "ket-luan-tinh-uy.docx", "doc", work / "out"), HERE / "files/ket-luan-tinh-uy.doc")
    make_scan([x.replace("**", "").strip() for x in seed["004"].split("\n") if x.strip()][:30],
              HERE / "files/ket-luan-tinh-uy-ban-scan.pdf")

    write("index.html", portal_page("Trang chủ", "", "\n".join([
        '<ul class="list-news">',
        '<li><a href="/van-ban/cong-van-529-cv-qu.html">Công văn 529-CV/QU</a></li>',
        '<li><a href="/cu/van-ban-529">Công văn 529 (địa chỉ cũ)</a></li>',
        '<li><a href="/van-ban/thong-bao-ket-luan-02-10-2021.html#noi-dung">Thông báo kết luận 02/10/2021</a></li>',
        '<li><a href="/tin-tuc/ha-noi-kich-hoat-khu-cach-ly.html?utm_source=home&amp;utm_medium=web">Kích hoạt khu cách ly</a></li>',
        '<li><a href="/private/noi-bo.html">Tài liệu nội bộ</a></li>',
        '<li><a href="/khong-co.html">Trang đã xoá</a></li>',
        '<li><a href="/loi-tam-thoi.html">Lỗi tạm thời</a></li>',
        '<li><a href="/cham.html">Trang chậm</a></li>',
        '<li><a href="/qua-lon.html">Trang quá lớn</a></li>',
        '<li><a href="/cu/thong-bao-ban-cu.html">Bản cũ</a></li>',
        '<li><a href="/vong/a.html">Vòng</a></li>',
        '<li><a href="/thay-doi.html">Trang thay đổi</a></li>',
        '<li><a href="/khong-doi.html">Trang không đổi</a></li>',
        '<li><a href="/ra-ngoai">Chuyển hướng ra ngoài</a></li>',
        "</ul>"])))
    loop = '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{t}</title></head><body><div class="detail-content">' \
           "<h1>{t}</h1><p>{body}</p><p>{links}</p></div></body></html>"
    s002 = paragraphs(seed["002"])
    write("vong/a.html", loop.format(t="Vòng liên kết A", body=html.escape(s002[8]),
                                     links='<a href="b.html">Sang B</a> <a href="./a.html?utm_campaign=x#dau">A</a>'))
    write("vong/b.html", loop.format(t="Vòng liên kết B", body=html.escape(s002[9]),
                                     links='<a href="/vong/a.html">Về A</a> <a href="HTTP://{HOST}:{PORT}/vong/b.html">B</a>'))
    s004 = paragraphs(seed["004"])
    write("loi-tam-thoi.html", loop.format(t="Trang lúc lỗi lúc được", body=html.escape(s004[3]), links=""))
    write("cham.html", loop.format(t="Trang chậm", body=html.escape(s004[4]), links=""))
    write("khong-doi.html", loop.format(t="Trang không đổi", body=html.escape(s004[5]), links=""))
    write("thay-doi.html", loop.format(t="Trang thay đổi (bản {VERSION})", body=html.escape(s004[6]) +
                                       " Cập nhật lần {VERSION}.", links=""))
    write("qua-lon.html", loop.format(t="Trang quá lớn", body=html.escape(seed["000"]) * 40, links=""))
    write("private/noi-bo.html", loop.format(t="Tài liệu nội bộ", body="Không công bố.", links=""))
    write("robots.txt", "User-agent: *\nDisallow: /private/\n\nSitemap: {BASE}/sitemap.xml\n")
    write("sitemap.xml", """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{BASE}/sitemap-van-ban.xml</loc></sitemap>
  <sitemap><loc>{BASE}/sitemap-tin-tuc.xml.gz</loc></sitemap>
</sitemapindex>
""")
    urls = ["/van-ban/ket-luan-thuong-truc-thanh-uy-08-02-2021.html", "/van-ban/cong-van-529-cv-qu.html",
            "/van-ban/ket-luan-ban-thuong-vu-tinh-uy.html"]
    write("sitemap-van-ban.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'
          '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
          "".join(f"  <url><loc>{{BASE}}{u}</loc><lastmod>2021-11-14</lastmod></url>\n" for u in urls) + "</urlset>\n")
    news = ["/tin-tuc/ha-noi-kich-hoat-khu-cach-ly.html", "/tin-tuc/dang-lai-ket-luan-thuong-truc-thanh-uy.html"]
    write("sitemap-tin-tuc.xml.gz", gzip.compress((
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
        "".join(f"  <url><loc>{{BASE}}{u}</loc></url>\n" for u in news) + "</urlset>\n").encode(), mtime=0))
    write("rss.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
          "<title>Tin tức Thời đại</title><link>{BASE}/</link><description>Tin mới</description>\n" +
          "".join(f"<item><title>Bài {n}</title><link>{{BASE}}{u}</link></item>\n"
                  for n, u in enumerate(english + news)) + "</channel></rss>\n")
    write("atom.xml", '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
          "<title>Văn bản chỉ đạo</title><id>{BASE}/atom.xml</id><updated>2021-11-14T00:00:00Z</updated>\n" +
          "".join(f'<entry><title>Văn bản {n}</title><id>{{BASE}}{u}</id><link href="{{BASE}}{u}"/>'
                  f"<updated>2021-11-14T00:00:00Z</updated></entry>\n" for n, u in enumerate(urls)) + "</feed>\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
