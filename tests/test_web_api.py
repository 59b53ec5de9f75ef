"""The JSON API: the same data as ``tracuu search --json``, clear 400s naming the parameter, documents."""

from __future__ import annotations

import json
import re

import pytest

from tracuu.cli import main

TOOK = re.compile(r'^  "took_ms": [0-9.]+,\n', re.MULTILINE)


@pytest.mark.parametrize("api, cli", [
    ("q=phong+chong+dich+cach+ly", ["phong chong dich cach ly"]),
    ("q=cach+ly&province=H%C3%A0+N%E1%BB%99i&type=C%C3%B4ng+v%C4%83n&sort=newest",
     ["cach ly", "--province", "Hà Nội", "--type", "Công văn", "--sort", "newest"]),
    ("q=dich&page=2&page_size=2&from=2021-02-01&to=2021-10-31",
     ["dich", "--page", "2", "--limit", "2", "--from", "2021-02-01", "--to", "2021-10-31"]),
    ("q=kich+hoat+khuu", ["kich hoat khuu"]),
    ("province=H%C3%A0+T%C4%A9nh", ["--province", "Hà Tĩnh"]),
])
def test_api_search_is_the_cli_json_byte_for_byte(client, web_home, runner, api: str, cli: list[str]) -> None:
    response = client.get(f"/api/search?{api}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    out = runner.invoke(main, ["--home", str(web_home[0]), "search", "--json", *cli], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    # Only the time taken may differ between two runs.
    assert TOOK.sub("", response.get_data(as_text=True)) == TOOK.sub("", out.output)
    assert json.loads(response.get_data(as_text=True))["total"] >= 1


@pytest.mark.parametrize("query, param", [
    ("from=2021-02-30", "from"), ("from=yesterday", "from"), ("to=31-31-2021", "to"),
    ("page=0", "page"), ("page=-3", "page"), ("page=two", "page"),
    ("page_size=0", "page_size"), ("page_size=101", "page_size"), ("page_size=1.5", "page_size"),
    ("sort=best", "sort"),
])
def test_api_bad_parameter_is_a_400_naming_it(client, query: str, param: str) -> None:
    response = client.get(f"/api/search?q=dich&{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["param"] == param and body["status"] == 400 and body["error"]


def test_api_document(client, ids) -> None:
    data = client.get(f"/api/documents/{ids['citing']}").get_json()
    assert data["number"] == "14-CV/VP" and data["province"] == "Hà Nội" and data["signer"] == "Trần Văn Thử"
    assert data["text"].startswith("Thực hiện Thông báo số 07-BS/QU")
    links = {c["number"]: c["id"] for c in data["citations"]}
    assert links == {"07-BS/QU": ids["000_095b186705ea344f.txt"], "529-CV/QU": ids["002_10127e1254a347ad.txt"],
                     "99-TB/TU": None}
    assert data["other_sources"] == [
        {"url": "https://example.com/sao-y/14-cv-vp", "source": "web-test://ban-sao-14-cv-vp", "id": ids["copy"],
         "title": "Về việc triển khai các khu cách ly tập trung"},
        {"url": "https://example.net/mirror/14-cv-vp", "source": None, "id": None, "title": None},
        {"url": "javascript:alert(2)", "source": None, "id": None, "title": None},
    ]
    assert data["related"] and ids["citing"] not in [r["id"] for r in data["related"]]

    cited = client.get(f"/api/documents/{ids['000_095b186705ea344f.txt']}").get_json()
    assert sorted(c["id"] for c in cited["cited_by"]) == sorted([ids["citing"], ids["copy"]])


def test_api_unknown_document_and_route_are_json_404s(client) -> None:
    for url in ("/api/documents/0000000000000000", "/api/nothing"):
        response = client.get(url)
        assert response.status_code == 404 and response.get_json()["status"] == 404
