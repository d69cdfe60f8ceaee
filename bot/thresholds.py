"""Every threshold and weight the engine uses, in one place."""

# Entity linking (typo tolerance); OSA edit distance counts a transposition as one edit.
ENTITY_MIN_FUZZY_LEN = 6        # shorter unknown words link only via doubled letters or a transposition
ENTITY_MAX_EDITS_SHORT = 1      # for words of 6-8 letters
ENTITY_MAX_EDITS_LONG = 2       # for words (or word groups) of 9 letters or more
WORD_MAX_EDITS = 1              # correcting an unknown word to a known one (same first letter)
WORD_MAX_EDITS_LONG = 2         # ... for words of 8 letters or more

# Intent detection.
INTENT_PHRASING_MIN = 82.0      # rapidfuzz score (0-100) for a phrasing to count
INTENT_MARGIN = 0.1             # best must beat the runner-up by this, or the cue order decides

# Fact scoring.
W_ENTITY = 3.0                  # a question entity the fact is about
W_MENTION_SHARE = 0.5           # ... counted at this share when the fact only mentions it
W_ENTITY_MISS = 2.5             # a question entity the fact is not about
W_ENTITY_SOFT_MISS = 0.5        # ... but whose name the fact's quotes mention
W_SURPLUS = 0.15                # each entity of the fact the question did not name (if it names any)
W_SUBJECT = 1.5                 # the side named first is the fact's actor (or, with "lose", its target)
W_ACTION = 2.0                  # the question's action word fits the fact's action
W_SECONDARY_SHARE = 0.5         # ... counted at this share when it fits one of the fact's other actions
W_ACTION_MISS = 1.0             # the question names an action the fact is not about
W_WORD = 0.5                    # each other question word found in the fact's words
W_UNEXPLAINED = 1.0             # each topic word of the question the fact does not speak of
W_LIST = 1.0                    # "which cities ...?" and the fact is a summary listing several
DERIVED_MIN_STEM = 6            # letters of a stem that another word's stem must begin with to be its form
W_DATE = 4.0                    # a date in the question that the fact's date covers
W_DATE_MISS = 3.0               # a date in the question that the fact's date does not cover
W_DATE_NEAR_MISS = 1.5          # ... but of the fact's year (or month): a claim's wrong date is more likely of it
W_SLOT = 1.0                    # the fact has a sharper answer for this kind of question
W_KIND = 1.0                    # the fact names something of the kind "which" asks for ("which division")
W_NO_SLOT = 2.0                 # the fact cannot answer this kind of question (no date for "when", ...)
W_NO_COUNT = 4.0                # a "how many" question and the fact gives no number
W_ABOUT = 3.0                   # the fact is the named entity's main fact
W_CONTEXT = 2.0                 # the fact answered the previous turn (follow-ups)
W_RECENT = 1.0                  # a present-tense yes/no question ("is ... now?") and the fact is of the latest year
W_SALIENCE = 0.1                # per salience point

CLAIM_MARGIN = 1.0              # a claim's point (one value set aside) must pick its fact by this much
PART_MARGIN = 0.5               # each side of "between X and Y" must pick its fact by this much
MIN_FACT_SCORE = 1.5            # below this nothing in the report matches the question
EXTREME_MARGIN = 1.5            # "first"/"last": facts this close to the best are compared by date
EXTREME_CANDIDATES = 8          # ... at most this many of them
TOPIC_MARGIN = 1.0              # a fact this close to the best that has the topic words it lacks answers instead
LIST_MAX = 3                    # facts listed for "what happened on/in ..." questions
TIMELINE_MAX = 30               # events a timeline answer lists (then how many more there are)
SUGGESTIONS = 3
NAMES_MAX = 12                  # names a "which cities are mentioned?" answer lists (then how many more)
SOURCES_NAMED = 5               # sources the greeting and the about text name, newest first (then how many more)

# Conversation context.
FOLLOWUP_MAX_WORDS = 4          # "and Aleppo?" style follow-ups are at most this many content words

#: How many words next to a name a claim joins to it ("Iranian military intervention"), to check that the fact
#: does not join them to another name ("Russia's military intervention").
NAME_WORDS_JOINED = 2
