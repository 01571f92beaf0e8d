"""What the demonstration's referrers are worried about: fictional worries, written as a referrer
would, with what each says about the family (``{placeholders}`` filled from it)."""

from __future__ import annotations

from dataclasses import dataclass

from frontdoor.demo.families import HOSPITAL
from frontdoor.intake.models import Channel

# --- What the referrers are worried about -----------------------------------------------------------


@dataclass(frozen=True)
class Concern:
    """A fictional worry, written as a referrer would. ``{placeholders}`` are filled from the family."""

    text: str
    source: str
    when: str = "{when}"
    where: str = ""
    ages: tuple[int, int] = (0, 15)  # the first child's age, in years
    children: tuple[int, int] = (1, 3)
    background: frozenset[str] = frozenset()  # da, mh, sm, ld, threats: answered "yes"
    partner: bool = False  # mother's partner is named in the contact
    father: bool = False
    grandmother: bool = False
    unnamed: bool = False  # the referrer does not know the child's name (INT-4)
    unborn: bool = False
    baby_weeks: tuple[int, int] | None = None  # a pre-mobile baby (DEC-4)
    significant: str = ""
    positive: str = ""
    by: tuple[str, ...] = ()  # who makes this contact (referrer kinds); empty: the scenario's
    who: str = ""  # a family referrer: "mother", "father", "grandmother" or "aunt"
    channel: str = ""  # how it must arrive, when the words say so ("The caller ...")
    organisation: str = ""  # the referrer's organisation, when the words name it


