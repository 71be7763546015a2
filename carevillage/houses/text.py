"""Words of the village's four languages: word forms, compounds, typos, snippets.

Pure functions, no database: the search index (services) and the search (selectors) both
use them, so a word is cut into the same stems when it is stored and when it is searched.

Stems come from the Snowball stemmers (the `snowballstemmer` package; PostgreSQL's
`finnish`, `swedish`, `norwegian` and `english` text search configurations run the same
Snowball algorithms). Stemming alone is not enough for two things:

- Finnish stem alternation: Snowball stems "masennus" to "masennus" but "masennuksen" to
  "masennuks", "lapsi" to "lap" but "lapsen" to "laps". A Finnish query stem of six or more
  letters therefore loses its last letter and matches as a prefix ("masennu*").
- Compounds: Swedish and Norwegian (and Finnish) write "pollenallergi", "hjertesvikt" as
  one word. A query stem of four or more letters also matches inside a stored word.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from carevillage.portal import languages

WORD = re.compile(r"\w+", re.UNICODE)
TAG = re.compile(r"<[^>]*>")
BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|div)>|<br\s*/?>", re.I)

# Language code -> the Snowball algorithm, which is also PostgreSQL's configuration name.
SNOWBALL = {"fi": "finnish", "sv": "swedish", "nb": "norwegian", "en": "english"}
MIN_TERM = 2
MAX_TERMS = 10
# A query stem this long (or longer) also matches inside a compound.
MIN_COMPOUND_STEM = 4
MIN_SHORTER_STEM = 5
# Finnish: a query stem this long loses its last letter (see the module docstring).
FINNISH_TRIM_FROM = 6


def language_of(code: str | None) -> str:
    """The index language for a language code ("nb-no" -> "nb", nynorsk "nn" -> "nb": its
    content is the bokmål content, stemmed by the Norwegian Snowball stemmer); English if
    unknown."""
    short = languages.content_language((code or "en").lower()[:2])
    return short if short in SNOWBALL else "en"


@lru_cache(maxsize=8)
def _stemmer(language: str):  # noqa: ANN202 - snowballstemmer is untyped
    return snowballstemmer.stemmer(SNOWBALL[language_of(language)])


def words(text: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(text)]


def stem(word: str, language: str) -> str:
    return str(_stemmer(language).stemWord(word.casefold()))


def stems_of(text: str, language: str) -> str:
    """The stored form of a text: its stems, space separated, with a space at both ends.

    The spaces let a database `LIKE '% stem%'` find a word that starts with a stem.
    """
    found = _stemmer(language).stemWords(words(text))
    return f" {' '.join(found)} " if found else ""


def query_terms(query: str) -> list[str]:
    """The words of a query worth searching for (at least two letters or digits)."""
    return [w for w in words(query) if len(w) >= MIN_TERM][:MAX_TERMS]


@dataclass(frozen=True)
class Term:
    """One query word: as typed (folded), and the stem it matches stored words by."""

    word: str
    stem: str

    @property
    def matches_inside_words(self) -> bool:
        return len(self.stem) >= MIN_COMPOUND_STEM

    @property
    def shorter_stems(self) -> list[str]:
        """Stored stems that are a form of this word although they are shorter than its stem.

        Snowball stems Swedish "inhalator" to "inhalat" but "inhalatorer" to "inhalator":
        a stored stem that is the query stem less up to three letters (five letters at
        least) is the same word.
        """
        shortest = max(MIN_SHORTER_STEM, len(self.stem) - 3)
        return [self.stem[:n] for n in range(shortest, len(self.stem))]


def query_stem(word: str, language: str) -> str:
    found = stem(word, language)
    if language_of(language) == "fi" and len(found) >= FINNISH_TRIM_FROM:
        found = found[:-1]
    return found


def terms_of(query: str, language: str) -> list[Term]:
    seen: dict[str, Term] = {}
    for word in query_terms(query):
        term = Term(word=word, stem=query_stem(word, language))
        seen.setdefault(term.stem, term)
    return list(seen.values())


# --- how well a text matches -------------------------------------------------------------

EXACT, WORD_FORM, COMPOUND = 3, 2, 1


def match_strength(term: Term, stored_stems: str) -> int:
    """3: the same word; 2: a form of it (stem prefix); 1: inside a compound; 0: no match."""
    if not stored_stems:
        return 0
    if f" {term.stem} " in stored_stems:
        return EXACT
    if f" {term.stem}" in stored_stems:
        return WORD_FORM
    if any(f" {shorter} " in stored_stems for shorter in term.shorter_stems):
        return WORD_FORM
    if term.matches_inside_words and term.stem in stored_stems:
        return COMPOUND
    return 0


# --- typos ------------------------------------------------------------------------------


def trigrams(word: str) -> set[str]:
    """The trigrams of a word as PostgreSQL's pg_trgm counts them (two spaces before, one after)."""
    padded = f"  {word.casefold()} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all trigrams of both words."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


