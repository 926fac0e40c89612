"""Everyday English put into the words the knowledge uses: idioms ("kicked off" is started, "put pen to paper" is
signed), chat shorthand ("govt", "ppl"), and a question that ends in "for" (what the program is *for*: its purpose).

The question keeps its own words; the plain words are added after them, so that matching sees both and nothing
the user wrote is lost or echoed differently. English, not knowledge: no entry's wording belongs here.
"""

from __future__ import annotations

import re
from functools import cache

from bot.engine.intents import OFFERS_HELP
from bot.engine.lazy import lazy_pattern
from bot.engine.question import Question

# (pattern over the folded question, the plain words it means)
IDIOMS: tuple[tuple[str, str], ...] = tuple(
    (pattern, plain)
    for pattern, plain in (
        (r"\b(?:kick|kicks|kicked|kicking) (?:it |this |the \w+ |things )?off\b", "started"),
        (r"\b(?:set|sets|setting) up\b|\bcame up with\b|\bcome up with\b|\bdreamed up\b|\bthought up\b", "started"),
        (r"\bgot (?:it|this|things|the \w+) (?:going|started)\b|\b(?:get|gets|got|getting) going\b", "started"),
        (
            r"\bput (?:pen|their names?|his name|her name|ink|signatures?) to\b|\binked\b|\binks\b"
            r"|\b(?:names|signatures) on\b",
            "signed",
        ),
        (r"\bresult(?:ed|s)? in\b|\bcame (?:of|out of)\b|\bcome (?:of|out of)\b|\bspun off\b", "led"),
        # "did Boston pick up a sister city in 2005?", "did we land a new twin city?"
        (
            r"\b(?:pick|picks|picked|picking) up (?:a |an |any |another |one |its )?(?:new )?(?:sister|twin|partner)\b"
            r"|\b(?:land|lands|landed) (?:a |an |any |another |one )?(?:new )?(?:sister|twin|partner)\b",
            "added",
        ),
        (r"\b(?:cut|cuts|cutting) (?:ties|it off|them off)\b|\b(?:broke|break|breaks) (?:off|up)\b", "ended"),
        (r"\b(?:pulled|pull|pulls) out\b|\bcalled (?:it )?off\b|\bwalked away\b", "ended"),
        (r"\bhow come\b", "why"),
        (r"\b(?:turn|turns|turned|turning) (?:\w+ ){1,3}into (?:an? )?(?:official|formal)\b", "formalize"),
        (
            r"\b(?:look|looks|looking) good\b|\bput (?:\w+ )?on the map\b|\bshow(?:s|ing)? (?:\w+ ){0,2}off\b",
            "reputation",
        ),
        (
            r"\b(?:lead|led|leads|leading) to (?:more|other|further|additional|new)\b|\bpav(?:e|ed|es|ing) the way\b",
            "prompted",
        ),
        (r"\b(?:call|calls|calling) (?:\w+ ){1,3}home\b|\bresident in\b|\bsettled in\b", "live"),
        (
            r"\b(?:team|pair|link|hook|match)(?:s|ed|ing)? up\b|\bjoin(?:s|ed|ing)? (?:forces|hands)\b"
            r"|\bpartner (?:up )?with\b",
            "partnered",
        ),
        (r"\boverseas\b|\babroad\b|\bfar away\b|\bin other countries\b|\bacross the (?:world|globe)\b", "foreign"),
        (
            r"\bupsides?\b|\bperks?\b|\badvantages?\b|\bpayoff\b|\bwhat(?:s| is) in it\b"
            r"|\bget (?:\w+ )?out of\b|\bgain from\b|\btap into\b|\bmake use of\b|\btake advantage of\b",
            "benefit",
        ),
        (r"\by2k\b|\bturn of the millennium\b|\bthe millennium\b", "2000"),
        (r"\b(?:worked|works|working) out\b|\bwent well\b|\bturned out well\b|\bpaid off\b", "success"),
        (r"\bkeep(?:s|ing)? the lights on\b|\bstay(?:s|ing)? afloat\b|\bmake ends meet\b", "funded"),
        (
            r"\b(?:asked|urged|pushed) for\b|\bdid \w+(?: \w+)? (?:ask|urge|push) for\b"
            r"|\b(?:ask|asked|asking|urge|urged|urging) (?:americans|the public|citizens|ordinary people|the nation)\b",
            "urged",
        ),
        (
            r"\b(?:led|lead|leads) to (?:this|the|our) (?:program|programme|movement|whole thing|idea)\b"
            r"|\bgave (?:rise|birth) to\b",
            "origin",
        ),
        (
            r"\bfoots? the bill\b|\bpicks? up the tab\b|\b(?:pay|pays|paid|paying) for\b|\btax money\b|\bwho pays\b"
            r"|\bmoney come from\b|\bbankrolls?\b",
            "funded",
        ),
        (r"\b(?:beef|shore|build|firm) up\b|\bdeepen\b|\bcement\b", "strengthen"),
        (r"\bethnic (?:mix|makeup|make up|groups|communities)\b|\bmelting pot\b|\bmulticultural\b", "diversity"),
        (
            r"\b(?:polish|polishes|burnish|burnishes|boost|boosts|improve|improves|raise|raises) (?:\w+ ){0,2}image\b",
            "reputation",
        ),
        (r"\blocal (?:companies|businesses|firms|employers)\b|\bmoney ?wise\b|\beconomically\b", "business"),
        (
            r"\b(?:regular|ordinary|average|normal|everyday) (?:person|people|folks|citizens|bostonians?)\b"
            r"|\bmembers of the public\b",
            "anyone",
        ),
        (r"\b(?:organi[sz]e|run|put on|help with|help out with) (?:the |some )?events\b", "plan events"),
        (r"\bgets? (?:the )?credit\b|\bcredited with\b|\blaunch(?:ed|ing|es)?\b", "started"),
        (r"\bofficially become\b|\bbecome official\b|\bmade official\b|\bmake it official\b", "formalize"),
        (r"\bstate department\b|\bforeign service\b|\bembass(?:y|ies)\b|\bconsulates?\b", "diplomats"),
        (r"\bfamily (?:ties|roots|connections?|background|heritage|links?)\b|\bfamily from\b", "parents"),
        (r"\b(?:traded|trade|swapped|swap|shared|passed) back and forth\b|\bback and forth\b|\bswapped\b", "exchange"),
        (r"\bimage (?:overseas|abroad|internationally|worldwide)\b|\bglobal image\b", "reputation"),
        (r"\b(?:came|come|comes|coming) on board\b|\bsigned up\b|\bsign up\b", "joined"),
        (r"\b(?:pushed|push|pushes|pushing|lobbied|lobby|campaigned|advocated) for\b|\bchampioned\b", "proposed"),
        (r"\b(?:get|gets|got|getting) (?:their|its|the|our) (?:money|funding|funds|cash)\b", "funded"),
        (r"\b(?:took|take|takes|taking) off\b|\bworked out\b|\bwent well\b|\bpaid off\b", "success"),
        (
            r"\b(?:brought|bring) (?:it |this |the \w+ )?about\b"
            r"|\b(?:who|whos|who s|who is|who was|who were|people|person|mayor|mayors) (?:\w+ )?behind"
            r" (?:it|the \w+|this)\b",
            "proposed",
        ),
        # (someone "pulled in" to advise; not what is brought in: "does it bring in tourists?")
        (
            r"\b(?:pulled|pull|drawn|draw|brought|bring|roped|rope|dragged|drag) (?:in|into)\b"
            r"(?! (?:\w+ )?(?:tourists?|tourism|visitors?|money|revenue|business|businesses|investment|investors|jobs"
            r"|trade|dollars|funds|funding|cash|students|people|crowds))",
            "consulted",
        ),
        (r"\bcalled (?:up)?on\b|\bturned to\b|\bturn to\b|\basked for (?:advice|help)\b", "consulted"),
        (r"\bin it for\b|\bget (?:anything|something) out of\b|\bget out of it\b", "benefit"),
        # (a name it goes by is a nickname: "which sister city is known as the Twin City?")
        (r"\b(?:known|referred to|called) as the (?=twin city\b|cradle\b)", "nicknamed "),
        (
            r"\b(?:known|famous|recognized|recognised|respected) (?:for|as)\b(?! the (?:twin city|cradle)\b)",
            "reputation",
        ),
        (
            r"\b(?:run|ran|runs|managed|overseen) by\b|\bin charge\b|\bpart of (?:the )?(?:city|government)\b"
            r"|\b(?:looks|look|looking|looked) after\b",  # "which association looks after the Melbourne tie?"
            "runs",
        ),
        # "what is the program (actually) for?": its purpose (not "what does SCI stand for?", a name).
        (
            r"\bwhat(?:s| is| are| was)?\b(?: \w+){1,6}(?<! stand)(?<! stands) for"
            r"(?:$| (?=(?:asking|need|i need|for my|for a|explaining"
            r"|because|since|so i|thanks|thx|please|pls|i m|im|trying|tonight|today)\b))",
            "purpose",
        ),
        (r"\bwhat(?:s| is| are)? the point\b|\bwhy\b.*\bbother\b", "purpose"),
        # what a term is taken to say: "what is meant by a sister city?", "what do people mean by twinning?"
        (
            r"(?:\b(?:is|s|are) |(?<=\bwhat ))meant by\b"
            r"|\b(?:do|does) (?:people|folks|ppl|they|you|we|others) mean by\b",
            "meaning of",
        ),
        # what a program stands for is its purpose; what "SCI" stands for is a name (left as it is)
        (
            r"\bwhat (?:does|do) (?:the |our |this |boston s )?(?:program|programme|initiative|movement) stand for\b",
            "purpose",
        ),
        (
            r"\b(?:seen|viewed|perceived|thought of|regarded|known) (?:around|across|by|in|throughout) the world\b"
            r"|\bimage abroad\b|\bhow (?:\w+ ){1,3}(?:is|are|gets|get) (?:seen|viewed|perceived|regarded|thought of)\b",
            "reputation",
        ),
        (r"\bsaid yes to\b|\bagreed to\b|\bsigned off on\b|\bok(?:ay)?ed\b", "accepted"),
        (OFFERS_HELP, "volunteer"),  # the asker offering help: "what would I help with?", "how can we help?"
        # what a note or a mark refers to: "an asterisk note... what does it point to?"
        (r"\b(?:point|points|pointing|pointed) (?:to|at)\b", "refers"),
        # The tie and the continents in the languages of our cities ("ciudades hermanas de Boston en Europa"):
        # their English words (the reply still says it reads English only).
        (
            r"\bciudad(?:es)? (?:hermanas?|gemel[ao]s?)\b|\bvilles? (?:jumel(?:l?es?|ees?)|soeurs?)\b"
            r"|\bcitta (?:gemellat[ae]|gemell[ae]|sorell[ae])\b|\bpartnerstadt\w*|\bstadtepartnerschaft\w*"
            r"|\bcidades? (?:irmas?|gemeas?)\b|\bjumelages?\b|\bgemellaggi[o]?\b|\bhermanamientos?\b",
            "sister cities",
        ),
        (r"\b(?:cuales|cual|quelles|quels|quel|quelle|welche|welcher|quali|quale|quais|qual)\b", "which"),
        (r"\b(?:cuando|quand|quando|wann)\b", "when"),  # ("desde cuando" is "since when", below)
        (r"\b(?:quem|quien|wer)\b|^qui\b", "who"),  # (French "qui" only at the start: Italian "qui" is "here")
        (r"\b(?:lance|lancee|lancerent|lanciato|lanciata|lanzo|lanzaron|lancou|lancaram)\b", "started"),
        (r"\b(?:maire|maires|mairie|mairies|sindaco|sindaci|alcalde|alcaldes|burgermeister|prefeito)\b", "mayor"),
        (
            r"\b(?:hermanaron|hermano|hermanamos|hermanaran|gemellarono|gemellate|gemellati|jumelees|jumelerent"
            r"|geminaram|irmanaram)\b",
            "twinned",
        ),
        (
            r"\b(?:geschlossen|abgeschlossen|unterzeichnet|eingegangen|firmo|firmaron|firmado|signe|signee|signa"
            r"|firmato|firmata|firmou|assinou|assinado)\b",
            "signed",
        ),
        (
            r"\b(?:kannst du|konnen sie) mir sagen\b|\bpuedes decirme\b|\bpouvez vous me dire\b"
            # "can u remind me what the purpose is?": tell me (not "remind me friday to call...", a task)
            r"|\bremind me (?=(?:what|who|when|where|why|how|which|whether|if|of)\b)",
            "tell me ",
        ),
        (r"\b(?:cuantas|cuantos|combien|wie viele|quante|quanti|quantas|quantos)\b", "how many"),
        (
            r"\bdepuis (?:quand|quelle annee)\b|\bseit wann\b|\bdesde (?:cuando|que ano|quando)\b|\bda quando\b"
            r"|\ben quelle annee\b|\ben que ano\b|\bin welchem jahr\b|\bin che anno\b|\bem que ano\b",
            "since when",
        ),
        (r"\b(?:europa|europe)\b", "europe"),
        (r"\b(?:asien|asie|asia)\b", "asia"),
        (r"\b(?:africa|afrique|afrika)\b", "africa"),
        (r"\b(?:oceania|oceanie|ozeanien)\b", "oceania"),
        (r"\b(?:got|have|has) going (?:on )?with\b|\bgoing on with\b|\bdeal with\b", "relationship"),
    )
)
# Fillers that say nothing of what is asked ("why in the first place?"): never evidence for a topic.
FILLERS = lazy_pattern(
    r"(?=\w)\b(?:"  # tried only where a word starts: the same matches, three times faster
    r"\bin the first place\b|\bfirst of all\b|\bfirst off\b|\bat all\b|\bby the way\b"
    r"|\b(?:if i had to |if you had to )?put a (?:number|figure) on it\b|\broughly speaking\b"
    r"|\bback then\b|\bwhat exactly\b|\bexactly what\b|\bof all (?:places|cities|the places|the cities)\b"
    r"|(?<=sister city )game\b|(?<=sister cities )game\b|(?<=twinning )game\b"
    r"|\b(?:supposed|meant|expected) to\b|\bat (?:some|any|one) point\b"
    # a doubted alternative after the question: "...any economic upside, or is it purely a cultural thing?"
    r"|\bor (?:is it |it s |its |are they |is this |is that |do they |does it )?(?:just|purely|only|simply|merely"
    r"|mostly|all) .*$"
    # what the asker is doing it for: "running for council and want talking points"
    r"|\b(?:running|campaigning|standing) for (?:city )?(?:council|office|mayor|election)\b|\btalking points\b"
    # what the asker needs is what follows: "(I) need to confirm two things: ...", "want to check a few things"
    r"|\b(?:need|needs|want|wanted|have|had) to (?:confirm|check|verify|know|ask|clarify|double check) (?:two|2|three|3"
    r"|a few|a couple of|a couple|some|several) (?:quick )?(?:things|questions|points|details|facts)\b"
    # where the asker is in a new job: "still learning the ropes", "getting up to speed", "finding my feet"
    r"|\b(?:still )?(?:learning|learn|knowing|know|showing me|show me) the ropes\b|\b(?:getting|get) up to speed\b"
    r"|\b(?:finding|find) my feet\b|\b(?:getting|get) my bearings\b"
    # a pause before the question: "brb lunch but first: what's...", "ok but first"
    r"|\bbrb(?: (?:lunch|coffee|meeting|call))?\b|\b(?:but|ok|okay|so) first\b"
    # the two sides of any tie, named in general: "what gets exchanged between the two cities?"
    r"|\b(?:between )?the two (?:cities|places|communities|sides)\b|\bboth (?:cities|places|communities|sides)\b"
    # a request to tell, put as making something: "create a summary of the Kyoto tie", "make me a list of..."
    r"|^(?:create|make|print|build|design|prepare|put together) (?:me |us )?(?:a |an |the )?"
    r"(?=(?:quick |short |brief )?(?:list|summary|overview|table|timeline|rundown|chart)\b)"
    # "anything interesting about our tie with Padova?": a request for what there is to tell
    r"|\b(?:anything|something|what s|whats|what is) (?:interesting|cool|fun|notable|noteworthy|neat)"
    r"(?= (?:about|on|re)\b)"
    # a thread followed up, and who asked: "following up on yesterday's thread", "our volunteers asked:"
    r"|\bfollowing up on (?:\w+ s |the |my |our |your |this |that )?(?:\w+ )?(?:thread|message|email|question"
    r"|conversation|chat|meeting|mtg|discussion)\b"
    r"|\b(?:our|my|the|some|a few) (?:volunteers?|members?|colleagues?|team|boss|manager|students?|interns?)"
    r" (?:asked|want to know|wants to know|wondered|were wondering|was wondering)\b"
    # who or what the asker asks for: "asking for a friend", "asking for a timeline"
    r"|^re\b"  # an e-mail reply's "RE:"
    r"|\basking (?:for|on behalf of) (?:a|an|my|our|the) (?:school |class |work )?(?:friend|colleague|coworker"
    r"|co worker|timeline|report|project"
    r"|class|boss|presentation|newsletter|deck|article)\b"
    # the asker's own assignment and its deadline: "my kid's school project is on...", "(due friday)"
    r"|\b(?:my|our) (?:(?:kid|kids|son|daughter|child|students|class)(?: s)? )?(?:school |class |college )?"
    r"(?:project|assignment|homework|essay|paper)(?: is| s)?(?= (?:on|about)\b)"
    r"|\bdue (?:today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|next week|this week)\b"
    r"|\b(?:the|this) whole (?=program|programme|thing|idea)|\banyway\b"
    # where a claim the asker checks came from: "copied from an email: ...", "an email says...", "saw in a flyer"
    r"|\b(?:copied|pasted|quoted|forwarded|taken|copy|paste|reposting|reposted|repost|forwarding|sharing|shared)"
    r" (?:from|out of) (?:an?|the|my|our|this|some) "
    r"(?:e ?mail|mail|message|doc|document|thread|post|article|website|site|flyer|brochure|newsletter)"
    r"(?: thread| chain)?\b"
    r"|\b(?:an?|the|this|some) (?:e ?mail|message|flyer|brochure|newsletter) "
    r"(?:says|said|claims|claimed|states|stated)\b"
    r"|\b(?:got|received|saw|read|have) (?:an?|this|some) (?:e ?mail|message) (?:saying|that says|claiming|stating)\b"
    # how the asker types: "sry typing on phone", "sent from my phone"
    r"|\b(?:typing|texting|writing|sent|asking) (?:on|from) (?:my |a |the )?(?:phone|mobile|cell|tablet)\b"
    r"|\b(?:i m |im )?(?:on|from) my (?:phone|mobile|cell|tablet)\b"
    # "back in 1945", "way back in the 50s": when, said with emphasis
    r"|\b(?:way )?back(?= in (?:the )?(?:\d|early|late|mid))"
    r"|\b(?:pls |please )?(?:ignore|excuse|forgive|sorry for|sry for) (?:the |my |any )?typos?\b"
    # emphasis: "literally gave Boston a whole house", "why does the page make such a big deal about..."
    r"|\b(?:make|makes|making|made) (?:such )?(?:a )?(?:big |huge )?(?:deal|fuss|point) (?:about|of|out of)\b"
    r"|\bliterally\b|\b(?:a|an) (?:whole|entire)\b(?= \w)"
    # when the asker asks, not an order of ties: "quick q before lunch", "after my meeting"
    r"|\b(?:before|after|during) (?:my |our |the |a )?(?:lunch|breakfast|dinner|coffee|meeting|mtg|class|work|shift"
    r"|standup|call|weekend|holidays?|vacation)\b"
    # how something came to be, said in passing: "ended up being first", "or something different"
    r"|\b(?:ended|end|ends|ending) up\b|\bor (?:something|anything) (?:else|different)\b|\bor what\b"
    # when the asker does something, not an order of ties: "next week", "last month"
    r"|\b(?:next|last|this) (?:week|weekend|month|time|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    # how short the asker wants it: "a one-liner", "in a nutshell", "the tl;dr"
    r"|\bone liners?\b|\bin a nutshell\b|\btl ?dr\b|\bshort version\b|\belevator pitch\b"
    r"|\bin (?:one|1|a|two|2) (?:sentence|line|liner|word|paragraph)s?(?: or two)?\b|\bin a few (?:words|sentences)\b"
    r"|\bsum (?:it |this |that )?up\b|\bsummari[sz]e\b"
    # doubts about what one has heard: "getting mixed info", "hearing conflicting things"
    r"|\b(?:getting|hearing|heard|seeing|got|read) (?:mixed|conflicting|different|contradictory) "
    r"(?:info|information|messages|answers|things|stuff|signals|reports)\b"
    # the form of the request: "fill in the blanks", "intern deck slide:"
    r"|\bfill(?:ing)? in (?:the |these |those )?blanks?\b"
    r"|\b(?:\w+ )?(?:deck|slides?|presentation) (?:slides?|deck|draft|title)\b"
    # what the asker passes on: "pasting an email:", "forwarding a resident's message"
    r"|\b(?:copy )?(?:pasting|pasted|forwarding|forwarded|copying|quoting|passing on)(?: in| over| along)?"
    r" (?:a |an |the |this |my |our |their )?(?:\w+ ){0,2}(?:email|e mail|mail|message|note|question|dm|text"
    r"|letter)\b"
    # a letter's sign-off: "Thank you, J.", "thanks, Sam", "best regards, A. Smith"
    r"|(?<=\w )(?:thank you|thanks|thx|cheers|best|regards|best regards|sincerely)(?: so much)?(?: \w){1,2}$"
    # the asker's own plans: "planning a trip to Italy", "booked a vacation to Japan"
    r"|\b(?:planning|plan|planned|booking|booked|taking|going on) (?:a |an |my |our |the )?(?:trip|vacation|holiday"
    r"|journey|getaway)\b"
    # where the question comes from: "quick Q from the front desk", "question from the events team"
    r"|\b(?:(?:quick|short|small|random) )?(?:q|qq|question|one) from (?:the |a |an |my |our )?(?:\w+ ){0,2}"
    r"(?:desk|team|office|department|unit|reception|hotline|helpline|switchboard)\b"
    # who the asker asks for: "asking for the Spain desk", "asking for a friend"
    r"|\basking for (?:the |a |an |my |our )?(?:\w+ ){0,2}(?:desk|team|office|department|unit|colleagues?|friends?"
    r"|boss|manager|director|newsletter|report|class|students|group)\b"
    # what the asker is writing: "trying to write a mission blurb", "need to draft a memo"
    r"|\b(?:trying|want|wanting|need|going|have|got) to (?:write|draft|put together|prepare|finish|polish)"
    r" (?:a|an|my|our|the|this|some) (?:\w+ ){0,2}(?:blurb|memo|deck|slides?|report|post|email|newsletter|summary|doc"
    r"|document|speech|brochure|flyer|article|pitch|proposal|writeup|bio|intro)\b"
    # what the asker is about to do with it: "before I send this email", "before we post the newsletter"
    r"|\b(?:before|after|so|when|as) (?:i|we) (?:hit|press|click) (?:send|post|publish)\b"
    r"|\b(?:before|after|so|when|as) (?:i|we) (?:send|sent|write|finish|post|submit|publish|share) (?:this|that|the|my"
    r"|our|an|a) (?:\w+ )?(?:email|e mail|message|memo|note|post|draft|reply|newsletter|slide deck|deck|report|slides?"
    r"|doc|document)\b"
    # what the asker needs it for: "for a slide deck", "for my onboarding notes", "for our newsletter"
    r"|\b(?:for|into|in|on|onto) (?:a|an|my|our|the|this|tomorrows|todays) (?:\w+ )?(?:slide deck|deck|slides?"
    r"|presentation|report|briefing"
    r"|memo|newsletter|training|onboarding|class|lesson|email|talk|article|post|notes|handout|pitch|speech"
    r"|narrative|proposal|application|writeup|write up|doc|document|blog|flyer|brochure)\b"
    r")"
)


