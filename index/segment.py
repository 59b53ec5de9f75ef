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

import numpy as np
import pycrfsuite
from tracuu.index.crf import CrfModel, viterbi2

# pyvi's own syllable pattern (ViTokenizer.sylabelize), alternatives in its order so our units are pyvi's.
# Four runs are possessive (``++``): a shorter run could only be followed by a character of the run
# itself, never by the ``.``, ``://``, ``@`` or separator that must follow, so no match changes, but
# every word no longer backtracks letter by letter through the URL and e-mail alternatives (twice
# as fast; the identity tests compare the units with pyvi's on the real corpus).
_PYVI_PATTERN = re.compile(
    r"([A-ZĐ]++\.|Tp\.|Mr\.|Mrs\.|Ms\.|Dr\.|ThS\.|==>|->|\.\.\.|>>|\n|\w++://[^\s]+"
    r"|[a-zA-Z0-9_.+-]++@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+|\d++(?:[\.,_]\d+)+|[^\w\s]|\w+)",
    re.UNICODE,
)
_PUNCT = set(string.punctuation)
# The same pattern without its URL alternative, its e-mail alternative, or both: an alternative that
# needs "://" or "@" never matches a text without them, and leaving it out saves scanning every word
# through it (a fifth of the time of cutting a text into units).
_URL = r"|\w++://[^\s]+"
_EMAIL = r"|[a-zA-Z0-9_.+-]++@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+"
_LEAN_PATTERNS = {
    (url, email): re.compile(_PYVI_PATTERN.pattern.replace("" if url else _URL, "").replace("" if email else _EMAIL, ""))
    for url in (False, True) for email in (False, True)
}


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
        self._scorer = _Scorer(CrfModel(_model_path()), self._bigrams, self._trigrams)

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
        return self.joins_flat(tokens, [len(tokens)]) if tokens else []

    def joins_flat(self, words: list[str], lengths: list[int]) -> list[bool]:
        """``joins`` of many sentences at once: ``words`` is their tokens end to end, ``lengths`` their sizes."""
        with self._lock:  # the scorer's vocabulary grows as it meets words
            return self._scorer.joins(words, lengths)

    def joins_tagger(self, tokens: list[str]) -> list[bool]:
        """``joins`` through python-crfsuite's own tagger: the yardstick the scorer is measured against."""
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


