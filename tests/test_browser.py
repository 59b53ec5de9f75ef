"""End to end: the real ``tracuu serve`` on a free loopback port, driven by headless Chromium.

Needs Debian's ``chromium`` and ``chromium-driver`` (``make browser-deps`` installs them; ``make test`` does it
first).  Selenium talks to /usr/bin/chromedriver; no browser or driver is ever downloaded.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=vi")
MARK_COLOUR = "rgba(255, 226, 122, 1)"  # --mark in style.css
WAIT = 30  # seconds a step may take on a slow machine before the test gives up (not a timing assertion)


@pytest.fixture
def server(web_home, tmp_path: Path) -> Iterator[str]:
    """``tracuu serve --port 0`` in its own process; yields its base URL, read from what it prints."""
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "tracuu", "--home", str(web_home[0]), "serve",
                                 "--host", "127.0.0.1", "--port", "0"], stdout=out, stderr=subprocess.STDOUT)
    try:
        url = None
        for _ in range(WAIT * 10):
            found = re.search(r"http://127\.0\.0\.1:\d+/", log.read_text(errors="replace"))
            if found:
                url = found.group(0)
                break
            assert proc.poll() is None, log.read_text()
            time.sleep(0.1)
        assert url, log.read_text()
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=WAIT)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    options = Options()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,1400"):
        options.add_argument(flag)
    service = Service(executable_path=CHROMEDRIVER, log_output=str(tmp_path / "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=options)
    try:
        yield driver
    finally:
        driver.quit()


def wait(driver, condition):
    return WebDriverWait(driver, WAIT).until(condition)


def test_the_real_server_answers_with_headers(server: str) -> None:
    with urllib.request.urlopen(server + "api/search?q=cach+ly") as response:
        assert response.status == 200
        assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
        assert response.headers["Server"] == "tracuu"


def test_search_facet_document_citation_in_chromium(server: str, browser, ids, tmp_path: Path) -> None:
    browser.get(server)
    assert browser.title == "Tìm kiếm – Tra cứu văn bản chỉ đạo"
    box = browser.find_element(By.ID, "q")
    assert browser.switch_to.active_element == box  # the start page puts the cursor in the box
    box.send_keys("phong chong dich cach ly", Keys.ENTER)

    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "ol.hits")))
    assert browser.find_element(By.ID, "q").get_attribute("value") == "phong chong dich cach ly"
    marks = browser.find_elements(By.CSS_SELECTOR, ".snippet mark")
    assert {"phòng", "chống", "dịch", "cách", "ly"} <= {m.text.lower() for m in marks}
    assert marks[0].value_of_css_property("background-color") == MARK_COLOUR
    browser.save_screenshot(str(tmp_path / "results.png"))

    facet = browser.find_element(
        By.XPATH, "//section[@aria-labelledby='facet-province']//a[.//span[@class='name' and text()='Hà Nội']]")
    facet.click()
    wait(browser, EC.url_contains("province="))
    facts = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "li.hit .facts")]
    assert facts and all("Hà Nội" in f for f in facts)
    assert "Hà Tĩnh" not in " ".join(facts)
    on = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=facet-province] a.on .name")
    assert on.text == "Hà Nội"

    browser.find_element(By.CSS_SELECTOR, f"li.hit h2 a[href^='/documents/{ids['citing']}']").click()
    wait(browser, EC.url_contains(f"/documents/{ids['citing']}"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Về việc triển khai các khu cách ly tập trung"
    marked = [m.text for m in browser.find_elements(By.CSS_SELECTOR, ".doc-text mark")]
    assert set(marked) == {"phòng", "chống", "dịch", "cách", "ly"}
    browser.save_screenshot(str(tmp_path / "document.png"))

    browser.find_element(By.LINK_TEXT, "Số 07-BS/QU").click()
    wait(browser, EC.url_contains(f"/documents/{ids['000_095b186705ea344f.txt']}"))
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Thông báo kết luận của Thường trực Thành ủy")
    cited_by = browser.find_elements(By.CSS_SELECTOR, "section[aria-labelledby=cited-by-title] a")
    assert [a.text for a in cited_by] == ["Công văn số 14-CV/VP"] * 2  # the letter and its copy
    browser.save_screenshot(str(tmp_path / "cited.png"))
    for name in ("results.png", "document.png", "cited.png"):
        assert (tmp_path / name).read_bytes().startswith(b"\x89PNG")


def test_phone_width_and_keyboard_focus(server: str, browser, tmp_path: Path) -> None:
    browser.set_window_size(390, 900)
    browser.get(server + "?q=phong+chong+dich&province=H%C3%A0+N%E1%BB%99i")
    width = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1]  # nothing wider than the screen: no sideways scrolling
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.text == "Bỏ qua, đến nội dung chính"  # the skip link comes first and shows itself
    assert focused.value_of_css_property("outline-style") == "solid"
    browser.save_screenshot(str(tmp_path / "phone.png"))
