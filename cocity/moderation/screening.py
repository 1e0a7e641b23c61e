"""Automatic screening before publishing: explainable rules, each giving its reason.

No rule decides alone: a rule either *flags* content (it is published and a moderator is asked
to look) or *holds* it (it waits, unpublished, for a moderator). The moderator sees every
reason. Rules:

- `word`: a term of the per-language word lists (ScreeningTerm), matched on whole words after
  normalising case and accents, so "Assen", "classe" or "Wiener" never match "ass" or "wien";
  letters spaced or dotted out to dodge it ("c o n n a r d", "p.u.t.a.i.n") match too; a term
  split in two real words ("conn ard") only flags.
- `links`: more than settings.COCITY_MAX_LINKS links holds; any link from an account younger
  than a day flags.
- `repeat`: the same text posted again by the same person within a day holds; a character or
  word repeated over and over flags.
- `rate`: more than settings.COCITY_POSTS_PER_HOUR_ACCOUNT posts in an hour from one account,
  or COCITY_POSTS_PER_HOUR_IP from one IP address, holds.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

HOLD = "hold"
FLAG = "flag"


@dataclass(frozen=True)
class Flag:
    rule: str  # word, links, repeat, rate
    action: str  # hold or flag
    detail: str  # why, in words, for the moderator

    def as_json(self) -> dict[str, str]:
        return {"rule": self.rule, "action": self.action, "detail": self.detail}


@dataclass
class Screening:
    flags: list[Flag] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return any(f.action == HOLD for f in self.flags)

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


# --- Words --------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Lower case, accents removed, ligatures and full-width forms folded (NFKD)."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()


WORD = re.compile(r"\w+")
# Single letters separated by spaces, dots, dashes, stars or underscores: "c o n n a r d".
SPACED = re.compile(r"(?<!\w)(?:[^\W\d_][\s.\-*_]+){2,}[^\W\d_](?!\w)")


def _words(text: str) -> list[str]:
    return WORD.findall(text)


def _respaced(text: str) -> str:
    """Join letters spelled out one by one, so "p.u.t.a.i.n" reads "putain"."""
    return SPACED.sub(lambda m: re.sub(r"[\s.\-*_]+", "", m.group(0)), text)


def _term_pattern(term: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in _words(normalise(term))]
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)")


def match_terms(text: str, terms: Iterable[tuple[str, str, str]]) -> list[Flag]:
    """Screen `text` against (language, term, action) triples; one flag per term found."""
    plain = normalise(text)
    joined = _respaced(plain)
    words = _words(plain)
    pairs = {a + b for a, b in itertools.pairwise(words)}
    flags = []
    language_names = dict(settings.LANGUAGES)
    for language, term, action in terms:
        pattern = _term_pattern(term)
        name = str(language_names.get(language, language))
        if pattern.search(plain) or pattern.search(joined):
            detail = _("Contains “%(term)s” from the %(language)s word list.") % {
                "term": term,
                "language": name,
            }
            flags.append(Flag("word", action, detail))
        elif " " not in term.strip() and normalise(term) in pairs:
            detail = _("Contains “%(term)s” (%(language)s word list) split in two.") % {
                "term": term,
                "language": name,
            }
            flags.append(Flag("word", FLAG, detail))
    return flags


def screening_terms() -> list[tuple[str, str, str]]:
    from cocity.moderation.models import ScreeningTerm

    return list(ScreeningTerm.objects.values_list("language", "term", "action"))


# --- Links --------------------------------------------------------------------------------------

LINK = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|net|org|info|biz|ru|xyz|top|io)\b/?\S*")


def count_links(text: str) -> int:
    return len(LINK.findall(text))


def check_links(text: str, *, account_age: timedelta | None) -> list[Flag]:
    links = count_links(text)
    if links > settings.COCITY_MAX_LINKS:
        detail = _("%(count)d links (more than %(max)d): looks like spam.") % {
            "count": links,
            "max": settings.COCITY_MAX_LINKS,
        }
        return [Flag("links", HOLD, detail)]
    if links and account_age is not None and account_age < timedelta(days=1):
        return [Flag("links", FLAG, _("A link from an account created less than a day ago."))]
    return []


# --- Repetition ---------------------------------------------------------------------------------

REPEATED_CHARACTER = re.compile(r"(\S)\1{9,}")


def check_repetition(text: str, *, earlier_texts: Sequence[str] = ()) -> list[Flag]:
    """Flag shouting by repetition; hold a text the same person already posted."""
    flags = []
    key = " ".join(_words(normalise(text)))
    if key and any(" ".join(_words(normalise(t))) == key for t in earlier_texts):
        flags.append(Flag("repeat", HOLD, _("The same text was already posted in the last day.")))
    if REPEATED_CHARACTER.search(text):
        flags.append(Flag("repeat", FLAG, _("A character repeated ten times or more.")))
    words = _words(normalise(text))
    if len(words) >= 10:
        most = max(words.count(w) for w in set(words))
        if most / len(words) > 0.5:
            flags.append(Flag("repeat", FLAG, _("One word makes up more than half of the text.")))
    else:
        runs = re.search(r"(?<!\w)(\w+)(?:\W+\1(?!\w)){4,}", normalise(text))
        if runs:
            flags.append(Flag("repeat", FLAG, _("The same word five times in a row.")))
    return flags


# --- Rate ---------------------------------------------------------------------------------------


def _ip_key(address: str) -> str:
    hour = timezone.now().strftime("%Y%m%d%H")
    return f"cocity:posts:ip:{address}:{hour}"


def count_post_from_address(address: str) -> int:
    """Count one post from this IP address in the current hour; return the hour's count."""
    if not address:
        return 0
    key = _ip_key(address)
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        return 1


