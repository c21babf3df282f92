"""Topic names: a name that records of films which cannot be one carry (different
known directors, years more than one apart) says what a film is about, not which
film a text is. All records here were made up for these tests."""

from linkage.index import LinkageIndex
from linkage.records import Record
from linkage.scoring import score_pair

_DOC = Record(
    id="doc",
    lang="en",
    text="Aurelio Vantini, the blind organist of Cremona, teaches Ottavia Sperandeo to "
    "play by ear in a winter without coal.",
)
_FILLERS = [
    Record(id=f"filler{n}", lang="en", text=f"A ferry pilot numbered {n} counts the floes.")
    for n in range(8)
]


def _film(record_id: str, director: str | None, year: int | None, text: str) -> Record:
    return Record(
        id=record_id,
        lang="en",
        title=f"Film {record_id}",
        directors=[director] if director else [],
        year=year,
        text=text,
    )


_VANTINI_AND_SPERANDEO = (
    "In Cremona the organist Aurelio Vantini, going blind, takes on Ottavia Sperandeo as his pupil."
)
_VANTINI_AT_WAR = "Aurelio Vantini plays the organ of a bombed church through the war of 1944."


def _index(*films: Record) -> LinkageIndex:
    index = LinkageIndex()
    index.add([_DOC, *_FILLERS, *films])
    return index


def test_a_name_two_directors_filmed_is_a_topic_not_an_identity() -> None:
    index = _index(
        _film("portrait", "Ilse Brandt", 2012, _VANTINI_AND_SPERANDEO),
        _film("war", "Tomas Okafor", 2018, _VANTINI_AT_WAR),
    )
    evidence = index.evidence("doc", "portrait")
    shared = {name.lower() for name in evidence.shared_names}
    topics = {name.lower() for name in evidence.shared_topics}
    assert {"aurelio", "vantini"} <= topics
    assert not {"aurelio", "vantini"} & shared
    # Sperandeo is in one film only: still identity evidence, and all that weighs.
    assert {"ottavia", "sperandeo"} <= shared
    assert "shared topics (not counted): " in score_pair("doc", "portrait", evidence).reason


def test_names_of_one_film_screened_twice_stay_identity_evidence() -> None:
    # Same director, a year apart: two screenings of one film, not two films.
    index = _index(
        _film("portrait", "Ilse Brandt", 2012, _VANTINI_AND_SPERANDEO),
        _film("portrait-again", "Ilse Brandt", 2013, _VANTINI_AT_WAR),
    )
    evidence = index.evidence("doc", "portrait")
    assert {"aurelio", "vantini"} <= {name.lower() for name in evidence.shared_names}
    assert evidence.shared_topics == ()


def test_years_far_apart_make_a_topic_without_directors() -> None:
    index = _index(
        _film("portrait", None, 1961, _VANTINI_AND_SPERANDEO),
        _film("war", None, 2004, _VANTINI_AT_WAR),
    )
    assert {"aurelio", "vantini"} <= {n.lower() for n in index.evidence("doc", "war").shared_topics}


def test_a_shared_topic_still_cancels_no_name_in_common() -> None:
    index = _index(
        _film("portrait", "Ilse Brandt", 2012, _VANTINI_AND_SPERANDEO),
        _film("war", "Tomas Okafor", 2018, _VANTINI_AT_WAR),
    )
    # The doc and the war film share only topic names: no identity evidence, but the
    # texts do name someone in common.
    evidence = index.evidence("doc", "war")
    assert evidence.shared_names == ()
    assert evidence.name_weight == 0.0
    assert evidence.names_disjoint is False
    assert "no name in common" not in score_pair("doc", "war", evidence).reason


def test_a_record_being_matched_counts_in_topics() -> None:
    index = _index(_film("portrait", "Ilse Brandt", 2012, _VANTINI_AND_SPERANDEO))
    assert {"aurelio", "vantini"} <= {
        n.lower() for n in index.evidence("doc", "portrait").shared_names
    }
    query = _film("query", "Tomas Okafor", 2018, _VANTINI_AT_WAR)
    with index._matching(query):
        topics = {n.lower() for n in index.evidence("doc", "portrait").shared_topics}
    assert {"aurelio", "vantini"} <= topics
    # and forgets it afterwards
    assert index.evidence("doc", "portrait").shared_topics == ()
