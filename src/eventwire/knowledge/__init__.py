"""Knowledge kept as data: countries, organisations, agents, roles and event patterns.

The bundled YAML files live in `knowledge/data/`. Users extend or override them with their own files
of the same shape (`Knowledge.load(extra=[...])` or the `EVENTWIRE_KNOWLEDGE` environment variable,
a list of paths separated by the OS path separator). A user entry with the same key as a bundled one
(country iso3, organisation name, pattern id) replaces it.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"
ENV_EXTRA = "EVENTWIRE_KNOWLEDGE"


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Organization:
    name: str
    code: str
    kind: str = "organization"
    sector: str | None = None
    country: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Office:
    """A role a known person held: in a country (with a sector) or in an organisation, with its dates."""

    title: str
    country: str | None = None
    organization: str | None = None
    sector: str | None = None
    start: date | None = None
    end: date | None = None

    def held_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class KnownPerson:
    name: str
    aliases: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()


@dataclass(frozen=True)
class Agent:
    word: str
    sector: str
    label: str


@dataclass(frozen=True)
class CameoCode:
    """A CAMEO code's facts: its PLOVER equivalent, QuadClass and Goldstein score."""

    code: str
    plover: str | None = None
    mode: str | None = None
    context: str | None = None
    quad_class: int | None = None  # 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
    goldstein: float | None = None

    @property
    def root(self) -> str:
        return self.code[:2]


@dataclass(frozen=True)
class EventPattern:
    id: str
    lemmas: tuple[str, ...]
    pos: str  # VERB or NOUN
    cameo: str
    plover: str
    mode: str | None = None
    preps: tuple[str, ...] = ()  # the trigger needs one of these prepositions (arrive *in*)
    particle: str | None = None  # phrasal verbs (take *over*)
    objects: tuple[str, ...] = ()  # light verbs: the object lemma that carries the event (hold *talks*)
    target_preps: tuple[str, ...] = ()  # prepositions whose object is the target
    source_preps: tuple[str, ...] = ()  # prepositions whose object is the source (for nouns: *from*)
    place_object: bool = False  # the direct object may be a place (visit Kyiv)
    speaker_source: bool = False  # said of someone: the speaker is the source, the trigger's subject the target
    modifiers: tuple[str, ...] = ()  # the trigger noun (light verbs: its object) has one of these modifiers
    clause_modals: tuple[str, ...] = ()  # a clause it governs has one of these auxiliaries ('said X *must* go')
    mutual: bool = False  # done together (talks, negotiations, phone calls): the other party is a source too
    description: str = ""


