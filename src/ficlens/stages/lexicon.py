"""Word lists the character stages use: honorifics, pronouns, person nouns, nicknames, perception verbs.

Hand-written for this project. The person-noun list is extended at load time by the learned lists in
``resources/person_nouns/`` (made by ``train/person_nouns.py`` from LitBank; see their model card).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Titles before a name, with the pronoun set they imply ("" = says nothing about it).
HONORIFICS: dict[str, str] = {
    **dict.fromkeys(
        "mr mr. mister sir lord master king prince duke baron count earl marquis marquess emperor father brother "
        "uncle grandpa grandfather monsieur m. herr signor senor señor don".split(),
        "he",
    ),
    **dict.fromkeys(
        "mrs mrs. miss ms ms. lady madam madame mme mme. mlle mademoiselle queen princess duchess baroness countess "
        "empress mother sister aunt auntie granny grandma grandmother nan nanny frau fraulein signora senora señora "
        "dona doña dame".split(),
        "she",
    ),
    **dict.fromkeys(
        "dr dr. doctor prof prof. professor captain capt capt. colonel col col. general major lieutenant lt lt. "
        "sergeant sgt sgt. officer detective inspector constable agent reverend rev rev. judge mx mx. coach "
        "commander admiral governor president senator chief elder".split(),
        "",
    ),
}


@dataclass(frozen=True, slots=True)
class PronounInfo:
    person: int
    plural: bool
    gender: str  # "he", "she", "they", "" (first and second person)
    case: str  # "subj", "obj", "poss", "refl"


def _pronouns() -> dict[str, PronounInfo]:
    table: dict[str, PronounInfo] = {}
    rows = [
        (1, False, "", {"subj": "i", "obj": "me", "poss": "my mine", "refl": "myself"}),
        (1, True, "", {"subj": "we", "obj": "us", "poss": "our ours", "refl": "ourselves"}),
        (2, False, "", {"subj": "you", "obj": "", "poss": "your yours", "refl": "yourself"}),
        (2, True, "", {"subj": "", "obj": "", "poss": "", "refl": "yourselves"}),
        (3, False, "he", {"subj": "he", "obj": "him", "poss": "his", "refl": "himself"}),
        (3, False, "she", {"subj": "she", "obj": "her", "poss": "hers", "refl": "herself"}),
        (3, True, "they", {"subj": "they", "obj": "them", "poss": "their theirs", "refl": "themselves"}),
    ]
    for person, plural, gender, forms in rows:
        for case, words in forms.items():
            for w in words.split():
                table[w] = PronounInfo(person, plural, gender, case)
    table["thee"] = table["thou"] = PronounInfo(2, False, "", "subj")
    table["thy"] = table["thine"] = PronounInfo(2, False, "", "poss")
    table["thyself"] = PronounInfo(2, False, "", "refl")
    table["themself"] = PronounInfo(3, False, "they", "refl")
    return table


PRONOUNS = _pronouns()

# Person nouns that say which pronouns fit ("the witch" is she in nearly every story that uses it).
GENDERED_NOUNS: dict[str, str] = {
    **dict.fromkeys(
        "man men boy boys gentleman gentlemen husband father dad daddy papa son brother uncle nephew grandfather "
        "grandson king prince duke lord sir wizard monk priest fellow guy bloke lad lads chap waiter actor bastard "
        "bridegroom groom widower mister boyfriend stepfather stepson stepbrother godfather patriarch".split(),
        "he",
    ),
    **dict.fromkeys(
        "woman women girl girls lady ladies wife mother mum mom mama mamma mummy daughter sister aunt niece "
        "grandmother granddaughter queen princess duchess witch nun maid maiden actress waitress widow bride "
        "girlfriend chit bint lass lassie damsel heroine hostess stepmother stepdaughter stepsister godmother "
        "matriarch governess housekeeper mistress madam seamstress sorceress priestess goddess".split(),
        "she",
    ),
}

# Nouns that denote a person (singular forms; plurals are read by lemma). Fan-fiction epithets included.
_PERSON_NOUNS = """
man woman boy girl child kid baby infant toddler teenager teen youth adult person people lady gentleman fellow guy
bloke lad lass chap gal dude
mother father mum mom mama papa dad daddy mummy parent son daughter brother sister sibling twin husband wife
spouse partner fiance fiancee bride groom uncle aunt nephew niece cousin grandmother grandfather grandma grandpa
granny nan grandson granddaughter grandchild stepmother stepfather stepson stepdaughter godmother godfather
widow widower orphan heir heiress ancestor descendant family relative
friend enemy foe rival lover boyfriend girlfriend sweetheart darling beloved companion comrade ally mate buddy pal
roommate flatmate neighbour neighbor stranger visitor guest host hostess colleague acquaintance partner
king queen prince princess duke duchess lord lady earl count countess baron baroness knight squire emperor
empress noble nobleman noblewoman peasant servant maid butler footman valet cook housekeeper governess nurse
nanny slave master mistress owner tenant landlord landlady
doctor physician surgeon nurse lawyer attorney judge magistrate clerk teacher professor student pupil scholar
headmaster headmistress principal tutor priest vicar minister pastor monk nun bishop cardinal pope rabbi
preacher soldier sergeant captain colonel general officer lieutenant major private commander admiral sailor
pilot driver coachman cabman waiter waitress bartender barman innkeeper shopkeeper merchant trader farmer
shepherd fisherman hunter blacksmith carpenter tailor baker butcher miner labourer laborer worker boss manager
secretary agent detective inspector constable policeman cop guard watchman sheriff thief robber burglar
murderer killer assassin criminal prisoner convict villain hero heroine victim witness suspect spy traitor
artist painter poet writer author novelist musician singer actor actress dancer player athlete
reporter journalist editor banker clerk politician senator president governor mayor
witch wizard warlock sorcerer sorceress mage magician vampire slayer watcher demon werewolf ghost spirit
hunter angel god goddess fairy elf dwarf giant monster creature beast human mortal immortal champion
redhead blond blonde brunette chit bint git prat bastard idiot fool moron brat twit wanker bugger sod
girl woman man boy youngster elder ancient stranger newcomer
patient client customer passenger traveller traveler pilgrim wanderer beggar tramp
apprentice mentor keeper harbourmaster harbormaster captain sailor fisherwoman ferryman lighthousekeeper
sire childe minion lackey henchman fledgling
""".split()

# Person nouns that describe rather than name a role: used as epithets for a character already in view
# ("the redhead", "the vampire", "the old man"). Other person nouns (the waiter, the landlady) usually bring
# in a character of their own, and are linked to one only by the same words or by apposition.
DESCRIPTIVE_NOUNS = frozenset(
    """man woman girl boy lady gentleman fellow guy bloke lad lass chap gal youth child kid baby toddler teenager
    teen stranger person creature redhead blond blonde brunette chit bint git prat bastard idiot fool moron brat
    twit wanker bugger sod vampire witch wizard warlock sorcerer sorceress slayer demon werewolf ghost beast
    monster human mortal immortal elder youngster newcomer figure soul thing darling dear beauty wretch
    sinner coward hero heroine villain""".split()
)

# Indefinite pronouns that stand for people: mentions of a person (LitBank counts them), never a character's name.
INDEFINITE_PERSONS = frozenset("somebody someone anybody anyone everybody everyone nobody no-one".split())
# Nouns for a group of people: their mentions are groups, never one character.
COLLECTIVE_NOUNS = frozenset(
    """crew family team gang couple party army troop band squad tribe clan crowd mob audience public assemblage
    assembly congregation committee council nobility gentry populace""".split()
)
# Person nouns in the learned list that far more often mean something else in fiction ("the spirit of the age",
# "her counsel", "its being"): never the head of a person mention. ("one" stays a mention; a cluster of "the one"
# alone is kept out of the cast.)
NOT_PERSON_NOUNS = frozenset("spirit being counsel solitary class".split())
# Kin words: as capitalised names ("Father", "Gran") they are people, however often they are written in lower case.
KIN_WORDS = frozenset(
    """mother father mum mom dad daddy papa pa ma mama mamma mummy mommy son daughter brother sister uncle aunt
    auntie grandmother grandfather grandma grandpa granny gran nan nana grandad granddad""".split()
)


@lru_cache(maxsize=16)
def load_person_nouns(name: str = "all", threshold: float = 0.5) -> frozenset[str]:
    """Person-noun lemmas: the hand list above plus a learned list ``resources/person_nouns/<name>.tsv``
    (``all`` for users; ``fold-<k>`` for the LitBank evaluation of fold k; see that folder's model card)."""
    words = set(_PERSON_NOUNS)
    try:
        learned = resources.files("ficlens").joinpath(f"resources/person_nouns/{name}.tsv").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        learned = ""
    for line in learned.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, _, prob = line.partition("\t")
        if not prob or float(prob) >= threshold:
            words.add(word.strip())
    return frozenset(words)


def person_nouns() -> frozenset[str]:
    """The person nouns ficlens uses for users (hand list and the learned list trained on all of LitBank)."""
    return load_person_nouns("all")


# Common hypocorisms: nickname -> full first names. Prefixes (Tam/Tamsin, Wes/Wesley) are matched by rule.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "bill": ("william",), "will": ("william",), "billy": ("william",), "liam": ("william",),
    "bob": ("robert",), "rob": ("robert",), "bobby": ("robert",), "robbie": ("robert",), "bert": ("robert", "albert"),
    "dick": ("richard",), "rick": ("richard",), "rich": ("richard",), "richie": ("richard",),
    "jim": ("james",), "jimmy": ("james",), "jamie": ("james",), "jack": ("john",), "johnny": ("john",),
    "jon": ("jonathan", "john"), "peggy": ("margaret",), "meg": ("margaret",), "maggie": ("margaret",),
    "daisy": ("margaret",), "marge": ("margaret", "marjorie"), "molly": ("mary",), "polly": ("mary",),
    "bess": ("elizabeth",), "beth": ("elizabeth",), "betsy": ("elizabeth",), "betty": ("elizabeth",),
    "liz": ("elizabeth",), "lizzy": ("elizabeth",), "lizzie": ("elizabeth",), "eliza": ("elizabeth",),
    "libby": ("elizabeth",), "kate": ("katherine", "catherine", "kathryn"), "kitty": ("katherine", "catherine"),
    "cathy": ("catherine",), "kathy": ("katherine",), "katie": ("katherine", "catherine"),
    "fred": ("frederick", "winifred", "alfred", "frederica"), "freddie": ("frederick",), "freddy": ("frederick",),
    "wes": ("wesley",), "ben": ("benjamin", "benedict"), "benny": ("benjamin",), "tom": ("thomas",),
    "tommy": ("thomas",), "ted": ("edward", "theodore"), "teddy": ("edward", "theodore"), "ned": ("edward",),
    "ed": ("edward", "edmund", "edwin"), "eddie": ("edward",), "harry": ("henry", "harold"), "hal": ("henry",),
    "hank": ("henry",), "charlie": ("charles", "charlotte"), "chuck": ("charles",), "lottie": ("charlotte",),
    "tony": ("anthony",), "andy": ("andrew",), "drew": ("andrew",), "mike": ("michael",), "mick": ("michael",),
    "nick": ("nicholas",), "sam": ("samuel", "samantha"), "sammy": ("samuel",), "dan": ("daniel",),
    "danny": ("daniel",), "dave": ("david",), "davy": ("david",), "joe": ("joseph",), "joey": ("joseph",),
    "steve": ("steven", "stephen"), "alex": ("alexander", "alexandra"), "sandy": ("alexander", "alexandra"),
    "sasha": ("alexander", "alexandra"), "greg": ("gregory",), "matt": ("matthew",), "pat": ("patrick", "patricia"),
    "patsy": ("patricia",), "trish": ("patricia",), "sue": ("susan", "susanna"), "susie": ("susan",),
    "jenny": ("jennifer", "jane"), "jen": ("jennifer",), "jess": ("jessica",), "becky": ("rebecca",),
    "abby": ("abigail",), "annie": ("anne", "anna"), "nan": ("anne",), "nancy": ("anne",), "nell": ("eleanor", "helen"),
    "nellie": ("eleanor", "helen"), "ellie": ("eleanor", "elizabeth"), "nora": ("eleanor",), "sissy": ("cecilia",),
    "cissy": ("cecilia",), "sally": ("sarah",), "sadie": ("sarah",), "jo": ("josephine", "joanna"),
    "vicky": ("victoria",), "tori": ("victoria",), "val": ("valerie",), "gerry": ("gerald",), "jerry": ("gerald",),
    "larry": ("lawrence",), "len": ("leonard",), "leo": ("leonard",), "ray": ("raymond",), "ron": ("ronald",),
    "ronnie": ("ronald",), "don": ("donald",), "doug": ("douglas",), "phil": ("philip",), "pip": ("philip",),
    "hugh": ("hubert",), "kit": ("christopher",), "chris": ("christopher", "christine", "christina"),
    "topher": ("christopher",), "xander": ("alexander",), "dawnie": ("dawn",), "wills": ("william",),
    "jem": ("james",), "loo": ("louisa",), "lou": ("louisa", "louis"), "louie": ("louis",),
    "georgie": ("george", "georgiana"), "georgy": ("george",), "fanny": ("frances",), "fan": ("frances",),
    "frank": ("francis",), "franky": ("francis",), "gus": ("augustus",), "tilly": ("matilda",), "mattie": ("matilda",),
}  # fmt: skip

