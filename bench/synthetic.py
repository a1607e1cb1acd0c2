"""Synthetic offer folders for benchmarks: N offers from N/10 providers, fixed seed.

Two shapes: ``"small"`` (the default: short bodies of a few dozen words from a list of 36, as the
earlier benchmarks used) and ``"realistic"`` (each body about 4 KB of Markdown, paragraphs, a list,
bold words and a link, its words drawn as in real text: a few very common ones and a long Zipf
tail of German words and compounds from Debian's word list; so that the search index, the
Markdown and the pages weigh as they do with real offers)."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORDS = (
    "Eltern Kinder Beratung Familie Treffpunkt Hebamme Sprache Kurs Schule Ausbildung Hilfe Jugendliche "
    "Begleitung Gruppe Woche Anmeldung kostenlos Förderung Spiel Bewegung Gesundheit Entwicklung Alltag "
    "Fragen Unterstützung Zuhause Besuch Arbeit Bewerbung Praktikum Deutsch Integration Freizeit Sport"
).split()


def taxonomy() -> dict:
    return yaml.safe_load((ROOT / "taxonomie.yml").read_text(encoding="utf-8"))


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


COMMON = ("und der die das in mit für zu den von ist sich auf eine ein im dem nicht es auch an werden "
          "aus bei oder um wir sie ihr ihre kann können wird nach über wie so am vom zum zur").split()
DICTIONARY = Path("/usr/share/dict/ngerman")  # Debian's wngerman (the Makefile installs it)


class _Words:
    """Words as real text has them: the common ones often, then a long Zipf tail of German words
    (Debian's word list: real words, real compounds), in an order fixed by the seed."""

    def __init__(self, rng: random.Random, size: int = 60_000):
        if not DICTIONARY.is_file():
            raise SystemExit(f"{DICTIONARY} fehlt: das Debian-Paket wngerman installieren (make debian).")
        listed = [w for w in DICTIONARY.read_text(encoding="utf-8").split() if w.isalpha()]
        rng.shuffle(listed)
        self.words = COMMON + listed[:size]
        self.cumulative = list(itertools.accumulate(1.0 / (rank + 1) ** 1.05 for rank in range(len(self.words))))
        self.rng = rng

    def take(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=count)


def _sentence(words: list[str]) -> str:
    return " ".join(words).capitalize() + "."


def realistic_body(rng: random.Random, words: _Words) -> str:
    """About 4 KB of Markdown: paragraphs, a bold phrase, a list and a link."""
    parts = []
    while sum(len(p) for p in parts) < 3600:
        kind = rng.random()
        if kind < 0.15:
            parts.append("\n".join(f"- {_sentence(words.take(rng.randint(3, 8)))}" for _ in range(rng.randint(2, 5))))
        else:
            sentences = [_sentence(words.take(rng.randint(6, 16))) for _ in range(rng.randint(2, 5))]
            if kind < 0.3:
                sentences[0] = f"**{sentences[0]}**"
            if kind > 0.9:
                sentences[-1] += f" Mehr unter [{words.take(1)[0]}](https://example.org/{rng.randint(1, 10**6)})."
            parts.append(" ".join(sentences))
    return "\n\n".join(parts)


def offers(n: int, seed: int = 7, shape: str = "small"):
    """Yield (provider_slug, offer_slug, front matter dict, body) for n offers."""
    rng = random.Random(seed)
    words = _Words(random.Random(seed + 1)) if shape == "realistic" else None
    tax = taxonomy()
    areas = [a["slug"] for a in tax["lebensbereiche"]]
    towns = [t["slug"] for t in tax["orte"] if not t.get("kreisweit")]
    for index in range(n):
        age_from = rng.choice([0, 0, 0.5, 1, 3, 6, 10, 14, 16, 18])
        data = {
            "title": f"{sentence(rng, 3)[:-1]} {index}",
            "summary": sentence(rng, 14),
            "areas": rng.sample(areas, rng.randint(1, 3)),
            "age_from": age_from,
            "age_to": age_from + rng.choice([1, 3, 6, 9, 12]),
            "municipalities": ["kreisweit"] if rng.random() < 0.1 else rng.sample(towns, rng.randint(1, 3)),
            "reviewed": f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
            "cost": rng.choice(["kostenlos", "10 Euro", "nach Einkommen"]),
            "languages": rng.sample(["de", "en", "ar", "tr", "uk", "ru"], rng.randint(1, 3)),
            "contacts": [{
                "name": f"Person {index}",
                "role": "Beratung",
                "phone": f"02541 {100000 + index}",
                "email": f"person{index}@example.org",
            }],
        }
        if words is None:
            body = "\n\n".join(" ".join(sentence(rng, 12) for _ in range(3)) for _ in range(2))
        else:
            data["title"] = f"{' '.join(words.take(3)).capitalize()} {index}"
            data["summary"] = _sentence(words.take(14))
            body = realistic_body(rng, words)
        yield f"traeger-{index % max(1, n // 10)}", f"angebot-{index}", data, body


def write_offers(folder: Path, n: int, shape: str = "small") -> None:
    for provider, slug, data, body in offers(n, shape=shape):
        target = folder / provider
        if not target.exists():
            target.mkdir(parents=True)
            (target / "traeger.yml").write_text(f"name: Träger {provider}\nemail: {provider}@example.org\n", encoding="utf-8")
        text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n\n" + body + "\n"
        (target / f"{slug}.md").write_text(text, encoding="utf-8")


def write_articles(folder: Path, n: int, shape: str = "small") -> None:
    """The same texts as ordinary Pelican articles (category = first area, tags = towns)."""
    folder.mkdir(parents=True, exist_ok=True)
    for provider, slug, data, body in offers(n, shape=shape):
        meta = (
            f"Title: {data['title']}\nDate: {data['reviewed']}\nCategory: {data['areas'][0]}\n"
            f"Tags: {', '.join(data['municipalities'])}\nAuthor: {provider}\nSlug: {slug}\nSummary: {data['summary']}\n"
        )
        (folder / f"{slug}.md").write_text(meta + "\n" + body + "\n", encoding="utf-8")