@dataclass
class Knowledge:
    countries: dict[str, Country] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    agents: dict[str, Agent] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)  # title (lower case) -> sector
    patterns: dict[str, EventPattern] = field(default_factory=dict)
    cameo_labels: dict[str, str] = field(default_factory=dict)
    cameo_codes: dict[str, CameoCode] = field(default_factory=dict)
    speech_verbs: set[str] = field(default_factory=set)  # lemmas that introduce reported speech (a clause)
    speech_object_verbs: set[str] = field(default_factory=set)  # ... whose content is their object
    speech_infinitive_verbs: set[str] = field(default_factory=set)  # ... whose content is a to-clause
    people: dict[str, KnownPerson] = field(default_factory=dict)  # by full name
    org_types: dict[str, str] = field(default_factory=dict)  # head noun of an organisation name -> sector
    plover_sectors: dict[str, str] = field(default_factory=dict)  # CAMEO sector -> PLOVER sector, where they differ
    contexts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # PLOVER context -> cue lemmas/phrases
    aid_kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)  # military/economic/humanitarian -> cues
    regions: dict[str, str] = field(default_factory=dict)  # a continent's name, alias or demonym -> its name
    _org_index: dict[str, Organization] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, extra: Iterable[str | Path] = ()) -> Knowledge:
        knowledge = cls()
        knowledge.cameo_labels = _load_cameo_labels(DATA_DIR / "cameo_codes.tsv")
        knowledge.cameo_codes = _load_cameo_codes(DATA_DIR / "cameo_plover.tsv")
        for path in _bundled_files():
            knowledge.add_file(path)
        for path in [*_env_extra(), *extra]:
            knowledge.add_file(Path(path))
        return knowledge

    def add_file(self, path: Path) -> None:
        """Merge one file: YAML (its top-level keys say what it holds), an actors CSV, or a PETRARCH/Phoenix
        actor dictionary (.txt)."""
        from eventwire.knowledge import importers

        try:
            if path.suffix.lower() == ".csv":
                data = importers.read_actor_csv(path)
            elif path.suffix.lower() in {".txt", ".dict", ".actors"}:
                data = importers.read_petrarch_actors(path)
            else:
                data = yaml.load(path.read_text(encoding="utf-8"), Loader=_KnowledgeLoader) or {}
        except (OSError, yaml.YAMLError, ValueError, csv.Error) as error:
            raise ValueError(f"knowledge file {path}: {error}") from error
        if isinstance(data, list):  # bundled files are bare lists named by their file
            data = {path.stem: data}
        for key, entries in data.items():
            adder = _ADDERS.get(key)
            if adder is None:
                raise ValueError(f"knowledge file {path}: unknown section {key!r} (known: {sorted(_ADDERS)})")
            for entry in (entries or []) if not isinstance(entries, dict) else [entries]:
                adder(self, entry)

    def add_country(self, entry: dict[str, Any]) -> None:
        country = Country(
            iso3=entry["iso3"],
            iso2=entry.get("iso2", ""),
            name=entry["name"],
            aliases=_strings(entry.get("aliases")),
            demonyms=_strings(entry.get("demonyms")),
            capitals=_strings(entry.get("capitals")),
            metonyms=_strings(entry.get("metonyms")),
        )
        self.countries[country.iso3] = country

    def add_organization(self, entry: dict[str, Any]) -> None:
        org = Organization(
            name=entry["name"],
            code=entry.get("code") or entry["name"].upper(),
            kind=entry.get("kind", "organization"),
            sector=entry.get("sector"),
            country=entry.get("country"),
            aliases=_strings(entry.get("aliases")),
        )
        self.organizations[org.name] = org

    def add_agents(self, entry: dict[str, Any]) -> None:
        label = entry.get("label") or entry["sector"].lower()
        for word in _strings(entry.get("words")):
            self.agents[word.lower()] = Agent(word=word.lower(), sector=entry["sector"], label=label)

    def add_roles(self, entry: dict[str, Any]) -> None:
        for title in _strings(entry.get("titles")):
            self.roles[title.lower()] = entry["sector"]

    def add_pattern(self, entry: dict[str, Any]) -> None:
        pattern = EventPattern(
            id=entry["id"],
            lemmas=_strings(entry["lemmas"]),
            pos=entry.get("pos", "VERB"),
            cameo=str(entry["cameo"]),
            plover=entry["plover"],
            mode=entry.get("mode"),
            preps=_strings(entry.get("preps")),
            particle=entry.get("particle"),
            objects=_strings(entry.get("objects")),
            target_preps=_strings(entry.get("target_preps")),
            source_preps=_strings(entry.get("source_preps")),
            place_object=bool(entry.get("place_object", False)),
            speaker_source=bool(entry.get("speaker_source", False)),
            modifiers=_strings(entry.get("modifiers")),
            clause_modals=_strings(entry.get("clause_modals")),
            mutual=bool(entry.get("mutual", False)),
            description=entry.get("description", ""),
        )
        self.patterns[pattern.id] = pattern

    def add_person(self, entry: dict[str, Any]) -> None:
        offices = tuple(
            Office(
                title=role["title"], country=role.get("country"), organization=role.get("organization"),
                sector=role.get("sector"), start=_date(role.get("start")), end=_date(role.get("end")),
            )
            for role in entry.get("roles") or ()
        )
        person = KnownPerson(name=entry["name"], aliases=_strings(entry.get("aliases")), offices=offices)
        self.people[person.name] = person

    def add_org_type(self, entry: dict[str, Any]) -> None:
        for head in _strings(entry.get("heads")):
            self.org_types[head.lower()] = entry["sector"]

    def add_plover_sectors(self, mapping: dict[str, str]) -> None:
        self.plover_sectors.update({str(k): str(v) for k, v in mapping.items()})

    def plover_sector(self, cameo_sector: str | None) -> str | None:
        return self.plover_sectors.get(cameo_sector, cameo_sector) if cameo_sector else None

    def add_context(self, entry: dict[str, Any]) -> None:
        name = entry["context"]
        self.contexts[name] = (*self.contexts.get(name, ()), *(c.lower() for c in _strings(entry.get("cues"))))

    def add_aid_kind(self, entry: dict[str, Any]) -> None:
        kind = entry["kind"]
        self.aid_kinds[kind] = (*self.aid_kinds.get(kind, ()), *(c.lower() for c in _strings(entry.get("cues"))))

    def add_region(self, entry: dict[str, Any]) -> None:
        for word in (entry["name"], *_strings(entry.get("aliases")), *_strings(entry.get("demonyms"))):
            self.regions[word] = entry["name"]

    def add_speech_verb(self, entry: str) -> None:
        self.speech_verbs.add(str(entry).lower())

    def add_speech_object_verb(self, entry: str) -> None:
        self.speech_object_verbs.add(str(entry).lower())

    def add_speech_infinitive_verb(self, entry: str) -> None:
        self.speech_infinitive_verbs.add(str(entry).lower())

    def organization(self, name_or_alias: str | None) -> Organization | None:
        """An organisation by its name or any alias."""
        if not name_or_alias:
            return None
        if not self._org_index or len(self._org_index) < len(self.organizations):
            self._org_index = {form: org for org in self.organizations.values() for form in (org.name, *org.aliases)}
        return self._org_index.get(name_or_alias)

    def cameo_code(self, code: str) -> CameoCode:
        """Facts of a code; a root's QuadClass when the table lacks the code."""
        known = self.cameo_codes.get(code) or self.cameo_codes.get(code[:3]) or self.cameo_codes.get(code[:2])
        if known is not None:
            return known
        root = int(code[:2]) if code[:2].isdigit() else 0
        quad = 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4
        return CameoCode(code, quad_class=quad)

    def cameo_label(self, code: str) -> str | None:
        return self.cameo_labels.get(code)


