"""Synthetic wire items in the forms RSS feeds and news aggregators print agency copy.

Written by the team for tests (no agency's text): each item is (raw story, the agency codes
a reader sees in it, the headline without its credit, the first words of the body). The
forms: a title ending ``(Reuters)`` / ``(AP)`` / ``- Reuters`` / ``| AP``, a lead opening
``Reuters - `` or ``AP - ``, ``PLACE (AP) - `` wrapped in entity-encoded HTML such as
``&lt;b&gt;``, and ``By NAME, Associated Press Writer`` bylines.
"""

from __future__ import annotations

from typing import NamedTuple


class Item(NamedTuple):
    raw: str
    codes: tuple[str, ...]
    headline: str
    body_start: str


ITEMS: tuple[Item, ...] = (
    Item(
        "Stocks edge higher as oil slips (Reuters)\n\n"
        "Reuters - U.S. stocks edged higher on Tuesday as oil prices slipped, easing "
        "worries about fuel costs for airlines and shippers.",
        ("reuters",),
        "Stocks edge higher as oil slips",
        "U.S. stocks edged higher",
    ),
    Item(
        "Senate passes farm bill after long debate (AP)\n\n"
        "AP - The Senate passed a five-year farm bill on Thursday after weeks of debate "
        "over crop subsidies and food aid.",
        ("ap",),
        "Senate passes farm bill after long debate",
        "The Senate passed",
    ),
    Item(
        "Flood waters recede in Iowa towns (AP)\n\n"
        "&lt;b&gt;DES MOINES, Iowa (AP)&lt;/b&gt; - Flood waters began to recede on Monday "
        "in a dozen towns along the Cedar River.",
        ("ap",),
        "Flood waters recede in Iowa towns",
        "Flood waters began",
    ),
    Item(
        "Mayor wins second term\n\n"
        "By JANE MILLER, Associated Press Writer\n\n"
        "BOSTON - The mayor won a second term on Tuesday, carrying every ward but two.",
        ("ap",),
        "Mayor wins second term",
        "The mayor won",
    ),
    Item(
        "Chip maker lifts forecast (Reuters)\n\n"
        "&lt;b&gt;SAN FRANCISCO (Reuters)&lt;/b&gt; - A chip maker raised its full-year "
        "forecast on Wednesday, citing strong demand from data centres.",
        ("reuters",),
        "Chip maker lifts forecast",
        "A chip maker raised",
    ),
    Item(
        "Euro steadies before central bank meeting - Reuters\n\n"
        "LONDON (Reuters) - The euro steadied on Thursday as traders waited for the "
        "central bank's policy decision.",
        ("reuters",),
        "Euro steadies before central bank meeting",
        "The euro steadied",
    ),
    Item(
        "Wildfire forces evacuations near canyon | AP\n\n"
        "LOS ANGELES (AP) — A fast-moving wildfire forced hundreds of residents to leave "
        "their homes on Sunday.",
        ("ap",),
        "Wildfire forces evacuations near canyon",
        "A fast-moving wildfire",
    ),
    Item(
        "Paris talks on climate finance open (AFP)\n\n"
        "AFP - Negotiators from 40 countries opened two days of talks on climate finance "
        "in Paris on Monday.",
        ("afp",),
        "Paris talks on climate finance open",
        "Negotiators from 40",
    ),
    Item(
        "Tech shares pull Nikkei lower (Reuters)\n\n"
        "Reuters - Japan's Nikkei share average fell on Friday as technology shares "
        "tracked losses overseas.",
        ("reuters",),
        "Tech shares pull Nikkei lower",
        "Japan's Nikkei share",
    ),
    Item(
        "Storm knocks out power to thousands (AP)\n\n"
        "AP - A spring storm knocked out power to more than 40,000 customers across three "
        "counties overnight.",
        ("ap",),
        "Storm knocks out power to thousands",
        "A spring storm",
    ),
    Item(
        "Lawmakers weigh new data rules\n\n"
        "By MARK OKAFOR, AP Technology Writer\n\n"
        "WASHINGTON (AP) - Lawmakers on Tuesday weighed new rules for how apps collect "
        "location data.",
        ("ap",),
        "Lawmakers weigh new data rules",
        "Lawmakers on Tuesday",
    ),
    Item(
        "Farm exports rise for third month\n\n"
        "By LUCIA BARROS\n\nAssociated Press Writer\n\n"
        "OMAHA, Neb. - Farm exports rose for a third straight month in May, the government "
        "said on Friday.",
        ("ap",),
        "Farm exports rise for third month",
        "Farm exports rose",
    ),
    Item(
        "Copper hits two-month high on supply worries (Reuters)\n\n"
        "&lt;p&gt;&lt;b&gt;LONDON (Reuters)&lt;/b&gt; - Copper prices hit a two-month "
        "high on Wednesday on worries about mine supply.&lt;/p&gt;",
        ("reuters",),
        "Copper hits two-month high on supply worries",
        "Copper prices hit",
    ),
    Item(
        "Rail strike snarls commuters (AFP)\n\n"
        "&lt;b&gt;BERLIN (AFP)&lt;/b&gt; - A rail strike snarled the morning commute for "
        "millions on Thursday.",
        ("afp",),
        "Rail strike snarls commuters",
        "A rail strike",
    ),
    Item(
        "Hospital group to cut 500 jobs - AP\n\n"
        "AP - A hospital group said on Monday it would cut 500 administrative jobs over "
        "the next year.",
        ("ap",),
        "Hospital group to cut 500 jobs",
        "A hospital group",
    ),
    Item(
        "Bond yields climb after jobs data (Reuters)\n\n"
        "NEW YORK (Reuters) - U.S. Treasury yields climbed on Friday after a stronger than "
        "expected jobs report.",
        ("reuters",),
        "Bond yields climb after jobs data",
        "U.S. Treasury yields",
    ),
    Item(
        "Court blocks pipeline permit (AP)\n\n"
        "&lt;b&gt;DENVER (AP)&lt;/b&gt; -- A federal court blocked a pipeline permit on "
        "Wednesday, siding with ranchers.",
        ("ap",),
        "Court blocks pipeline permit",
        "A federal court",
    ),
    Item(
        "Carmaker recalls 80,000 SUVs\n\n"
        "By ANNA KOWALSKI, AP Auto Writer\n\n"
        "DETROIT (AP) — A carmaker is recalling about 80,000 SUVs because a seat belt "
        "sensor can fail.",
        ("ap",),
        "Carmaker recalls 80,000 SUVs",
        "A carmaker is recalling",
    ),
    Item(
        "Gold slips as dollar firms (Reuters)\n\n"
        "Reuters - Gold prices slipped on Monday as the dollar firmed ahead of inflation "
        "figures.",
        ("reuters",),
        "Gold slips as dollar firms",
        "Gold prices slipped",
    ),
    Item(
        "Drought cuts wheat harvest outlook (AFP)\n\n"
        "AFP - A long drought has cut the outlook for this year's wheat harvest by a fifth, "
        "the farm ministry said.",
        ("afp",),
        "Drought cuts wheat harvest outlook",
        "A long drought",
    ),
    Item(
        "School board approves budget (AP)\n\n"
        "&lt;b&gt;PORTLAND, Ore. (AP)&lt;/b&gt; _ The school board approved a budget on "
        "Tuesday that adds 40 teachers.",
        ("ap",),
        "School board approves budget",
        "The school board",
    ),
    Item(
        "Airline posts record quarterly profit - Reuters\n\n"
        "Reuters - An airline posted a record quarterly profit on Thursday as fares stayed "
        "high.",
        ("reuters",),
        "Airline posts record quarterly profit",
        "An airline posted",
    ),
    Item(
        "Museum returns looted statues (AP)\n\n"
        "By SOFIA RENARD, Associated Press Writer\n\n"
        "AP - A museum returned two looted statues on Friday after a decade-long inquiry.",
        ("ap",),
        "Museum returns looted statues",
        "A museum returned",
    ),
    Item(
        "Oil falls on demand fears (Reuters)\n\n"
        "&lt;b&gt;SINGAPORE (Reuters)&lt;/b&gt; - Oil prices fell on Tuesday on fears of "
        "weaker demand in Asia.",
        ("reuters",),
        "Oil falls on demand fears",
        "Oil prices fell",
    ),
    Item(
        "Protesters rally against pension plan (AFP)\n\n"
        "&lt;b&gt;MADRID (AFP)&lt;/b&gt; - Thousands of protesters rallied against a "
        "pension plan on Saturday.",
        ("afp",),
        "Protesters rally against pension plan",
        "Thousands of protesters",
    ),
    Item(
        "Home sales slow in spring (AP)\n\n"
        "AP - Home sales slowed this spring as mortgage rates stayed near their highest "
        "level in a decade.",
        ("ap",),
        "Home sales slow in spring",
        "Home sales slowed",
    ),
    Item(
        "Retailer names new chief executive (Reuters)\n\n"
        "Reuters - A retailer named a new chief executive on Wednesday, ending a "
        "six-month search.",
        ("reuters",),
        "Retailer names new chief executive",
        "A retailer named",
    ),
    Item(
        "Governor signs water bill\n\n"
        "By TOMAS LINDQVIST and PRIYA NAIR, Associated Press Writers\n\n"
        "SACRAMENTO, Calif. - The governor signed a water bill on Monday.",
        ("ap",),
        "Governor signs water bill",
        "The governor signed",
    ),
    Item(
        "Volcano eruption grounds flights (AFP)\n\n"
        "AFP - A volcanic eruption grounded dozens of flights on Sunday as ash drifted "
        "over the region.",
        ("afp",),
        "Volcano eruption grounds flights",
        "A volcanic eruption",
    ),
    Item(
        "Shipping rates jump on canal delays | Reuters\n\n"
        "Reuters - Container shipping rates jumped this week as delays at the canal "
        "stretched into a second month.",
        ("reuters",),
        "Shipping rates jump on canal delays",
        "Container shipping rates",
    ),
    Item(
        "Quake rattles coastal city (AP)\n\n"
        "&lt;b&gt;ANCHORAGE, Alaska (AP)&lt;/b&gt; - A magnitude 5.8 earthquake rattled "
        "the coastal city early Thursday.",
        ("ap",),
        "Quake rattles coastal city",
        "A magnitude 5.8",
    ),
    Item(
        "Brewer buys craft rival (Reuters)\n\n"
        "&lt;b&gt;AMSTERDAM (Reuters)&lt;/b&gt; - A brewer agreed on Monday to buy a "
        "craft rival for 1.2 billion euros.",
        ("reuters",),
        "Brewer buys craft rival",
        "A brewer agreed",
    ),
    Item(
        "Hockey league expands to two cities (CP)\n\n"
        "Canadian Press - TORONTO (AP) - The league will add teams in two cities, its "
        "commissioner said on Tuesday.",
        ("canadian-press", "ap"),
        "Hockey league expands to two cities",
        "The league will",
    ),
    Item(
        "Vaccine maker wins approval (AFP)\n\n"
        "AFP - A vaccine maker won approval for an updated shot on Friday.",
        ("afp",),
        "Vaccine maker wins approval",
        "A vaccine maker won",
    ),
    Item(
        "Transit agency raises fares (AP)\n\n"
        "By DEV PATEL, Associated Press\n\n"
        "CHICAGO (AP) - The transit agency raised fares by 25 cents on Wednesday.",
        ("ap",),
        "Transit agency raises fares",
        "The transit agency",
    ),
    Item(
        "Wheat futures slide (Reuters)\n\n"
        "CHICAGO (Reuters) - Wheat futures slid on Thursday on forecasts of rain in the "
        "Plains.",
        ("reuters",),
        "Wheat futures slide",
        "Wheat futures slid",
    ),
)

# Feed items whose last parenthesis or dash is not a credit: nothing may be cut from them.
NOT_CREDITS: tuple[str, ...] = (
    "Shares of Acme (ACME) jump",
    "Mayor defends budget - again",
    "Talks on trade (part two)",
    "Senate vote set | live coverage",
    "Storm photos (AP Photo gallery)",
)