def check_rate(*, account_posts_last_hour: int, address_posts_this_hour: int) -> list[Flag]:
    flags = []
    if account_posts_last_hour > settings.COCITY_POSTS_PER_HOUR_ACCOUNT:
        detail = _("%(count)d posts from this account in the last hour (limit %(max)d).") % {
            "count": account_posts_last_hour,
            "max": settings.COCITY_POSTS_PER_HOUR_ACCOUNT,
        }
        flags.append(Flag("rate", HOLD, detail))
    if address_posts_this_hour > settings.COCITY_POSTS_PER_HOUR_IP:
        detail = _("%(count)d posts from this IP address this hour (limit %(max)d).") % {
            "count": address_posts_this_hour,
            "max": settings.COCITY_POSTS_PER_HOUR_IP,
        }
        flags.append(Flag("rate", HOLD, detail))
    return flags


def screen_text(
    text: str,
    *,
    terms: Iterable[tuple[str, str, str]] = (),
    account_age: timedelta | None = None,
    earlier_texts: Sequence[str] = (),
) -> Screening:
    """Every text rule on one text (no database access: the caller gathers the inputs)."""
    return Screening(
        [
            *match_terms(text, terms),
            *check_links(text, account_age=account_age),
            *check_repetition(text, earlier_texts=earlier_texts),
        ]
    )


def author_context(author: Any, *, exclude_idea: int | None = None,
                   exclude_comment: int | None = None) -> tuple[int, list[str]]:  # fmt: skip
    """(posts in the last hour, texts posted in the last day) of this author, from the database."""
    from cocity.ideas.models import Comment, Idea

    now = timezone.now()
    day = now - timedelta(days=1)
    ideas = Idea.objects.filter(author=author, created_at__gte=day).exclude(pk=exclude_idea)
    comments = Comment.objects.filter(author=author, created_at__gte=day).exclude(
        pk=exclude_comment
    )
    hour = now - timedelta(hours=1)
    recent = (
        ideas.filter(created_at__gte=hour).count() + comments.filter(created_at__gte=hour).count()
    )
    texts = [f"{t}\n{b}" for t, b in ideas.values_list("title", "body")[:50]]
    texts += list(comments.values_list("body", flat=True)[:50])
    return recent, texts
