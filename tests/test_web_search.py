"""The search page through Flask's test client, over a real archive and Whoosh index."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.web_corpus import page

HA_NOI = "Hà Nội"


def hits(soup) -> list:
    return soup.select("ol.hits > li.hit")


def facet_link(soup, param: str, value: str):
    """The sidebar link for ``param=value``."""
    for a in soup.select(f"section[aria-labelledby=facet-{param}] a.facet-value"):
        if a.select_one(".name").get_text(strip=True) == value:
            return a
    raise AssertionError(f"no facet link {param}={value}")


def params(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def test_start_page_shows_the_box_and_what_the_archive_holds(client) -> None:
    soup = page(client.get("/"))
    assert soup.title.get_text().startswith("Tìm kiếm")
    box = soup.select_one("input#q[name=q]")
    assert box is not None and soup.select_one("label[for=q]") is not None
    assert "Kho hiện có 7 văn bản" in soup.get_text()  # 8 archived, one a copy of another: counted once
    type_links = {a.get_text(): a["href"] for a in soup.select("section[aria-labelledby=by-type] a")}
    assert type_links["Công văn"] == "/?type=C%C3%B4ng+v%C4%83n"
    province_links = [a.get_text() for a in soup.select("section[aria-labelledby=by-province] a")]
    assert province_links[0] == HA_NOI and "Hà Tĩnh" in province_links
    assert [a.get_text() for a in soup.select("section[aria-labelledby=by-year] a")] == ["2021"]
    assert len(soup.select(".newest li")) == 5


def test_results_keep_the_query_and_show_count_time_and_marked_snippets(client) -> None:
    response = client.get("/?q=phong+chong+dich+cach+ly")
    assert response.status_code == 200
    soup = page(response)
    assert soup.select_one("input#q")["value"] == "phong chong dich cach ly"
    assert soup.title.get_text().startswith("phong chong dich cach ly – Kết quả tìm kiếm")
    total = client.get("/api/search?q=phong+chong+dich+cach+ly").get_json()["total"]
    summary = soup.select_one("#summary").get_text(" ", strip=True)
    assert total >= 6 and summary.startswith(f"Tìm thấy {total} văn bản (") and "giây" in summary
    first = hits(soup)[0]
    assert first.select_one("h2 a")["href"].startswith("/documents/")
    assert "q=phong+chong+dich+cach+ly" in first.select_one("h2 a")["href"]
    marks = [m.get_text() for h in hits(soup) for m in h.select(".snippet mark")]
    assert {"phòng", "chống", "dịch", "cách", "ly"} <= {m.lower() for m in marks}
    facts = [h.select_one(".facts").get_text() for h in hits(soup)]
    assert any("Công văn · Số 529-CV/QU · Quận ủy Ba Đình · Ngày 13/11/2021 · Hà Nội, Ba Đình" == f for f in facts)


def test_facet_links_toggle_filters_and_several_combine(client) -> None:
    soup = page(client.get("/?q=phong+chong+dich"))
    total = int(soup.select_one("#summary strong").get_text())
    link = facet_link(soup, "province", HA_NOI)
    assert params(link["href"]) == {"q": ["phong chong dich"], "province": [HA_NOI]}
    assert "on" not in link["class"]

    filtered = page(client.get(link["href"]))
    assert all(HA_NOI in h.select_one(".facts").get_text() for h in hits(filtered))
    on = facet_link(filtered, "province", HA_NOI)
    assert "on" in on["class"] and on["aria-current"] == "true"
    assert params(on["href"]) == {"q": ["phong chong dich"]}  # clicking again switches it off
    assert filtered.select_one("input[type=hidden][name=province]")["value"] == HA_NOI  # a new query keeps it

    both = page(client.get(facet_link(filtered, "province", "Hà Tĩnh")["href"]))
    ha_noi = int(filtered.select_one("#summary strong").get_text())
    assert int(both.select_one("#summary strong").get_text()) == ha_noi + 1
    clear = both.select_one("aside a.clear")
    assert clear.get_text() == "Xóa tất cả bộ lọc" and params(clear["href"]) == {"q": ["phong chong dich"]}
    assert int(page(client.get(clear["href"])).select_one("#summary strong").get_text()) == total


def test_every_sidebar_group_is_there(client) -> None:
    soup = page(client.get("/?q=phong+chong+dich"))
    headings = [h.get_text() for h in soup.select("aside.facets h3")]
    assert headings == ["Tỉnh/thành phố", "Quận/huyện", "Cơ quan ban hành", "Loại văn bản", "Năm"]
    year = facet_link(soup, "year", "2021")
    assert params(year["href"])["year"] == ["2021"]


def test_filters_alone_list_documents_newest_first(client) -> None:
    soup = page(client.get("/?type=C%C3%B4ng+v%C4%83n"))
    titles = [h.select_one("h2").get_text(strip=True) for h in hits(soup)]
    assert titles == ["Tăng cường công tác phòng chống dịch CoVid-19 trong tình hình mới",
                      "Về việc triển khai các khu cách ly tập trung"]  # and its copy elsewhere: shown once


def test_date_range_and_sort(client) -> None:
    soup = page(client.get("/?q=phong+chong+dich&from=2021-08-01&to=2021-08-31&sort=oldest"))
    dates = [h.select_one(".facts").get_text() for h in hits(soup)]
    assert len(dates) == 2 and "11/08/2021" in dates[0] and "16/08/2021" in dates[1]
    assert soup.select_one("input#from")["value"] == "2021-08-01"
    assert soup.select_one("input#to")["value"] == "2021-08-31"
    assert soup.select_one("select#sort option[selected]")["value"] == "oldest"
    for sort, reverse in (("newest", True), ("oldest", False)):
        listed = page(client.get(f"/?q=d%E1%BB%8Bch&sort={sort}"))  # every document says "dịch"
        shown = [h.select_one(".facts").get_text().split("Ngày ")[1][:10] for h in hits(listed)]
        as_iso = [d[6:] + d[3:5] + d[:2] for d in shown]
        assert len(as_iso) == 7 and as_iso == sorted(as_iso, reverse=reverse)  # 8, a copy counted once


def test_pagination_links_keep_the_state(client) -> None:
    soup = page(client.get("/?q=phong+chong+dich&province=H%C3%A0+N%E1%BB%99i&page_size=2"))
    assert len(hits(soup)) == 2
    pager = soup.select_one("nav.pager")
    assert pager["aria-label"] == "Phân trang"
    assert pager.select_one("[aria-current=page]").get_text() == "1"
    nxt = pager.select_one("a[rel=next]")
    assert params(nxt["href"]) == {"q": ["phong chong dich"], "province": [HA_NOI], "page": ["2"], "page_size": ["2"]}
    second = page(client.get(nxt["href"]))
    assert second.select_one("ol.hits")["start"] == "3"
    assert second.select_one("nav.pager [aria-current=page]").get_text() == "2"
    assert second.select_one("nav.pager a[rel=prev]") is not None


def test_did_you_mean_links_to_the_corrected_query(client) -> None:
    soup = page(client.get("/?q=kich+hoat+khuu&province=H%C3%A0+N%E1%BB%99i"))
    suggestion = soup.select_one(".suggestion")
    assert suggestion.get_text(" ", strip=True) == "Có phải bạn muốn tìm: kich hoat khu"
    assert params(suggestion.a["href"]) == {"q": ["kich hoat khu"], "province": [HA_NOI]}


def test_empty_state_helps(client) -> None:
    soup = page(client.get("/?q=zzqxw&province=H%C3%A0+N%E1%BB%99i"))
    empty = soup.select_one(".empty")
    assert "Không tìm thấy văn bản phù hợp với “zzqxw”" in empty.get_text()
    assert empty.find("a", string="Bỏ các bộ lọc")["href"] == "/?q=zzqxw"
    assert soup.select_one("ol.hits") is None


def test_bad_parameters_are_a_400_page_naming_the_field(client) -> None:
    cases = {"from=2021-13-45": "Từ ngày", "to=soon": "Đến ngày", "page=0": "Trang", "page=abc": "Trang",
             "page_size=1000": "Số kết quả mỗi trang", "sort=random": "Sắp xếp"}
    for query, label in cases.items():
        response = client.get(f"/?q=dich&{query}")
        assert response.status_code == 400, query
        soup = page(response)
        error = soup.select_one("#error[role=alert]").get_text()
        assert f"Giá trị của “{label}” không hợp lệ" in error, query
        assert soup.select_one("input#q")["value"] == "dich"
    soup = page(client.get("/?q=dich&from=bad"))
    assert soup.select_one("input#from")["aria-invalid"] == "true"


def test_the_query_box_is_labelled_and_pages_work_without_script(client) -> None:
    soup = page(client.get("/?q=dich"))
    for control in soup.select("form.search-form input:not([type=hidden]), form.search-form select"):
        assert soup.select_one(f"label[for={control['id']}]") is not None, control
    assert soup.select_one("form.search-form")["method"] == "get"
    assert soup.find("script") is None
    assert soup.select_one('meta[name=viewport]')["content"].startswith("width=device-width")
    assert soup.html["lang"] == "vi"
