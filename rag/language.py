"""Which language a question is written in, when it is plainly not English ("¿Quién ganó el Super Bowl?").

The embedding model (all-MiniLM-L6-v2) was trained on English: a question in another language is rarely like the
passage that answers it, even when the article is indexed, and it is refused. The refusal then says so, and what to
do, instead of only "I found nothing". Told by the small words each language cannot do without (articles,
question words, common verbs); a question needs two of one language's, and more of them than of English's, so that a
name ("El Paso", "Die Hard") never makes an English question foreign.
"""

from __future__ import annotations

from .text import STOPWORDS, words

# each language's words that English never writes as words of its own
_WORDS: dict[str, frozenset[str]] = {
    "Spanish": frozenset(
        "qué que quién quiénes cuándo cuando dónde donde cómo cuál cuáles cuánto cuánta cuántos cuántas por porque "
        "el los las del una es está están fue fueron ganó dijo sobre para con hoy noticias pasó ha han hay sus "
        "también según entre después desde hasta en se".split()
    ),
    "French": frozenset(
        "qui quoi quand où comment pourquoi quel quelle quels quelles est sont le la les des du une et sur pour dans "
        "avec nouvelles gagné été que il se en ce cette ces ont au aux selon après".split()
    ),
    "German": frozenset(
        "wer wann wo wie warum welche welcher welches ist sind der das den dem und ein eine einen hat haben "
        "gewonnen über heute nachrichten nicht mit für von zu im sich wurde wurden auf nach".split()
    ),
    "Italian": frozenset(
        "chi cosa quando dove perché quale quali il lo gli della delle degli è sono ha hanno vinto oggi notizie "
        "per con su del nel dopo anche".split()
    ),
    "Portuguese": frozenset(
        "quem quando onde porque qual quais os do da dos das é são ganhou hoje notícias em para com "
        "foi disse sobre uma não também depois".split()
    ),
    "Dutch": frozenset(
        "wie wat wanneer waar hoe waarom welke de het een en van heeft hebben gewonnen vandaag nieuws niet met "
        "voor op werd zijn".split()
    ),
}
_SPANISH_MARKS = ("¿", "¡")
# an English question opens with one of these: "Who directed El Laberinto del Fauno?" is English
_ENGLISH_OPENING = frozenset(
    "who whom whose what when where why how which did does do can could will would should".split()
)


def foreign_language(question: str) -> str | None:
    """The language `question` is plainly written in when it is not English ("Spanish" for "¿Quién ganó el Super
    Bowl?", "German" for "Wer hat die Wahl gewonnen?"), "another language" when two tie; None for English, for a
    question too short to tell, and for an English question naming a foreign title ("Who directed El Laberinto
    del Fauno?" holds two Spanish words and four English ones)."""
    found = words(question)
    english = sum(w in STOPWORDS for w in found)
    scores = {lang: sum(w in own and w not in STOPWORDS for w in found) for lang, own in _WORDS.items()}
    if any(mark in question for mark in _SPANISH_MARKS):
        scores["Spanish"] += 2
    best = max(scores.values())
    if best < 2 or best <= english or (found and found[0] in _ENGLISH_OPENING):
        return None
    leaders = [lang for lang, score in scores.items() if score == best]
    return leaders[0] if len(leaders) == 1 else "another language"


def language_note(language: str) -> str:
    """What a refusal of a question in `language` adds."""
    written = "in another language" if language == "another language" else f"in {language}"
    return (
        f"The question seems to be written {written}: newsrag's search model reads English best, "
        "so asking in English may find what you are looking for."
    )
