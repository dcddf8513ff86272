"""Analysis stages on short reports written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.analysis.pipeline import Analyzer
from eventwire.models import Article, Report, article_id


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def analyze(analyzer: Analyzer, text: str, published: date | None = date(2025, 3, 6), title: str | None = None
            ) -> Report:
    article = Article(id=article_id(text), text=text, published=published, title=title)
    return analyzer.analyze(article)


def actor_named(report: Report, name: str):
    found = [a for a in report.actors if a.name == name]
    assert found, f"no actor {name!r} in {[a.name for a in report.actors]}"
    return found[0]


def speaker_of(report: Report, fragment: str) -> str | None:
    quote = next(q for q in report.quotes if fragment in q.text)
    actor = report.actor(quote.speaker)
    return actor.name if actor else None


def assert_offsets(report: Report, text: str) -> None:
    for record in [*report.mentions, *report.quotes, *report.times, *report.places, *report.amounts,
                   *report.sentences]:
        assert text[record.start:record.end] == record.text
    for event in report.events:
        assert text[event.trigger.start:event.trigger.end] == event.trigger.text


BERLIN = (
    "BERLIN, March 6 (Example Wire) - German Chancellor Olaf Scholz met French President Emmanuel Macron "
    "in Berlin on Tuesday, two days after the election.\n\n"
    "\"Europe must stand together,\" Scholz told reporters. \"We will not be divided.\"\n\n"
    "Macron said that France would send more air defence systems to Ukraine. He added that he "
    "will meet Scholz again in Paris next week.\n\n"
    "The French president also criticised Russia, according to an aide.\n"
)


def test_actors_roles_and_codes(analyzer: Analyzer) -> None:
    report = analyze(analyzer, BERLIN)
    scholz = actor_named(report, "Olaf Scholz")
    macron = actor_named(report, "Emmanuel Macron")
    assert scholz.kind == "person" and scholz.code == "DEUGOV"
    assert macron.code == "FRAGOV"
    assert any(r.title == "President" and r.organization == "FRA" for r in macron.roles)
    texts = {m.text for m in report.mentions if m.actor == macron.id}
    assert {"Macron", "He", "French president"} <= texts
    assert actor_named(report, "Russia").code == "RUS"
    assert_offsets(report, BERLIN)


def test_dateline_is_not_an_actor(analyzer: Analyzer) -> None:
    report = analyze(analyzer, BERLIN)
    assert not any(a.name == "Example Wire" for a in report.actors)


def test_direct_quotes_with_speaker_after_and_continuation(analyzer: Analyzer) -> None:
    report = analyze(analyzer, BERLIN)
    assert speaker_of(report, "Europe must stand together") == "Olaf Scholz"
    assert speaker_of(report, "We will not be divided") == "Olaf Scholz"
    direct = [q for q in report.quotes if q.kind == "direct"]
    assert all(q.cue is not None for q in direct)


def test_indirect_quotes_and_according_to(analyzer: Analyzer) -> None:
    report = analyze(analyzer, BERLIN)
    assert speaker_of(report, "France would send more air defence systems") == "Emmanuel Macron"
    quote = next(q for q in report.quotes if "will meet Scholz again" in q.text)
    assert quote.kind == "indirect" and report.actor(quote.speaker).name == "Emmanuel Macron"
    assert quote.speaker_mention.text == "He"
    according = next(q for q in report.quotes if q.cue and q.cue.text == "according to")
    assert "criticised Russia" in according.text


def test_events_dates_places_and_future(analyzer: Analyzer) -> None:
    report = analyze(analyzer, BERLIN)
    meet = next(e for e in report.events if e.trigger.text == "met")
    assert (report.actor(meet.source).name, report.actor(meet.target).name) == ("Olaf Scholz", "Emmanuel Macron")
    assert meet.plover == "CONSULT" and meet.cameo.startswith("04")
    assert meet.date.value == "2025-03-04" and meet.date.basis == "clause"  # the Tuesday before Thursday 6 March
    assert report.place(meet.place).name == "Berlin" and report.place(meet.place).country == "DE"
    again = next(e for e in report.events if e.trigger.text == "meet")  # 'he added that he will meet ...'
    assert (again.plover, again.cameo) == ("AGREE", "036")  # a stated intention to meet (CAMEO 036)
    assert any("stated intention" in line for line in again.explanation)
    assert again.date.value == "2025-W11" and report.place(again.place).name == "Paris"
    assert all(e.pattern for e in report.events)


def test_times_normalised_against_publication(analyzer: Analyzer) -> None:
    report = analyze(analyzer, BERLIN)
    values = {t.text: t.value for t in report.times}
    assert values["Tuesday"] == "2025-03-04"
    assert values["next week"] == "2025-W11"
    assert values["two days"] == "P2D"


def test_time_ranges_and_future_wordings(analyzer: Analyzer) -> None:
    text = (
        "The clinic was attacked between 1994 and 1997, police said on Thursday. The dividend is payable March 20. "
        "Both leaders plan to meet on Monday, and talks resume Tuesday. The hearing was postponed until Friday."
    )
    report = analyze(analyzer, text)  # published Thursday 2025-03-06
    values = {t.text: t.value for t in report.times}
    assert values["1994"] == "1994" and values["1997"] == "1997"
    assert values["Thursday"] == "2025-03-06"
    assert values["March 20"] == "2025-03-20"
    assert values["Monday"] == "2025-03-10" and values["Tuesday"] == "2025-03-11"
    assert values["Friday"] == "2025-03-07"


def test_time_expressions_ner_splits_are_joined(analyzer: Analyzer) -> None:
    text = ("The offer, made on Aug. 10, 1988, expired. Officials met mid-afternoon yesterday. "
            "On March 3 the ferry sank at 10 p.m. The fair is held each July.\n")
    values = {t.text: t.value for t in analyze(analyzer, text).times}  # published Thursday 2025-03-06
    assert values["Aug. 10, 1988"] == "1988-08-10"
    assert values["mid-afternoon yesterday"] == "2025-03-05TAF"
    assert values["10 p.m."] == "2025-03-03T22:00"  # the day its sentence named
    assert values["each July"] == "XXXX-07"


def test_day_parts_offsets_and_the_quarter_named_before(analyzer: Analyzer) -> None:
    text = ("The minister arrived Wednesday evening and left a minute and a half later. Profit rose in the fiscal "
            "second quarter, and sales in the quarter were flat. The father said he would travel Friday. "
            "Shares have risen since year-end. Net income for the year ended June 30 fell.\n")
    values = {t.text: t.value for t in analyze(analyzer, text).times}  # published Thursday 2025-03-06
    assert values["Wednesday evening"] == "2025-03-05"  # the span takes the part, the value is the day
    assert values["a minute and a half"] == "PT1M30S"
    assert values["the quarter"] == values["the fiscal second quarter"] == "2024-Q2"  # the last Q2 before
    assert values["Friday"] == "2025-03-07"  # 'would' in reported speech looks ahead
    assert values["year-end"] == "2024-12-31"
    assert values["the year"] == "P1Y"


def test_a_term_end_after_a_past_verb_may_lie_ahead(analyzer: Analyzer) -> None:
    text = "The regulator gave the firm until April to reply. The firm bought the plant in April.\n"
    report = analyze(analyzer, text, published=date(2025, 3, 6))
    values = [t.value for t in report.times]
    assert values == ["2025-04", "2024-04"]  # the end of a term is not pushed into the past by the verb's tense


def test_repeated_headline_is_one_event(analyzer: Analyzer) -> None:
    text = (
        "Pope Leo visits Lebanon\n\n"
        "Pope Leo visits Lebanon\n"
        "Pope Leo arrived in Beirut on Sunday for his first visit to the country.\n\n"
        "Lebanese President Joseph Aoun met Pope Leo at the airport.\n"
    )
    report = analyze(analyzer, text, published=date(2025, 11, 30), title="Pope Leo visits Lebanon")
    visits = [e for e in report.events if e.plover == "CONSULT" and e.plover_mode == "visit"]
    assert len(visits) == 1
    assert len(visits[0].mentions) >= 2
    assert visits[0].date.value == "2025-11-30"
    assert report.place(visits[0].place).name == "Beirut"
    assert [s.kind for s in report.sentences[:3]] == ["headline", "headline", "body"]


def test_scheduled_meeting_is_future_and_reported_would_is_not_hypothetical(analyzer: Analyzer) -> None:
    text = ("Ministers will hold talks at a summit in Brussels next week. Iran said it would release the "
            "detained sailors.\n")
    report = analyze(analyzer, text)
    summit = next(e for e in report.events if e.plover == "CONSULT")
    assert summit.future and summit.date.value == "2025-W11"
    release = next(e for e in report.events if "release" in e.trigger.text)
    assert not release.hypothetical and release.plover == "AGREE"


def test_negated_and_conditional_events_are_flagged(analyzer: Analyzer) -> None:
    text = (
        "The army did not attack the village, a spokesman said on Monday.\n\n"
        "If talks fail, the European Union would impose sanctions on Iran.\n\n"
        "Officials said the ministers would meet if Serbia attacked Kosovo.\n"
    )
    report = analyze(analyzer, text)
    attack = next(e for e in report.events if e.plover == "ASSAULT" and e.trigger.text == "attack")
    assert attack.negated
    sanction = next(e for e in report.events if e.trigger.text == "impose")  # the narrator's 'would ... if'
    assert (sanction.plover, sanction.hypothetical) == ("SANCTION", True)
    assert actor_named(report, "Iran").id == sanction.target
    inside_condition = next(e for e in report.events if e.trigger.text == "attacked")
    assert inside_condition.hypothetical and inside_condition.plover == "ASSAULT"


def test_coordinated_targets_and_passive(analyzer: Analyzer) -> None:
    text = "Police arrested protesters in Tbilisi on Friday.\n\nGeorgia was criticised by the European Union.\n"
    report = analyze(analyzer, text)
    arrest = next(e for e in report.events if e.plover == "COERCE")
    assert report.actor(arrest.source).sector == "COP"
    criticism = next(e for e in report.events if e.plover == "ACCUSE")
    assert report.actor(criticism.source).name == "European Union"
    assert report.actor(criticism.target).code == "GEO"


def test_places_demonyms_and_capitals(analyzer: Analyzer) -> None:
    text = "Ukrainian officials met Chinese diplomats in Kyiv and later flew to Ramstein Air Base in Germany.\n"
    report = analyze(analyzer, text)
    names = {p.name for p in report.places}
    assert "Kyiv" in names and "Germany" in names
    assert not any(p.text in {"Ukrainian", "Chinese"} for p in report.places)
    ramstein = next(p for p in report.places if p.text.startswith("Ramstein"))
    assert ramstein.country == "DE" and abs(ramstein.lat - 49.44) < 0.2


def test_toponyms_resolve_to_countries_continents_and_their_points(analyzer: Analyzer) -> None:
    resolve = analyzer.places.resolve_name
    kenya = resolve("Kenya")
    assert (kenya.feature_class, kenya.lat is not None) == ("A", True)  # countries carry their reference point
    assert resolve("Russian").name == "Russia"  # a demonym gives its country
    europe = resolve("European")
    assert (europe.name, europe.feature_class) == ("Europe", "L")
    assert resolve("the EU").name == "Europe"
    assert resolve("Africa").feature_class == "L"  # the continent, not a town that has it as an alias
    california = resolve("California")  # the state, not the Maryland town of that name
    assert (california.feature_class, california.country) == ("D", "US") and abs(california.lon + 119.5) < 3
    assert resolve("England").feature_class == "D"  # the part of the United Kingdom, not the whole


def test_toponyms_the_gazetteer_lacks_are_placed_through_what_they_name(analyzer: Analyzer) -> None:
    resolve = analyzer.places.resolve
    assert resolve("Md.", {"US"})[0].name == "Maryland"  # an AP abbreviation
    assert resolve("B.C.")[0].name == "British Columbia"
    orange, basis = resolve("Orange County", {"US", "US.CA"})  # a US county (Census gazetteer), in its state
    assert (orange.name, orange.admin1, orange.feature_class, basis) == ("Orange County", "CA", "S", "name")
    base, basis = resolve("Ramstein Air Base")  # a facility by its locality
    assert (base.name, base.country, basis) == ("Ramstein-Miesenbach", "DE", "part")
    court, basis = resolve("Delhi High Court")  # a place inside the name of a body
    assert (court.name, basis) == ("Delhi", "part")
    assert resolve("University of Alberta")[0].name == "Alberta"
    assert resolve("Royal Street") is None  # a street is not in a town of the name; the report's focus takes it
    assert resolve("Centre") is None  # a common word, unless a place of a country the report is in
    assert resolve("Mexico")[0].feature_class == "A"  # the country, not its State of Mexico
    ocean = resolve("the Indian Ocean")[0]
    assert ocean.feature_class == "H" and ocean.lat == -10
    assert resolve("North Africa")[0].name == "Northern Africa"
    kremlin, basis = resolve("the Kremlin")  # a seat of government is placed in its town
    assert (kremlin.name, basis) == ("Moscow", "seat")


def test_washington_is_the_state_in_a_report_about_it(analyzer: Analyzer) -> None:
    report = analyze(analyzer, "Fires burned near Seattle and Spokane. Washington declared an emergency.\n")
    washington = next(p for p in report.places if p.text == "Washington")
    assert (washington.feature_class, washington.admin1) == ("D", "WA")
    capital = analyze(analyzer, "Ministers from Kenya flew to Washington for talks.\n")
    assert next(p for p in capital.places if p.text == "Washington").admin1 == "DC"


def test_unknown_toponyms_are_placed_at_the_report_focus(analyzer: Analyzer) -> None:
    text = ("Police closed Frenchmen Street in New Orleans on Friday. Crowds gathered in New Orleans near the "
            "Marigny Opera House, and the city of New Orleans, Louisiana, sent more officers.\n")
    report = analyze(analyzer, text)
    street = next(p for p in report.places if p.text == "Frenchmen Street")
    assert (street.name, street.basis, street.geonameid) == ("New Orleans", "focus", None)
    assert all(p.basis != "focus" for p in report.places if p.text == "New Orleans")


def test_large_places_steer_ambiguous_ones_to_their_division(analyzer: Analyzer) -> None:
    report = analyze(analyzer, "Students marched in Miami and in Parkland on Saturday.\n")
    parkland = next(p for p in report.places if p.text == "Parkland")
    assert (parkland.country, parkland.admin1) == ("US", "FL")


def test_a_toponym_written_with_its_division_lies_in_it(analyzer: Analyzer) -> None:
    text = ("The British championship starts at Snetterton, Norfolk, in April. Fans drove from Paris, Texas, and "
            "from Canterbury in Kent.\n")
    places = {p.text: p for p in analyze(analyzer, text).places}
    snetterton, norfolk = places["Snetterton"], places["Norfolk"]
    assert (norfolk.country, norfolk.feature_class) == ("GB", "S")  # the English county, an ISO 3166-2 subdivision
    assert (snetterton.basis, snetterton.lat, snetterton.geonameid) == ("within", norfolk.lat, None)
    from eventwire.render import place_label

    assert place_label(snetterton) == "Snetterton (in Norfolk, GB)"
    assert (places["Paris"].country, places["Paris"].admin1) == ("US", "TX")
    assert places["Canterbury"].country == "GB"  # not the New Zealand region
    texas = [p for p in analyze(analyzer, "Storms hit Paris, Texas, on Monday. Paris schools stayed shut.\n").places
             if p.text == "Paris"]
    assert [p.admin1 for p in texas] == ["TX", "TX"]  # one place per name in a report


def test_outlet_country_names_and_abbreviations_steer_resolution(analyzer: Analyzer) -> None:
    from eventwire.analysis.places import publisher_country

    assert publisher_country("https://www.gloucestershirelive.co.uk/news/1") == "GB"
    assert publisher_country("https://www.dw.com/en/x") is None and publisher_country("https://news.tv/x") is None
    article = Article(id="a", text="Police said roads in Gloucester were closed on Friday.\n",
                      url="https://www.gloucestershirelive.co.uk/news/1", published=date(2025, 3, 6))
    assert next(p for p in analyzer.analyze(article).places if p.text == "Gloucester").country == "GB"
    resolve = analyzer.places.resolve
    assert resolve("Qamishli")[0].country == "SY"  # GeoNames writes 'Al Qamishli'
    assert resolve("Sicilian")[0].name == "Sicily"  # a region's people's adjective names the region
    assert resolve("WA", {"AU"})[0].name == "Western Australia"  # not the town of Wa in Ghana
    nelson = resolve("Nelson", {"CA", "CA.02"})[0]  # the report names British Columbia
    assert (nelson.country, nelson.admin1) == ("CA", "02")


def test_a_state_sharing_a_country_name_and_divisions_that_do_not_steer_themselves(analyzer: Analyzer) -> None:
    us = {p.text: p for p in analyze(analyzer, "Storms hit Atlanta and Savannah. Georgia declared an emergency.\n")
          .places}
    assert (us["Georgia"].country, us["Georgia"].feature_class) == ("US", "D")
    assert (us["Savannah"].country, us["Savannah"].admin1) == ("US", "GA")  # not Ghana's Savannah Region
    caucasus = {p.text: p for p in analyze(analyzer, "Russian troops entered Georgia. Tbilisi protested.\n").places}
    assert caucasus["Georgia"].country == "GE"
    assert analyzer.places.resolve("Robinson College Cambridge")[0].name == "Cambridge"
    assert analyzer.places.resolve("Soroti")[0].feature_class == "P"  # the town, not the district it names
    assert analyzer.places.resolve("Jewish") is None  # ISO 3166-2's 'Jewish' is the Jewish Autonomous Oblast
    assert analyzer.places.country_of("Jewish") is None


def test_places_named_together_lie_near_each_other(analyzer: Analyzer) -> None:
    alone = {p.text: p for p in analyze(analyzer, "Storms hit Springfield on Monday.\n").places}
    together = {p.text: p for p in analyze(analyzer, "Storms hit Springfield and Sangamon County on Monday.\n")
                .places}
    assert alone["Springfield"].admin1 == "MO"  # the largest Springfield
    assert together["Springfield"].admin1 == together["Sangamon County"].admin1 == "IL"


def test_a_capital_gives_way_to_its_namesake_in_the_division_a_report_is_about(analyzer: Analyzer) -> None:
    texas = {p.text: p for p in analyze(analyzer, "Paris police warned residents across Texas on Monday. Officers "
                                                  "from Dallas joined the search in Paris.\n").places}
    assert (texas["Paris"].country, texas["Paris"].admin1) == ("US", "TX")
    france = {p.text: p for p in analyze(analyzer, "Paris police warned residents across Texas on Monday. France "
                                                   "sent officers to Paris.\n").places}
    assert france["Paris"].country == "FR"  # the report names France by more than its capital
    tiny = {p.text: p for p in analyze(analyzer, "The artist, who lives in Los Angeles, California, moved to "
                                                 "London.\n").places}
    assert tiny["London"].country == "GB"  # London, California is a hamlet
    bourbon = {p.text: p for p in analyze(analyzer, "Deputies from Bourbon County searched a farm outside Paris.\n")
               .places}
    assert (bourbon["Paris"].country, bourbon["Paris"].admin1) == ("US", "KY")  # the county seat beside it
    travel = {p.text: p for p in analyze(analyzer, "Deputies from Bourbon County flew to Paris and Berlin.\n")
              .places}
    assert travel["Paris"].country == "FR"  # a report about more than one country
    county = {p.text: p for p in analyze(analyzer, "Douglas County deputies said the fire in Alexandria started "
                                                   "on Monday.\n").places}
    assert (county["Alexandria"].country, county["Alexandria"].admin1) == ("US", "MN")  # a county steers its country
    county = {p.text: p for p in analyze(analyzer, "Deputies from Anderson County arrested a man in Palestine.\n")
              .places}
    assert (county["Palestine"].country, county["Palestine"].admin1) == ("US", "TX")  # the county seat
    abroad = {p.text: p for p in analyze(analyzer, "Israel and Palestine met in Cairo. Deputies from Anderson "
                                                   "County attended.\n").places}
    assert abroad["Palestine"].country == "PS"


def test_a_small_town_abroad_is_not_taken_in_a_report_from_another_country(analyzer: Analyzer) -> None:
    text = "Fires burned near Glenrock, south of Newcastle and Sydney.\n"

    def glenrock(url: str):
        article = Article(id="a", text=text, url=url, published=date(2025, 3, 6))
        return next(p for p in analyzer.analyze(article).places if p.text == "Glenrock")

    assert (glenrock("https://www.example.com.au/news/1").country, glenrock("https://www.example.com.au/news/1")
            .basis) == ("AU", "focus")  # not Glenrock, Wyoming: the local place the gazetteer lacks
    assert glenrock("https://www.example.com/news/1").country == "US"  # an outlet of no known country


def test_the_town_an_outlet_is_named_after_steers_like_a_place_the_report_names(analyzer: Analyzer) -> None:
    from eventwire.analysis.places import outlet_town

    assert outlet_town("http://www.columbuslocalnews.com/a") == "columbus"
    assert outlet_town("https://www.chicagotribune.com/x") == "chicago"
    assert outlet_town("https://www.bbc.co.uk/news") is None and outlet_town(None) is None

    def dublin(url: str):
        article = Article(id="a", text="The Dublin city council approved a new park on Monday.\n", url=url,
                          published=date(2025, 3, 6))
        return next(p for p in analyzer.analyze(article).places if p.text == "Dublin")

    assert (dublin("http://www.columbuslocalnews.com/x/1").country, dublin("http://www.columbuslocalnews.com/x/1")
            .admin1) == ("US", "OH")
    assert dublin("http://www.example.com/x/1").country == "IE"


def test_names_of_bodies_abbreviations_and_spellings(analyzer: Analyzer) -> None:
    resolve = analyzer.places.resolve
    assert resolve("London Guildhall School", {"GB"})[0].name == "London"
    assert resolve("Manitoba Chambers of Commerce", {"CA"})[0].name == "Manitoba"
    assert resolve("Northwestern Memorial Hospital", {"US"}) is None or \
        resolve("Northwestern Memorial Hospital", {"US"})[0].country == "US"  # not Iceland's Northwestern Region
    assert resolve("Tennessee Colony", {"US"}) is None or resolve("Tennessee Colony", {"US"})[0].name != "Tennessee"
    assert resolve("SA", {"ZA"})[0].name == "South Africa"  # the initials of a country the report names
    assert resolve("SA", {"AU"})[0].name == "South Australia"
    assert resolve("Saint Croix County", {"US"})[0].name == "St. Croix County"
    assert resolve("Korea")[0].country == "KR"
    assert resolve("the Gulf")[0].name == "Persian Gulf"
    assert resolve("Arab")[0].name == "Arabian Peninsula"  # not the town of Arab, Alabama
    assert resolve("Heathrow Animal Reception Center", {"GB"})[0].name == "London"  # a seat leading the name
    assert resolve("Gulf Coast", {"US"}) is None  # not Papua New Guinea's small Gulf Province
    assert resolve("Darfur")[0].country == "SD"  # the area North, South, West... Darfur divide
    assert resolve("Java")[0].country == "ID"
    assert resolve("West", {"US"}) is None  # a common word: a place only in a division the report is in
    assert resolve("West", {"US", "US.TX"})[0].admin1 == "TX"
    text = "She studied at Florida Atlantic University, California Polytechnic State University and in Miami."
    doc = analyzer.nlp(text)
    spans = [(text.index(name), text.index(name) + len(name))
             for name in ("Florida Atlantic University", "California Polytechnic State University", "Miami")]
    listed = {p.text: p for p in analyzer.places_at(doc, spans)}
    assert listed["Florida Atlantic University"].admin1 == "FL"  # a university is not a division containing


def test_amounts(analyzer: Analyzer) -> None:
    text = "The United States pledged nearly $8 billion, and Germany 1.4 billion euros, to Ukraine.\n"
    report = analyze(analyzer, text)
    money = {(a.value, a.currency, a.qualifier) for a in report.amounts}
    assert (8e9, "USD", "approximate") in money
    assert (1.4e9, "EUR", "exact") in money


def test_analyze_many_isolates_failures(analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch) -> None:
    good = Article(id="good", text="Rebels attacked a convoy in Darfur on Monday.")
    bad = Article(id="bad", text="Troops fired at protesters.")
    original = analyzer.report

    def failing(article, doc):
        if article.id == "bad":
            raise RuntimeError("boom")
        return original(article, doc)

    monkeypatch.setattr(analyzer, "report", failing)
    results = dict((a.id, r) for a, r in analyzer.analyze_many([bad, good]))
    assert isinstance(results["good"], Report)
    assert "analysis failed" in results["bad"].reason


def test_aid_pledges_share_their_recipient_and_carry_amounts(analyzer: Analyzer) -> None:
    text = ("Allies announced further military aid for Moldova, including new contributions from Norway, from "
            "Poland and nearly $2 billion of assistance from Japan.\n")
    report = analyze(analyzer, text)
    aid = {(report.actor(e.source).name, report.actor(e.target).name): e for e in report.events
           if e.plover == "AID" and e.source and e.target}
    assert {("Norway", "Moldova"), ("Poland", "Moldova"), ("Japan", "Moldova")} <= set(aid)
    japan = aid[("Japan", "Moldova")]
    amount = next(a for a in report.amounts if a.id in japan.amounts)
    assert (amount.value, amount.currency, amount.approximate) == (2e9, "USD", True)
    assert japan.quad_class == 2 and japan.goldstein is not None


def test_requested_and_criticised_in_reported_speech(analyzer: Analyzer) -> None:
    text = ("President Maia Sandu said her government was keen to convince its partners to attack Russian bases. "
            "\"Our partners are dragging out the deliveries,\" Sandu said.\n")
    report = analyze(analyzer, text, published=date(2025, 3, 6))
    attack = next(e for e in report.events if e.trigger.text == "attack")
    assert attack.requested and report.actor(attack.target).country == "RUS"
    request = next(e for e in report.events if e.plover == "REQUEST")
    assert report.actor(request.source).country == "MDA"
    criticism = next(e for e in report.events if e.plover == "ACCUSE")
    assert report.actor(criticism.source).name == "Maia Sandu" and criticism.pattern == "say-others-stall"


def test_reciprocal_event_has_every_party_as_an_actor(analyzer: Analyzer) -> None:
    report = analyze(analyzer, "Hungary and Romania agreed on Wednesday to reopen their shared border.\n")
    agree = [e for e in report.events if e.plover == "AGREE"]
    assert {report.actor(e.source).country for e in agree} == {"HUN", "ROU"}
    assert all(e.target is None for e in agree)


def test_coordinated_modifiers_give_each_party(analyzer: Analyzer) -> None:
    report = analyze(analyzer, "Senior Hungarian and Romanian officials agreed on Wednesday to reopen the border.\n")
    agree = [e for e in report.events if e.plover == "AGREE"]
    assert {report.actor(e.source).country for e in agree} == {"HUN", "ROU"}


def _places(analyzer: Analyzer, text: str, url: str | None = None) -> dict[str, object]:
    article = Article(id=article_id(text), text=text, url=url, published=date(2025, 3, 6))
    return {p.text: p for p in analyzer.analyze(article).places}


def _at(analyzer: Analyzer, text: str, names: list[str]) -> dict[str, object]:
    """The places of every mention of `names`, given as toponym spans (as an evaluation on gold spans does)."""
    import re

    offsets = sorted((m.start(), m.end()) for name in names for m in re.finditer(re.escape(name), text))
    return {p.text: p for p in analyzer.places_at(analyzer.nlp(text), offsets)}


def test_second_readings_follow_the_other_names_second_readings(analyzer: Analyzer) -> None:
    places = _places(analyzer, "Athens officials met in Gainesville, and leaders from Oconee and Madison joined "
                               "them to discuss Georgia schools.\n")
    assert (places["Georgia"].country, places["Georgia"].admin1) == ("US", "GA")  # the state holding Gainesville
    places = _at(analyzer, "A man from Lombard was arrested in Glen Ellyn, Illinois, DuPage County deputies "
                           "said.\n", ["Lombard", "Glen Ellyn", "Illinois", "DuPage County"])
    assert (places["Lombard"].country, places["Lombard"].admin1) == ("US", "IL")  # not Lombardy: a region's
    # adjective gives way to a town of that name in a division the report is in
    places = _places(analyzer, "The Texas festival draws fans to Palestine every spring.\n")
    assert (places["Palestine"].country, places["Palestine"].admin1) == ("US", "TX")


def test_county_short_names_and_places_within_a_written_division(analyzer: Analyzer) -> None:
    places = _at(analyzer, "Deputies said the crash happened in Navarro. Navarro County officials closed the "
                           "road.\n", ["Navarro", "Navarro County"])
    assert places["Navarro"].name == "Navarro County"
    places = _places(analyzer, "A fire destroyed a house in Belgrade, Minn., on Monday. Belgrade firefighters "
                               "arrived late.\n")
    assert all(p.name == "Minnesota" and p.basis == "within" for t, p in places.items() if t == "Belgrade")
    places = _places(analyzer, "Officials in Washington Township, Ohio, approved the budget.\n")
    assert places["Washington Township"].name != "Washington"  # a township the gazetteer lacks, not the capital


def test_where_a_report_was_written_steers_its_places(analyzer: Analyzer) -> None:
    from eventwire.analysis.places import currency_country, written_in

    assert currency_country("The council approved $765,000 for parking.") == "US"
    assert currency_country("It cost US$5 million, or $6.9 million Canadian.") is None  # a marked dollar
    assert currency_country("Tickets cost £20 and $25.") is None  # two currencies
    assert written_in("The neighborhood center reopened.") == "US"
    assert written_in("The neighbourhood centre reopened near the center.") is None  # Commonwealth spelling
    places = _places(analyzer, "Mansfield council to vote on a $765,000 financing package for City Hall.\n")
    assert places["Mansfield"].country == "US"  # not the English town: a report in dollars
    places = _places(analyzer, "Athens city council approved a $400,000 budget on Wednesday.\n")
    assert places["Athens"].country == "US"  # the report's lead place, in dollars, and nothing abroad
    places = _places(analyzer, "Artists in New York won $6.75 million. A London consultancy praised the ruling.\n")
    assert places["London"].country == "GB"  # not its lead place


def test_stray_names_focus_ties_and_regions(analyzer: Analyzer) -> None:
    places = _places(analyzer, "The Ramor Theatre in Virginia and Cavan Town Hall will get new roofs, Cavan County "
                               "Council said.\n", url="https://www.example.ie/news/1")
    assert places["Virginia"].country == "IE"  # a US state the report never names, in an Irish paper
    places = _places(analyzer, "London police met St. Thomas officers about the Middlesex case.\n")
    assert (places["London"].country, places["London"].admin1) == ("CA", "08")  # London, Ontario, by St. Thomas
    resolve = analyzer.places.resolve
    assert resolve("Kurdish")[0].name == "Kurdistan"  # the region, not Iran's Kurdistan Province
    assert resolve("European Commission")[0].name == "Europe"  # as the EU itself
    assert resolve("Newcastle", {"GB"})[0].name == "Newcastle upon Tyne"
    assert resolve("North West", {"ZA"})[0].name == "North-West"  # a province named by common words


def test_small_towns_far_from_a_report_and_months(analyzer: Analyzer) -> None:
    text = ("Police in Chicago and Evanston said the man was stabbed near Hubbard Street. Hubbard residents in "
            "Chicago heard shouts.\n")
    places = _at(analyzer, text, ["Chicago", "Evanston", "Hubbard"])
    assert places["Hubbard"].country == "US" and places["Hubbard"].admin1 == "IL"  # not Hubbard, Ohio
    places = _at(analyzer, "Dinner at August in New Orleans was the best of the trip.\n", ["August", "New Orleans"])
    assert places["August"].admin1 == "LA"  # a month's name: not August, California
    resolve = analyzer.places.resolve
    assert resolve("East of England", {"GB"})[0].name == "England"