C = Concern
NEGLECT_PUBLIC = (
    C(
        "I live next door to {mother} and the children at {street_address}. {child}, who is about {age}, is often "
        "outside on {his} own until late in the evening, in the same clothes for days. Last week {he} knocked on my "
        "door asking for something to eat. I can hear the younger one crying for long periods and some nights I do "
        "not think an adult comes home at all.",
        "I have seen and heard this myself from next door.",
        ages=(5, 10),
        children=(2, 3),
        where="At home and in the street outside",
    ),
    C(
        "The house at {street_address} smells very strongly and there are bags of rubbish piled in the front garden "
        "and the hallway. {child} goes to school in dirty clothes and other children have started to tease {him} "
        "about it. {mother} seems very low and hardly leaves the house any more.",
        "I see the family most days; my children go to the same school.",
        ages=(5, 12),
        background=frozenset({"mh"}),
        where="At the family home",
    ),
    C(
        "I work in the shop on {street}. {child} comes in most mornings before school and buys energy drinks and "
        "crisps for breakfast, sometimes with a toddler with {him}. {He} told me {his} mum was still asleep and "
        "there was no food in the house. {He} looks thin and tired.",
        "I have seen it myself and {child} told me.",
        ages=(8, 12),
        children=(2, 3),
        where="The shop on {street}",
    ),
    C(
        "I saw {child}, who cannot be more than {age}, alone at the play park by the canal at about 9pm on "
        "{weekday}. {He} said {his} mum was 'at a friend's'. I walked {him} home and the flat was in darkness; a "
        "neighbour let {him} in.",
        "I saw it myself.",
        ages=(5, 8),
        where="Play park by the canal, {town}",
    ),
    C(
        "There is shouting and banging from the flat upstairs most nights, usually after 11pm. Last {weekday} I heard "
        "a woman screaming 'get off me' and a child crying, then the door slammed. I have seen {mother} with a bruise "
        "on her cheek and she said she had walked into a cupboard.",
        "I heard it through the ceiling.",
        background=frozenset({"da"}),
        partner=True,
        where="{street_address}",
    ),
    C(
        "{mother} is drinking from the morning onwards and I have seen her drive with the children in the car after "
        "drinking. Twice this month {child} has been collected late from school by a neighbour because nobody came.",
        "I know the family well; I used to be friends with {mother}.",
        background=frozenset({"sm"}),
        ages=(4, 11),
    ),
)
UNNAMED_PUBLIC = (
    C(
        "A {boy} of about {age} is often outside on {his} own late at night near {street}. {He} looks thin and is not "
        "dressed for the weather. I do not know {his} name or which flat {he} lives in, but I think it is one of the "
        "flats above the shops. Last night {he} was still out at 11pm, crying.",
        "I have seen {him} myself.",
        ages=(5, 8),
        children=(1, 1),
        unnamed=True,
        where="{street}, {town}",
    ),
    C(
        "Two children, a {boy} of about {age} and a smaller child, are left in a car outside the bookmakers on "
        "{street} for an hour or more most afternoons. Today the windows were steamed up and the little one was "
        "screaming. A man in his thirties comes out now and again to check on them.",
        "I work opposite and see it.",
        ages=(3, 6),
        children=(2, 2),
        unnamed=True,
        where="{street}, {town}",
    ),
)
SCHOOL_RETURNABLE = (
    C(
        "{child}'s attendance has fallen to 71% this term, with most absences on Mondays. {He} arrives hungry, has "
        "worn the same uniform all week and has untreated head lice that we have raised with {mother} three times. "
        "{He} told {his} teacher that {he} looks after {sibling} when mum is 'poorly'.",
        "Our own records and what {child} has told staff.",
        ages=(6, 11),
        by=("school",),
        children=(2, 3),
        background=frozenset({"mh"}),
        where="At school",
    ),
    C(
        "{child} (Year {year}) has been increasingly withdrawn since the October half term and has told a teaching "
        "assistant that home is 'noisy' and that {he} does not sleep well. {His} mum has not responded to three "
        "requests to come in to talk. There are no marks or injuries and {child} has not said anyone hurts {him}.",
        "Observations by staff over six weeks.",
        ages=(6, 14),
        by=("school",),
        where="At school",
    ),
    C(
        "{child} (aged {age}) has arrived at nursery several times this month with a heavy, unchanged nappy and "
        "nappy rash, and eats very quickly at snack time as if hungry. Collection has been late on four occasions.",
        "Our key worker's observations.",
        ages=(2, 3),
        by=("early_years",),
        children=(1, 2),
        where="At nursery",
    ),
    C(
        "{child} (Year {year}) has been caught shoplifting food at lunchtime twice and says {he} does it because "
        "'there is never anything at home'. {His} PE kit and shoes are too small and {he} has had toothache for "
        "weeks. {mother} says money is very tight since her hours were cut.",
        "School staff and {child} {himself}.",
        by=("school",),
        ages=(9, 14),
        where="At school and in the town centre",
    ),
)
SCHOOL_DISCLOSURE = (
    C(
        "During a PSHE lesson today {child} (Year {year}) told {his} teacher that {partner}, {his} mum's partner, "
        "'gets angry and throws things' and that {he} hides in {his} bedroom when it happens. {He} said that last "
        "night {partner} pushed {his} mum into the wall. {He} had no visible marks and said {he} was 'fine to go "
        "home' but did not want {partner} to know {he} had told anyone.",
        "{child} told {his} class teacher.",
        by=("school",),
        ages=(7, 14),
        background=frozenset({"da"}),
        partner=True,
        where="At home, {street_address}",
    ),
    C(
        "{child} came into school with a bruise about the size of a 50p coin on {his} left cheek. When asked, {he} "
        "first said {he} fell off {his} bike, then said {his} dad 'smacked' {him} because {he} would not go to bed. "
        "{He} was quiet and withdrawn for the rest of the morning.",
        "We saw the bruise; {child} told our designated safeguarding lead.",
        by=("school",),
        ages=(5, 10),
        father=True,
    ),
    C(
        "{child} (Year {year}) showed a friend cuts on {his} forearm, which the friend reported to our designated "
        "safeguarding lead. {child} says {he} feels 'like there is no point' and that things at home have been bad "
        "since {his} dad left. {His} mum has been told and is supportive but says she does not know how to help.",
        "A friend told us; {child} confirmed it.",
        by=("school",),
        ages=(12, 15),
        background=frozenset({"mh"}),
    ),
    C(
        "{mother} has asked us for help: she is struggling with {child}'s behaviour at home since {his} ADHD "
        "diagnosis, she has recently separated from {father} and is at risk of losing the tenancy. We have offered "
        "breakfast club, but the family need more help than the school can give.",
        "{mother} told us herself.",
        by=("school",),
        ages=(6, 11),
        father=True,
        positive="{mother} is warm and committed to the children and asks for help.",
    ),
)
DANGER = (
    C(
        "The caller can see a toddler, about 2, alone on the first-floor balcony of {street_address}, leaning over the "
        "railing. The caller has knocked and nobody answers. The caller was told to call 999 now.",
        "The caller can see this now.",
        by=("public",),
        channel=Channel.PHONE,
        ages=(2, 2),
        children=(1, 1),
        where="{street_address}",
    ),
    C(
        "{child} (Year {year}) has told us {he} is scared to go home tonight because {father} said he would 'finish "
        "what he started' after hitting {him} with a belt yesterday. {He} has red marks on the back of {his} legs. "
        "{He} is with our designated safeguarding lead now; school ends at 3.15pm.",
        "{child} told our designated safeguarding lead; we have seen the marks.",
        by=("school",),
        ages=(8, 14),
        father=True,
        where="At home",
    ),
    C(
        "Officers attended {street_address} after a call from a neighbour. {mother} was found unresponsive, believed "
        "intoxicated, with {child} (aged {age}) and a baby in the flat. She has been taken to " + HOSPITAL + ". The "
        "children are with officers at the address and no other adult is available.",
        "Police attendance.",
        ages=(4, 9),
        by=("police",),
        children=(2, 2),
        background=frozenset({"sm"}),
        where="{street_address}",
    ),
    C(
        "{child} (aged {age}) came to the emergency department with {mother}, who left before {he} was seen. {child} "
        "has told a nurse that {partner} hurt {him} and that {he} does not want to go back. Staff are worried that "
        "{partner} is on his way to collect {him}.",
        "{child} told our nurse.",
        by=("hospital",),
        ages=(6, 13),
        partner=True,
        where="At home",
    ),
    C(
        "{child} (aged {age}) has been missing since last night. Friends have shared messages suggesting {he} is with "
        "older men in a car near {street} and has been given alcohol. {His} mum reported {him} missing to the police "
        "this morning.",
        "Messages shared by {child}'s friends.",
        by=("police",),
        ages=(13, 15),
        children=(1, 1),
        where="{street}, {town}",
    ),
)
ALLEGATIONS = (
    C(
        "A parent has told us that {worker}, a teaching assistant, grabbed {child} by the arm and pulled {him} out of "
        "the classroom on {weekday}, leaving a red mark. {child} was upset and said it hurt. {worker} gives a "
        "different account. We have not discussed the allegation with {worker} in detail.",
        "A parent told us; the mark was seen by the class teacher.",
        by=("school",),
        ages=(5, 10),
        children=(1, 1),
        where="In the classroom",
    ),
    C(
        "My {son} {child} plays for an under-12s football team. The coach, {worker}, has been messaging {him} late at "
        "night on a social media app, telling {him} not to tell anyone and offering {him} lifts and new boots. I "
        "have screenshots of the messages.",
        "I found the messages on {child}'s phone.",
        by=("family",),
        who="mother",
        ages=(10, 12),
        children=(1, 1),
        where="Online, and at training",
    ),
    C(
        "{child} (aged {age}) came home from {his} childminder, {worker}, with a mark on {his} upper arm that looks "
        "like a grip mark. {child} said '{worker_first} squeezed me because I was naughty'. We have not sent {him} "
        "back since.",
        "I saw the mark and {child} told me.",
        by=("family",),
        who="mother",
        ages=(2, 5),
        children=(1, 2),
        where="At the childminder's",
    ),
    C(
        "A young person told one of our volunteers that another volunteer, {worker}, has shown a group of 13 and "
        "14-year-olds sexual videos on his phone at the youth club. {child} was one of the group. We have stood "
        "{worker} down from sessions while this is looked at.",
        "A young person told a volunteer.",
        by=("voluntary",),
        organisation="Canal Street Youth Club",
        ages=(13, 14),
        children=(1, 2),
        where="Youth club on {street}",
    ),
    C(
        "A member of our staff saw a colleague, {worker}, force-feeding {child} (aged {age}) at lunchtime, holding "
        "{his} face and pushing food into {his} mouth while {he} cried. {worker} has been moved away from the room.",
        "Seen by a member of staff.",
        by=("early_years",),
        ages=(1, 3),
        children=(1, 1),
        where="At nursery, at lunchtime",
    ),
)
WORKERS = (
    ("Teaching assistant at {school}", "female"),
    ("Football coach, Northtown Juniors FC", "male"),
    ("Registered childminder", "female"),
    ("Volunteer youth worker", "male"),
    ("Nursery practitioner at {school}", "female"),
)
NIGHT = (
    C(
        "Officers attended a domestic incident at {street_address} at {time}. {partner} had assaulted {mother}, who "
        "had a cut to her lip. {children} {were} in the home and {child} was heard shouting at {partner} to stop. "
        "{partner} was arrested. This is the third incident reported at this address this year. DASH risk "
        "assessment: high.",
        "Police attendance.",
        background=frozenset({"da"}),
        partner=True,
        by=("police",),
        where="{street_address}",
        significant="Two earlier domestic incidents at this address this year.",
    ),
    C(
        "{child} (aged {age}) came to the emergency department at {time} after drinking a large amount of vodka with "
        "friends. {He} was found in a park by a member of the public. {His} mum could not be reached for two hours. "
        "{He} has attended twice before this year with intoxication.",
        "Our own records and the ambulance crew.",
        by=("hospital",),
        ages=(13, 15),
        children=(1, 1),
        where="Park near {street}",
    ),
    C(
        "I'm {age} and I don't feel safe at home. My mum's boyfriend {partner_first} shouts at me all the time and "
        "last night he threw my phone at the wall and said he would throw me out. My mum doesn't do anything. I'm at "
        "my friend's house tonight but I can't stay here forever.",
        "It is happening to me.",
        by=("child",),
        ages=(13, 15),
        children=(1, 1),
        partner=True,
        background=frozenset({"da"}),
    ),
    C(
        "{child} (aged {age}) has not come home and is not answering {his} phone. {He} went missing twice last month "
        "and came back with new clothes and a phone we did not buy. We think {he} is with older boys from {town}.",
        "I am worried about {him} myself.",
        by=("family",),
        who="mother",
        ages=(13, 15),
        children=(1, 1),
    ),
)
UNBORN = (
    C(
        "{mother} is {weeks_pregnant} weeks pregnant and booked late. At her booking appointment she said she uses "
        "cannabis daily and has used cocaine in the past. She lives with {partner}, who she says 'can be jealous'. "
        "She has missed two antenatal appointments.",
        "{mother} told the midwife at booking.",
        children=(1, 2),
        unborn=True,
        partner=True,
        background=frozenset({"sm", "da"}),
        where="Antenatal clinic, " + HOSPITAL,
    ),
    C(
        "{mother} (aged {mother_age}) is pregnant, due in {due_month}. She is sofa-surfing between her mother's house "
        "and friends. She says the baby's father, {partner}, is much older than her and controls her money. She has "
        "asked for help with housing.",
        "{mother} told me at her antenatal appointment.",
        children=(1, 1),
        unborn=True,
        partner=True,
        background=frozenset({"da"}),
    ),
    C(
        "{mother} has a learning disability and is {weeks_pregnant} weeks pregnant. Her first child was placed for "
        "adoption by another local authority three years ago. She is keen to care for this baby and has a supportive "
        "aunt nearby.",
        "Maternity records and {mother} herself.",
        children=(1, 1),
        unborn=True,
        background=frozenset({"ld"}),
        significant="A previous child was adopted in 2023.",
        positive="{mother} attends every appointment and is asking for help early.",
    ),
)
BRUISES = (
    C(
        "{child} (aged {weeks} weeks) was brought to the surgery by {mother} for immunisations. The practice nurse saw "
        "two small bruises on the left side of {his} chest and one on {his} ear. {child} is not yet rolling. {mother} "
        "said {his} older brother may have been 'too rough'. A paediatric assessment has been requested.",
        "Seen by our practice nurse.",
        by=("community_health",),
        organisation="Canal Street Surgery",
        baby_weeks=(8, 16),
        children=(1, 2),
        where="At home (explanation given)",
    ),
    C(
        "At a new birth visit the health visitor saw a small bruise on the inside of {child}'s upper arm. {child} is "
        "{weeks} weeks old and not mobile. {father} said it happened when {his} arm caught in the car seat strap.",
        "Seen by the health visitor.",
        by=("community_health",),
        organisation="Northshire Health Visiting Service",
        baby_weeks=(2, 6),
        children=(1, 1),
        father=True,
    ),
)
POLICE = (
    C(
        "Domestic abuse notification. Police attended {street_address} on {weekday} evening after {mother} called 999 "
        "saying {father} had turned up drunk and was banging on the door. {father} has a non-molestation order not to "
        "contact her. {children} {were} present and awake. {father} left before officers arrived and is wanted for "
        "breach of the order. DASH: medium.",
        "Police attendance.",
        father=True,
        background=frozenset({"da", "sm"}),
        where="{street_address}",
    ),
    C(
        "Police were called by neighbours to a loud argument between {mother} and {partner}. No offences were "
        "disclosed. {child} was asleep upstairs. Both adults had been drinking. Passed on for information: this is "
        "the fourth call to this address in six months.",
        "Police attendance.",
        partner=True,
        background=frozenset({"sm"}),
        where="{street_address}",
    ),
    C(
        "{child} (aged {age}) was stopped by officers at 1am in {town} town centre with two older youths, one of whom "
        "had a knife. {child} would not give an address. {His} mum said she thought {he} was staying at a friend's.",
        "Police stop and search.",
        ages=(13, 15),
        children=(1, 1),
        where="{town} town centre",
    ),
)
CHILD_ON_CHILD = (
    C(
        "{child} (aged {age}) told {his} mum that an older boy who lives on {street}, {other_child} (aged about "
        "{other_age}), made {him} go into the garages behind the flats and touched {him} inappropriately. {child} "
        "is frightened of seeing {other_child} on the way to school.",
        "{child} told {his} mum, who told me.",
        by=("school",),
        ages=(7, 10),
        children=(1, 1),
        where="Garages behind the flats on {street}",
    ),
    C(
        "Older pupils, including {other_child}, have been filming {child} being pushed and kicked on the way home "
        "and sharing the videos on a group chat. {child} has stopped coming to school and says {he} wants to die.",
        "{child}'s friends showed us the videos.",
        by=("school",),
        ages=(13, 14),
        children=(1, 1),
        background=frozenset({"mh"}),
        where="On the way home from school",
    ),
)
FAMILY = (
    C(
        "I am {child}'s grandmother. My daughter {mother} has been drinking heavily since she split up with {father}. "
        "When I visited on Sunday there was no food in the fridge, the children were still in their pyjamas at 3pm "
        "and {mother} was asleep on the sofa. {child} told me {he} had made toast for {sibling} for tea. I want to "
        "help but she will not let me.",
        "I saw it when I visited.",
        who="grandmother",
        children=(2, 3),
        ages=(6, 11),
        background=frozenset({"sm"}),
        father=True,
    ),
    C(
        "I am {child}'s dad. I do not live with {him}. When {he} came to stay this weekend {he} told me {his} mum's "
        "new partner, {partner}, locks {him} in {his} bedroom for hours as a punishment and calls {him} names. {He} "
        "did not want to go back. I took {him} back as the court order says, but I am very worried.",
        "{child} told me.",
        ages=(6, 12),
        who="father",
        children=(1, 2),
        partner=True,
    ),
    C(
        "I am {mother}'s sister. She has stopped taking her medication for bipolar disorder and is not sleeping. She "
        "rang me at 4am saying the neighbours are spying on her through the television. The children are with her "
        "and she has kept them off school all week.",
        "{mother} has told me, and I have seen her.",
        who="aunt",
        background=frozenset({"mh"}),
    ),
)
CHILD_SELF = (
    C(
        "I look after my mum because she has bad depression and doesn't get out of bed most days. I'm {age} and I miss "
        "a lot of school to look after my little {sibling_word}. I don't want to be taken away from her but I can't "
        "cope with it all anymore.",
        "It is my family.",
        ages=(12, 15),
        children=(1, 2),
        background=frozenset({"mh"}),
    ),
    C(
        "My stepdad {partner_first} hits my little {sibling_word} when mum is at work. He says if we tell anyone we'll "
        "be put in care. I'm {age}. Please don't tell him I said anything.",
        "I have seen it.",
        ages=(11, 15),
        children=(2, 2),
        partner=True,
        background=frozenset({"da"}),
    ),
)
HELPLINE = (
    C(
        "A caller who did not want to give their name contacted the helpline about {children} at {street_address}. "
        "The caller says the children are regularly left alone overnight while {mother} works, the youngest is about "
        "{youngest}, and they have heard {child} crying and calling for {his} mum late at night. This has been going "
        "on for about two months.",
        "An anonymous caller to the helpline, a neighbour.",
        children=(2, 3),
        ages=(6, 10),
        where="{street_address}",
    ),
    C(
        "A young person called the helpline about a friend, {child} (aged {age}), who has told them that {partner}, "
        "{his} mum's boyfriend, comes into {his} bedroom at night and that {he} is scared. The caller did not want "
        "to give their own name.",
        "A friend of the child, calling the helpline.",
        ages=(12, 15),
        children=(1, 1),
        partner=True,
    ),
)
PROFESSIONAL = (
    C(
        "During a gas safety visit at {street_address} our officer found the property in a very poor state: dog mess "
        "on the floors, no working heating, mattresses on the floor in the children's room and a strong smell of "
        "damp. {mother} said she has been too unwell to keep on top of things. {children} {live} there.",
        "Our officer saw it on a visit.",
        by=("housing",),
        background=frozenset({"mh"}),
        where="{street_address}",
    ),
    C(
        "{partner} is on licence following a conviction for assault. He has told his probation officer that he has "
        "moved in with {mother} and her {children_word}, {children}, at {street_address}. He has a previous "
        "conviction for violence against a former partner. We do not know whether {mother} knows his history.",
        "Our supervision of {partner}.",
        by=("probation",),
        partner=True,
        background=frozenset({"da"}),
    ),
    C(
        "The family moved into Northshire from another local authority two weeks ago. {children} {were} on child in "
        "need plans there because of neglect and {mother}'s mental health. The case was closed when they moved. We "
        "are passing this on so that support continues.",
        "Our own case records.",
        by=("local_authority",),
        organisation="Westmoor Borough Council Children's Services",
        background=frozenset({"mh"}),
        significant="Child in need plans in another local authority until last month.",
    ),
    C(
        "{mother} has used our food bank six times in the last two months. On her last visit she had a black eye and "
        "said she had 'walked into a door'. Her {children_word}, {children}, {were} with her and {child} seemed very "
        "anxious and clung to her. She asked us not to tell anyone.",
        "Our volunteers saw this.",
        by=("voluntary",),
        organisation="Northtown Food Bank",
        background=frozenset({"da"}),
    ),
    C(
        "{mother} came to the surgery today and said she has had thoughts of ending her life. She is the only carer "
        "for {children}. She has been referred to the crisis team. Her own mother is staying tonight but goes home "
        "tomorrow.",
        "{mother} told her GP.",
        by=("community_health",),
        organisation="Aldermoor Health Centre",
        background=frozenset({"mh"}),
        grandmother=True,
        positive="{mother} asked for help herself and the children are well cared for.",
    ),
    C(
        "{child} (aged {age}) is a young carer for {his} dad, {father}, who has multiple sclerosis. {He} is often late "
        "for school and very tired. {father} asked us whether there is any help for {child}.",
        "The family told us themselves.",
        by=("voluntary",),
        organisation="Northshire Young Carers",
        ages=(10, 15),
        children=(1, 2),
        father=True,
        positive="A close, loving family who are asking for help.",
    ),
)
del C