# Verbs of perception and thought: their subjects are the ones whose minds a third-person-limited scene is in.
PERCEPTION_VERBS = frozenset(
    """think thought know knew realize realise wonder feel felt see saw notice hear heard remember recall wish want
    hope fear suspect guess imagine believe decide sense smell taste watch consider suppose doubt worry regret
    understand recognize recognise""".split()
)

# Verbs of speaking (used to spot people among proper names: "Tamsin said").
SPEECH_VERBS = frozenset(
    """say said ask asked reply replied answer answered whisper whispered shout shouted cry cried call called
    mutter muttered murmur murmured snap snapped sigh sighed laugh laughed yell yelled scream screamed tell told
    add added continue continued insist insisted growl growled hiss hissed exclaim exclaimed demand demanded
    explain explained agree agreed protest protested suggest suggested repeat repeated interrupt interrupted
    stammer stammered sob sobbed groan groaned grumble grumbled chuckle chuckled snort snorted smile smiled
    grin grinned nod nodded shrug shrugged frown frowned speak spoke spoken return returned resume resumed
    observe observed remark remarked rejoin rejoined retort retorted respond responded declare declared
    announce announced inquire inquired enquire enquired wail wailed beg begged plead pleaded urge urged
    warn warned admit admitted confess confessed concede conceded mumble mumbled breathe breathed drawl drawled
    bark barked roar roared bellow bellowed squeak squeaked sneer sneered scoff scoffed tease teased
    counter countered object objected venture ventured persist persisted gasp gasped pant panted sniff sniffed
    interject interjected chime chimed purr purred coo cooed stutter stuttered blurt blurted babble babbled
    exclaim cry pursue pursued begin began conclude concluded proceed proceeded reason reasoned interpose
    interposed""".split()
)

