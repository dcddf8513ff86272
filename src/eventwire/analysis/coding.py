"""Codes for actors: CAMEO-style code plus PLOVER-style country and sector.

A person's current role decides the code: an officer of an organisation takes the organisation's code, a
state's officer takes country + the role's sector. Roles come from the text first ("Ukrainian President ..."),
then from the knowledge of office holders on the report's date ("Merkel" in 2017 -> DEUGOV). Someone whose
only roles are former ones is one of the elites (ELI) of that country.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from eventwire.knowledge import Knowledge, KnownPerson, Office
from eventwire.models import Role

ELITE = "ELI"
DEFAULT_ROLE_SECTOR = "GOV"


@dataclass
class ActorDraft:
    key: str
    name: str
    kind: str
    code: str | None = None
    country: str | None = None
    sector: str | None = None
    affiliation: str | None = None
    roles: list[Role] = field(default_factory=list)
    resolution: list[str] = field(default_factory=list)
    known: KnownPerson | None = None


def organization_country(kb: Knowledge, name: str) -> str | None:
    org = kb.organizations.get(name)
    return org.country if org else None


def code_person(draft: ActorDraft, kb: Knowledge, day: date | None) -> None:
    """Fill code, country, sector and affiliation of a person from text roles, then known offices.

    Without a date (an undated phrase), a known person is coded by the latest office they held."""
    if draft.code is not None:
        return
    text_current = [r for r in draft.roles if not r.former]
    if _code_from_roles(draft, kb, [r for r in text_current if r.organization], "text"):
        return
    former_in_text = bool(draft.roles) and not text_current  # 'former President Nazarbayev'
    if draft.known is not None and not (former_in_text and day is None):
        held = _offices_on(draft.known, day)
        if held:
            _add_known_roles(draft, held)
            if _code_from_office(draft, kb, held[0]):
                _prefer_text_sector(draft, kb, text_current)
                return
    if text_current:  # a title without a country: "General Thierry Burkhard" -> MIL
        draft.sector = kb.roles.get(text_current[0].title.lower(), DEFAULT_ROLE_SECTOR)
        draft.country = _known_country(draft.known, text_current[0].title)
        draft.code = f"{draft.country or ''}{draft.sector}"
        held = f" held in {draft.country} (known offices)" if draft.country else ""
        draft.resolution.append(f"title '{text_current[0].title}'{held} -> {draft.code}")
        return
    _code_as_elite(draft, kb, day)


def _known_country(person: KnownPerson | None, title: str) -> str | None:
    """The country where a known person held an office of this title (any office when none matches): the
    text calls them 'President' though the report's date is outside the terms the knowledge lists."""
    if person is None:
        return None
    countries = [o.country for o in person.offices if o.country]
    matching = [o.country for o in person.offices if o.country and o.title.lower() == title.lower()]
    return (matching or countries or [None])[-1]


def _prefer_text_sector(draft: ActorDraft, kb: Knowledge, text_roles: list[Role]) -> None:
    """A title in the text that names a non-government sector wins: 'Pope Francis' is religious."""
    sectors = [kb.roles.get(r.title.lower()) for r in text_roles]
    sector = next((s for s in sectors if s and s != DEFAULT_ROLE_SECTOR), None)
    if sector and sector != draft.sector:
        draft.sector = sector
        draft.code = f"{draft.country or ''}{sector}"
        draft.resolution.append(f"text title -> sector {sector}")


LONG_AGO_YEARS = 5


def _offices_on(person: KnownPerson, day: date | None) -> list[Office]:
    """Offices held on the day; undated, the latest office unless it ended long ago (then an elite)."""
    if day is not None:
        return [o for o in person.offices if o.held_on(day)]
    latest = max(person.offices, key=lambda o: o.start or date.min, default=None)
    if latest is None or (latest.end and (date.today() - latest.end).days > 365 * LONG_AGO_YEARS):
        return []
    return [latest]


def _code_from_roles(draft: ActorDraft, kb: Knowledge, roles: list[Role], source: str) -> bool:
    for role in roles:
        sector = kb.roles.get(role.title.lower(), DEFAULT_ROLE_SECTOR)
        if role.organization in kb.countries:
            draft.country, draft.sector = role.organization, sector
            draft.code = f"{role.organization}{sector}"
            draft.resolution.append(f"{source} role '{role.title}' of {role.organization} -> {draft.code}")
            return True
        org = kb.organization(role.organization)
        if org is not None:
            draft.affiliation, draft.code, draft.country = org.name, org.code, org.country
            draft.sector = org.sector if org.sector != "IGO" else sector
            draft.resolution.append(f"{source} role '{role.title}' of {org.name} -> {org.code}")
            return True
    return False


def _code_from_office(draft: ActorDraft, kb: Knowledge, office: Office) -> bool:
    role = Role(title=office.title, organization=office.country or office.organization)
    found = _code_from_roles(draft, kb, [role], "known office holder:")
    if found and office.sector and office.country:
        draft.sector = office.sector
        draft.code = f"{office.country}{office.sector}"
    return found


def _add_known_roles(draft: ActorDraft, offices: list[Office]) -> None:
    known = {(r.title.lower(), r.organization) for r in draft.roles}
    for office in offices:
        owner = office.country or office.organization
        if (office.title.lower(), owner) not in known:
            draft.roles.append(Role(title=office.title, organization=owner))


def _code_as_elite(draft: ActorDraft, kb: Knowledge, day: date | None) -> None:
    """Only former roles: an elite of the country of the latest one."""
    former = [r for r in draft.roles if r.former and r.organization]
    country = next((r.organization for r in former if r.organization in kb.countries), None)
    if country is None and draft.known is not None:
        past = [o for o in draft.known.offices if o.country and (day is None or (o.start and o.start <= day))]
        past.sort(key=lambda o: o.end or date.max)
        if past:
            country = past[-1].country
            for office in past:
                role = Role(title=office.title, organization=office.country, former=True)
                if role not in draft.roles:
                    draft.roles.append(role)
    all_former = bool(draft.roles) and all(r.former for r in draft.roles)
    if country is None and not all_former and not (draft.known and draft.known.offices):
        return
    draft.country, draft.sector = country, ELITE
    draft.code = f"{country or ''}{ELITE}"
    draft.resolution.append(f"only former roles -> {draft.code}")
