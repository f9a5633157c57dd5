"""Language identification on wire copy: headlines and leads in each served language,
each written for wiredesk in the agencies' styles (none is agency copy), run through the
pipeline as plain text (so the dateline stage has taken the dateline off the lead, as it
does for real stories), and the share of each language identified as itself.

Run ``make eval-languages`` (``python -m tests.eval.languages``); the goal is 98% or more
per language. ``tests/unit/test_language.py`` asserts it too.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from wiredesk.models import Envelope, EventRecord
from wiredesk.normalize.pipeline import Resources, normalize

GOAL = 0.98
RECEIVED = datetime(2024, 11, 20, 12, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Sample:
    language: str
    headline: str
    lead: str

    def text(self) -> str:
        return f"{self.headline}\n\n{self.lead}"


def _samples(language: str, pairs: tuple[tuple[str, str], ...]) -> list[Sample]:
    return [Sample(language, headline, lead) for headline, lead in pairs]


# English: Reuters, AP, AFP, EFE, dpa, ANSA, Lusa, Xinhua, PTI, Yonhap, Belga, APA in English
_EN = (
    (
        "Japan's exports rise for fourth month on chip demand",
        "TOKYO, May 16 (Reuters) - Japan's exports rose for a fourth straight month "
        "in April, helped by strong demand for chipmaking equipment from China, "
        "government data showed on Thursday.",
    ),
    (
        "Storm knocks out power to 300,000 in Texas",
        "HOUSTON (AP) — A line of severe thunderstorms knocked out power to more than"
        " 300,000 homes and businesses in the Houston area on Thursday, utility "
        "officials said.",
    ),
    (
        "Kenya to ban single-use plastics in national parks",
        "NAIROBI, June 5, 2024 (AFP) - Kenya will ban single-use plastics in its "
        "national parks and beaches from next month, the environment ministry said on"
        " Wednesday.",
    ),
    (
        "Spain approves four-day week trial for small firms",
        "Madrid, Jan 2 (EFE).- The Spanish government on Tuesday approved a pilot "
        "program offering subsidies to small companies that try out a four-day "
        "working week without cutting pay.",
    ),
    (
        "German factory orders fall more than expected",
        "BERLIN, Feb 6 (dpa) - German factory orders fell more than expected in "
        "December as demand from outside the euro zone weakened, the statistics "
        "office said on Tuesday.",
    ),
    (
        "Italy's parliament passes tax reform",
        "ROME, March 22 (ANSA) - Italy's parliament on Friday gave final approval to "
        "a tax reform that cuts the number of income tax brackets from four to three.",
    ),
    (
        "Brazil central bank cuts rate by half a point",
        "BRASILIA, Sept 20 (Reuters) - Brazil's central bank cut its benchmark "
        "interest rate by 50 basis points on Wednesday for the second meeting in a "
        "row and signalled more cuts of the same size.",
    ),
    (
        "Portugal's tourism revenue hits record",
        "LISBON, Feb 14 (Lusa) - Portugal's tourism revenue reached a record 25 "
        "billion euros last year, according to figures released by the central bank "
        "on Wednesday.",
    ),
    (
        "Norway wealth fund posts record profit",
        "OSLO, Jan 30 (Reuters) - Norway's sovereign wealth fund, the world's "
        "largest, posted a record profit last year on the back of a rally in "
        "technology stocks, it said on Tuesday.",
    ),
    (
        "WHEAT FUTURES CLOSE HIGHER ON EXPORT DEMAND",
        "CHICAGO, March 2 - Wheat futures on the Chicago Board of Trade closed higher"
        " on Monday on reports of fresh export demand from the Soviet Union, traders "
        "said.",
    ),
    (
        "U.S. jobless claims fall to three-month low",
        "WASHINGTON, Aug 1 (Reuters) - The number of Americans filing new claims for "
        "unemployment benefits fell to a three-month low last week, suggesting the "
        "labor market remained resilient.",
    ),
    (
        "Firefighters contain wildfire near Los Angeles",
        "LOS ANGELES (AP) — Firefighters on Sunday contained a wildfire that had "
        "forced the evacuation of hundreds of homes in the foothills north of Los "
        "Angeles, fire officials said.",
    ),
    (
        "France to build six new nuclear reactors",
        "PARIS, Feb 10, 2022 (AFP) - France will build six new nuclear reactors and "
        "consider plans for eight more, President Emmanuel Macron said Thursday, as "
        "the country seeks to cut its carbon emissions.",
    ),
    (
        "Mexico's peso weakens after election result",
        "MEXICO CITY, June 3 (Reuters) - Mexico's peso fell more than 3% against the "
        "dollar on Monday after the ruling party won a larger than expected majority "
        "in Congress.",
    ),
    (
        "China's Shanghai opens new metro line to airport",
        "SHANGHAI, Dec 27 (Xinhua) -- A new metro line linking downtown Shanghai with"
        " Pudong International Airport opened to passengers on Friday, the city's "
        "transport authority said.",
    ),
    (
        "India monsoon rains arrive early in Kerala",
        "NEW DELHI, May 30 (PTI) The southwest monsoon arrived in Kerala on Thursday,"
        " two days ahead of its normal date, the India Meteorological Department "
        "said.",
    ),
    (
        "South Korea's exports jump on semiconductor sales",
        "SEOUL, Oct 1 (Yonhap) -- South Korea's exports jumped 7.5 percent in "
        "September from a year earlier on strong sales of semiconductors, data showed"
        " Tuesday.",
    ),
    (
        "Belgian rail strike cancels half of trains",
        "BRUSSELS, Oct 3 (Belga) - Half of Belgium's trains were cancelled on Tuesday"
        " as rail workers held a strike over pension reforms, the national rail "
        "operator said.",
    ),
    (
        "Austria's economy to shrink for second year, institute says",
        "VIENNA, Oct 4 (APA) - Austria's economy will shrink for a second year in a "
        "row in 2024, the WIFO economic institute said on Friday, citing weak "
        "industry and construction.",
    ),
    (
        "Oil prices steady as traders weigh supply cuts",
        "LONDON, April 8 (Reuters) - Oil prices held steady on Monday as traders "
        "weighed supply cuts by major producers against signs of weaker demand in "
        "China.",
    ),
)

# Spanish: EFE (with EFECOM, EFE-EPA, a byline and an update note), Europa Press
_ES = (
    (
        "El Gobierno colombiano aprueba un plan para recuperar los páramos",
        "Bogotá, 14 feb (EFE).- El Gobierno de Colombia aprobó este miércoles un plan"
        " de 300 millones de dólares para recuperar los páramos que abastecen de agua"
        " a la capital, informó el Ministerio de Ambiente.",
    ),
    (
        "Chile registra el verano más seco en medio siglo",
        "Santiago de Chile, 3 mar (EFE).- La zona central de Chile vivió el verano "
        "más seco de los últimos cincuenta años, con lluvias un 80 % por debajo de lo"
        " normal, según la Dirección Meteorológica.",
    ),
    (
        "La inflación argentina se modera por tercer mes consecutivo",
        "Buenos Aires, 12 abr (EFE).- La inflación de Argentina se situó en el 4,2 % "
        "en marzo, la cifra más baja en dos años, informó este viernes el Instituto "
        "Nacional de Estadística y Censos.",
    ),
    (
        "Un terremoto de magnitud 5,8 sacude el sur de Perú sin causar víctimas",
        "Lima, 22 may (EFE).- Un terremoto de magnitud 5,8 sacudió este martes la "
        "región peruana de Arequipa sin que se hayan reportado víctimas ni daños "
        "materiales de consideración, informó el Instituto Geofísico.",
    ),
    (
        "México inaugura el tramo final del Tren Maya",
        "Mérida (México), 29 feb (EFE).- El presidente de México inauguró este jueves"
        " el último tramo del Tren Maya, que une las principales ciudades de la "
        "península de Yucatán.",
    ),
    (
        "Lorca celebra la reapertura de su castillo tras las obras de restauración",
        "Lorca (Murcia), 3 mar (EFE).- El castillo de Lorca reabrió sus puertas este "
        "domingo tras dos años de obras de restauración financiadas por el Ministerio"
        " de Cultura y el ayuntamiento.",
    ),
    (
        "La NASA retrasa el lanzamiento de su misión lunar por un fallo técnico",
        "Houston (EEUU), 8 ago (EFE).- La NASA aplazó este jueves el lanzamiento de "
        "su próxima misión lunar después de detectar un fallo en una válvula del "
        "sistema de combustible, informó la agencia espacial.",
    ),
    (
        "Las exportaciones de aceite de oliva caen un 20 % en el primer trimestre",
        "Madrid, 15 may (EFECOM).- Las exportaciones españolas de aceite de oliva "
        "cayeron un 20 % en el primer trimestre del año por la escasez de producto "
        "tras dos campañas de sequía, según datos del sector.",
    ),
    (
        "URGENTE Dimite el ministro de Economía de Ecuador",
        "Quito, 7 jun (EFE).- El ministro de Economía de Ecuador presentó este "
        "viernes su dimisión al presidente del país, según confirmaron fuentes "
        "oficiales a EFE.",
    ),
    (
        "La ONU alerta del aumento del hambre en Centroamérica",
        "Ciudad de Guatemala, 19 jul (EFE-EPA).- El Programa Mundial de Alimentos de "
        "la ONU alertó este viernes de que casi nueve millones de personas pasan "
        "hambre en Centroamérica por la sequía y la subida de los precios.",
    ),
    (
        "Uruguay legaliza la venta de medicamentos con receta electrónica",
        "Montevideo, 2 sep (EFE).- El Parlamento de Uruguay aprobó este lunes una ley"
        " que permite a las farmacias dispensar medicamentos con receta electrónica "
        "en todo el país a partir del próximo año.",
    ),
    (
        "(Actualiza con declaraciones del alcalde) Las lluvias torrenciales inundan "
        "el centro de Valencia",
        "Ana Gómez. Valencia, 13 nov (EFE).- Las lluvias torrenciales caídas durante "
        "la madrugada inundaron varias calles del centro de Valencia y obligaron a "
        "cortar el tráfico en la principal avenida de la ciudad, según el "
        "ayuntamiento.",
    ),
    (
        "El paro baja en 60.000 personas en abril",
        "MADRID, 3 (EUROPA PRESS)\n\nEl número de parados registrados en las oficinas "
        "de los servicios públicos de empleo bajó en 60.000 personas en abril, lo que"
        " sitúa el total en su nivel más bajo desde 2008.",
    ),
    (
        "El Congreso aprueba la reforma de la ley de vivienda",
        "MADRID, 17 (EUROPA PRESS)\n\nEl Pleno del Congreso de los Diputados ha "
        "aprobado este jueves la reforma de la ley de vivienda con el apoyo de los "
        "socios del Gobierno y el rechazo de la oposición.",
    ),
    (
        "Sanidad detecta un brote de gripe aviar en una granja de Segovia",
        "MADRID, 9 (EUROPA PRESS)\n\nEl Ministerio de Sanidad ha confirmado un brote de"
        " gripe aviar en una granja de gallinas de Segovia, donde se sacrificarán "
        "unas 20.000 aves como medida preventiva.",
    ),
    (
        "La Guardia Civil desarticula una red de tráfico de tabaco en Algeciras",
        "SEVILLA, 21 (EUROPA PRESS)\n\nLa Guardia Civil ha desarticulado una "
        "organización que introducía tabaco de contrabando por el puerto de Algeciras"
        " y ha detenido a doce personas en Cádiz y Málaga.",
    ),
    (
        "El Ibex 35 cierra la semana con una subida del 2 %",
        "MADRID, 28 (EUROPA PRESS)\n\nEl principal indicador de la Bolsa española, el "
        "Ibex 35, ha cerrado la semana con una subida cercana al 2 %, impulsado por "
        "los bancos y las empresas de energía.",
    ),
    (
        "Cuba sufre un nuevo apagón general por la avería de una central",
        "La Habana, 18 oct (EFE).- Cuba quedó este viernes sin electricidad en todo "
        "su territorio tras la avería de la mayor central termoeléctrica del país, "
        "informó el Ministerio de Energía y Minas.",
    ),
    (
        "Bolivia declara la emergencia nacional por los incendios forestales",
        "La Paz, 5 sep (EFE).- El Gobierno de Bolivia declaró este jueves la "
        "emergencia nacional por los incendios que han arrasado más de tres millones "
        "de hectáreas de bosque en el este del país.",
    ),
    (
        "Venezuela y Colombia reabren el paso fronterizo de Cúcuta a los camiones",
        "Caracas, 1 ene (EFE).- Venezuela y Colombia reabrieron este lunes al tráfico"
        " de camiones el principal paso fronterizo entre los dos países, cerrado "
        "durante siete años.",
    ),
    (
        "Paraguay espera una cosecha récord de soja",
        "Asunción, 11 feb (EFE).- Paraguay prevé cosechar este año once millones de "
        "toneladas de soja, un récord que se debe a las buenas lluvias de la "
        "primavera, según la cámara de exportadores del sector.",
    ),
)

# Portuguese: Lusa, Agência Brasil, EFE Brasil
_PT = (
    (
        "Governo aprova aumento do salário mínimo para 2025",
        "Lisboa, 12 mar (Lusa) - O Governo aprovou hoje em Conselho de Ministros um "
        "aumento do salário mínimo nacional para 870 euros a partir de janeiro, "
        "anunciou a ministra do Trabalho.",
    ),
    (
        "Incêndio na serra de Monchique obriga a retirar 200 pessoas",
        "Faro, 5 ago (Lusa) - Um incêndio que deflagrou esta madrugada na serra de "
        "Monchique obrigou à retirada de cerca de 200 pessoas de várias aldeias, "
        "informou a Proteção Civil.",
    ),
    (
        "Porto de Sines bate recorde de contentores movimentados",
        "Sines, 9 jan (Lusa) – O porto de Sines movimentou no ano passado mais de "
        "dois milhões de contentores, um recorde que a administração portuária "
        "atribui ao aumento do tráfego com a Ásia.",
    ),
    (
        "Benfica apresenta contas com lucro de 30 milhões de euros",
        "Lisboa, 27 set (Lusa) -- A Benfica SAD apresentou hoje lucros de 30 milhões "
        "de euros no último exercício, graças sobretudo à venda de jogadores, segundo"
        " um comunicado enviado à CMVM.",
    ),
    (
        "Parlamento debate hoje proposta de redução do IRS",
        "Lisboa, 4 out (Lusa) - A Assembleia da República debate hoje a proposta do "
        "Governo para reduzir o IRS dos jovens até aos 35 anos, que conta com a "
        "oposição dos partidos de esquerda.",
    ),
    (
        "Cabo Verde recebe número recorde de turistas",
        "Praia, 15 fev (Lusa) - Cabo Verde recebeu no ano passado mais de um milhão "
        "de turistas pela primeira vez, um aumento de 12% em relação ao ano anterior,"
        " segundo o Instituto Nacional de Estatística.",
    ),
    (
        "Moçambique inicia vacinação contra a cólera em Nampula",
        "Maputo, 22 mar (Lusa) - As autoridades de Moçambique iniciaram hoje uma "
        "campanha de vacinação contra a cólera na província de Nampula, onde foram "
        "registados mais de 3.000 casos desde janeiro.",
    ),
    (
        "Ministro da Fazenda anuncia corte de gastos de R$ 15 bilhões",
        "Brasília - O ministro da Fazenda anunciou nesta quinta-feira um corte de R$ "
        "15 bilhões no Orçamento deste ano para cumprir a meta fiscal. Segundo ele, "
        "os ministérios da área social serão preservados.",
    ),
    (
        "Chuvas deixam mais de 500 desalojados no interior de Minas Gerais",
        "Belo Horizonte - As chuvas que atingem o interior de Minas Gerais desde o "
        "fim de semana deixaram mais de 500 pessoas desalojadas em doze municípios, "
        "informou hoje a Defesa Civil do estado.",
    ),
    (
        "Inflação oficial fica em 0,38% em abril, diz IBGE",
        "Rio de Janeiro - O Índice Nacional de Preços ao Consumidor Amplo (IPCA), "
        "considerado a inflação oficial do país, ficou em 0,38% em abril, informou "
        "nesta sexta-feira o Instituto Brasileiro de Geografia e Estatística (IBGE).",
    ),
    (
        "Vacinação contra a gripe é ampliada para toda a população",
        "Brasília - O Ministério da Saúde decidiu ampliar a vacinação contra a gripe "
        "para toda a população a partir de seis meses de idade, diante da baixa "
        "procura nos grupos prioritários. (Agência Brasil)",
    ),
    (
        "Senado aprova projeto que regulamenta o trabalho por aplicativo",
        "Brasília - O Senado aprovou nesta terça-feira o projeto de lei que "
        "regulamenta o trabalho de motoristas de aplicativo, com garantia de "
        "remuneração mínima por hora e contribuição à Previdência.",
    ),
    (
        "Desmatamento na Amazônia cai 30% no primeiro semestre",
        "Brasília, 9 set (EFE).- O desmatamento na Amazônia brasileira caiu 30% no "
        "primeiro semestre deste ano em comparação com o mesmo período do ano "
        "passado, segundo dados divulgados hoje pelo Instituto Nacional de Pesquisas "
        "Espaciais.",
    ),
    (
        "Petrobras anuncia nova descoberta de petróleo na bacia de Campos",
        "Rio de Janeiro, 14 mai (EFE).- A Petrobras anunciou nesta terça-feira a "
        "descoberta de uma nova jazida de petróleo em águas profundas da bacia de "
        "Campos, no litoral do estado do Rio de Janeiro.",
    ),
    (
        "Brasil e Argentina assinam acordo para integrar redes de gás",
        "São Paulo, 2 jul (EFE).- Os governos do Brasil e da Argentina assinaram hoje"
        " um acordo para interligar as suas redes de gás natural, o que permitirá "
        "importar gás da jazida de Vaca Muerta a partir de 2026.",
    ),
    (
        "Astronautas da NASA regressam à Terra após seis meses no espaço",
        "Houston (EUA), 18 mar (Lusa) - Quatro astronautas regressaram hoje à Terra "
        "depois de seis meses na Estação Espacial Internacional, numa cápsula que "
        "amarou ao largo da costa da Florida.",
    ),
    (
        "Tribunal de Haia ouve argumentos sobre alterações climáticas",
        "Haia, 2 dez (Lusa) - O Tribunal Internacional de Justiça, em Haia, começou "
        "hoje a ouvir os argumentos de mais de cem países sobre as obrigações dos "
        "Estados no combate às alterações climáticas.",
    ),
    (
        "Exportações portuguesas de vinho sobem 5% no primeiro trimestre",
        "Porto, 20 abr (Lusa) - As exportações de vinho português aumentaram 5% no "
        "primeiro trimestre do ano, para 230 milhões de euros, com destaque para o "
        "crescimento das vendas para os Estados Unidos e o Brasil.",
    ),
    (
        "Greve dos médicos encerra urgências em três hospitais",
        "Coimbra, 11 jun (Lusa) - A greve dos médicos levou hoje ao encerramento dos "
        "serviços de urgência de três hospitais da região Centro, disseram à agência "
        "Lusa fontes sindicais.",
    ),
    (
        "Angola aumenta produção de diamantes em 10%",
        "Luanda, 30 jan (Lusa) - Angola produziu no ano passado 10,4 milhões de "
        "quilates de diamantes, mais 10% do que no ano anterior, de acordo com dados "
        "divulgados hoje pelo Ministério dos Recursos Minerais.",
    ),
    (
        "Governo de São Paulo anuncia nova linha de metrô até Guarulhos",
        "São Paulo - O governo de São Paulo anunciou hoje a construção de uma nova "
        "linha de metrô que vai ligar o centro da capital ao aeroporto de Guarulhos, "
        "com previsão de conclusão em 2030.",
    ),
)

# French: AFP, Belga
_FR = (
    (
        "Le gouvernement présente un plan pour les urgences hospitalières",
        "PARIS, 6 octobre 2024 (AFP) - Le gouvernement a présenté dimanche un plan de"
        " 500 millions d'euros pour désengorger les services d'urgence des hôpitaux, "
        "qui doivent faire face à un afflux de patients cet hiver.",
    ),
    (
        "Strasbourg: un incendie ravage un entrepôt du port autonome",
        "Strasbourg (AFP) - Un violent incendie a ravagé dans la nuit de lundi à "
        "mardi un entrepôt du port autonome de Strasbourg, sans faire de victime, ont"
        " indiqué les pompiers.",
    ),
    (
        "Sécheresse: des restrictions d'eau dans 60 départements",
        "PARIS, 12 août 2024 (AFP) - Soixante départements français sont désormais "
        "soumis à des restrictions d'usage de l'eau en raison de la sécheresse, selon"
        " les données publiées lundi par le ministère de la Transition écologique.",
    ),
    (
        "Le Sénégal lance la production de son premier gisement pétrolier",
        "DAKAR, 11 juin 2024 (AFP) - Le Sénégal a annoncé mardi avoir extrait son "
        "premier baril de pétrole, une étape historique pour ce pays d'Afrique de "
        "l'Ouest qui espère tirer d'importants revenus de ses ressources offshore.",
    ),
    (
        "Tempête Ciaran: plus d'un million de foyers privés d'électricité",
        "BREST, 2 nov. 2023 (AFP) - Plus d'un million de foyers étaient privés "
        "d'électricité jeudi matin dans l'ouest de la France après le passage de la "
        "tempête Ciaran, qui a soufflé à plus de 200 km/h sur la pointe bretonne.",
    ),
    (
        "Le Conseil constitutionnel valide l'essentiel de la loi sur l'immigration",
        "PARIS, 25 janv. 2024 (AFP) - Le Conseil constitutionnel a validé jeudi "
        "l'essentiel de la loi sur l'immigration, mais il en a censuré plusieurs "
        "articles ajoutés au texte par la droite au cours des débats parlementaires.",
    ),
    (
        "URGENT Démission du Premier ministre haïtien",
        "PORT-AU-PRINCE, 12 mars 2024 (AFP) - Le Premier ministre haïtien a annoncé "
        "mardi sa démission, selon un message diffusé par ses services, après des "
        "semaines de violences des gangs dans la capitale.",
    ),
    (
        "La Côte d'Ivoire, premier producteur mondial de cacao, s'inquiète de la récolte",
        "ABIDJAN, 8 févr. 2024 (AFP) - Les planteurs de cacao de Côte d'Ivoire "
        "redoutent une récolte en forte baisse cette saison, après des pluies "
        "excessives suivies d'une période de sécheresse inhabituelle.",
    ),
    (
        "Les agriculteurs bloquent les autoroutes autour de Lyon",
        "LYON, 29 janv. 2024 (AFP) - Des centaines d'agriculteurs bloquaient lundi "
        "les principales autoroutes autour de Lyon avec leurs tracteurs pour "
        "protester contre la baisse de leurs revenus et la hausse des normes.",
    ),
    (
        "Le Louvre va fermer une semaine pour rénover la salle de la Joconde",
        "PARIS, 4 sept. 2024 (AFP) - Le musée du Louvre fermera pendant une semaine "
        "en janvier pour permettre la rénovation de la salle où est exposée la "
        "Joconde, a annoncé mercredi sa direction.",
    ),
    (
        "Le gouvernement bruxellois présente son budget",
        "BRUXELLES 31/07 (BELGA) = Le gouvernement de la Région de Bruxelles-Capitale"
        " a présenté mercredi un budget qui prévoit de réduire le déficit de moitié "
        "d'ici la fin de la législature, a indiqué le ministre des Finances.",
    ),
    (
        "Grève nationale: les trains à l'arrêt lundi",
        "BRUXELLES 14/10 (BELGA) = Aucun train ne circulera lundi sur le réseau belge"
        " en raison d'une grève nationale contre la réforme des pensions, a annoncé "
        "la SNCB dans un communiqué.",
    ),
    (
        "Liège: la ville lance un plan pour ses quais de Meuse",
        "LIEGE 03/05 (BELGA) = La ville de Liège a présenté vendredi un plan de "
        "réaménagement des quais de la Meuse, qui prévoit davantage d'espaces pour "
        "les piétons et les cyclistes d'ici 2028.",
    ),
    (
        "Le port d'Anvers enregistre un trafic en baisse",
        "ANVERS 20/01 (BELGA-AFP) = Le trafic du port d'Anvers-Bruges a reculé de 5% "
        "l'an dernier, en raison de la baisse des échanges avec la Chine et de la "
        "crise en mer Rouge, a indiqué la direction du port.",
    ),
    (
        "La Suisse vote sur la limitation de la vitesse sur les autoroutes",
        "GENEVE, 24 nov. 2024 (AFP) - Les électeurs suisses se prononçaient dimanche "
        "sur une initiative visant à abaisser la vitesse maximale sur les autoroutes,"
        " rejetée par le gouvernement et la majorité du Parlement.",
    ),
    (
        "Incendies au Canada: Montréal sous un nuage de fumée",
        "MONTREAL, 25 juin 2023 (AFP) - Un épais nuage de fumée venu des incendies de"
        " forêt du nord du Québec recouvrait dimanche Montréal, où les autorités ont "
        "recommandé aux habitants de limiter leurs activités à l'extérieur.",
    ),
    (
        "Madagascar: le cyclone Freddy fait au moins quatre morts",
        "ANTANANARIVO, 22 févr. 2023 (AFP) - Le cyclone Freddy a fait au moins quatre"
        " morts et des milliers de sinistrés en touchant la côte est de Madagascar "
        "mardi soir, selon un bilan provisoire des autorités.",
    ),
    (
        "Le Maroc accueillera la Coupe d'Afrique des nations en 2025",
        "RABAT, 27 sept. 2023 (AFP) - Le Maroc accueillera la Coupe d'Afrique des "
        "nations de football en 2025, a annoncé mercredi la Confédération africaine "
        "de football à l'issue de son comité exécutif.",
    ),
    (
        "La Bourse de Paris termine en hausse de 1%",
        "PARIS, 15 mars 2024 (AFP) - La Bourse de Paris a terminé en hausse de 1% "
        "vendredi, portée par les valeurs du luxe et par l'espoir d'une baisse "
        "prochaine des taux d'intérêt en Europe.",
    ),
    (
        "Nouvelle-Calédonie: le couvre-feu prolongé à Nouméa",
        "NOUMEA, 20 mai 2024 (AFP) - Le couvre-feu a été prolongé lundi à Nouméa, où "
        "des émeutes ont éclaté la semaine dernière après l'adoption d'une réforme "
        "électorale contestée par les indépendantistes.",
    ),
    (
        "Marseille: la mairie veut végétaliser les cours d'école",
        "MARSEILLE, 10 avril 2024 (AFP) - La mairie de Marseille a annoncé mercredi "
        "un plan pour végétaliser une centaine de cours d'école d'ici trois ans, afin"
        " de lutter contre les fortes chaleurs de l'été.",
    ),
)

# German: dpa (with Eil, KORR, Zusammenfassung, Wiederholung), APA
_DE = (
    (
        "Bundesregierung beschließt Entlastungspaket für Pendler",
        "Berlin (dpa) - Die Bundesregierung hat am Mittwoch ein Entlastungspaket für "
        "Pendler beschlossen. Die Pauschale für den Arbeitsweg soll vom kommenden "
        "Jahr an auf 38 Cent je Kilometer steigen.",
    ),
    (
        "Eil: Bahn-Streik beginnt am Donnerstagmorgen",
        "Frankfurt/Main (dpa) - Die Lokführergewerkschaft GDL hat die Beschäftigten "
        "der Deutschen Bahn zu einem Streik im Personenverkehr ab Donnerstagmorgen "
        "aufgerufen.",
    ),
    (
        "Hochwasser in Bayern: Pegel der Donau steigt weiter",
        "Passau (dpa) - Der Pegel der Donau in Passau ist in der Nacht weiter "
        "gestiegen. Die Stadt rief die Anwohner der Altstadt auf, ihre Keller zu "
        "räumen und Autos aus den gefährdeten Straßen zu fahren.",
    ),
    (
        "Moskau weist deutsche Diplomaten aus",
        "Moskau/Berlin (dpa) - Russland hat zwei deutsche Diplomaten zu unerwünschten"
        " Personen erklärt. Das Auswärtige Amt in Berlin kündigte eine angemessene "
        "Reaktion an.",
    ),
    (
        "Zusammenfassung: Inflation in Deutschland sinkt auf 2,2 Prozent",
        "Wiesbaden (dpa) - Die Inflation in Deutschland hat sich im März weiter "
        "abgeschwächt. Die Verbraucherpreise lagen um 2,2 Prozent über dem Niveau des"
        " Vorjahresmonats, wie das Statistische Bundesamt mitteilte.",
    ),
    (
        "Hamburger Hafen schlägt weniger Container um",
        "Hamburg (dpa) - Im Hamburger Hafen sind im ersten Halbjahr weniger Container"
        " umgeschlagen worden als ein Jahr zuvor. Die Hafengesellschaft führte den "
        "Rückgang auf den schwachen Handel mit China zurück.",
    ),
    (
        "KORR: Bundestag stimmt für Reform des Wahlrechts",
        "Berlin (dpa) - Der Bundestag hat mit den Stimmen der Koalition eine Reform "
        "des Wahlrechts beschlossen. Das Parlament soll damit von derzeit 736 auf 630"
        " Abgeordnete schrumpfen.",
    ),
    (
        "Messerangriff in Mannheim: Polizist erliegt seinen Verletzungen",
        "Mannheim (dpa) - Der bei einem Messerangriff in der Mannheimer Innenstadt "
        "schwer verletzte Polizist ist gestorben. Das teilten die Polizei und die "
        "Staatsanwaltschaft am Sonntag mit.",
    ),
    (
        "Autobauer kündigt Abbau von 3000 Stellen an",
        "Stuttgart (dpa) - Der Autozulieferer will in Deutschland bis Ende 2027 rund "
        "3000 Stellen abbauen. Betroffen seien vor allem Standorte in Baden-"
        "Württemberg, teilte das Unternehmen mit.",
    ),
    (
        "Neue Brücke über den Rhein wird eröffnet",
        "Köln (dpa) - Nach sechs Jahren Bauzeit wird am Freitag die neue Rheinbrücke "
        "bei Leverkusen für den Verkehr freigegeben. Die alte Brücke war wegen "
        "Schäden jahrelang für Lastwagen gesperrt.",
    ),
    (
        "Regierung einigt sich auf Budget für 2025",
        "Wien – Die Regierung hat sich am Dienstag auf das Budget für das kommende "
        "Jahr geeinigt. Das Defizit soll trotz höherer Ausgaben für Pensionen unter "
        "drei Prozent der Wirtschaftsleistung bleiben. (APA, 8.10.2024)",
    ),
    (
        "Salzburger Festspiele melden Besucherrekord",
        "Salzburg – Die Salzburger Festspiele haben in diesem Sommer so viele "
        "Besucherinnen und Besucher gezählt wie nie zuvor. Insgesamt wurden rund "
        "250.000 Karten verkauft, teilte das Direktorium mit. (APA, 1.9.2024)",
    ),
    (
        "Lawine in Tirol verschüttet zwei Skitourengeher",
        "Innsbruck – Eine Lawine hat am Samstag in den Tuxer Alpen zwei "
        "Skitourengeher verschüttet. Einer der beiden Deutschen wurde schwer verletzt"
        " mit dem Hubschrauber ins Spital geflogen. (APA/dpa, 3.2.2024)",
    ),
    (
        "Arbeitslosigkeit in Österreich steigt leicht",
        "Wien – Die Zahl der Arbeitslosen in Österreich ist im Juli im Vergleich zum "
        "Vorjahr leicht gestiegen. Vor allem am Bau und in der Industrie wurden "
        "weniger Menschen beschäftigt, teilte das Arbeitsmarktservice mit. (APA, "
        "1.8.2024)",
    ),
    (
        "Schweizer Notenbank senkt den Leitzins",
        "Zürich (dpa) - Die Schweizerische Nationalbank hat ihren Leitzins "
        "überraschend um einen Viertelprozentpunkt gesenkt. Die Teuerung sei "
        "inzwischen wieder deutlich unter zwei Prozent gefallen, begründete die "
        "Notenbank den Schritt.",
    ),
    (
        "Peking kündigt Konjunkturprogramm an",
        "Peking (dpa) - Chinas Regierung hat ein neues Konjunkturprogramm "
        "angekündigt, um die schwächelnde Wirtschaft des Landes zu stützen. Geplant "
        "sind unter anderem Hilfen für den angeschlagenen Immobilienmarkt.",
    ),
    (
        "Wiederholung: Dürre in Brandenburg bedroht die Ernte",
        "Potsdam (dpa) - Die anhaltende Trockenheit bedroht die Ernte in Brandenburg."
        " Der Landesbauernverband rechnet mit Einbußen von bis zu einem Drittel beim "
        "Getreide, wie ein Sprecher am Montag sagte.",
    ),
    (
        "Fußball-Bundesliga: Leverkusen feiert die erste Meisterschaft",
        "Leverkusen (dpa) - Bayer Leverkusen ist zum ersten Mal in seiner "
        "Vereinsgeschichte deutscher Fußballmeister. Die Mannschaft gewann am Sonntag"
        " ihr Heimspiel und ist damit nicht mehr einzuholen.",
    ),
    (
        "Ministerin will Wartezeiten bei Fachärzten verkürzen",
        "Berlin (dpa) - Gesetzlich Versicherte sollen künftig schneller einen Termin "
        "beim Facharzt bekommen. Einen entsprechenden Gesetzentwurf will die "
        "Gesundheitsministerin noch vor der Sommerpause vorlegen.",
    ),
    (
        "Rom verschärft die Regeln für Touristen am Trevi-Brunnen",
        "Rom (dpa) - Wer den Trevi-Brunnen in Rom aus der Nähe sehen will, muss sich "
        "künftig anmelden. Die Stadtverwaltung will damit das Gedränge an einer der "
        "bekanntesten Sehenswürdigkeiten der Stadt eindämmen.",
    ),
    (
        "Sturm legt Flugverkehr in Düsseldorf lahm",
        "Düsseldorf (dpa) - Ein schweres Sturmtief hat den Flugverkehr am "
        "Düsseldorfer Flughafen am Donnerstag stundenlang lahmgelegt. Dutzende Flüge "
        "wurden gestrichen oder nach Köln umgeleitet.",
    ),
)

# Italian: ANSA
_IT = (
    (
        "Il governo approva la manovra, deficit al 3,3%",
        "(ANSA) - ROMA, 22 OTT - Il Consiglio dei ministri ha approvato nella notte "
        "la legge di bilancio per il prossimo anno, che prevede un deficit al 3,3% "
        "del prodotto interno lordo, ha annunciato il ministro dell'Economia.",
    ),
    (
        "Maltempo, allerta rossa in Emilia-Romagna",
        "(ANSA) - BOLOGNA, 18 SET - La Protezione civile ha diramato l'allerta rossa "
        "per le piogge in gran parte dell'Emilia-Romagna, dove i fiumi sono in piena "
        "e diversi comuni hanno chiuso le scuole.",
    ),
    (
        "URGENTE Scossa di terremoto ai Campi Flegrei",
        "(ANSA) - NAPOLI, 20 MAG - Una scossa di terremoto di magnitudo 4.4 è stata "
        "avvertita questa sera nell'area dei Campi Flegrei, ha reso noto "
        "l'Osservatorio Vesuviano. Non si segnalano danni a persone.",
    ),
    (
        "Milano, al via la settimana della moda",
        "(ANSA) - MILANO, 17 SET - Si apre oggi a Milano la settimana della moda "
        "donna, con oltre sessanta sfilate in programma fino a lunedì e il ritorno in"
        " calendario di alcune grandi case italiane.",
    ),
    (
        "Venezia, il ticket d'accesso torna per trenta giorni",
        "(ANSA) - VENEZIA, 12 GEN - Il contributo d'accesso per i turisti giornalieri"
        " a Venezia tornerà in vigore in primavera per trenta giorni, ha deciso la "
        "giunta comunale, che ha anche aumentato la tariffa a dieci euro.",
    ),
    (
        "Istat, la disoccupazione scende al 6,8%",
        "(ANSA) - ROMA, 30 APR - Il tasso di disoccupazione in Italia è sceso al 6,8%"
        " a marzo, il livello più basso dal 2008, secondo le stime diffuse oggi "
        "dall'Istat.",
    ),
    (
        "Fiat, nuovi investimenti nello stabilimento di Melfi",
        "(ANSA) - POTENZA, 5 MAR - Il gruppo automobilistico ha annunciato un piano "
        "di investimenti da due miliardi di euro per lo stabilimento di Melfi, dove "
        "saranno prodotti cinque nuovi modelli elettrici.",
    ),
    (
        "Incendi in Sicilia, evacuate centinaia di persone",
        "(ANSA) - PALERMO, 25 LUG - Centinaia di persone sono state evacuate nella "
        "notte a causa degli incendi che hanno colpito le colline intorno a Palermo, "
        "spinti dal vento di scirocco e dalle alte temperature.",
    ),
    (
        "Il Papa in visita a Verona",
        "(ANSA) - VERONA, 18 MAG - Papa Francesco è arrivato questa mattina a Verona "
        "per una visita di un giorno, durante la quale incontrerà i detenuti del "
        "carcere cittadino e celebrerà la messa allo stadio.",
    ),
    (
        "Torino, riapre il Museo Egizio dopo i lavori",
        "(ANSA) - TORINO, 20 NOV - Il Museo Egizio di Torino ha riaperto al pubblico "
        "dopo due anni di lavori di ristrutturazione, con nuove sale e un percorso "
        "che si estende fino al tetto del palazzo.",
    ),
    (
        "Ponte sullo Stretto, via libera al progetto definitivo",
        "(ANSA) - ROMA, 6 AGO - Il comitato interministeriale ha dato il via libera "
        "al progetto definitivo del ponte sullo Stretto di Messina, il cui costo è "
        "stimato in oltre tredici miliardi di euro.",
    ),
    (
        "Serie A, l'Inter vince lo scudetto",
        "(ANSA) - MILANO, 22 APR - L'Inter ha vinto il suo ventesimo scudetto "
        "battendo il Milan nel derby di questa sera, con cinque giornate di anticipo "
        "sulla fine del campionato.",
    ),
    (
        "Sciopero dei trasporti, a rischio treni e autobus",
        "(ANSA) - ROMA, 7 GIU - Treni, autobus e metropolitane sono a rischio venerdì"
        " in tutta Italia per lo sciopero generale dei trasporti proclamato dai "
        "sindacati di base contro il rinnovo del contratto.",
    ),
    (
        "Firenze, limiti agli affitti brevi nel centro storico",
        "(ANSA) - FIRENZE, 27 SET - Il consiglio comunale di Firenze ha approvato il "
        "divieto di nuovi affitti brevi per turisti nel centro storico, patrimonio "
        "dell'Unesco, per frenare lo spopolamento della città.",
    ),
    (
        "Bankitalia, crescita rivista al rialzo",
        "(ANSA) - ROMA, 14 DIC - La Banca d'Italia ha rivisto al rialzo le stime di "
        "crescita del paese per il prossimo anno, grazie alla ripresa dei consumi e "
        "agli investimenti legati al Piano nazionale di ripresa.",
    ),
    (
        "Genova, inaugurata la nuova diga del porto",
        "(ANSA) - GENOVA, 9 FEB - È stato posato oggi il primo cassone della nuova "
        "diga foranea del porto di Genova, un'opera che permetterà l'accesso alle "
        "navi portacontainer più grandi del mondo.",
    ),
    (
        "Ue, Roma chiede più fondi per i migranti",
        "(ANSA) - BRUXELLES, 26 GIU - L'Italia chiederà al Consiglio europeo di "
        "domani un aumento dei fondi per la gestione dei flussi migratori nel "
        "Mediterraneo, ha detto la presidente del Consiglio ai giornalisti.",
    ),
    (
        "Bari, scoperta una necropoli durante i lavori della metro",
        "(ANSA) - BARI, 3 OTT - Durante gli scavi per la nuova linea della "
        "metropolitana di Bari è stata scoperta una necropoli di epoca romana con "
        "almeno quaranta tombe, ha annunciato la Soprintendenza.",
    ),
    (
        "Siccità in Sardegna, razionata l'acqua in trenta comuni",
        "(ANSA) - CAGLIARI, 2 LUG - L'acqua sarà razionata da lunedì in trenta comuni"
        " della Sardegna a causa della siccità che ha ridotto al minimo le riserve "
        "degli invasi dell'isola.",
    ),
    (
        "Alpinisti dispersi sul Monte Bianco, riprese le ricerche",
        "(ANSA) - AOSTA, 10 AGO - Sono riprese all'alba le ricerche dei due alpinisti"
        " dispersi da ieri sul versante italiano del Monte Bianco, dove il maltempo "
        "aveva costretto i soccorritori a fermarsi.",
    ),
)

# Norwegian: NTB
_NO = (
    (
        "Regjeringen vil øke barnetrygden",
        "Oslo (NTB): Regjeringen foreslår å øke barnetrygden med 200 kroner i måneden"
        " for alle barn fra neste år, opplyser finansministeren i forbindelse med "
        "statsbudsjettet.",
    ),
    (
        "Stormen Ingunn stenger veier i Nord-Norge",
        "Bodø (NTB): Flere veier og fergesamband er stengt i Nordland og Troms på "
        "grunn av stormen Ingunn, melder Statens vegvesen. Meteorologene venter "
        "vindkast på over 40 meter i sekundet.",
    ),
    (
        "Norges Bank holder renten uendret",
        "Oslo (NTB): Norges Bank holder styringsrenten uendret på 4,5 prosent. "
        "Sentralbanken signaliserer samtidig at renten vil bli satt ned i løpet av "
        "neste år.",
    ),
    (
        "Lakseeksporten satte ny rekord i fjor",
        "Tromsø (NTB): Norge eksporterte laks for over 120 milliarder kroner i fjor, "
        "noe som er ny rekord, ifølge tall fra Sjømatrådet. Det er særlig den svake "
        "kronen som har gitt høyere priser.",
    ),
    (
        "Brann i bygård i Bergen sentrum",
        "Bergen (NTB): Et titall personer ble evakuert da det brøt ut brann i en "
        "bygård i Bergen sentrum natt til søndag. Ingen personer er meldt skadd, "
        "opplyser politiet.",
    ),
    (
        "Stortinget vedtar ny lov om strømstøtte",
        "Oslo (NTB): Et flertall på Stortinget vedtok torsdag en ny ordning for "
        "strømstøtte til husholdningene. Staten skal dekke 90 prosent av strømprisen "
        "over 75 øre per kilowattime.",
    ),
    (
        "Ny jernbanetunnel åpner mellom Oslo og Ski",
        "Oslo (NTB): Follobanen åpner for trafikk søndag, og reisetiden mellom Oslo "
        "og Ski blir halvert. Tunnelen er Nordens lengste jernbanetunnel.",
    ),
    (
        "Arbeidsledigheten holder seg lav",
        "Oslo (NTB): Arbeidsledigheten holdt seg på 2 prosent i mars, viser nye tall "
        "fra Nav. Det er flest ledige innen bygg og anlegg, mens helsesektoren "
        "fortsatt mangler folk.",
    ),
    (
        "Skiskytterne tok gull på stafetten",
        "Oslo (NTB): Det norske stafettlaget vant gull i VM i skiskyting etter en "
        "jevn kamp mot Frankrike. Laget skjøt bare to ekstra patroner på de fire "
        "etappene.",
    ),
    (
        "Flere ras i Vestland etter kraftig regn",
        "Førde (NTB): Det har gått flere jordskred i Vestland etter at det har regnet"
        " kraftig det siste døgnet. Flere hus er evakuert, og en riksvei er stengt, "
        "opplyser politiet.",
    ),
    (
        "Equinor gjør nytt funn i Nordsjøen",
        "Stavanger (NTB): Equinor har gjort et nytt oljefunn i Nordsjøen, nær "
        "Gullfaks-feltet. Selskapet anslår at funnet kan inneholde mellom 20 og 60 "
        "millioner fat olje.",
    ),
    (
        "Kommunene får mer penger til eldreomsorg",
        "Oslo (NTB): Kommunene får to milliarder kroner ekstra til eldreomsorgen i "
        "revidert nasjonalbudsjett, kunngjorde regjeringen tirsdag. Pengene skal "
        "blant annet gå til flere sykehjemsplasser.",
    ),
    (
        "Hurtigruten innstiller seilinger på grunn av uvær",
        "Tromsø (NTB): Hurtigruten innstiller flere anløp i Finnmark på grunn av "
        "uværet som har rammet kysten. Passasjerene blir fraktet videre med buss, "
        "opplyser selskapet.",
    ),
    (
        "Statsministeren besøker Ukraina",
        "Kyiv (NTB): Statsministeren er på besøk i Ukraina, der han skal møte landets"
        " president. Norge vil gi ytterligere fem milliarder kroner i støtte til "
        "gjenoppbyggingen av landet.",
    ),
    (
        "Rekordmange elbiler solgt i fjor",
        "Oslo (NTB): Ni av ti nye personbiler som ble solgt i Norge i fjor, var "
        "elbiler. Det viser tall fra Opplysningsrådet for veitrafikken, som venter at"
        " andelen stiger ytterligere i år.",
    ),
    (
        "Politiet etterlyser vitner etter ran i Trondheim",
        "Trondheim (NTB): Politiet ber om tips etter et ran av en bensinstasjon i "
        "Trondheim sent lørdag kveld. To menn truet de ansatte med kniv og stakk av "
        "med kontanter.",
    ),
    (
        "Flytrafikken på Gardermoen tilbake til normalen",
        "Oslo (NTB): Flytrafikken på Oslo lufthavn er tilbake til normalen etter en "
        "datafeil som stanset alle avganger i nesten to timer fredag morgen, melder "
        "Avinor.",
    ),
    (
        "Ulvejakt stanset av retten",
        "Oslo (NTB): Oslo tingrett har stanset den planlagte lisensjakten på ulv "
        "innenfor ulvesonen. Retten mener vedtaket kan være i strid med "
        "naturmangfoldloven.",
    ),
    (
        "Strømprisen stiger kraftig i Sør-Norge",
        "Kristiansand (NTB): Strømprisen i Sør-Norge stiger kraftig denne uken fordi "
        "det har vært lite nedbør og fyllingsgraden i magasinene er lav, ifølge "
        "analytikere.",
    ),
    (
        "Nobels fredspris deles ut i Oslo",
        "Oslo (NTB): Nobels fredspris ble delt ut i Oslo rådhus tirsdag. Komiteens "
        "leder sa i sin tale at prisen skal gi støtte til dem som kjemper for "
        "ytringsfrihet.",
    ),
)

SAMPLES: list[Sample] = [
    *_samples("en", _EN),
    *_samples("es", _ES),
    *_samples("pt", _PT),
    *_samples("fr", _FR),
    *_samples("de", _DE),
    *_samples("it", _IT),
    *_samples("no", _NO),
]


@dataclass(frozen=True, slots=True)
class Outcome:
    sample: Sample
    record: EventRecord

    @property
    def right(self) -> bool:
        return self.record.language == self.sample.language


def identify_all(resources: Resources, samples: list[Sample] = SAMPLES) -> list[Outcome]:
    return [
        Outcome(s, normalize(Envelope(text=s.text()), resources, received_at=RECEIVED))
        for s in samples
    ]


def accuracy(outcomes: list[Outcome]) -> dict[str, tuple[int, int]]:
    """Language -> (identified as itself, samples)."""
    right: Counter[str] = Counter(o.sample.language for o in outcomes if o.right)
    total: Counter[str] = Counter(o.sample.language for o in outcomes)
    return {language: (right[language], total[language]) for language in total}


def _headlines_alone(resources: Resources) -> None:
    """A harder case, for information: the headline without its lead (a flash)."""
    headlines = [Sample(s.language, s.headline, "") for s in SAMPLES]
    outcomes = identify_all(resources, headlines)
    print("\nheadline alone (no lead): right / detected / samples (the rest default to en)")
    for language in dict.fromkeys(o.sample.language for o in outcomes):
        mine = [o for o in outcomes if o.sample.language == language]
        detected = [o for o in mine if o.record.language_source == "detected"]
        right = sum(o.right for o in detected)
        print(f"  {language:<8}{right:>4} /{len(detected):>3} /{len(mine):>3}")


def main(argv: list[str]) -> int:
    from wiredesk.resources import load_resources

    resources = load_resources(None)
    start = time.perf_counter()
    outcomes = identify_all(resources)
    elapsed = time.perf_counter() - start
    print(f"language identification, headline and lead, {len(outcomes)} samples")
    print(f"{'language':<10}{'right':>7}{'of':>5}{'accuracy':>10}  goal {GOAL:.0%}")
    below = 0
    for language, (right, total) in accuracy(outcomes).items():
        share = right / total
        below += share < GOAL
        mark = "" if share >= GOAL else "  BELOW GOAL"
        print(f"{language:<10}{right:>7}{total:>5}{share:>10.1%}{mark}")
    sources = Counter(o.record.language_source for o in outcomes)
    print("sources: " + ", ".join(f"{k} {v}" for k, v in sorted(sources.items())))
    confidences = sorted(
        o.record.language_confidence for o in outcomes if o.record.language_confidence is not None
    )
    if confidences:
        print(f"lowest confidence taken: {confidences[0]:.3f}")
    print(f"ms/story (whole pipeline, no NER): {1000 * elapsed / len(outcomes):.3f}")
    _headlines_alone(resources)
    misses = [o for o in outcomes if not o.right]
    print(f"\nmisses ({len(misses)}):")
    for o in misses:
        print(
            f"  {o.sample.language} -> {o.record.language} ({o.record.language_source}, "
            f"{o.record.language_confidence}): {o.sample.headline}"
        )
    return 1 if below and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
