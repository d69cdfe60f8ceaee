"""Common English words that never make a question unanswerable (they carry no topic)."""

STOPWORDS = frozenset("""
a an the of in on at to for from by with about as into onto over under up down out off than then
and or but nor so yet if because while whereas although though unless since until till after before
i me my mine we us our you your yours u ur he him his she her it its they them their theirs one ones
is am are was were be been being do does did done doing have has had having will would shall should
can could may might must ought need dare let lets get got gets getting go goes went gone going
this that these those there here thereby what which who whom whose when where why how whats wheres
whos hows whens not no nope yes yeah yep ok okay please pls plz kindly just only even also too very
really actually exactly quite rather much many more most less least some any all each every both
either neither other another such same own few lot lots little bit kind sort thing things stuff
tell told say said know knew known think thought see seen look mean meant want like find give gave
given show shown explain describe list name named called call make made put take way ways
again already ever never still now soon once twice first second last next ago later early
currently recently today yesterday tomorrow tonight morning evening night day days time times
ive im youre theyre weve were dont doesnt didnt isnt arent wasnt werent hasnt havent hadnt wont
cant couldnt shouldnt wouldnt thats theres heres whatever whoever whichever however
hi hello hey thanks thank cheers bot sir madam dear friend guys folks man
s t d ll re ve m o y
anyone anybody anything someone somebody something everyone everybody everything nobody nothing
happen happens happened happening occur occurred occurs took place took
abt bout wat wht wen whn wher hw cud shud wud gonna wanna gotta
""".split())

# Verbs, adverbs and adjectives that say how something is asked, not what it is about. Each base
# form also covers its usual inflections (see ``inflections``). Topic words (weather, casualties,
# leader, refugees, capital ...) are deliberately absent: a question about them must be declined.
_GENERIC_BASES = """
ask answer appear become bring carry cause change choose claim come consider continue decide
describe develop enter explain face feel follow help hit include involve keep learn leave
let manage mark mean mention move need note pass play prove reach remain report result return
reveal say see seem separate set spark start stay stress suggest talk trigger try turn
understand use wage walk watch weigh work matter hear read check confirm compare count
occur finish last concern relate affect bring mark term label refer call name
"""
_GENERIC_WORDS = """
saw seen brought came become began begun caught chose chosen felt fell kept left lay made meant
met paid ran read said sent set spoke stood took taken thought told went won
exact exactly precise precisely specific specifically approximately roughly around about almost
nearly mostly mainly largely partly fully entirely completely totally really truly actually
basically generally usually already finally eventually suddenly quickly slowly rapidly soon recent
recently latest latter former earlier earliest later latest previous previously following
next past present current future overall whole entire main major minor key great
new good bad important significant same different other certain sure true false real official
officially reportedly apparently allegedly supposedly clearly simply likely unlikely possible
possibly probably perhaps maybe yet still ever never always often sometimes again further also
instead rather quite fairly pretty totally short long brief briefly quick quickly detail details
detailed summary overview outcome result results consequence consequences effect effects impact
role part piece point points reason reasons way ways kind type sort
development developments situation status news story article text report reporting source
history background context timeline order sequence chronology chronological stage stages phase
moment period era course process progress trend picture fact facts information info data question
questions answer answers word words term terms phrase label name names mentioned described called
difference differences relation relationship connection link links involvement involved whether
per via among amongst across along around behind beside besides beyond despite except inside
outside throughout toward towards upon within without versus vs mid amid following regarding
concerning including central centre middle heart downtown
"""


def inflections(base: str) -> set[str]:
    """A verb's usual forms: ask -> asks, asked, asking (rough rules, good enough for matching)."""
    forms = {base, base + "s", base + "es", base + "ed", base + "d", base + "ing"}
    if base.endswith("e"):
        forms |= {base[:-1] + "ing", base + "d"}
    if base.endswith("y"):
        forms |= {base[:-1] + "ies", base[:-1] + "ied"}
    if len(base) > 2 and base[-1] not in "aeiouwxy" and base[-2] in "aeiou" and base[-3] not in "aeiou":
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return forms


GENERIC = frozenset().union(*(inflections(b) for b in _GENERIC_BASES.split())) | frozenset(_GENERIC_WORDS.split())
