"""Errors at the web edge: one clear Vietnamese message (a page, or JSON under /api/), never a traceback."""

from __future__ import annotations

import json

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException

from tracuu import settings
from tracuu.errors import ArchiveError, IndexError_, QueryError, TracuuError

MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    404: "Không tìm thấy trang hoặc văn bản này.",
    405: "Trang này chỉ để xem: chỉ nhận yêu cầu GET hoặc HEAD.",
    500: "Máy chủ gặp lỗi khi xử lý yêu cầu. Lỗi đã được ghi lại; vui lòng thử lại sau.",
    503: "Kho văn bản hoặc chỉ mục tìm kiếm chưa sẵn sàng. Người quản trị cần chạy 'tracuu ingest' và "
         "'tracuu index'.",
}
TITLES = {400: "Yêu cầu không hợp lệ", 404: "Không tìm thấy", 405: "Không được phép", 500: "Lỗi máy chủ",
          503: "Chưa sẵn sàng"}
PARAM_LABELS = {"q": "Từ khóa", "from": "Từ ngày", "to": "Đến ngày", "page": "Trang",
                "page_size": "Số kết quả mỗi trang", "sort": "Sắp xếp"}


def query_message(exc: QueryError) -> str:
    """A Vietnamese sentence naming the bad search parameter and what it accepts."""
    label = PARAM_LABELS.get(exc.param or "", exc.param or "tham số")
    hints = {
        "q": f"hãy gõ tối đa {settings.get('max_query_words')} từ ({settings.get('max_query_chars')} ký tự)",
        "from": "hãy nhập ngày dạng năm-tháng-ngày, ví dụ 2021-08-01",
        "to": "hãy nhập ngày dạng năm-tháng-ngày, ví dụ 2021-08-31",
        "page": "số trang là số nguyên từ 1 trở lên",
        "page_size": f"số kết quả mỗi trang là số nguyên từ 1 đến {settings.get('max_page_size')}",
        "sort": "chọn liên quan nhất, mới nhất hoặc cũ nhất",
    }
    return f"Giá trị của “{label}” không hợp lệ: {hints.get(exc.param or '', str(exc))}."


def wants_json() -> bool:
    """Requests under /api/ get JSON errors; everything else gets a page."""
    return request.path.startswith("/api/")


def error_response(status: int, message: str | None = None, param: str | None = None) -> Response:
    """The error as JSON (``{"error", "status"[, "param"]}``) or as a plain page."""
    message = message or MESSAGES.get(status, MESSAGES[500])
    if wants_json():
        body = {"error": message, "status": status}
        if param:
            body["param"] = param
        return Response(json_text(body), status=status, mimetype="application/json")
    return Response(render_template("error.html", status=status, title=TITLES.get(status, "Lỗi"),
                                    message=message), status=status, mimetype="text/html")


def json_text(data: object) -> str:
    """JSON as ``tracuu ... --json`` prints it: indented, Vietnamese kept readable, newline at the end."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


def init_app(app: Flask) -> None:
    """Register the handlers: HTTP errors, our own errors, and anything unexpected (logged, 500)."""

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        response = error_response(exc.code or 500)
        if exc.code == 405:
            response.headers["Allow"] = "GET, HEAD"
        return response

    @app.errorhandler(QueryError)
    def query_error(exc: QueryError) -> Response:
        return error_response(400, str(exc) if wants_json() else query_message(exc), exc.param)

    @app.errorhandler(TracuuError)
    def unavailable(exc: TracuuError) -> Response:
        # Missing or unreadable archive or index: the server works, the data is not there yet.
        app.logger.error("%s %s: %s", request.method, request.path, exc)
        status = 503 if isinstance(exc, ArchiveError | IndexError_) else 500
        return error_response(status)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Response:
        app.logger.exception("unexpected error on %s %s", request.method, request.path)
        return error_response(500)
