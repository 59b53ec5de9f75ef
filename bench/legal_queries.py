"""Real queries for the real-document benchmark: topics as staff type them, with and without
diacritics, phrases and document numbers in the forms people type (the same mix for every engine)."""

from __future__ import annotations

from bench.queries import BenchQuery

LEGAL_QUERIES = (
    ("words", "bảo hiểm xã hội tự nguyện"),
    ("words", "thuế thu nhập cá nhân"),
    ("words", "làm thêm giờ"),
    ("words", "nghỉ hưu trước tuổi"),
    ("words", "mức lương tối thiểu vùng"),
    ("words", "bảo hiểm y tế học sinh"),
    ("words", "kinh phí công đoàn"),
    ("words", "xử phạt vi phạm hành chính"),
    ("words", "trợ cấp thất nghiệp"),
    ("words", "hợp đồng lao động"),
    ("no-diacritics", "bao hiem xa hoi tu nguyen"),
    ("no-diacritics", "thue thu nhap ca nhan"),
    ("no-diacritics", "tro cap thai san"),
    ("no-diacritics", "an toan ve sinh lao dong"),
    ("phrase", '"bảo hiểm thất nghiệp"'),
    ("phrase", '"người lao động"'),
    ("number", "137/2026/NĐ-CP"),
    ("number", "58/2014/QH13"),
    ("number", "nghị định 152/2026"),
    ("number", "nd 145/2026"),
)


def legal_mix() -> list[BenchQuery]:
    """The real queries as benchmark queries."""
    return [BenchQuery(kind, text) for kind, text in LEGAL_QUERIES]
