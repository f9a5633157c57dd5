"""Base stories of the duplicate-detection set (``tests/eval/duplicates.py``).

Every story is synthetic, written for wiredesk in an agency's style; places, institutions
and figures are plausible, the people and quotes are made up. Stories come in pairs on one
topic (two different stories about the same event, often sharing a background
paragraph, as agencies' stories do): they must stay apart. Each story also carries the
lead a partner agency or republisher would write instead of its own, and other spellings
of its names.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Base:
    name: str
    topic: str
    agency: str  # dateline style: reuters, ap, afp, efe, xinhua, tass, dpa, kyodo, yonhap, pti
    place: str  # the dateline place as the agency writes it
    date: str  # the dateline date as the agency writes it ("" when it writes none)
    headline: str
    paragraphs: tuple[str, ...]
    other_lead: str  # a partner agency's or republisher's own lead for the same story
    spellings: tuple[tuple[str, str], ...] = ()  # (as written, another spelling)


BASES: tuple[Base, ...] = (
    Base(
        "rates-decision",
        "central-bank",
        "reuters",
        "LONDON",
        "Feb 6",
        "Bank of England cuts rates to 4.5%, signals more gradual easing",
        (
            "The Bank of England cut interest rates by a quarter point to 4.5% on Thursday "
            "and said it would take a gradual and careful approach to further reductions as "
            "inflation pressures linger in the services sector.",
            "The Monetary Policy Committee voted 7-2 for the cut, with two members, Catherine "
            "Mann and Swati Dhingra, voting for a larger half-point reduction.",
            "Governor Andrew Bailey said the economy had grown more weakly than the central "
            "bank expected and that it now saw growth of just 0.75% this year, half its "
            "earlier forecast.",
            "The Bank raised rates 14 times between December 2021 and August 2023, taking "
            "Bank Rate to a 16-year high of 5.25% as inflation peaked above 11%.",
            "Sterling fell by almost a cent against the dollar after the announcement, while "
            "two-year gilt yields dropped to their lowest since December.",
            "Markets now price two more cuts this year, against one before the decision.",
        ),
        "Britain's central bank lowered borrowing costs for the third time since August on "
        "Thursday, trimming its main rate to 4.5% and halving its growth forecast.",
        (("Andrew Bailey", "Andy Bailey"), ("Swati Dhingra", "Swathi Dhingra")),
    ),
    Base(
        "rates-reaction",
        "central-bank",
        "reuters",
        "LONDON",
        "Feb 6",
        "UK homebuyers and savers weigh Bank of England cut",
        (
            "Mortgage lenders said on Thursday they expected to trim fixed-rate deals in the "
            "coming weeks after the Bank of England's cut, though brokers warned that most of "
            "the move was already priced in.",
            "Nationwide and Barclays said they were reviewing their rates, while Santander "
            "cut two-year fixed deals by up to 0.2 percentage points within hours.",
            "Savers will see returns fall, said Anna Bowes of Savings Guide, urging people to "
            "lock in fixed-rate bonds before banks cut them further.",
            "The Bank raised rates 14 times between December 2021 and August 2023, taking "
            "Bank Rate to a 16-year high of 5.25% as inflation peaked above 11%.",
            "House prices rose 4.1% in the year to January, the Halifax said last week, the "
            "fastest pace in two years.",
        ),
        "British banks began cutting mortgage rates within hours of the Bank of England's "
        "decision on Thursday, while savers were warned of falling returns.",
        (("Anna Bowes", "Ana Bowes"), ("Santander", "Santander UK")),
    ),
    Base(
        "quake-damage",
        "earthquake",
        "ap",
        "ISTANBUL",
        "",
        "Strong quake shakes eastern Turkey, damaging buildings",
        (
            "A magnitude 6.1 earthquake struck eastern Turkey on Tuesday, damaging dozens of "
            "buildings and sending frightened residents into the streets, officials said.",
            "The quake was centered near the town of Sivrice in Elazig province at a depth of "
            "about 10 kilometers, according to the disaster management agency, AFAD.",
            "Interior Minister Ali Yerlikaya said 23 people were injured, none seriously, and "
            "that teams were checking schools and hospitals for cracks.",
            "Several old houses in mud brick collapsed in villages near the epicenter, "
            "broadcaster NTV reported, showing rescuers digging through rubble.",
            "Turkey sits on major fault lines, and a pair of earthquakes in February 2023 "
            "killed more than 53,000 people in the country's south.",
        ),
        "Dozens of buildings were damaged and 23 people hurt when a 6.1-magnitude tremor hit "
        "Elazig province in eastern Turkey on Tuesday, the authorities said.",
        (("Ali Yerlikaya", "Ali Yerlikaja"), ("Elazig", "Elazığ"), ("kilometers", "km")),
    ),
    Base(
        "quake-schools",
        "earthquake",
        "ap",
        "ISTANBUL",
        "",
        "Turkey shuts schools in quake zone for inspections",
        (
            "Turkish authorities closed schools for a week in four eastern provinces on "
            "Wednesday so engineers can inspect them after a strong earthquake rattled the "
            "region the day before.",
            "Education Minister Yusuf Tekin said more than 1,200 school buildings would be "
            "checked, starting with those built before the building code was tightened in "
            "1999.",
            "Parents in Elazig said they were relieved. We saw the cracks in the walls "
            "ourselves, said Ayse Demir, a mother of two.",
            "Turkey sits on major fault lines, and a pair of earthquakes in February 2023 "
            "killed more than 53,000 people in the country's south.",
            "Aftershocks continued overnight, the strongest of magnitude 4.3, AFAD said.",
        ),
        "Schools in four provinces of eastern Turkey will stay shut for a week while "
        "engineers check their walls after Tuesday's quake, the government said on Wednesday.",
        (("Yusuf Tekin", "Yousuf Tekin"), ("Ayse Demir", "Ayşe Demir")),
    ),
    Base(
        "climate-deal",
        "climate-talks",
        "afp",
        "BAKU",
        "Nov 24",
        "UN climate talks end with $300 billion finance deal",
        (
            "Nearly 200 nations agreed on Sunday to a deal under which rich countries will "
            "provide at least $300 billion a year by 2035 to help poorer nations cope with "
            "climate change, after two weeks of tense talks.",
            "The agreement, gavelled through in the early hours after the conference overran "
            "by more than 30 hours, was denounced as too little by many developing countries.",
            "India's delegate Chandni Raina called the sum a paltry amount and said her "
            "country objected to its adoption.",
            "UN climate chief Simon Stiell said the deal was an insurance policy for humanity "
            "but that no country got everything it wanted.",
            "The talks were held in Azerbaijan, an oil and gas producer whose president had "
            "called fossil fuels a gift from God at the opening.",
        ),
        "Developed nations pledged on Sunday to raise climate aid for the developing world "
        "to $300 billion a year by 2035, in a deal struck after overtime talks in Baku.",
        (("Chandni Raina", "Chandini Raina"), ("Simon Stiell", "Simon Stiel")),
    ),
    Base(
        "climate-protest",
        "climate-talks",
        "afp",
        "BAKU",
        "Nov 23",
        "Activists stage silent protest as climate talks overrun",
        (
            "Hundreds of activists lined the corridors of the UN climate conference on "
            "Saturday in a silent protest against what they called a betrayal of the poorest "
            "countries, as negotiators missed another deadline.",
            "Some held banners reading Pay Up, others lay on the floor of the venue until "
            "security staff asked them to move.",
            "Small island states briefly walked out of a meeting with the conference "
            "presidency, saying their voices were not being heard.",
            "We came here for a fair deal and we are leaving with an insult, said Tina Stege, "
            "the climate envoy of the Marshall Islands.",
            "The talks were held in Azerbaijan, an oil and gas producer whose president had "
            "called fossil fuels a gift from God at the opening.",
        ),
        "Climate campaigners filled the halls of the Baku conference on Saturday in a "
        "wordless protest while delegates argued past the official close of the talks.",
        (("Tina Stege", "Tina Steghe"), ("Marshall Islands", "the Marshalls")),
    ),
    Base(
        "rail-strike",
        "rail",
        "dpa",
        "Berlin",
        "",
        "German train drivers start 35-hour strike",
        (
            "Germany's train drivers' union GDL began a 35-hour strike on Thursday morning, "
            "halting most long-distance and regional services run by Deutsche Bahn.",
            "The railway said it was running an emergency timetable with about 20 per cent of "
            "its long-distance trains, and asked passengers to postpone journeys.",
            "Union leader Claus Weselsky said members would not accept a working week of more "
            "than 35 hours without pay cuts.",
            "Freight trains were also hit, with business groups warning of delays for "
            "chemical and car plants that rely on rail deliveries.",
            "It is the sixth strike in the dispute since November.",
        ),
        "Rail travel across Germany ground largely to a halt on Thursday as the GDL drivers' "
        "union walked out for 35 hours in its dispute over working hours.",
        (("Claus Weselsky", "Klaus Weselsky"), ("Deutsche Bahn", "DB")),
    ),
    Base(
        "rail-talks",
        "rail",
        "dpa",
        "Berlin",
        "",
        "Deutsche Bahn and drivers' union agree to new talks",
        (
            "Deutsche Bahn and the GDL train drivers' union agreed on Monday to resume "
            "negotiations under two mediators, raising hopes of an end to months of strikes.",
            "The mediators, former state premier Daniel Guenther and ex-interior minister "
            "Thomas de Maiziere, are to present a proposal within four weeks.",
            "Until then the union has promised not to call further walkouts, a railway "
            "spokeswoman said.",
            "It is the sixth strike in the dispute since November.",
            "Shares in logistics firms rose on the news.",
        ),
        "Germany's national railway and the GDL said on Monday they would go back to the "
        "table with two mediators and that no strikes would be called for now.",
        (("Daniel Guenther", "Daniel Günther"), ("Thomas de Maiziere", "Thomas de Maizière")),
    ),
    Base(
        "typhoon-landfall",
        "typhoon",
        "kyodo",
        "TOKYO",
        "",
        "Typhoon Shanshan makes landfall in southwestern Japan",
        (
            "Typhoon Shanshan made landfall in Kagoshima Prefecture on Thursday morning, "
            "bringing record rainfall and winds of up to 216 kilometers per hour, the "
            "Japan Meteorological Agency said.",
            "More than 250,000 households lost power in the Kyushu region and about 4 million "
            "residents were told to evacuate.",
            "Three people were killed in a landslide in Aichi Prefecture on Tuesday as heavy "
            "rain fell far from the storm's center.",
            "Japan Airlines and All Nippon Airways canceled more than 600 domestic flights, "
            "and bullet train services between Osaka and Fukuoka were suspended.",
            "The agency urged residents to stay on maximum alert for floods and landslides.",
        ),
        "A powerful typhoon hit Japan's southern main island of Kyushu on Thursday, cutting "
        "power to a quarter of a million homes and grounding hundreds of flights.",
        (("Shanshan", "Shan-shan"), ("All Nippon Airways", "ANA")),
    ),
    Base(
        "typhoon-economy",
        "typhoon",
        "kyodo",
        "TOKYO",
        "",
        "Typhoon halts Toyota plants, shipping across Japan",
        (
            "Toyota Motor Corp. suspended operations at all 14 of its domestic assembly "
            "plants on Thursday as Typhoon Shanshan disrupted parts deliveries, the carmaker "
            "said.",
            "Container terminals at Hakata and Kagoshima ports were closed, and convenience "
            "store chains said some shelves in Kyushu were empty.",
            "Economists at Nomura estimated the storm could shave 0.1 percentage point off "
            "quarterly growth if the disruption lasts a week.",
            "Three people were killed in a landslide in Aichi Prefecture on Tuesday as heavy "
            "rain fell far from the storm's center.",
            "The carmaker said it would decide on Friday whether to restart production.",
        ),
        "Japan's biggest carmaker stopped every home assembly line on Thursday as the typhoon "
        "cut its parts supply, and ports in the southwest shut.",
        (("Toyota Motor Corp.", "Toyota Motor Corporation"), ("Nomura", "Nomura Securities")),
    ),
    Base(
        "election-result",
        "election",
        "yonhap",
        "SEOUL",
        "April 11",
        "(LEAD) Opposition wins landslide in parliamentary elections",
        (
            "South Korea's main opposition Democratic Party and its allies won a landslide "
            "in Wednesday's parliamentary elections, taking 175 of the 300 seats, final "
            "results showed Thursday.",
            "The ruling People Power Party and its satellite party won 108 seats, a heavy "
            "defeat for President Yoon Suk Yeol midway through his single five-year term.",
            "Democratic Party leader Lee Jae-myung said the result was the people's judgment "
            "on a government that had ignored livelihoods.",
            "Turnout was 67 percent, the highest for a general election in 32 years, the "
            "National Election Commission said.",
            "Ruling party leader Han Dong-hoon said he would step down to take responsibility.",
        ),
        "South Korean voters handed the liberal opposition a sweeping victory in the general "
        "election, leaving President Yoon a lame duck for his remaining three years.",
        (
            ("Lee Jae-myung", "Lee Jae-myeong"),
            ("Han Dong-hoon", "Han Dong-hun"),
            ("Yoon Suk Yeol", "Yoon Suk-yeol"),
        ),
    ),
    Base(
        "election-market",
        "election",
        "yonhap",
        "SEOUL",
        "April 11",
        "Seoul shares fall after opposition election win",
        (
            "South Korean stocks fell Thursday as investors worried that the opposition's "
            "election win would stall the government's plans to cut taxes on investment "
            "income.",
            "The benchmark KOSPI lost 1.6 percent to close at 2,706.96, with brokerages and "
            "holding companies leading the decline.",
            "The government's corporate value-up program may lose momentum, said Kim Ji-won, "
            "an analyst at Hana Securities.",
            "Turnout was 67 percent, the highest for a general election in 32 years, the "
            "National Election Commission said.",
            "The won weakened to 1,375 per dollar, its lowest in 17 months.",
        ),
        "Korean equities slid on Thursday as traders bet the opposition's new majority would "
        "block tax breaks for investors.",
        (("Kim Ji-won", "Kim Jee-won"), ("KOSPI", "Kospi")),
    ),
    Base(
        "monsoon-floods",
        "monsoon",
        "pti",
        "Guwahati",
        "July 4",
        "Assam floods: death toll rises to 52, over 2 million affected",
        (
            "The flood situation in Assam worsened on Thursday with the death toll rising to "
            "52 and more than 2.4 million people affected in 29 districts, officials said.",
            "The Brahmaputra was flowing above the danger level at Neamatighat, Tezpur and "
            "Dhubri, the Central Water Commission said.",
            "Chief Minister Himanta Biswa Sarma visited relief camps in Morigaon and said the "
            "state had sought more boats from the Centre.",
            "Around 130 animals, including six rhinos, drowned in the Kaziranga National Park.",
            "The India Meteorological Department has forecast heavy rain for the next three "
            "days in the Northeast.",
        ),
        "Floods in Assam have now killed 52 people and displaced more than two million in 29 "
        "districts as the Brahmaputra stays above danger mark, officials said on Thursday.",
        (("Himanta Biswa Sarma", "Himanta Biswa Sharma"), ("Kaziranga", "Kazhiranga")),
    ),
    Base(
        "monsoon-rail",
        "monsoon",
        "pti",
        "Guwahati",
        "July 5",
        "Northeast Frontier Railway cancels trains as floods hit tracks",
        (
            "The Northeast Frontier Railway cancelled 18 trains and diverted 12 on Friday "
            "after floodwater submerged tracks in Assam's Nagaon and Hojai districts.",
            "Passengers were stranded at Lumding junction for more than ten hours, some "
            "complaining of a lack of food and water.",
            "A railway spokesperson, Sabyasachi De, said services would resume once engineers "
            "had certified the bridges safe.",
            "The India Meteorological Department has forecast heavy rain for the next three "
            "days in the Northeast.",
            "Road links to Barak Valley were also cut by landslides.",
        ),
        "Trains to and from the Northeast were cancelled or diverted on Friday as floodwater "
        "covered rail lines in central Assam.",
        (("Sabyasachi De", "Sabyasachi Dey"), ("Lumding", "Lamding")),
    ),
    Base(
        "port-volume",
        "port",
        "xinhua",
        "SHANGHAI",
        "Jan. 10",
        "Shanghai port container throughput hits record",
        (
            "Shanghai port handled a record 51.5 million twenty-foot equivalent units of "
            "containers in 2024, remaining the world's busiest container port for the 15th "
            "year running, the port operator said Friday.",
            "Throughput rose 4.8 percent year on year, helped by new routes to Southeast Asia "
            "and the Middle East.",
            "The automated Yangshan terminal handled more than 8 million units, said Gu "
            "Jinshan, chairman of Shanghai International Port Group.",
            "Shanghai port links with more than 700 ports in over 200 countries and regions.",
            "Rail-sea intermodal traffic grew by more than 20 percent.",
        ),
        "The world's busiest container port moved 51.5 million standard boxes last year, "
        "a record and up 4.8 percent, its operator announced on Friday.",
        (("Gu Jinshan", "Ku Chin-shan"), ("Yangshan", "Yang Shan")),
    ),
    Base(
        "port-green",
        "port",
        "xinhua",
        "SHANGHAI",
        "Jan. 12",
        "Shanghai port starts green methanol bunkering",
        (
            "Shanghai port completed its first ship-to-ship bunkering of green methanol on "
            "Sunday, refuelling a container ship bound for Northern Europe, local authorities "
            "said.",
            "The 300 tonnes of methanol were made from biomass in northeast China, according "
            "to the Shanghai municipal transport commission.",
            "The port aims to supply 1 million tonnes of low-carbon fuels a year by 2030, "
            "commission official Xu Hui said.",
            "Shanghai port links with more than 700 ports in over 200 countries and regions.",
            "Shipping accounts for about 3 percent of global greenhouse gas emissions.",
        ),
        "A container ship took on green methanol at Shanghai on Sunday in the port's first "
        "refuelling of the kind, the city government said.",
        (("Xu Hui", "Hsu Hui"), ("methanol", "methyl alcohol")),
    ),
    Base(
        "arctic-route",
        "arctic",
        "tass",
        "MOSCOW",
        "October 6.",
        "Northern Sea Route cargo traffic reaches new high",
        (
            "Cargo traffic on the Northern Sea Route reached 37.9 million tonnes in the first "
            "nine months of the year, a new record, Rosatom said on Monday.",
            "The state corporation said 92 transit voyages were made between Europe and Asia, "
            "most of them carrying oil and liquefied natural gas.",
            "The route remains a priority for the development of the Arctic zone, Rosatom's "
            "special representative Vladimir Panov said.",
            "Nuclear icebreakers escorted vessels during the winter and spring months.",
            "The government plans to bring year-round navigation by 2030.",
        ),
        "A record 37.9 million tonnes of cargo moved along Russia's Arctic shipping lane from "
        "January to September, the state nuclear corporation reported.",
        (("Vladimir Panov", "Vladimir Panoff"), ("Rosatom", "Rosatom State Corporation")),
    ),
    Base(
        "arctic-icebreaker",
        "arctic",
        "tass",
        "ST. PETERSBURG",
        "October 7.",
        "New nuclear icebreaker Chukotka floated out in St Petersburg",
        (
            "The nuclear-powered icebreaker Chukotka, the sixth of the Project 22220 series, "
            "was floated out at the Baltic Shipyard on Tuesday.",
            "The ship is due to be handed over to Atomflot in 2026 and will work in the "
            "eastern part of the Arctic.",
            "Baltic Shipyard director general Alexei Kadilov said the hull had been "
            "assembled ahead of schedule.",
            "Nuclear icebreakers escorted vessels during the winter and spring months.",
            "Russia operates the world's only fleet of nuclear-powered icebreakers.",
        ),
        "The Baltic Shipyard floated out Chukotka, the sixth icebreaker of its nuclear class, "
        "on Tuesday, with delivery planned for 2026.",
        (("Alexei Kadilov", "Aleksei Kadilov"), ("Chukotka", "Tchukotka")),
    ),
    Base(
        "olive-harvest",
        "olive-oil",
        "efe",
        "Madrid",
        "Oct 15",
        "Spain expects olive oil output to recover to 1.5 million tonnes",
        (
            "Spain, the world's largest olive oil producer, expects to produce about 1.5 "
            "million tonnes this season, up 76 percent from last year's drought-hit harvest, "
            "the agriculture ministry said Tuesday.",
            "Andalusia, which accounts for about four fifths of national output, had rain in "
            "spring at the right moment for flowering, Minister Luis Planas said.",
            "Prices at origin have fallen by almost half since January, to about 4.5 euros a "
            "kilo for extra virgin oil, according to the Poolred price system.",
            "Farmers' group Asaja warned that costs for fertiliser and labour remained high.",
            "Two years of drought had cut output to 664,000 tonnes in 2022-2023.",
        ),
        "The Spanish olive harvest should climb back to 1.5 million tonnes after two years of "
        "drought, the government forecast on Tuesday.",
        (("Luis Planas", "Lluís Planas"), ("Andalusia", "Andalucía")),
    ),
    Base(
        "olive-prices",
        "olive-oil",
        "efe",
        "Madrid",
        "Oct 16",
        "Supermarkets cut olive oil prices as harvest recovers",
        (
            "Spain's big supermarket chains lowered olive oil prices on Wednesday, with "
            "Mercadona cutting the price of a litre of extra virgin by 1.10 euros.",
            "Consumer group OCU said shoppers were still paying about double what they paid "
            "three years ago.",
            "We expect prices to keep easing through the winter, said OCU spokeswoman Ileana "
            "Izverniceanu.",
            "Two years of drought had cut output to 664,000 tonnes in 2022-2023.",
            "Sales of olive oil in Spain fell 20 percent last year as families switched to "
            "sunflower oil.",
        ),
        "Spanish retailers began marking down olive oil on Wednesday, a day after the "
        "government forecast a big rebound in the harvest.",
        (("Ileana Izverniceanu", "Ileana Izvernicianu"), ("Mercadona", "Mercadona SA")),
    ),
)
