"""Names for the synthetic population: common surnames and given names of several backgrounds
(older and younger generations), the short forms referrers use, and pickers that draw them
with Zipf-like frequencies (a long tail of rare English surnames included)."""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence
from typing import NamedTuple

# --- Names ------------------------------------------------------------------------------
# Lists are ordered roughly by frequency; a Zipf-like weight is applied by position.


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_ENGLISH_SURNAMES = words(
    """Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson
    Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Jackson Wood
    Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen
    James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook
    Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Marshall Anderson
    Simpson Ellis Adams Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Hunt Campbell
    Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens
    Jenkins Murray Dixon Harvey Graham Pearson Fletcher Walsh Gibson Howard Andrews Stewart
    Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson
    Bradley Spencer Gill Dawson Ball Burton Watts Rose Booth Perry Ryan Grant Wells Armstrong
    Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh
    Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter Robertson Newton
    Oliver Reed Kennedy Williamson Bird Gardner Dean Lane Cooke Bates Henderson Parry Burgess
    Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton
    Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins Harper Coleman Watkins Moss
    Chambers Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon Doyle Wallace George
    Jordan Hutchinson Rowe Burke May Gilbert Willis Higgins Read Miles Stevenson Stephenson
    Hammond Arnold Buckley Walters Hewitt Barber Nelson Slater Austin Sullivan Whitehead Mann
    Frost Lambert Stephens Blake Lynch Goodwin Barton Woodward Thomson Cunningham Quinn
    Barnett Baxter Clayton Nash Greenwood Jennings Holt Kemp Poole Bond Stokes Tucker
    Davidson Fowler Heath Norman Middleton Lawson Banks French Stanley Jarvis Gibbs Ferguson
    Hayward Carroll Farrell Duncan Ashworth Sykes Hirst Haigh Pickles Ackroyd Brook Firth
    Holroyd Sugden Crowther Illingworth Lumb Midgley Greenhalgh Oldroyd Raistrick Wainwright"""
)
_ENGLISH_F_OLD = words(
    """Sarah Emma Claire Lisa Nicola Michelle Rebecca Laura Gemma Kelly Donna Joanne Tracy
    Karen Amanda Rachel Hayley Natalie Samantha Victoria Louise Stacey Danielle Leanne
    Charlotte Jennifer Elizabeth Katherine Helen Zoe Jade Amy Kirsty Lauren Sophie Hannah
    Jessica Chloe Kayleigh Jodie Susan Julie Deborah Margaret Catherine Alison Angela
    Dawn Joanna Lindsey Sharon Stephanie Vicky Caroline Jacqueline Shelley Jenna Abigail"""
)
_ENGLISH_F_YOUNG = words(
    """Olivia Amelia Isla Ava Mia Ivy Lily Isabella Sophia Grace Freya Poppy Evie Ella
    Florence Willow Rosie Sienna Millie Daisy Evelyn Phoebe Ruby Harper Emily Matilda Elsie
    Esme Layla Scarlett Maisie Charlotte Jessica Chloe Lucy Megan Holly Ellie Summer Lacey
    Elizabeth Katie Leah Abigail Eleanor Imogen Erin Molly Niamh Paige Courtney Madison
    Bethany Amber Lexi Gracie Harriet Matilda Violet Aria Hallie Robyn Tilly Darcie"""
)
_ENGLISH_M_OLD = words(
    """David Paul Mark Andrew Richard Daniel James Christopher Michael Stephen Darren Lee
    Craig Wayne Jason Simon Matthew Robert John Gary Neil Dean Carl Scott Ian Anthony Kevin
    Martin Peter Thomas Adam Ryan Jamie Steven Shaun William Nicholas Jonathan Philip
    Ashley Liam Luke Benjamin Samuel Joseph Alan Graham Keith Barry Stuart Russell Terry
    Kieran Jonathon Karl Nathan Gareth Anthony Colin Trevor Edward Alexander"""
)
_ENGLISH_M_YOUNG = words(
    """Oliver George Noah Arthur Leo Harry Oscar Archie Henry Theodore Freddie Jack Charlie
    Theo Alfie Jacob Thomas Finley Lucas Isaac Tommy Teddy Joshua William James Riley Ethan
    Mason Logan Jayden Tyler Kai Callum Alexander Edward Louie Reggie Max Harrison Daniel
    Samuel Joseph Dylan Lewis Connor Jake Kyle Bradley Declan Brandon Reece Elliot Toby
    Albie Ronnie Frankie Stanley Hugo Rory Zachary Sebastian Jenson Ellis Ezra Harley"""
)
_WELSH = (
    words("""Jones Davies Williams Evans Thomas Roberts Hughes Lewis Morgan Griffiths Owen Price
    Jenkins Rees Pritchard Llewellyn Powell Vaughan Parry Bevan Howells Prosser Gwilliam"""),
    words("Cerys Ffion Seren Megan Carys Bethan Nia Angharad Rhian Catrin Sian Eleri Mali Lowri Gwen Elin"),
    words("Dylan Rhys Gethin Owain Ieuan Dafydd Gareth Huw Iwan Aled Emyr Llyr Osian Tomos Rhodri Gruffydd"),
)
_SCOTTISH = (
    words("""Macdonald Campbell Stewart Robertson Thomson Anderson Scott Reid Murray Taylor Clark
    Ross Paterson Fraser Mackenzie McLean Ferguson Grant Hamilton McGregor Sinclair Cameron
    Mackay Sutherland Munro Buchanan"""),
    words("Isla Eilidh Kirsty Fiona Morag Ailsa Catriona Mhairi Shona Iona Skye Heather Kirsten Morven"),
    words("Callum Euan Angus Alasdair Fraser Ruaridh Hamish Lachlan Finlay Struan Murray Craig Ross Gregor Iain"),
)
_IRISH = (
    words("""Murphy Kelly O'Sullivan Walsh O'Brien Byrne Ryan O'Connor O'Neill Doyle McCarthy
    Gallagher O'Donnell Kennedy Lynch Quinn Brennan Flanagan Fitzgerald Keane Donnelly
    McLaughlin Devlin Kavanagh"""),
    words("Aoife Siobhan Niamh Ciara Saoirse Roisin Orla Caoimhe Sinead Grainne Aisling Clodagh Maeve Eimear"),
    words("Sean Ciaran Padraig Eoin Cian Oisin Darragh Conor Declan Colm Fergal Liam Niall Ronan Cormac"),
)
_SOUTH_ASIAN = (
    words("""Khan Ahmed Hussain Ali Patel Begum Shah Akhtar Iqbal Mahmood Rahman Islam Uddin Miah
    Sharma Singh Kaur Kumar Gupta Chaudhry Malik Butt Bibi Mistry Parmar Chauhan Sandhu Gill
    Bains Dhillon Rana Qureshi Siddiqui Choudhury Aslam Javed Rashid Bashir Nawaz Hanif"""),
    words("""Aisha Fatima Ayesha Zainab Maryam Amina Priya Anjali Sana Hira Nadia Samina Rukhsana
    Parveen Simran Harpreet Jaspreet Kiran Neha Pooja Sunita Shabana Nazia Iqra Alisha Inaaya
    Anaya Zara Hafsa Khadija Mariam Safa Noor Eshal Hania"""),
    words("""Mohammed Muhammad Ali Ahmed Hassan Imran Bilal Usman Zain Ibrahim Arjun Rohan Ravi
    Sanjay Rajesh Amit Vikram Harjit Gurpreet Jaswinder Mandeep Tariq Kamran Adnan Faisal
    Ayaan Yusuf Rayyan Aarav Hamza Musa Idris Zakariya Haris Shahid"""),
)
_POLISH = (
    words("""Nowak Kowalski Wisniewski Wojcik Kowalczyk Kaminski Lewandowski Zielinski Szymanski
    Wozniak Dabrowski Kozlowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski
    Pawlak Michalski Nowicki Adamczyk Dudek Zajac"""),
    words("""Anna Zofia Maja Julia Zuzanna Natalia Oliwia Wiktoria Agnieszka Katarzyna Magdalena
    Joanna Aleksandra Monika Ewa Karolina Dorota Malgorzata Barbara"""),
    words("""Jakub Jan Szymon Filip Kacper Mateusz Piotr Krzysztof Tomasz Pawel Marcin Michal
    Lukasz Grzegorz Adam Wojciech Bartosz Dawid"""),
)
_NIGERIAN = (
    words("""Okafor Adeyemi Okonkwo Adebayo Eze Nwosu Ogunleye Balogun Okeke Afolabi Oyelaran Chukwu
    Obi Adewale Olawale Akinola Ibrahim Bello Nwachukwu Adeleke Oladipo Onyeka Ogunbiyi"""),
    words("""Chioma Ngozi Adaeze Amara Folake Funmilayo Oluwaseun Temitope Blessing Precious Chiamaka
    Nneka Ifeoma Yetunde Bukola Abimbola Favour Esther Tolulope Adaora"""),
    words("""Chinedu Emeka Oluwaseun Tunde Adebayo Obinna Chukwuemeka Femi Olumide Babatunde Ikenna
    Uche Segun Kelechi David Samuel Daniel Emmanuel Tobi Ayodele"""),
)
_CARIBBEAN = (
    words("""Campbell Brown Williams Clarke Francis Johnson Thompson Grant Morrison Henry Edwards
    Reid Gordon Bailey Richards Lewis Samuels Bennett Hylton Powell Forbes Barrett Lindo"""),
    words("""Shanice Tanisha Keisha Aaliyah Jada Shantelle Tia Jasmine Chantelle Marcia Paulette
    Beverley Janelle Kadeisha Nia Imani"""),
    words("""Marcus Jermaine Tyrone Dwayne Andre Delroy Leon Winston Trevor Kwame Jerome Dante
    Malachi Tyrese Kyrie Devon Jaden"""),
)
_SOMALI = (
    words("""Mohamed Ali Hassan Ahmed Abdi Farah Hussein Omar Warsame Jama Osman Yusuf Ibrahim Nur
    Aden Abdullahi Egal Dahir Hersi Elmi"""),
    words("Hodan Amina Fadumo Hibo Ayaan Sahra Nimco Ifrah Deqa Hamdi Idil Khadra Ubah Muna Asha Ikran"),
    words("""Abdi Mohamed Abdirahman Ahmed Yusuf Hassan Abdullahi Omar Ismail Liban Mustafe Farah
    Guled Mahad Abdikarim Said"""),
)
_ROMANIAN = (
    words("""Popescu Ionescu Popa Pop Radu Dumitru Stan Stoica Gheorghe Matei Ciobanu Munteanu Rusu
    Lungu Constantin Marin Tudor Florea Moldovan Dinu"""),
    words("Maria Elena Ioana Andreea Alexandra Ana Mihaela Cristina Gabriela Daniela Roxana Bianca Denisa Alina"),
    words("Andrei Alexandru Mihai Ionut Stefan Gabriel Florin Cosmin Adrian Marius Bogdan Catalin Razvan Constantin"),
)
_CHINESE = (
    words("Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Chan Wong Cheung Lam Ng"),
    words("Mei Xin Ying Hui Jing Yan Lin Xiao Fang Qing Jia Yu Ling Xue Lan"),
    words("Wei Jun Hao Ming Lei Jian Tao Qiang Bo Yang Hong Jie Long Feng Kai"),
)