_ADDERS = {
    "countries": Knowledge.add_country,
    "organizations": Knowledge.add_organization,
    "agents": Knowledge.add_agents,
    "roles": Knowledge.add_roles,
    "event_patterns": Knowledge.add_pattern,
    "speech_verbs": Knowledge.add_speech_verb,
    "speech_object_verbs": Knowledge.add_speech_object_verb,
    "speech_infinitive_verbs": Knowledge.add_speech_infinitive_verb,
    "people": Knowledge.add_person,
    "org_types": Knowledge.add_org_type,
    "plover_sectors": Knowledge.add_plover_sectors,
    "contexts": Knowledge.add_context,
    "aid_kinds": Knowledge.add_aid_kind,
    "regions": Knowledge.add_region,
}


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster


class _KnowledgeLoader(_BaseLoader):
    """YAML 1.2 booleans only: in word lists 'on', 'off', 'yes', 'no' are words, not booleans."""


_KnowledgeLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_KnowledgeLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _bundled_files() -> list[Path]:
    return [DATA_DIR / f"{name}.yaml" for name in _ADDERS if (DATA_DIR / f"{name}.yaml").exists()]


def _env_extra() -> list[Path]:
    raw = os.environ.get(ENV_EXTRA, "")
    return [Path(p) for p in raw.split(os.pathsep) if p]


def _load_cameo_labels(path: Path) -> dict[str, str]:
    labels: dict[str, str] = {}
    if not path.exists():
        return labels
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, _, label = line.partition("\t")
            labels[code] = label
    return labels


def _load_cameo_codes(path: Path) -> dict[str, CameoCode]:
    """cameo<TAB>plover<TAB>mode<TAB>context<TAB>quad_class<TAB>goldstein, with a header line."""
    codes: dict[str, CameoCode] = {}
    if not path.exists():
        return codes
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if not line.strip() or line.startswith("#"):
            continue
        cells = (line.split("\t") + [""] * 6)[:6]
        code, plover, mode, context, quad, goldstein = (c.strip() for c in cells)
        codes[code] = CameoCode(code, plover or None, mode or None, context or None,
                                int(quad) if quad else None, float(goldstein) if goldstein else None)
    return codes


@lru_cache(maxsize=1)
def default_knowledge() -> Knowledge:
    return Knowledge.load()
