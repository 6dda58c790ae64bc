"""A Chinese job title's English forms, so 产品经理 and 'Product Manager' can be one role.

The glosses come from CC-CEDICT (CC BY-SA 4.0), as the maintained `lindera-python-cc-cedict`
package embeds it in its wheel: nothing is downloaded, and no word list of ours is involved.
The title is looked up whole (产品经理 'product manager') or, when the dictionary has no entry
for it, word by word (销售 'sales' + 经理 'manager').
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice, product

from ocr.extract import cedict

GLOSSES_PER_WORD = 4
"""A word's first glosses are its common senses; later ones are rare or historical."""
MAX_FORMS = 32
"""English forms kept for one title: the glosses of its words, combined."""

_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORD = re.compile(r"[a-z]+")
_FILLER = frozenset(["a", "an", "the", "of", "and", "for", "in", "at", "to", "etc", "or"])


def _glosses(details: list[str]) -> list[frozenset[str]]:
    """A dictionary entry's senses as word sets. CC-CEDICT's entry is pinyin, traditional,
    simplified, then the senses separated by '/' (lindera splits that field at commas too);
    classifiers ('CL:个[ge4]', 'classifier for sheets') and remarks in parentheses are not
    the sense."""
    if len(details) < 8:
        return []
    out = []
    for sense in ",".join(details[7:]).split("/"):
        if sense.startswith(("CL:", "classifier")) or "[" in _PARENTHESES.sub("", sense):
            continue
        words = frozenset(_WORD.findall(_PARENTHESES.sub(" ", sense).lower())) - _FILLER
        if words and words not in out:
            out.append(words)
    return out[:GLOSSES_PER_WORD]


@lru_cache(maxsize=4096)
def english_forms(title: str) -> tuple[frozenset[str], ...]:
    """The title's English forms as word sets ({'product', 'manager'}), its usual one first;
    none when a word of it has no entry (a name, a typo, a rare term)."""
    words = [token.details for token in cedict().tokenize(title)]
    senses = [_glosses(details) for details in words]
    if not senses or not all(senses):
        return ()
    combined = islice(product(*senses), MAX_FORMS)
    return tuple(frozenset().union(*parts) for parts in combined)