def filler_positions(q: Question) -> frozenset[int]:
    """The positions of the words of fillers such as "in the first place"."""
    starts = _word_starts(q)
    return frozenset(
        i for match in FILLERS.finditer(q.folded) for i, at in enumerate(starts) if match.start() <= at < match.end()
    )


def _word_starts(q: Question) -> list[int]:
    """Where each word starts in the folded question (words are joined by single spaces)."""
    starts = [0]
    for word in q.words[:-1]:
        starts.append(starts[-1] + len(word) + 1)
    return starts


# Chat shorthand for the plain word; small numbers as the knowledge writes them ("8" is "eight").
SHORTHAND = {
    **dict(
        zip(
            "2 3 4 5 6 7 8 9 10 11 12".split(),
            "two three four five six seven eight nine ten eleven twelve".split(),
            strict=True,
        )
    ),
    "govt": "government",
    "govts": "governments",
    "govs": "governments",
    "gov": "government",
    "gov't": "government",
    "ppl": "people",
    "bc": "because",
    "intl": "international",
    "int'l": "international",
    "info": "information",
    "org": "organization",
    "orgs": "organizations",
    "assoc": "association",
    "dept": "department",
    "wen": "when",
    "wat": "what",
    "wut": "what",
    "hw": "how",
    "becum": "become",
    "who'd": "who",
    "whod": "who",
    "what'd": "what",
    "where'd": "where",
    "how'd": "how",
    "when'd": "when",
    "mtg": "meeting",
    "howmany": "how many",
    "howmuch": "how much",
    "mtgs": "meetings",
}


