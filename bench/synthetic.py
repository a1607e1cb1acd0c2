"""Synthetic offer folders for benchmarks: N offers from N/10 providers, fixed seed."""

from __future__ import annotations

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


def offers(n: int, seed: int = 7):
    """Yield (provider_slug, offer_slug, front matter dict, body) for n offers."""
    rng = random.Random(seed)
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
        body = "\n\n".join(" ".join(sentence(rng, 12) for _ in range(3)) for _ in range(2))
        yield f"traeger-{index % max(1, n // 10)}", f"angebot-{index}", data, body


def write_offers(folder: Path, n: int) -> None:
    for provider, slug, data, body in offers(n):
        target = folder / provider
        if not target.exists():
            target.mkdir(parents=True)
            (target / "traeger.yml").write_text(f"name: Träger {provider}\nemail: {provider}@example.org\n", encoding="utf-8")
        text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n\n" + body + "\n"
        (target / f"{slug}.md").write_text(text, encoding="utf-8")


def write_articles(folder: Path, n: int) -> None:
    """The same texts as ordinary Pelican articles (category = first area, tags = towns)."""
    folder.mkdir(parents=True, exist_ok=True)
    for provider, slug, data, body in offers(n):
        meta = (
            f"Title: {data['title']}\nDate: {data['reviewed']}\nCategory: {data['areas'][0]}\n"
            f"Tags: {', '.join(data['municipalities'])}\nAuthor: {provider}\nSlug: {slug}\nSummary: {data['summary']}\n"
        )
        (folder / f"{slug}.md").write_text(meta + "\n" + body + "\n", encoding="utf-8")