# Verbs mostly done by people: their subjects are likely people.
HUMAN_VERBS = (
    SPEECH_VERBS
    | PERCEPTION_VERBS
    | frozenset(
        """look walk run sit stand smile grin laugh cry nod shrug sigh blink frown stare glance kiss hug marry
    love hate like wait turn reach grab pull push leave arrive enter return sleep wake dream eat drink write read
    decide try agree promise apologize apologise thank forgive lie swear pray kneel weep""".split()
    )
)

# Interjections, greetings and other words that open a quotation capitalised ("Huh.", "Peachy.", "Hullo"):
# spaCy's small model often tags them as proper nouns, and a word alone in a quotation looks like an address.
INTERJECTIONS = frozenset(
    """huh hmm hm hmmm mm mmm mmhm hum umm um uh uhh er erm ah aha ahem ahh aw aww bah blah boo bravo eh eigh
    gah gee golly gosh ha hah haha heh hey hi hiya hello hallo halloa hullo hurrah hurray huzzah alas oho ooh oh
    ow ouch oops phew pah pish pooh pshaw psha pfft shh sh tsk tut ugh uh-huh whoa wow yay yeah yep yup nope nah
    nay aye yea lor lawks zounds egad goodbye good-bye bye farewell cheers thanks thank'ee ta sorry please pray
    peachy great fine okay ok alright welcome congratulations hush silence nonsense rubbish indeed 'deed deed
    heavens goodness gracious bless damn dammit blast bother drat hell jeez jesus christ crikey blimey
    bloody wait stop look listen come go run help fire quick hurry yes no well why what lo hitherto""".split()
)

# Words that are capitalised like names but never people.
NOT_NAMES = INTERJECTIONS | frozenset(
    """god lord heaven hell christmas easter monday tuesday wednesday thursday friday saturday sunday january
    february march april may june july august september october november december english french german
    italian spanish america england london paris chapter part book prologue epilogue ok okay yes no oh ah
    mr mrs miss ms dr sir madam esq michaelmas whitsuntide lent advent today tomorrow tonight yesterday morning
    evening afternoon night noon midnight dusk spring summer autumn winter breakfast lunch dinner supper
    dessert tea coffee""".split()
)