# Shorthand read in place, where its position matters ("b4 Praia joined" is "before Praia joined").
INLINE_SHORTHAND = {
    "b4": "before", "bfore": "before", "em": "them", "w": "with", "thru": "through", "ppl": "people", "whats": "what",
    "wats": "what", "whts": "what", "yrs": "years", "yr": "year", "gimme": "give", "btwn": "between",
    "betw": "between", "diff": "difference", "sry": "sorry", "wich": "which", "whch": "which", "wihch": "which",
    "whos": "who", "wheres": "where", "hows": "how",
}  # fmt: skip


# Units after a number: "10,000 km" is a distance, not the word "ten".
_UNITS = frozenset("km kms kilometres kilometers kilometre kilometer miles mile mi hours percent".split())


def _part_of_a_measure(words: tuple[str, ...], i: int) -> bool:
    """True when the number at i is part of a bigger number or a measure ("10 000 km", "8 miles")."""
    near = words[max(0, i - 1) : i] + words[i + 1 : i + 3]
    return any(w.isdigit() or w in _UNITS for w in near)


def _domain(words: tuple[str, ...], i: int) -> bool:
    """True when the word at i ends a web address ("boston.gov" is the City's site, not "government")."""
    return words[i] == "gov" and i > 0 and words[i - 1] == "boston"


