"""Loose spelling for search: `portal_fold(text)`, a SQL function.

People type the names of places, members and expertise areas in Cyrillic or
in Latin letters, with Russian letters for the Kyrgyz ones (`о` for `ө`,
`у` for `ү`, `н` for `ң`) and in any case: `Naryn`, `naryn`, `Нарын` and
`нарын` must find the same members. Both sides of a search go through one
deterministic function of the database, `portal_fold(text)` (IMMUTABLE,
created by municipalities/migrations/0007_search_folding.py): the stored
search columns (`search_folded`, trigram-indexed) are generated from it and
the typed words are folded by it at query time (`Fold` below), so the two
always agree and the search stays an indexed `LIKE '%word%'`.

The function, step by step:

1. Lower case (`lower()`: the database has a UTF-8 locale, see README, so
   Cyrillic and Ө, Ү, Ң fold too).
2. Letters written with more than one Latin letter:

   | from | to | from | to |
   |------|----|------|----|
   | ш, щ | sh | ю | iu |
   | ч    | ch | я | ia |
   | ş    | sh | ç | ch |

3. Letters written with one Latin letter (and marks that are dropped):

   | from | to | from | to | from | to |
   |------|----|------|----|------|----|
   | а ә á à â ä | a | б | b | в w | v |
   | г ғ ğ | g | д | d | е ё э é è ê ë | e |
   | ж | j | з | z | и й ы і y ý ı í ì î ï | i |
   | к қ q | k | л | l | м | m |
   | н ң ñ | n | о ө ö ó ò ô | o | п | p |
   | р | r | с | s | т | t |
   | у ү ў ұ ü ú ù û | u | ф | f | х ҳ һ | h |
   | ц | c | ъ ь ' ’ ʼ ` ´ | (dropped) | - ‐ ‑ – — | (dropped) |

4. Latin spellings of the same sounds, in this order: `shch`→`sh`,
   `dzh`→`j`, `dj`→`j`, `zh`→`j`, `kh`→`h`, `ts`→`c`, `ng`→`n`, `x`→`ks`.
5. Anything else that is not a letter or a digit becomes one space.
6. The ends are trimmed, and a Latin letter repeated is written once
   (`ss`→`s`, `уу`→`u`, `ий`→`i`; runs of up to eight letters).

So `Issyk-Kul`, `Иссык-Куль` → `isikul`; `Ысык-Көл`, `Ысык-Кол`,
`Yssyk-Köl` → `isikol`; `Naryn`, `НАРЫН` → `narin`; `Osh`, `Ош` → `osh`;
`Жалал-Абад`, `Dzhalal-Abad`, `Djalal-Abad` → `jalalabad`; `byudzhet`,
`бюджет` → `biujet`; `Кеңеш`, `кенеш`, `Kengesh` → `kenesh`; `Чүй`, `Chuy`,
`Chüy` → `chui`. Hyphens are dropped rather than spaced, so `Issyk Kul`
(two words) finds what `Issyk-Kul` finds.

Not made to meet (different words, not spellings): Kyrgyz and Russian forms
with other vowels (`Көл`/`Куль`, `Өзгөн`/`Узген`); they meet because the
searched columns hold the names in every language. A Russian `е` typed as
`ye` (`Yenisei`) and Uzbek-Latin `x` for `х` do not meet.

Changing the rules means a new migration that replaces the function and
rewrites the generated columns that call it (e.g. `UPDATE t SET name = name`),
since stored values are not recomputed by themselves.
"""

from django.db import models
from django.db.models.functions import Coalesce, Concat


class Fold(models.Func):
    """`portal_fold(expression)`: the search spelling of a text (see above)."""

    function = "portal_fold"
    output_field = models.TextField()


def folded_words(text: str) -> list[models.Func]:
    """The typed words, each folded by the database (empty input: none)."""
    return [Fold(models.Value(word)) for word in (text or "").split()]


def folded_document(*fields) -> Fold:
    """The folded concatenation of text columns (empty when null), for a
    generated, trigram-indexed search column."""
    parts = []
    for field in fields:
        parts += [
            Coalesce(field, models.Value(""), output_field=models.TextField()),
            models.Value(" "),
        ]
    return Fold(Concat(*parts, output_field=models.TextField()))


class Words(models.Func):
    """`portal_words(expression)`: the distinct words of a folded text, in
    the order they first occur, joined by one space (SQL function of
    consultants/migrations/0014_search_words.py, IMMUTABLE). A search
    column of a few hundred characters, stored uncompressed in the row, is
    what the trigram index's hits are checked against: a word found in the
    folded document is found in its distinct words, and the reverse."""

    function = "portal_words"
    output_field = models.TextField()