class Background(NamedTuple):
    name: str
    weight: float
    surnames: tuple[str, ...]
    female_old: tuple[str, ...]
    female_young: tuple[str, ...]
    male_old: tuple[str, ...]
    male_young: tuple[str, ...]


def _bg(name: str, weight: float, lists: tuple[tuple[str, ...], ...]) -> Background:
    s, f, m = lists
    return Background(name, weight, s, f, f, m, m)


BACKGROUNDS: tuple[Background, ...] = (
    Background("english", 62.0, _ENGLISH_SURNAMES, _ENGLISH_F_OLD, _ENGLISH_F_YOUNG, _ENGLISH_M_OLD, _ENGLISH_M_YOUNG),
    _bg("welsh", 3.0, _WELSH),
    _bg("scottish", 4.0, _SCOTTISH),
    _bg("irish", 4.0, _IRISH),
    _bg("south_asian", 10.0, _SOUTH_ASIAN),
    _bg("polish", 4.0, _POLISH),
    _bg("nigerian", 3.0, _NIGERIAN),
    _bg("caribbean", 3.0, _CARIBBEAN),
    _bg("somali", 2.0, _SOMALI),
    _bg("romanian", 2.5, _ROMANIAN),
    _bg("chinese", 2.5, _CHINESE),
)

