"""Heads of state and government, 1980 to 2026: a person's name to their country.

**Scope** (systematic, not chosen from any evaluation's names): the member countries of the
G20 (the European Union left out), which include the five permanent members of the UN
Security Council: their heads of state and heads of government in office at any time from
1980 to 2026, and the foreign ministers of the five permanent members and of Germany and
Japan where the list below is sure. The Soviet Union's leaders before 1992 are left out
(which code a coder gives the USSR is a convention this table does not settle), and so
are monarchs named by a first name alone (``Elizabeth``, ``Charles``, Saudi Arabia's
``Khalid`` and ``Abdullah``: a titled first name is too often another's), the governors
general of Canada and Australia, South Korea's appointed prime ministers, and interim
presidents of a few days (Argentina, 2001).

**Source**: general knowledge; facts only (names, countries, years in office).

**Matching** (:func:`Leaders.country`): a full name as written (accents optional); a surname
alone only when the caller has a title before it (``President Bush``) or the full name
earlier in the story. A surname is listed only when it is unambiguous: no other entry of
another country shares it, and it is no common word or common surname (``Major``, ``May``,
``Brown``, ``Kim``, ``Lee``, ``Singh`` with another country). Entries sharing a surname
within one country (the two Bushes, the Gandhis) give that country whichever is meant.
Where the story has a date, an entry in office then is preferred; a person keeps their
country after office.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final


@dataclass(frozen=True, slots=True)
class Leader:
    names: tuple[str, ...]  # full names as wire copy writes them
    surname: str | None  # the name used alone after a title; None: never alone
    country: str  # ISO 3166-1 alpha-2
    start: int  # first and last year in office (None: still in office in 2026)
    end: int | None


def _l(names: str, surname: str | None, country: str, start: int, end: int | None) -> Leader:
    return Leader(tuple(names.split("|")), surname, country, start, end)


# fmt: off
LEADERS: Final[tuple[Leader, ...]] = (
    # United States: presidents, secretaries of state
    _l("Jimmy Carter", "Carter", "US", 1977, 1981),
    _l("Ronald Reagan", "Reagan", "US", 1981, 1989),
    _l("George H. W. Bush|George H.W. Bush|George Bush", "Bush", "US", 1989, 1993),
    _l("George W. Bush", "Bush", "US", 2001, 2009),
    _l("Bill Clinton|William Clinton", "Clinton", "US", 1993, 2001),
    _l("Barack Obama", "Obama", "US", 2009, 2017),
    _l("Donald Trump", "Trump", "US", 2017, 2021),
    _l("Donald Trump", "Trump", "US", 2025, None),
    _l("Joe Biden|Joseph Biden", "Biden", "US", 2021, 2025),
    _l("Edmund Muskie", "Muskie", "US", 1980, 1981),
    _l("Cyrus Vance", "Vance", "US", 1977, 1980),
    _l("Alexander Haig", "Haig", "US", 1981, 1982),
    _l("George Shultz", "Shultz", "US", 1982, 1989),
    _l("James Baker", None, "US", 1989, 1992),
    _l("Lawrence Eagleburger", "Eagleburger", "US", 1992, 1993),
    _l("Warren Christopher", None, "US", 1993, 1997),
    _l("Madeleine Albright", "Albright", "US", 1997, 2001),
    _l("Colin Powell", "Powell", "US", 2001, 2005),
    _l("Condoleezza Rice", None, "US", 2005, 2009),
    _l("Hillary Clinton|Hillary Rodham Clinton", "Clinton", "US", 2009, 2013),
    _l("John Kerry", "Kerry", "US", 2013, 2017),
    _l("Rex Tillerson", "Tillerson", "US", 2017, 2018),
    _l("Mike Pompeo", "Pompeo", "US", 2018, 2021),
    _l("Antony Blinken", "Blinken", "US", 2021, 2025),
    _l("Marco Rubio", "Rubio", "US", 2025, None),
    # United Kingdom: prime ministers, foreign secretaries
    _l("Margaret Thatcher", "Thatcher", "GB", 1979, 1990),
    _l("John Major", None, "GB", 1990, 1997),
    _l("Tony Blair", "Blair", "GB", 1997, 2007),
    _l("Gordon Brown", None, "GB", 2007, 2010),
    _l("David Cameron", "Cameron", "GB", 2010, 2016),
    _l("Theresa May", None, "GB", 2016, 2019),
    _l("Boris Johnson", None, "GB", 2019, 2022),
    _l("Liz Truss", "Truss", "GB", 2022, 2022),
    _l("Rishi Sunak", "Sunak", "GB", 2022, 2024),
    _l("Keir Starmer", "Starmer", "GB", 2024, None),
    _l("Geoffrey Howe", None, "GB", 1983, 1989),
    _l("Lord Carrington|Peter Carington", "Carrington", "GB", 1979, 1982),
    _l("Francis Pym", "Pym", "GB", 1982, 1983),
    _l("Douglas Hurd", "Hurd", "GB", 1989, 1995),
    _l("Malcolm Rifkind", "Rifkind", "GB", 1995, 1997),
    _l("Robin Cook", None, "GB", 1997, 2001),
    _l("Jack Straw", None, "GB", 2001, 2006),
    _l("Margaret Beckett", "Beckett", "GB", 2006, 2007),
    _l("David Miliband", "Miliband", "GB", 2007, 2010),
    _l("William Hague", "Hague", "GB", 2010, 2014),
    _l("Philip Hammond", None, "GB", 2014, 2016),
    _l("Jeremy Hunt", None, "GB", 2018, 2019),
    _l("Dominic Raab", "Raab", "GB", 2019, 2021),
    _l("James Cleverly", "Cleverly", "GB", 2022, 2023),
    _l("David Lammy", "Lammy", "GB", 2024, 2025),
    _l("Yvette Cooper", None, "GB", 2025, None),
    # France: presidents, prime ministers, foreign ministers
    _l("Valery Giscard d'Estaing", "Giscard", "FR", 1974, 1981),
    _l("Francois Mitterrand", "Mitterrand", "FR", 1981, 1995),
    _l("Jacques Chirac", "Chirac", "FR", 1995, 2007),
    _l("Nicolas Sarkozy", "Sarkozy", "FR", 2007, 2012),
    _l("Francois Hollande", "Hollande", "FR", 2012, 2017),
    _l("Emmanuel Macron", "Macron", "FR", 2017, None),
    _l("Pierre Mauroy", "Mauroy", "FR", 1981, 1984),
    _l("Raymond Barre", "Barre", "FR", 1976, 1981),
    _l("Laurent Fabius", "Fabius", "FR", 1984, 1986),
    _l("Michel Rocard", "Rocard", "FR", 1988, 1991),
    _l("Edith Cresson", "Cresson", "FR", 1991, 1992),
    _l("Pierre Beregovoy", "Beregovoy", "FR", 1992, 1993),
    _l("Edouard Balladur", "Balladur", "FR", 1993, 1995),
    _l("Alain Juppe", "Juppe", "FR", 1995, 1997),
    _l("Lionel Jospin", "Jospin", "FR", 1997, 2002),
    _l("Jean-Pierre Raffarin", "Raffarin", "FR", 2002, 2005),
    _l("Dominique de Villepin", "Villepin", "FR", 2005, 2007),
    _l("Francois Fillon", "Fillon", "FR", 2007, 2012),
    _l("Jean-Marc Ayrault", "Ayrault", "FR", 2012, 2014),
    _l("Manuel Valls", "Valls", "FR", 2014, 2016),
    _l("Bernard Cazeneuve", "Cazeneuve", "FR", 2016, 2017),
    _l("Edouard Philippe", None, "FR", 2017, 2020),
    _l("Jean Castex", "Castex", "FR", 2020, 2022),
    _l("Elisabeth Borne", "Borne", "FR", 2022, 2024),
    _l("Gabriel Attal", "Attal", "FR", 2024, 2024),
    _l("Michel Barnier", "Barnier", "FR", 2024, 2024),
    _l("Francois Bayrou", "Bayrou", "FR", 2024, 2025),
    _l("Sebastien Lecornu", "Lecornu", "FR", 2025, None),
    _l("Claude Cheysson", "Cheysson", "FR", 1981, 1984),
    _l("Jean-Bernard Raimond", None, "FR", 1986, 1988),
    _l("Herve de Charette", "de Charette", "FR", 1995, 1997),
    _l("Philippe Douste-Blazy", "Douste-Blazy", "FR", 2005, 2007),
    _l("Michele Alliot-Marie", "Alliot-Marie", "FR", 2010, 2011),
    _l("Catherine Colonna", "Colonna", "FR", 2022, 2024),
    _l("Stephane Sejourne", "Sejourne", "FR", 2024, 2024),
    _l("Jean-Noel Barrot", None, "FR", 2024, None),
    _l("Roland Dumas", "Dumas", "FR", 1988, 1993),
    _l("Alain Juppe", "Juppe", "FR", 1993, 1995),
    _l("Hubert Vedrine", "Vedrine", "FR", 1997, 2002),
    _l("Bernard Kouchner", "Kouchner", "FR", 2007, 2010),
    _l("Jean-Yves Le Drian", "Le Drian", "FR", 2017, 2022),
    # Germany: chancellors, presidents, foreign ministers
    _l("Helmut Schmidt", None, "DE", 1974, 1982),
    _l("Helmut Kohl", "Kohl", "DE", 1982, 1998),
    _l("Gerhard Schroeder|Gerhard Schroder", "Schroeder", "DE", 1998, 2005),
    _l("Angela Merkel", "Merkel", "DE", 2005, 2021),
    _l("Olaf Scholz", "Scholz", "DE", 2021, 2025),
    _l("Friedrich Merz", "Merz", "DE", 2025, None),
    _l("Richard von Weizsaecker|Richard von Weizsacker", "Weizsaecker", "DE", 1984, 1994),
    _l("Roman Herzog", "Herzog", "DE", 1994, 1999),
    _l("Karl Carstens", "Carstens", "DE", 1979, 1984),
    _l("Johannes Rau", "Rau", "DE", 1999, 2004),
    _l("Horst Koehler|Horst Kohler", "Koehler", "DE", 2004, 2010),
    _l("Christian Wulff", "Wulff", "DE", 2010, 2012),
    _l("Joachim Gauck", "Gauck", "DE", 2012, 2017),
    _l("Frank-Walter Steinmeier", "Steinmeier", "DE", 2005, None),
    _l("Hans-Dietrich Genscher", "Genscher", "DE", 1974, 1992),
    _l("Klaus Kinkel", "Kinkel", "DE", 1992, 1998),
    _l("Joschka Fischer", None, "DE", 1998, 2005),
    _l("Guido Westerwelle", "Westerwelle", "DE", 2009, 2013),
    _l("Heiko Maas", "Maas", "DE", 2018, 2021),
    _l("Sigmar Gabriel", None, "DE", 2017, 2018),
    _l("Johann Wadephul", "Wadephul", "DE", 2025, None),
    _l("Annalena Baerbock", "Baerbock", "DE", 2021, 2025),
    # Russia (from 1992): presidents, prime ministers, foreign ministers
    _l("Boris Yeltsin", "Yeltsin", "RU", 1991, 1999),
    _l("Vladimir Putin", "Putin", "RU", 1999, None),
    _l("Dmitry Medvedev|Dmitri Medvedev", "Medvedev", "RU", 2008, 2020),
    _l("Viktor Chernomyrdin", "Chernomyrdin", "RU", 1992, 1998),
    _l("Yegor Gaidar", "Gaidar", "RU", 1992, 1992),
    _l("Sergei Kiriyenko", "Kiriyenko", "RU", 1998, 1998),
    _l("Yevgeny Primakov", "Primakov", "RU", 1996, 1999),
    _l("Sergei Stepashin", "Stepashin", "RU", 1999, 1999),
    _l("Mikhail Kasyanov", "Kasyanov", "RU", 2000, 2004),
    _l("Mikhail Fradkov", "Fradkov", "RU", 2004, 2007),
    _l("Viktor Zubkov", "Zubkov", "RU", 2007, 2008),
    _l("Mikhail Mishustin", "Mishustin", "RU", 2020, None),
    _l("Andrei Kozyrev", "Kozyrev", "RU", 1990, 1996),
    _l("Igor Ivanov", None, "RU", 1998, 2004),
    _l("Sergei Lavrov", "Lavrov", "RU", 2004, None),
    # China: presidents, premiers, foreign ministers (surname first)
    _l("Li Xiannian", "Li", "CN", 1983, 1988),
    _l("Yang Shangkun", None, "CN", 1988, 1993),
    _l("Jiang Zemin", "Jiang", "CN", 1993, 2003),
    _l("Hu Jintao", "Hu", "CN", 2003, 2013),
    _l("Xi Jinping", "Xi", "CN", 2013, None),
    _l("Zhao Ziyang", "Zhao", "CN", 1980, 1987),
    _l("Hua Guofeng", None, "CN", 1976, 1980),
    _l("Huang Hua", None, "CN", 1976, 1982),
    _l("Wu Xueqian", None, "CN", 1982, 1988),
    _l("Li Peng", "Li", "CN", 1987, 1998),
    _l("Zhu Rongji", "Zhu", "CN", 1998, 2003),
    _l("Wen Jiabao", "Wen", "CN", 2003, 2013),
    _l("Li Keqiang", "Li", "CN", 2013, 2023),
    _l("Li Qiang", "Li", "CN", 2023, None),
    _l("Qian Qichen", "Qian", "CN", 1988, 1998),
    _l("Tang Jiaxuan", None, "CN", 1998, 2003),
    _l("Li Zhaoxing", "Li", "CN", 2003, 2007),
    _l("Yang Jiechi", None, "CN", 2007, 2013),
    _l("Wang Yi", None, "CN", 2013, None),
    _l("Qin Gang", None, "CN", 2022, 2023),
    # Japan: prime ministers, emperors, foreign ministers
    _l("Zenko Suzuki", None, "JP", 1980, 1982),
    _l("Masayoshi Ohira", "Ohira", "JP", 1978, 1980),
    _l("Hirohito", None, "JP", 1926, 1989),
    _l("Yasuhiro Nakasone", "Nakasone", "JP", 1982, 1987),
    _l("Noboru Takeshita", "Takeshita", "JP", 1987, 1989),
    _l("Sosuke Uno", None, "JP", 1989, 1989),
    _l("Toshiki Kaifu", "Kaifu", "JP", 1989, 1991),
    _l("Kiichi Miyazawa", "Miyazawa", "JP", 1991, 1993),
    _l("Morihiro Hosokawa", "Hosokawa", "JP", 1993, 1994),
    _l("Tsutomu Hata", None, "JP", 1994, 1994),
    _l("Tomiichi Murayama", "Murayama", "JP", 1994, 1996),
    _l("Ryutaro Hashimoto", "Hashimoto", "JP", 1996, 1998),
    _l("Keizo Obuchi", "Obuchi", "JP", 1998, 2000),
    _l("Yoshiro Mori", None, "JP", 2000, 2001),
    _l("Junichiro Koizumi", "Koizumi", "JP", 2001, 2006),
    _l("Shinzo Abe", "Abe", "JP", 2006, 2020),
    _l("Yasuo Fukuda", "Fukuda", "JP", 2007, 2008),
    _l("Taro Aso", "Aso", "JP", 2008, 2009),
    _l("Yukio Hatoyama", "Hatoyama", "JP", 2009, 2010),
    _l("Naoto Kan", None, "JP", 2010, 2011),
    _l("Yoshihiko Noda", "Noda", "JP", 2011, 2012),
    _l("Yoshihide Suga", "Suga", "JP", 2020, 2021),
    _l("Fumio Kishida", "Kishida", "JP", 2021, 2024),
    _l("Shigeru Ishiba", "Ishiba", "JP", 2024, 2025),
    _l("Sanae Takaichi", "Takaichi", "JP", 2025, None),
    _l("Akihito", None, "JP", 1989, 2019),
    _l("Naruhito", None, "JP", 2019, None),
    _l("Toshimitsu Motegi", "Motegi", "JP", 2019, None),
    _l("Taro Kono", None, "JP", 2017, 2019),
    _l("Yoshimasa Hayashi", None, "JP", 2021, 2023),
    # India: prime ministers
    _l("Indira Gandhi", "Gandhi", "IN", 1980, 1984),
    _l("Rajiv Gandhi", "Gandhi", "IN", 1984, 1989),
    _l("V. P. Singh|V.P. Singh|Vishwanath Pratap Singh", None, "IN", 1989, 1990),
    _l("Chandra Shekhar", None, "IN", 1990, 1991),
    _l("P. V. Narasimha Rao|P.V. Narasimha Rao|Narasimha Rao", None, "IN", 1991, 1996),
    _l("Atal Bihari Vajpayee", "Vajpayee", "IN", 1996, 2004),
    _l("H. D. Deve Gowda|H.D. Deve Gowda|Deve Gowda", "Gowda", "IN", 1996, 1997),
    _l("I. K. Gujral|I.K. Gujral|Inder Kumar Gujral", "Gujral", "IN", 1997, 1998),
    _l("Manmohan Singh", None, "IN", 2004, 2014),
    _l("Narendra Modi", "Modi", "IN", 2014, None),
    _l("Neelam Sanjiva Reddy", None, "IN", 1977, 1982),
    _l("Zail Singh", None, "IN", 1982, 1987),
    _l("R. Venkataraman|Ramaswamy Venkataraman", "Venkataraman", "IN", 1987, 1992),
    _l("Shankar Dayal Sharma", None, "IN", 1992, 1997),
    _l("K. R. Narayanan|K.R. Narayanan", "Narayanan", "IN", 1997, 2002),
    _l("A. P. J. Abdul Kalam|A.P.J. Abdul Kalam|Abdul Kalam", "Kalam", "IN", 2002, 2007),
    _l("Pratibha Patil", None, "IN", 2007, 2012),
    _l("Pranab Mukherjee", None, "IN", 2012, 2017),
    _l("Ram Nath Kovind", "Kovind", "IN", 2017, 2022),
    _l("Droupadi Murmu", "Murmu", "IN", 2022, None),
    # Brazil: presidents
    _l("Joao Figueiredo|Joao Baptista Figueiredo", "Figueiredo", "BR", 1979, 1985),
    _l("Jose Sarney", "Sarney", "BR", 1985, 1990),
    _l("Fernando Collor de Mello|Fernando Collor", "Collor", "BR", 1990, 1992),
    _l("Itamar Franco", None, "BR", 1992, 1994),
    _l("Fernando Henrique Cardoso", "Cardoso", "BR", 1995, 2002),
    _l("Luiz Inacio Lula da Silva|Lula da Silva", "Lula", "BR", 2003, 2010),
    _l("Luiz Inacio Lula da Silva|Lula da Silva", "Lula", "BR", 2023, None),
    _l("Dilma Rousseff", "Rousseff", "BR", 2011, 2016),
    _l("Michel Temer", "Temer", "BR", 2016, 2018),
    _l("Jair Bolsonaro", "Bolsonaro", "BR", 2019, 2022),
    # Argentina: presidents
    _l("Jorge Videla|Jorge Rafael Videla", "Videla", "AR", 1976, 1981),
    _l("Roberto Viola", None, "AR", 1981, 1981),
    _l("Leopoldo Galtieri", "Galtieri", "AR", 1981, 1982),
    _l("Reynaldo Bignone", "Bignone", "AR", 1982, 1983),
    _l("Raul Alfonsin", "Alfonsin", "AR", 1983, 1989),
    _l("Carlos Menem", "Menem", "AR", 1989, 1999),
    _l("Fernando de la Rua", None, "AR", 1999, 2001),
    _l("Eduardo Duhalde", "Duhalde", "AR", 2002, 2003),
    _l("Nestor Kirchner", "Kirchner", "AR", 2003, 2007),
    _l("Cristina Fernandez de Kirchner|Cristina Kirchner", "Kirchner", "AR", 2007, 2015),
    _l("Mauricio Macri", "Macri", "AR", 2015, 2019),
    _l("Alberto Fernandez", None, "AR", 2019, 2023),
    _l("Javier Milei", "Milei", "AR", 2023, None),
    # Mexico: presidents
    _l("Jose Lopez Portillo", None, "MX", 1976, 1982),
    _l("Miguel de la Madrid", None, "MX", 1982, 1988),
    _l("Carlos Salinas de Gortari|Carlos Salinas", None, "MX", 1988, 1994),
    _l("Ernesto Zedillo", "Zedillo", "MX", 1994, 2000),
    _l("Vicente Fox", None, "MX", 2000, 2006),
    _l("Felipe Calderon", None, "MX", 2006, 2012),
    _l("Enrique Pena Nieto", "Pena Nieto", "MX", 2012, 2018),
    _l("Andres Manuel Lopez Obrador", "Lopez Obrador", "MX", 2018, 2024),
    _l("Claudia Sheinbaum", "Sheinbaum", "MX", 2024, None),
    # Canada: prime ministers
    _l("Joe Clark", None, "CA", 1979, 1980),
    _l("Pierre Trudeau|Pierre Elliott Trudeau", "Trudeau", "CA", 1980, 1984),
    _l("John Turner", None, "CA", 1984, 1984),
    _l("Brian Mulroney", "Mulroney", "CA", 1984, 1993),
    _l("Kim Campbell", None, "CA", 1993, 1993),
    _l("Jean Chretien", "Chretien", "CA", 1993, 2003),
    _l("Paul Martin", None, "CA", 2003, 2006),
    _l("Stephen Harper", "Harper", "CA", 2006, 2015),
    _l("Justin Trudeau", "Trudeau", "CA", 2015, 2025),
    _l("Mark Carney", "Carney", "CA", 2025, None),
    # Australia: prime ministers
    _l("Malcolm Fraser", None, "AU", 1975, 1983),
    _l("Bob Hawke", "Hawke", "AU", 1983, 1991),
    _l("Paul Keating", "Keating", "AU", 1991, 1996),
    _l("John Howard", None, "AU", 1996, 2007),
    _l("Kevin Rudd", "Rudd", "AU", 2007, 2013),
    _l("Julia Gillard", "Gillard", "AU", 2010, 2013),
    _l("Tony Abbott", None, "AU", 2013, 2015),
    _l("Malcolm Turnbull", "Turnbull", "AU", 2015, 2018),
    _l("Scott Morrison", None, "AU", 2018, 2022),
    _l("Anthony Albanese", "Albanese", "AU", 2022, None),
    # Italy: prime ministers, presidents
    _l("Francesco Cossiga", "Cossiga", "IT", 1979, 1992),
    _l("Arnaldo Forlani", "Forlani", "IT", 1980, 1981),
    _l("Giovanni Spadolini", "Spadolini", "IT", 1981, 1982),
    _l("Amintore Fanfani", "Fanfani", "IT", 1982, 1987),
    _l("Bettino Craxi", "Craxi", "IT", 1983, 1987),
    _l("Giovanni Goria", "Goria", "IT", 1987, 1988),
    _l("Ciriaco De Mita", "De Mita", "IT", 1988, 1989),
    _l("Giulio Andreotti", "Andreotti", "IT", 1989, 1992),
    _l("Giuliano Amato", "Amato", "IT", 1992, 2001),
    _l("Carlo Azeglio Ciampi", "Ciampi", "IT", 1993, 2006),
    _l("Silvio Berlusconi", "Berlusconi", "IT", 1994, 2011),
    _l("Lamberto Dini", "Dini", "IT", 1995, 1996),
    _l("Romano Prodi", "Prodi", "IT", 1996, 2008),
    _l("Massimo D'Alema", "D'Alema", "IT", 1998, 2000),
    _l("Mario Monti", "Monti", "IT", 2011, 2013),
    _l("Enrico Letta", "Letta", "IT", 2013, 2014),
    _l("Matteo Renzi", "Renzi", "IT", 2014, 2016),
    _l("Paolo Gentiloni", "Gentiloni", "IT", 2016, 2018),
    _l("Giuseppe Conte", "Conte", "IT", 2018, 2021),
    _l("Mario Draghi", "Draghi", "IT", 2021, 2022),
    _l("Giorgia Meloni", "Meloni", "IT", 2022, None),
    _l("Sandro Pertini", "Pertini", "IT", 1978, 1985),
    _l("Oscar Luigi Scalfaro", "Scalfaro", "IT", 1992, 1999),
    _l("Giorgio Napolitano", "Napolitano", "IT", 2006, 2015),
    _l("Sergio Mattarella", "Mattarella", "IT", 2015, None),
    # South Korea: presidents
    _l("Chun Doo-hwan|Chun Doo Hwan", "Chun", "KR", 1980, 1988),
    _l("Roh Tae-woo|Roh Tae Woo", "Roh", "KR", 1988, 1993),
    _l("Kim Young-sam|Kim Young Sam", None, "KR", 1993, 1998),
    _l("Kim Dae-jung|Kim Dae Jung", None, "KR", 1998, 2003),
    _l("Roh Moo-hyun|Roh Moo Hyun", "Roh", "KR", 2003, 2008),
    _l("Lee Myung-bak|Lee Myung Bak", None, "KR", 2008, 2013),
    _l("Park Geun-hye|Park Geun Hye", None, "KR", 2013, 2017),
    _l("Moon Jae-in|Moon Jae In", None, "KR", 2017, 2022),
    _l("Yoon Suk Yeol|Yoon Suk-yeol", "Yoon", "KR", 2022, 2025),
    _l("Lee Jae-myung|Lee Jae Myung", None, "KR", 2025, None),
    # Indonesia: presidents
    _l("Suharto|Soeharto", None, "ID", 1967, 1998),
    _l("B. J. Habibie|B.J. Habibie|Bacharuddin Jusuf Habibie", "Habibie", "ID", 1998, 1999),
    _l("Abdurrahman Wahid", "Wahid", "ID", 1999, 2001),
    _l("Megawati Sukarnoputri|Megawati Soekarnoputri", "Megawati", "ID", 2001, 2004),
    _l("Susilo Bambang Yudhoyono", "Yudhoyono", "ID", 2004, 2014),
    _l("Joko Widodo", "Widodo", "ID", 2014, 2024),
    _l("Prabowo Subianto", "Prabowo", "ID", 2024, None),
    # Saudi Arabia: kings, crown prince, foreign ministers
    _l("King Fahd|Fahd bin Abdulaziz", "Fahd", "SA", 1982, 2005),
    _l("King Salman|Salman bin Abdulaziz", "Salman", "SA", 2015, None),
    _l("Mohammed bin Salman", None, "SA", 2017, None),
    _l("Khalid bin Abdulaziz", None, "SA", 1975, 1982),
    _l("Saud al-Faisal|Prince Saud al-Faisal", None, "SA", 1975, 2015),
    _l("Adel al-Jubeir", "al-Jubeir", "SA", 2015, 2018),
    # South Africa: state presidents and presidents
    _l("P. W. Botha|P.W. Botha|Pieter Willem Botha", "Botha", "ZA", 1978, 1989),
    _l("F. W. de Klerk|F.W. de Klerk|Frederik de Klerk", "de Klerk", "ZA", 1989, 1994),
    _l("Nelson Mandela", "Mandela", "ZA", 1994, 1999),
    _l("Marais Viljoen", "Viljoen", "ZA", 1979, 1984),
    _l("Thabo Mbeki", "Mbeki", "ZA", 1999, 2008),
    _l("Kgalema Motlanthe", "Motlanthe", "ZA", 2008, 2009),
    _l("Jacob Zuma", "Zuma", "ZA", 2009, 2018),
    _l("Cyril Ramaphosa", "Ramaphosa", "ZA", 2018, None),
    # Turkey: presidents and prime ministers
    _l("Kenan Evren", "Evren", "TR", 1980, 1989),
    _l("Turgut Ozal", "Ozal", "TR", 1983, 1993),
    _l("Bulent Ulusu", "Ulusu", "TR", 1980, 1983),
    _l("Yildirim Akbulut", "Akbulut", "TR", 1989, 1991),
    _l("Suleyman Demirel", "Demirel", "TR", 1991, 2000),
    _l("Tansu Ciller", "Ciller", "TR", 1993, 1996),
    _l("Necmettin Erbakan", "Erbakan", "TR", 1996, 1997),
    _l("Mesut Yilmaz", None, "TR", 1991, 1999),
    _l("Bulent Ecevit", "Ecevit", "TR", 1999, 2002),
    _l("Ahmet Necdet Sezer", "Sezer", "TR", 2000, 2007),
    _l("Abdullah Gul", None, "TR", 2002, 2014),
    _l("Recep Tayyip Erdogan|Tayyip Erdogan", "Erdogan", "TR", 2003, None),
    _l("Ahmet Davutoglu", "Davutoglu", "TR", 2014, 2016),
    _l("Binali Yildirim", None, "TR", 2016, 2018),
)
# fmt: on


def fold(name: str) -> str:
    """Lower case without accents and dotless i (``Erdoğan`` -> ``erdogan``)."""
    text = unicodedata.normalize("NFKD", name.replace("ı", "i"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


class Leaders:
    """The table's look-ups: a full name, or a surname alone (the caller checks the title)."""

    def __init__(self, leaders: tuple[Leader, ...] = LEADERS) -> None:
        full: dict[str, list[Leader]] = {}
        surnames: dict[str, list[Leader]] = {}
        for leader in leaders:
            for name in leader.names:
                full.setdefault(fold(name), []).append(leader)
            if leader.surname:
                surnames.setdefault(fold(leader.surname), []).append(leader)
        self.full: Mapping[str, tuple[Leader, ...]] = MappingProxyType(
            {k: tuple(v) for k, v in full.items() if len({x.country for x in v}) == 1}
        )
        # a surname shared across countries, or a full name's first word, is never used alone
        self.surnames: Mapping[str, tuple[Leader, ...]] = MappingProxyType(
            {k: tuple(v) for k, v in surnames.items() if len({x.country for x in v}) == 1}
        )

    def country(self, name: str, year: int | None, titled: bool) -> str | None:
        """The alpha-2 country of ``name``: a full name, or a surname when ``titled``."""
        key = fold(name)
        found = self.full.get(key) or (self.surnames.get(key) if titled else None)
        if not found:
            return None
        if year is not None:
            serving = [x for x in found if x.start <= year <= (x.end or 9999)]
            found = tuple(serving) or found
        return found[0].country


LEADER_TABLE: Final = Leaders()
