"""Event coding rules on sentences written for these tests: targets, context countries, demands, refusals."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.analysis.pipeline import Analyzer
from eventwire.models import Article, Event, Report, article_id


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def analyze(analyzer: Analyzer, text: str) -> Report:
    return analyzer.analyze(Article(id=article_id(text), text=text, published=date(2025, 5, 14)))


def event_at(report: Report, trigger: str) -> Event:
    found = [e for e in report.events if e.trigger.text == trigger]
    assert found, f"no event at {trigger!r}: {[(e.trigger.text, e.plover) for e in report.events]}"
    return found[0]


def country(report: Report, actor_id: str | None) -> str | None:
    actor = report.actor(actor_id)
    return actor.country if actor else None


def test_target_from_the_events_complement(analyzer: Analyzer) -> None:
    report = analyze(analyzer, "Chile lifted a month-old blockade on Peruvian trucks crossing the northern border.")
    event = event_at(report, "lifted")
    assert (country(report, event.source), country(report, event.target)) == ("CHL", "PER")
    assert any("complement" in line for line in event.explanation)


def test_subject_of_a_relative_clause_is_not_a_target(analyzer: Analyzer) -> None:
    report = analyze(analyzer, "Norway rejected the plan, which Sweden had drafted in March.")
    event = event_at(report, "rejected")
    assert event.plover == "REJECT" and event.target is None


def test_country_of_an_unnamed_actor_comes_from_its_context(analyzer: Analyzer) -> None:
    report = analyze(analyzer, "President Carlos Mendão agreed to resign after a week of protests in Lisbon.")
    event = event_at(report, "agreed")
    actor = report.actor(event.source)
    assert actor.country == "PRT" and "from context" in (actor.resolution or "")


def test_context_country_needs_a_single_candidate(analyzer: Analyzer) -> None:
    report = analyze(analyzer, "The rebels accused Uganda and Kenya of arming the militia.")
    event = event_at(report, "accused")
    assert report.actor(event.source).country is None


def test_said_that_someone_must_act_is_a_demand(analyzer: Analyzer) -> None:
    report = analyze(analyzer, "Poland said on Tuesday that Belarus must return the seized trucks.")
    demand = event_at(report, "said")
    assert demand.plover == "REQUEST" and demand.cameo == "100"
    assert (country(report, demand.source), country(report, demand.target)) == ("POL", "BLR")
    returned = [e for e in report.events if e.trigger.text == "return"]
    assert all(e.requested for e in returned)


def test_will_not_and_declined_to_are_refusals(analyzer: Analyzer) -> None:
    report = analyze(analyzer, "Hungary will not accept the proposal. Austria declined to withdraw its troops.")
    assert event_at(report, "accept").plover == "REJECT"
    withdraw = event_at(report, "withdraw")
    assert withdraw.plover == "REJECT" and withdraw.pattern.endswith("+refusal")
    assert not withdraw.negated  # the refusal itself happened


def test_refused_to_clause_is_flagged_negated(analyzer: Analyzer) -> None:
    report = analyze(analyzer, "Serbia refused to withdraw its police from the border.")
    assert event_at(report, "refused").plover == "REJECT"
    withdraw = [e for e in report.events if e.trigger.text == "withdraw"]
    assert all(e.negated for e in withdraw)


def test_modifiers_tell_a_hunger_strike_from_an_air_strike(analyzer: Analyzer) -> None:
    report = analyze(analyzer, "Jailed activists in Egypt continued their hunger strike on Sunday.")
    event = event_at(report, "continued")
    assert (event.plover, event.plover_mode, event.cameo) == ("PROTEST", "hunger", "142")


def test_announced_future_action_is_an_intent_but_a_meeting_stays_scheduled(analyzer: Analyzer) -> None:
    report = analyze(analyzer, "Turkey will release the detained journalists. Its ministers will meet on Friday.")
    assert event_at(report, "release").plover == "AGREE"
    meeting = event_at(report, "meet")
    assert meeting.plover == "CONSULT" and meeting.future


def test_threat_target_is_the_subject_of_its_condition(analyzer: Analyzer) -> None:
    report = analyze(analyzer, "Armenia threatened to close the pipeline unless Azerbaijan released the prisoners.")
    threat = event_at(report, "threatened")
    assert (country(report, threat.source), threat.plover, country(report, threat.target)) == (
        "ARM", "THREATEN", "AZE")


def test_peoples_are_coded_by_residence_when_the_text_says_so(analyzer: Analyzer) -> None:
    report = analyze(analyzer, "Bosnian Croats demanded a new election. The Hungarians of southern Slovakia protested.")
    assert [a.country for a in report.actors if a.name in {"Croats", "Hungarians"}] == ["BIH", "SVK"]
    assert all("residence" in (a.resolution or "") for a in report.actors if a.name in {"Croats", "Hungarians"})


def test_protest_is_addressed_to_the_state_where_it_happens(analyzer: Analyzer) -> None:
    report = analyze(analyzer, "Thousands of farmers protested in Lyon on Sunday against new taxes in France.")
    protest = event_at(report, "protested")
    assert country(report, protest.target) == "FRA"


def test_contexts_and_aid_kind_come_from_the_clause(analyzer: Analyzer) -> None:
    report = analyze(analyzer, "Canada pledged new humanitarian aid to Sudan. Norway sent artillery shells to Ukraine.")
    pledge = event_at(report, "pledged")
    assert pledge.aid_kind == "humanitarian"
    shells = event_at(report, "sent")
    assert shells.plover == "AID" and shells.aid_kind == "military" and "military" in shells.contexts


def test_parts_of_an_aid_announcement_share_its_kind(analyzer: Analyzer) -> None:
    text = "Allies announced further military aid for Kenya, including contributions from Italy and from Spain."
    report = analyze(analyzer, text)
    parts = [e for e in report.events if e.trigger.text == "contributions"]
    assert parts and all(e.aid_kind == "military" for e in parts)
    assert {country(report, e.source) for e in parts} == {"ITA", "ESP"}


def test_user_context_cues_extend_the_bundled_ones(tmp_path) -> None:
    from eventwire.knowledge import Knowledge

    extra = tmp_path / "contexts.yaml"
    extra.write_text("contexts:\n  - context: lgbt\n    cues: [pride march]\n", encoding="utf-8")
    knowledge = Knowledge.load([extra])
    assert "pride march" in knowledge.contexts["lgbt"] and "military" in knowledge.contexts


def test_background_invasion_targets_whoever_fights_it(analyzer: Analyzer) -> None:
    text = "The alliance stands with Moldova in its fight against a Russian invasion, the minister said on Monday."
    report = analyze(analyzer, text)
    invasion = event_at(report, "invasion")
    assert (country(report, invasion.source), country(report, invasion.target)) == ("RUS", "MDA")
    assert invasion.historical


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Russia denied attacking the convoy.", "attacking"),
        ("Iran denied that it had attacked the tanker.", "attacked"),
        ("The government rejected claims that police beat protesters.", "beat"),
        ("No talks were held with Hamas.", "held"),
    ],
)
def test_denied_and_no_events_are_flagged_negated(analyzer: Analyzer, text: str, trigger: str) -> None:
    report = analyze(analyzer, text)
    assert [e for e in report.events if e.trigger.text == trigger and e.negated]


def test_judged_likelihood_is_hypothetical(analyzer: Analyzer) -> None:
    report = analyze(analyzer, "China is unlikely to send troops to the border.")
    assert all(e.hypothetical for e in report.events if e.trigger.text == "send")


def test_announced_conditional_sanction_is_a_threat(analyzer: Analyzer) -> None:
    report = analyze(analyzer, "Kenya will impose sanctions on Uganda if the border stays closed.")
    threat = event_at(report, "impose")
    assert (threat.plover, threat.hypothetical) == ("THREATEN", False)


def test_act_done_to_a_place_targets_its_state(analyzer: Analyzer) -> None:
    text = "The Sudanese government lifted the curfew in Nyala on Sunday."
    report = analyze(analyzer, text)
    event = event_at(report, "lifted")
    state = report.actor(event.target)
    assert (event.plover, state.country, state.kind) == ("CONCEDE", "SDN", "country")
    mention = next(m for m in report.mentions if m.actor == state.id)
    assert text[mention.start:mention.end] == "Nyala" and "state of the place" in (state.resolution or "")


def test_dateline_places_events_whose_actors_belong_there(analyzer: Analyzer) -> None:
    text = ("NAIROBI, Kenya (AP) — Police arrested dozens of protesters on Friday, officials said.\n\n"
            "Russia attacked Ukraine on Friday.\n")
    report = analyze(analyzer, text)
    arrest = event_at(report, "arrested")
    assert report.place(arrest.place).name == "Nairobi"
    assert any("dateline" in line for line in arrest.explanation)
    assert event_at(report, "attacked").place is None  # Russia and Ukraine are not Kenya's


def test_talks_and_phone_calls_are_mutual(analyzer: Analyzer) -> None:
    report = analyze(analyzer, "French President Emmanuel Macron telephoned Kenyan President William Ruto on Monday.\n")
    calls = [e for e in report.events if e.plover == "CONSULT"]
    countries = {report.actor(e.source).country for e in calls}
    assert countries == {"FRA", "KEN"} and all(e.target is None for e in calls)


def test_protest_takes_the_target_of_its_demand(analyzer: Analyzer) -> None:
    text = "Thousands of students staged protests in Jakarta to demand reforms by President Suharto's government.\n"
    report = analyze(analyzer, text)
    protest = next(e for e in report.events if e.plover == "PROTEST")
    assert report.actor(protest.target).country == "IDN"


def test_unattributed_attack_is_by_unidentified_attackers_of_its_country(analyzer: Analyzer) -> None:
    report = analyze(analyzer, "Three US soldiers were killed by a roadside bomb in the Iraqi city of Basra.\n")
    attack = next(e for e in report.events if e.plover == "ASSAULT")
    source = report.actor(attack.source)
    assert (source.country, source.sector, source.code) == ("IRQ", "UAF", "IRQUAF")
    assert any("unidentified" in line for line in attack.explanation)


def test_stance_words_do_not_give_a_country(analyzer: Analyzer) -> None:
    report = analyze(analyzer, "An anti-Syria journalist was wounded in Beirut. Vietnamese-led forces shelled camps.\n")
    journalist = next(a for a in report.actors if a.name.endswith("journalist"))
    assert journalist.country != "SYR"
    forces = next(a for a in report.actors if "forces" in a.name)
    assert forces.country == "VNM"