# Every idiom at once: most questions have none, and one search says so in a quarter of the time of one per idiom.
_ANY_IDIOM = lazy_pattern(r"(?=\w)\b(?:" + "|".join(f"(?:{pattern})" for pattern, _ in IDIOMS) + ")")


@cache
def _idioms() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each idiom's own pattern, compiled the first time a question has one (most have none: start-up skips it)."""
    return tuple((re.compile(pattern), plain) for pattern, plain in IDIOMS)


def plain_words(q: Question) -> tuple[tuple[tuple[str, int], ...], frozenset[int]]:
    """The plain words the question's idioms and shorthand mean, each with the position of the first word it stands
    for (in order, without repeats of its own words), and the positions of the words they replace ("came of" says
    nothing more once it reads "led")."""
    text = q.folded
    starts = _word_starts(q)
    found: dict[str, int] = {}
    replaced: set[int] = set()
    for pattern, plain in _idioms() if _ANY_IDIOM.search(text) else ():
        for match in pattern.finditer(text):
            at = [i for i, start in enumerate(starts) if match.start() <= start < match.end()]
            found.setdefault(plain, at[0] if at else len(q.words) - 1)
            replaced.update(at)
    for i, word in enumerate(q.words):
        if _domain(q.words, i):
            replaced.add(i)  # "boston.gov" names the City's site, not a government
            continue
        if word in SHORTHAND and not (word.isdigit() and _part_of_a_measure(q.words, i)):
            found.setdefault(SHORTHAND[word], i)
            replaced.add(i)
    added = dict.fromkeys((word, i) for w, i in found.items() for word in w.split() if word not in q.words)
    return tuple(added), frozenset(replaced)


def with_plain_words(q: Question) -> tuple[Question, frozenset[int]]:
    """The question with the plain words of its idioms added at its end (each in the clause of the words it stands
    for), and the positions of the words they stand for."""
    extra, replaced = plain_words(q)
    if not extra:
        return q, replaced
    added = tuple(w for w, _ in extra)
    return Question(
        q.raw,
        q.clean,
        q.surface + added,
        q.words + added,
        q.clauses + tuple(q.clauses[max(i, 0)] for _, i in extra) if q.clauses else (),
    ), replaced