# --- plain text and snippets ------------------------------------------------------------


def plain_paragraphs(rich_text: str) -> list[str]:
    """The paragraphs of rich text (HTML) as plain text, whitespace collapsed."""
    text = html.unescape(TAG.sub(" ", BLOCK_END.sub("\n", rich_text)))
    return [" ".join(p.split()) for p in text.split("\n") if p.strip()]


SNIPPET_CHARS = 220


def _word_spans(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in WORD.finditer(text)]


def _mark_span(word: str, term: Term, language: str) -> tuple[int, int] | None:
    """Which part of a word a term matched: the whole word for a word form, else the part."""
    folded = word.casefold()
    word_stem = stem(folded, language)
    if word_stem == term.stem or folded == term.word:
        return 0, len(word)
    if word_stem.startswith(term.stem) and len(word_stem) - len(term.stem) <= 3:
        return 0, len(word)
    if word_stem in term.shorter_stems:
        return 0, len(word)
    for needle in (term.word, term.stem):
        if term.matches_inside_words or folded.startswith(needle):
            at = folded.find(needle)
            if at >= 0 and len(needle) >= MIN_TERM:
                return at, at + len(needle)
    return None


def passage_score(paragraph: str, terms: list[Term], language: str) -> int:
    stems = stems_of(paragraph, language)
    return sum(match_strength(t, stems) for t in terms)


def snippet_parts(passages: list[str], terms: list[Term], language: str) -> list[tuple[str, bool]]:
    """A short passage around the first match, as (text, is_match) pieces, whole words only.

    The passage is the one that matches best; when none does (a title-only match), the
    first passage (the summary). Repeated boilerplate such as a "demo content" notice
    matches no query about health, so it is never the chosen passage.
    """
    if not passages:
        return []
    scored = [(passage_score(p, terms, language), -i, p) for i, p in enumerate(passages)]
    best = max(scored)
    text = best[2] if best[0] > 0 else passages[0]
    spans = _word_spans(text)
    marks: list[tuple[int, int]] = []
    for start, _end, word in spans:
        for term in terms:
            span = _mark_span(word, term, language)
            if span is not None:
                marks.append((start + span[0], start + span[1]))
                break
    first = marks[0][0] if marks else 0
    begin = 0
    if first > SNIPPET_CHARS // 3:
        # Start at a word, a few words before the first match.
        earlier = [s for s, _e, _w in spans if s <= first - SNIPPET_CHARS // 3]
        begin = earlier[-1] if earlier else 0
    end = len(text)
    if end - begin > SNIPPET_CHARS:
        # End after the last whole word that fits.
        fitting = [e for _s, e, _w in spans if begin < e <= begin + SNIPPET_CHARS]
        end = fitting[-1] if fitting else begin + SNIPPET_CHARS
        # Keep a sentence's closing punctuation right after the last word.
        while end < len(text) and text[end] in ".,;:!?)”\"'":
            end += 1
    parts: list[tuple[str, bool]] = []
    if begin:
        parts.append(("… ", False))
    last = begin
    for start, stop in marks:
        if start < begin or stop > end:
            continue
        parts.append((text[last:start], False))
        parts.append((text[start:stop], True))
        last = stop
    parts.append((text[last:end], False))
    if end < len(text):
        parts.append((" …", False))
    return [(t, m) for t, m in parts if t]