class _Scorer:
    """pyvi's CRF decisions for whole documents: features per distinct word once, scores in numpy.

    Each word's attributes (``_features``) are looked up once in the model and kept as weights: its own
    attributes summed in pyvi's order (a prefix of crfsuite's sum, so exact), and the weights it adds
    to its neighbours' scores.  A position's score then adds those weights one by one, in the order
    crfsuite adds them, as whole-array operations; an absent attribute adds 0.0, which changes no sum.
    Dictionary bigrams and trigrams are matched as integer keys of their syllables.  Viterbi is
    crfsuite's (``index.crf.viterbi2``).
    """

    _SLOTS = 8  # own B, own I, then as previous word (lower, title, upper) and as next word, B and I each

    def __init__(self, model: CrfModel, bigrams: frozenset[str], trigrams: frozenset[str]) -> None:
        if model.labels != ["B_W", "I_W"]:
            raise ValueError(f"unexpected segmentation labels {model.labels}")
        self.model = model
        zero = [0.0, 0.0]
        w = model.state
        self.bi_prev, self.tri_prev = w.get("-1:word.bi_gram()", zero), w.get("-2:word.tri_gram()", zero)
        self.bi_next, self.tri_next = w.get("+1:word.bi_gram()", zero), w.get("+2:word.tri_gram()", zero)
        syllables: dict[str, int] = {}
        for gram in (*bigrams, *trigrams):
            for part in gram.split(" "):
                syllables.setdefault(part, len(syllables))
        self.syllables = syllables
        self.k = len(syllables) + 1
        code = syllables.__getitem__
        k = self.k
        self.bigram_keys = np.unique(np.array([code(a) * k + code(b) for a, b in (g.split(" ") for g in bigrams)],
                                              dtype=np.int64))
        self.trigram_keys = np.unique(np.array([(code(a) * k + code(b)) * k + code(c)
                                                for a, b, c in (g.split(" ") for g in trigrams)], dtype=np.int64))
        self.ids: dict[str, int] = {}
        self.size = 0
        self.weights = np.zeros((1024, 14))  # per word: own B/I, prev lower/title/upper B/I, next lower/title/upper B/I
        self.codes = np.full(1024, -1, dtype=np.int64)  # its lower form's dictionary syllable, -1 when none
        self.flags = np.zeros((1024, 3), dtype=bool)  # punctuation, first char a digit, first char title case
        self._id("")  # id 0: no neighbour (weights 0.0)

    def _weights(self, word: str) -> list[float]:
        w, zero = self.model.state, (0.0, 0.0)
        lower = word.lower()
        upper, title, digit = word.isupper(), word.istitle(), word.isdigit()
        own = ["bias", "word.lower():" + lower] + ["word.isupper()"] * upper + ["word.istitle()"] * title
        own += ["word.isdigit()"] * digit
        b = i = 0.0
        for attr in own:
            wb, wi = w.get(attr, zero)
            b += wb
            i += wi
        out = [b, i]
        for side in ("-1", "+1"):
            for attr, present in (("word.lower():" + lower, True), ("word.istitle()", title), ("word.isupper()", upper)):
                out += w.get(f"{side}:{attr}", zero) if present else zero
        return out

    def _id(self, word: str) -> int:
        found = self.ids.get(word)
        if found is not None:
            return found
        n = self.size
        if n == len(self.codes):
            self.weights = np.concatenate([self.weights, np.zeros_like(self.weights)])
            self.codes = np.concatenate([self.codes, np.full(n, -1, dtype=np.int64)])
            self.flags = np.concatenate([self.flags, np.zeros_like(self.flags)])
        if word:
            self.weights[n] = self._weights(word)
            self.codes[n] = self.syllables.get(word.lower(), -1)
            self.flags[n] = (word in _PUNCT, word[0].isdigit(), word[0].istitle())
        self.ids[word] = n
        self.size = n + 1
        return n

    def _grams(self, codes: np.ndarray, span: int, keys: np.ndarray) -> np.ndarray:
        """Whether the ``span`` codes starting at each position form a dictionary n-gram."""
        n = len(codes) - span + 1
        if n <= 0:
            return np.zeros(0, dtype=bool)
        key = np.zeros(n, dtype=np.int64)
        known = np.ones(n, dtype=bool)
        for j in range(span):
            part = codes[j : j + n]
            key = key * self.k + part
            known &= part >= 0
        at = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
        return known & (keys[at] == key)

    def joins(self, words: list[str], lengths: list[int]) -> list[bool]:
        found = list(map(self.ids.get, words))
        if None in found:  # words met for the first time
            new = self._id
            found = [i if i is not None else new(w) for i, w in zip(found, words)]
        ids = np.array(found, dtype=np.int64)
        n = len(ids)
        ends = np.cumsum(lengths)
        starts = ends - np.asarray(lengths)
        first = np.zeros(n + 2, dtype=bool)  # first[i]: position i starts a sentence
        first[starts] = True
        first[n] = first[n + 1] = True
        first = first[: n + 2]
        prev = np.concatenate([[0], ids[:-1]])
        prev[first[:n]] = 0
        nxt = np.concatenate([ids[1:], [0]])
        nxt[first[1 : n + 1]] = 0
        codes = self.codes[ids]
        bi = np.zeros(n + 1, dtype=bool)  # bi[i]: positions i-1 and i form a dictionary bigram, same sentence
        bi[1:n] = self._grams(codes, 2, self.bigram_keys) & ~first[1:n]
        tri = np.zeros(n + 2, dtype=bool)  # tri[i]: i-2, i-1, i form a trigram within a sentence
        tri[2:n] = self._grams(codes, 3, self.trigram_keys) & ~first[1 : n - 1] & ~first[2:n]
        own, before, after = self.weights[ids], self.weights[prev], self.weights[nxt]
        scores = []
        for label in (0, 1):
            s = own[:, label].copy()
            for slot in (2, 4, 6):
                s += before[:, slot + label]
            s += np.where(bi[:n], self.bi_prev[label], 0.0)
            s += np.where(tri[:n], self.tri_prev[label], 0.0)
            for slot in (8, 10, 12):
                s += after[:, slot + label]
            s += np.where(bi[1 : n + 1], self.bi_next[label], 0.0)
            s += np.where(tri[2 : n + 2], self.tri_next[label], 0.0)
            scores.append(s.tolist())
        labels = [0] * n
        for a, b in zip(starts.tolist(), ends.tolist()):
            if b > a:
                viterbi2(scores[0], scores[1], self.model.transitions, a, b, labels)
        flags = self.flags[ids]
        punct, digit, title = flags[:, 0], flags[:, 1], flags[:, 2]
        out = np.asarray(labels, dtype=bool)
        out[1:] &= ~punct[1:] & ~punct[:-1] & ~digit[1:] & ~digit[:-1] & ~(title[1:] & ~title[:-1])
        out &= ~first[:n]
        return out.tolist()


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


def unit_pattern(text: str) -> re.Pattern[str]:
    """A pattern cutting ``text`` (or any part of it) into exactly pyvi's units, the fastest one for it."""
    return _LEAN_PATTERNS["://" in text, "@" in text]
