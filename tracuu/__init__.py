"""tracuu: full-text search over Vietnamese directive archives."""

__version__ = "0.1.0"