# Common short forms a referrer uses; every pair is known to the matcher (a test checks).
COMMON_NICKNAMES: dict[str, tuple[str, ...]] = {
    "Elizabeth": ("Liz", "Lizzie", "Beth", "Libby"),
    "William": ("Bill", "Will", "Billy", "Liam"),
    "Robert": ("Rob", "Bob", "Robbie"),
    "James": ("Jim", "Jimmy", "Jamie"),
    "Thomas": ("Tom", "Tommy"),
    "Daniel": ("Dan", "Danny"),
    "Michael": ("Mike", "Mick"),
    "Christopher": ("Chris",),
    "Matthew": ("Matt",),
    "Anthony": ("Tony", "Ant"),
    "Alexander": ("Alex", "Xander"),
    "Alexandra": ("Alex", "Sasha"),
    "Samuel": ("Sam", "Sammy"),
    "Samantha": ("Sam", "Sammie"),
    "Joseph": ("Joe", "Joey"),
    "Joshua": ("Josh",),
    "Benjamin": ("Ben", "Benji"),
    "Nicholas": ("Nick", "Nicky"),
    "Stephen": ("Steve",),
    "Steven": ("Steve",),
    "David": ("Dave", "Davey"),
    "Richard": ("Rich", "Richie"),
    "Edward": ("Ed", "Eddie", "Ted"),
    "Henry": ("Harry", "Hal"),
    "Frederick": ("Fred", "Freddie"),
    "Alfred": ("Alfie", "Alf"),
    "Oliver": ("Ollie", "Olly"),
    "Theodore": ("Theo", "Teddy"),
    "Archibald": ("Archie",),
    "Charles": ("Charlie",),
    "Charlotte": ("Lottie", "Charlie"),
    "Katherine": ("Kate", "Katie", "Kath"),
    "Catherine": ("Kate", "Cathy"),
    "Rebecca": ("Becky", "Becca"),
    "Jennifer": ("Jen", "Jenny"),
    "Jessica": ("Jess",),
    "Victoria": ("Vicky", "Tori"),
    "Deborah": ("Debbie", "Deb"),
    "Amanda": ("Mandy",),
    "Margaret": ("Maggie", "Peggy", "Meg"),
    "Susan": ("Sue", "Susie"),
    "Abigail": ("Abbie", "Abi"),
    "Isabella": ("Bella", "Izzy"),
    "Amelia": ("Millie",),
    "Matilda": ("Tilly",),
    "Eleanor": ("Ellie", "Nell"),
    "Evelyn": ("Evie",),
    "Madison": ("Maddie",),
    "Sophia": ("Sophie",),
    "Mohammed": ("Mo",),
    "Muhammad": ("Mo",),
    "Katarzyna": ("Kasia",),
    "Malgorzata": ("Gosia",),
    "Aleksandra": ("Ola",),
    "Jakub": ("Kuba",),
    "Tomasz": ("Tomek",),
    "Wojciech": ("Wojtek",),
    "Magdalena": ("Magda",),
    "Oluwaseun": ("Seun",),
    "Temitope": ("Tope",),
    "Funmilayo": ("Funmi",),
    "Chukwuemeka": ("Emeka",),
    "Gareth": ("Gaz",),
    "Dafydd": ("Dai",),
}


