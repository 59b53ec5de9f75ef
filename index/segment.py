"""Vietnamese word segmentation with pyvi's CRF model, loaded without scikit-learn.

pyvi unpickles its model through scikit-learn at import (several seconds).  The pickle only wraps
a python-crfsuite model file, so we read that file out of the pickle with stub classes and open it
with ``pycrfsuite.Tagger`` directly: the same model, the same features, the same labels, in a
fraction of the time.  ``tests/test_segment.py`` proves the output identical to pyvi's.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import string
import tempfile
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycrfsuite

# pyvi's own syllable pattern (ViTokenizer.sylabelize), kept verbatim so our segmentation equals pyvi's.
_PYVI_PATTERN = re.compile(
    r"([A-ZĐ]+\.|Tp\.|Mr\.|Mrs\.|Ms\.|Dr\.|ThS\.|==>|->|\.\.\.|>>|\n|\w+://[^\s]+"
    r"|[a-zA-Z0-9_.+-]+@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+|\d+(?:[\.,_]\d+)+|[^\w\s]|\w+)",
    re.UNICODE,
)
_PUNCT = set(string.punctuation)


class _Stub:
    """Stands in for scikit-learn, numpy and pycrfsuite classes while reading the pickle."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.state: dict = {}

    def __setstate__(self, state: dict) -> None:
        self.state = state


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> type:
        if module.split(".")[0] in {"sklearn", "sklearn_crfsuite", "pycrfsuite", "numpy"}:
            return _Stub
        return super().find_class(module, name)


def _pyvi_file(name: str) -> Path:
    return Path(str(resources.files("pyvi") / "models" / name))


def _model_path() -> Path:
    """Extract pyvi's CRF model file once into a cache folder and return its path."""
    pickled = _pyvi_file("pyvi3.pkl")
    stamp = hashlib.sha1(f"{pickled}:{pickled.stat().st_size}:{pickled.stat().st_mtime_ns}".encode()).hexdigest()[:16]
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "tracuu"
    target = cache / f"pyvi-{stamp}.crfsuite"
    if target.exists():
        return target
    with pickled.open("rb") as handle:
        crf = _ModelUnpickler(handle).load()
    data = crf.state["modelfile"].state["__FILE_RESOURCE_DATA__"]
    try:
        cache.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache)
    except OSError:  # read-only home: keep the model in the temp folder instead
        fd, tmp = tempfile.mkstemp()
        target = Path(tmp + ".crfsuite")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, target)
    return target


def _load_ngrams() -> tuple[frozenset[str], frozenset[str]]:
    bi, tri = set(), set()
    for line in _pyvi_file("words.txt").read_text(encoding="utf-8").split("\n"):
        n = len(line.split(" "))
        if n == 2:
            bi.add(line)
        elif n == 3:
            tri.add(line)
    return frozenset(bi), frozenset(tri)


class Segmenter:
    """pyvi's word segmentation: ``labels`` says which syllables join the previous one."""

    def __init__(self) -> None:
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(_model_path()))
        self._bigrams, self._trigrams = _load_ngrams()
        self._lock = threading.Lock()
        self._attributes: dict[str, tuple[list[str], list[str], list[str]]] = {}

    def _token_attributes(self, word: str) -> tuple[list[str], list[str], list[str]]:
        """A token's attributes as itself, as the previous token and as the next (cached per token)."""
        cached = self._attributes.get(word)
        if cached is None:
            lower = word.lower()
            upper, title, digit = word.isupper(), word.istitle(), word.isdigit()
            own = ["bias", "word.lower():" + lower]
            own += ["word.isupper()"] * upper + ["word.istitle()"] * title + ["word.isdigit()"] * digit
            prev = ["-1:word.lower():" + lower] + ["-1:word.istitle()"] * title + ["-1:word.isupper()"] * upper
            nxt = ["+1:word.lower():" + lower] + ["+1:word.istitle()"] * title + ["+1:word.isupper()"] * upper
            if len(self._attributes) > 500_000:
                self._attributes.clear()
            cached = self._attributes[word] = (own, prev, nxt)
        return cached

    def _features(self, sent: list[str]) -> list[list[str]]:
        """pyvi's CRF features (``ViTokenizer.sent2features``) as attribute lists.

        pyvi gives python-crfsuite one dict per token, booleans included; crfsuite turns a string
        value into the attribute ``key:value`` of weight 1, True into weight 1 and False into weight 0.
        A weight-0 attribute adds exactly 0.0 to every score, so listing only the weight-1 attributes,
        in pyvi's order, gives the same scores and the same labels at a fraction of the cost.
        """
        attrs = [self._token_attributes(w) for w in sent]
        lower = [w.lower() for w in sent]
        n = len(sent)
        bi = [f"{lower[i]} {lower[i + 1]}" in self._bigrams for i in range(n - 1)]
        tri = [f"{lower[i]} {lower[i + 1]} {lower[i + 2]}" in self._trigrams for i in range(n - 2)]
        feats = []
        for i in range(n):
            f = list(attrs[i][0])
            if i > 0:
                f += attrs[i - 1][1]
                if bi[i - 1]:
                    f.append("-1:word.bi_gram()")
                if i > 1 and tri[i - 2]:
                    f.append("-2:word.tri_gram()")
            if i < n - 1:
                f += attrs[i + 1][2]
                if bi[i]:
                    f.append("+1:word.bi_gram()")
                if i < n - 2 and tri[i]:
                    f.append("+2:word.tri_gram()")
            feats.append(f)
        return feats

    def joins(self, tokens: list[str]) -> list[bool]:
        """For each token, whether it continues the word of the token before (pyvi's join rule)."""
        if not tokens:
            return []
        with self._lock:  # a crfsuite Tagger is not thread-safe
            labels = self._tagger.tag(self._features(tokens))
        out = [False]
        for i in range(1, len(tokens)):
            cur, prev = tokens[i], tokens[i - 1]
            out.append(
                labels[i] == "I_W"
                and cur not in _PUNCT
                and prev not in _PUNCT
                and not cur[0].isdigit()
                and not prev[0].isdigit()
                and not (cur[0].istitle() and not prev[0].istitle())
            )
        return out

    def tokenize(self, text: str) -> str:
        """Exactly what ``pyvi.ViTokenizer.tokenize`` returns for ``text`` (words joined by ``_``)."""
        tokens = [m.group(0) for m in _PYVI_PATTERN.finditer(text)]
        if not tokens:
            return text
        joins = self.joins(tokens)
        return "".join(("_" if j else " ") + t for t, j in zip(tokens, joins))[1:]


_segmenter: Segmenter | None = None
_segmenter_lock = threading.Lock()


def segmenter() -> Segmenter:
    """The process-wide segmenter, loaded on first use and kept."""
    global _segmenter
    with _segmenter_lock:
        if _segmenter is None:
            _segmenter = Segmenter()
        return _segmenter


@lru_cache(maxsize=1)
def pyvi_pattern() -> re.Pattern[str]:
    """pyvi's syllable pattern, for callers that need offsets of pyvi's units."""
    return _PYVI_PATTERN
