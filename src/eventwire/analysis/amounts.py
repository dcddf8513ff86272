"""Money and quantities normalised to value, ISO 4217 currency or unit, and a qualifier."""

from __future__ import annotations

import re
from dataclasses import dataclass

SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB", "₴": "UAH"}
CODES = {"usd", "eur", "gbp", "jpy", "cny", "rub", "uah", "inr", "chf", "cad", "aud", "sek", "nok", "dkk", "pln"}
WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
    "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rouble": "RUB", "roubles": "RUB",
    "ruble": "RUB", "rubles": "RUB", "hryvnia": "UAH", "hryvnias": "UAH", "rupee": "INR", "rupees": "INR",
    "franc": "CHF", "francs": "CHF",
}
CURRENCY_WORDS = frozenset(WORDS) | CODES

SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9,
    "b": 1e9, "trillion": 1e12, "tn": 1e12, "hundred": 1e2, "dozen": 12,
}
NUMBER_WORDS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "hundred": 100, "hundreds": 100, "dozens": 12, "thousands": 1000, "millions": 1e6, "billions": 1e9,
}
QUALIFIERS = [
    (re.compile(r"^(nearly|almost|about|around|roughly|approximately|some|close to|an estimated)\b\s*", re.I),
     "approximate"),
    (re.compile(r"^(at least|more than|over|upwards of|in excess of|no less than)\b\s*", re.I), "at_least"),
    (re.compile(r"^(at most|up to|less than|under|no more than|fewer than)\b\s*", re.I), "at_most"),
]
_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)")


@dataclass(frozen=True)
class ParsedAmount:
    value: float
    currency: str | None
    unit: str | None
    qualifier: str


def parse_amount(text: str, unit_hint: str | None = None) -> ParsedAmount | None:
    """'nearly $8 billion' -> 8e9 USD approximate; '8bn euros' -> 8e9 EUR; 'two million' -> 2e6."""
    phrase = " ".join(text.replace("\u00a0", " ").split())
    qualifier = "exact"
    for pattern, name in QUALIFIERS:
        stripped = pattern.sub("", phrase)
        if stripped != phrase:
            phrase, qualifier = stripped, name
            break
    currency = None
    lowered = phrase.lower()
    for symbol, code in sorted(SYMBOLS.items(), key=lambda kv: -len(kv[0])):
        if lowered.startswith(symbol) or lowered.endswith(symbol):
            currency = code
            lowered = lowered.replace(symbol, " ", 1)
            break
    tokens = re.findall(r"\d[\d,]*(?:\.\d+)?|[a-z$€£]+", lowered)
    value: float | None = None
    scale = 1.0
    for token in tokens:
        if _NUMBER.fullmatch(token):
            value = float(token.replace(",", ""))
        elif token in SCALES and (value is not None or token in {"thousand", "million", "billion", "trillion"}):
            scale *= SCALES[token]
        elif token in CODES and currency is None:
            currency = token.upper()
        elif token in WORDS and currency is None:
            currency = WORDS[token]
        elif token in NUMBER_WORDS and value is None:
            value = float(NUMBER_WORDS[token])
        elif re.fullmatch(r"\d+(bn|m|k|tn|mn)", token):
            pass
    for token in re.findall(r"(\d[\d,]*(?:\.\d+)?)(bn|mn|m|k|tn|b)\b", lowered):
        value, scale = float(token[0].replace(",", "")), SCALES[token[1]]
    if value is None:
        if scale > 1:
            value = 1.0
        else:
            return None
    return ParsedAmount(value * scale, currency, None if currency else unit_hint, qualifier)