def cumulative(weights: Sequence[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def _zipf(n: int, s: float = 0.9) -> list[float]:
    return cumulative([1.0 / (i + 1) ** s for i in range(n)])


class _Picker:
    def __init__(self, values: Sequence[str], s: float = 0.9) -> None:
        self.values = tuple(values)
        self.cum = _zipf(len(values), s)
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random) -> str:
        return self.values[bisect.bisect_left(self.cum, rng.random() * self.total)]


class BackgroundPickers(NamedTuple):
    bg: Background
    surname: _Picker
    female_old: _Picker
    female_young: _Picker
    male_old: _Picker
    male_young: _Picker


# A long tail of rarer English surnames (Ashworth, Whitfield, Thornley...), so that common
# names are about as common as in England (Smith ~1.3 %) and most names are rare.
_TAIL_PREFIXES = words(
    """Ash Black Brad Brook Bur Cal Chad Clay Cold Crom Dun East Fair Fern Gold Green Hale Hard
    Hart Hay Heath Hol Kings Lang Lock Long Mar Mid Mill Mor Nor Oak Old Pen Red Rich Rod Rom
    Rush Salt Shel Stan Stock Sud Thorn Tom Wake Wal Water West Whit Win Wood Wor"""
)
_TAIL_SUFFIXES = words(
    "ley ton worth field ford by ham wood well bridge croft den dale more stone cliffe hurst combe shaw"
)
_ENGLISH_TAIL = tuple(p + s for p in _TAIL_PREFIXES for s in _TAIL_SUFFIXES)


class _TailPicker(_Picker):
    """A Zipf head of common names, and a uniform tail of rare ones for ``tail_share`` of draws."""

    def __init__(self, head: Sequence[str], tail: Sequence[str], s: float, tail_share: float) -> None:
        super().__init__(head, s)
        self.tail = tuple(tail)
        self.tail_share = tail_share

    def __call__(self, rng: random.Random) -> str:
        if rng.random() < self.tail_share:
            return self.tail[rng.randrange(len(self.tail))]
        return super().__call__(rng)


PICKERS = tuple(
    BackgroundPickers(
        b,
        _TailPicker(b.surnames, _ENGLISH_TAIL, 0.6, 0.3) if b.name == "english" else _Picker(b.surnames, 0.7),
        _Picker(b.female_old, 0.6),
        _Picker(b.female_young, 0.6),
        _Picker(b.male_old, 0.6),
        _Picker(b.male_young, 0.6),
    )
    for b in BACKGROUNDS
)
BACKGROUND_CUM = cumulative([b.weight for b in BACKGROUNDS])
