"""Tidy-up of the names found, whichever tagger found them: spans redrawn as the guidelines draw them.

`tidy_up` runs the steps in order; the names component calls it after the rules or the CRF, once
it has dropped the boilerplate of an administrative document (`drop_boilerplate`, which reads the
Doc). Each module's docstring says what its steps correct and what the training data says:

- `spans`: a span's shape whatever its label (`symbols_off_names`, `scores_off_names`, `unglue_last_word`,
  `cut_runaway_spans`, `end_at_the_unit_name`, `whole_brackets`, `whole_hyphenated_names`, `drop_inside_codes`,
  `consistent_labels`, `list_labels`), and the small helpers the other modules share;
- `persons`: people's names (`tidy_persons`, `comrade_abbreviations`, `foreign_sentence_names`,
  `repeated_names`) and the name helpers the other modules share;
- `names_run_in`: a name and the agency, place or office written before it
  (`people_run_into_names`, `names_after_an_office`, `names_cut_in_two`);
- `titles`: titles (`drop_bare_delegates`, `titles_drawn_as_the_guidelines_say`,
  `fused_titles_whole`, `bare_office_titles`, `titles_cut_in_two_joined`, `title_modifiers`, `portfolio_then_country`);
- `orgs`: organisations and words that name no one (`agencies_joined_by_and`, `departments_end_at_their_portfolio`,
  `drop_generic_orgs`, `drop_seasons`,
  `drop_ship_names`, `firms_named_like_people`, `known_orgs_whole`, `steering_committees_whole`, `defined_acronyms`,
  `party_committees_after_offices`, `offices_of_an_office`, `platforms_as_media`, `clubs_named_by_their_town`);
- `places`: places (`dateline_places`, `transliterated_places`, `places_by_their_head`,
  `place_nouns_outside`, `place_pairs`, `units_named_after_their_level`,
  `streets_named_for_people`, `road_codes`);
- `vocabulary`: underthesea's word list and its syllables (`vietnamese_syllables`), and how a
  line is written (Vietnamese, another language, Vietnamese without accents).

The modules import one another in one direction: `vocabulary` under `spans`, under `persons`,
under `names_run_in`, `titles` and `places`; `orgs` reads `spans` and `vocabulary`.

Works on input text and `Entity` spans, after the rules or the CRF and before
the component writes doc.ents; offsets stay exact (every span is cut from the
input text as given).
"""
from __future__ import annotations

from ..lexicon import Lexicon
from ..types import Entity
from .names_run_in import names_after_an_office, names_cut_in_two, people_run_into_names
from .orgs import (agencies_joined_by_and, agencies_with_their_place, clubs_named_by_their_town, defined_acronyms,
                   departments_end_at_their_portfolio, drop_generic_orgs, drop_seasons, drop_ship_names,
                   firms_named_like_people,
                   known_orgs_whole, offices_of_an_office, party_committees_after_offices, platforms_as_media,
                   steering_committees_whole)
from .persons import (_mentions, comrade_abbreviations, foreign_sentence_names, repeated_names,  # noqa: F401
                      tidy_persons)
from .places import (dateline_places, place_nouns_outside, place_pairs, places_by_their_head, road_codes,
                     streets_named_for_people, transliterated_places, units_named_after_their_level)
from .spans import (consistent_labels, cut_runaway_spans, drop_inside_codes, end_at_the_unit_name, list_labels,
                    scores_off_names, symbols_off_names, unglue_last_word, whole_brackets, whole_hyphenated_names)
from .titles import (bare_office_titles, drop_bare_delegates, fused_titles_whole, portfolio_then_country,
                     title_modifiers, titles_cut_in_two_joined, titles_drawn_as_the_guidelines_say)
from .vocabulary import vietnamese_syllables  # noqa: F401


def tidy_up(text: str, found: list[Entity], lexicon: Lexicon, blocked: list[tuple[int, int]]) -> list[Entity]:
    """`found` over `text` after every tidy-up step, in the order they build on one another;
    `blocked` are the spans earlier components took (numbers), where no step adds an entity."""
    found = scores_off_names(text, whole_hyphenated_names(text, symbols_off_names(text, found)), lexicon)
    found = end_at_the_unit_name(cut_runaway_spans(text, unglue_last_word(text, found), lexicon), lexicon)
    found = departments_end_at_their_portfolio(text, found, lexicon)
    found = foreign_sentence_names(text, found)
    found = whole_brackets(text, found, lexicon)
    found = drop_generic_orgs(agencies_joined_by_and(found, lexicon), lexicon)
    found = drop_bare_delegates(text, found)
    found = drop_seasons(text, found, lexicon)
    found = drop_ship_names(text, found, lexicon)
    found = titles_drawn_as_the_guidelines_say(text, found, lexicon)
    found = fused_titles_whole(text, found, lexicon)
    found = bare_office_titles(text, found, lexicon, blocked)
    found = title_modifiers(text, titles_cut_in_two_joined(text, found, lexicon), lexicon)
    found = drop_inside_codes(text, found)
    found = steering_committees_whole(text, known_orgs_whole(text, found, lexicon, blocked), lexicon, blocked)
    found = party_committees_after_offices(text, defined_acronyms(text, found, blocked), blocked)
    found = offices_of_an_office(text, found)
    found = people_run_into_names(text, found, lexicon)
    found = names_after_an_office(text, found, lexicon)
    found = names_cut_in_two(text, found, lexicon)
    found = portfolio_then_country(text, found, lexicon)
    found = comrade_abbreviations(text, tidy_persons(text, found, lexicon))
    found = agencies_with_their_place(text, dateline_places(text, found, lexicon), lexicon)
    found = transliterated_places(text, found, lexicon, blocked)
    found = places_by_their_head(found, lexicon)
    found = place_pairs(place_nouns_outside(found, lexicon), lexicon)
    found = units_named_after_their_level(text, found, lexicon)
    found = consistent_labels(streets_named_for_people(text, found, lexicon))
    found = list_labels(text, found)
    found = road_codes(text, found, blocked)
    found = repeated_names(text, found, lexicon, blocked)
    # after `repeated_names`: a firm's mentions the model missed are back, as PERSON, only then
    found = firms_named_like_people(text, found, lexicon)
    found = platforms_as_media(text, found, lexicon)
    found = clubs_named_by_their_town(text, found, lexicon)
    return found
