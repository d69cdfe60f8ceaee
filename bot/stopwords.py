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
