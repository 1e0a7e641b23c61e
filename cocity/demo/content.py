"""The demo city's words: districts, projects, and the raw material of residents' ideas.

The districts and streets are those of Liège (real names, invented projects). City-written texts
come in English, French and Dutch; residents write in one language each, mostly French.
"""

# Prose in three languages: long string lines and typographic dashes are deliberate.
# ruff: noqa: E501, RUF001, RUF003
from __future__ import annotations

from typing import Any

T = dict[str, str]


def t(en: str, fr: str, nl: str) -> T:
    return {"en": en, "fr": fr, "nl": nl}


# slug, name, centre (lat, lng), postcode, streets and places
DISTRICTS: list[tuple[str, T, tuple[float, float], str, list[str]]] = [
    (
        "centre",
        t("City centre", "Centre", "Centrum"),
        (50.6430, 5.5735),
        "4000",
        [
            "Rue Saint-Gilles",
            "Boulevard de la Sauvenière",
            "Place du Marché",
            "Rue Grétry",
            "Place Cathédrale",
            "Rue Pont d'Avroy",
            "Place Saint-Lambert",
            "Rue Léopold",
        ],
    ),
    (
        "outremeuse",
        t("Outremeuse", "Outremeuse", "Outremeuse"),
        (50.6385, 5.5855),
        "4020",
        [
            "Rue Puits-en-Sock",
            "Rue Roture",
            "Boulevard de l'Est",
            "Place de l'Yser",
            "Rue Surlet",
            "Quai de l'Ourthe",
            "Rue Jean d'Outremeuse",
        ],
    ),
    (
        "guillemins",
        t("Guillemins", "Guillemins", "Guillemins"),
        (50.6255, 5.5665),
        "4000",
        [
            "Rue des Guillemins",
            "Quai de Rome",
            "Boulevard d'Avroy",
            "Rue Paradis",
            "Place des Guillemins",
            "Rue de Serbie",
            "Avenue Blonden",
        ],
    ),
    (
        "saint-leonard",
        t("Saint-Léonard", "Saint-Léonard", "Saint-Léonard"),
        (50.6515, 5.5905),
        "4000",
        [
            "Rue Saint-Léonard",
            "Quai Saint-Léonard",
            "Place Vivegnis",
            "Rue Vivegnis",
            "Rue Maghin",
            "Rue des Bonnes-Villes",
        ],
    ),
    (
        "sainte-walburge",
        t("Sainte-Walburge", "Sainte-Walburge", "Sainte-Walburge"),
        (50.6630, 5.5680),
        "4000",
        [
            "Rue Sainte-Walburge",
            "Rue de l'Agriculture",
            "Rue Fond-Pirette",
            "Place de l'Atlas",
            "Rue Mathieu Polain",
            "Rue Henri Baron",
        ],
    ),
    (
        "angleur",
        t("Angleur", "Angleur", "Angleur"),
        (50.6120, 5.5955),
        "4031",
        [
            "Rue de Tilff",
            "Route du Condroz",
            "Quai des Vennes",
            "Rue Vaudrée",
            "Place Andrea Jadoulle",
            "Rue du Sart-Tilman",
        ],
    ),
    (
        "jupille",
        t("Jupille", "Jupille-sur-Meuse", "Jupille"),
        (50.6445, 5.6290),
        "4020",
        [
            "Rue Visé-Voie",
            "Place des Écoliers",
            "Rue Chafnay",
            "Rue de Jupille",
            "Rue Charlemagne",
            "Quai de Wandre",
        ],
    ),
    (
        "cointe",
        t("Cointe", "Cointe", "Cointe"),
        (50.6200, 5.5555),
        "4000",
        [
            "Avenue de l'Observatoire",
            "Boulevard Kleyer",
            "Parc de Cointe",
            "Rue Saint-Maur",
            "Avenue Rogier",
            "Rue du Batty",
        ],
    ),
]

# Topic names shared by several projects.
TOPICS: dict[str, T] = {
    "trees": t("Trees and shade", "Arbres et ombre", "Bomen en schaduw"),
    "play": t("Play and sport", "Jeux et sport", "Spelen en sport"),
    "safety": t("Road safety", "Sécurité routière", "Verkeersveiligheid"),
    "parking": t("Bike parking", "Stationnement vélo", "Fietsenstalling"),
    "lanes": t("Cycle lanes", "Pistes cyclables", "Fietspaden"),
    "crossings": t("Crossings", "Traversées", "Oversteekplaatsen"),
    "water": t("Water and rain", "Eau et pluie", "Water en regen"),
    "seating": t("Benches and seating", "Bancs et assises", "Banken en zitplaatsen"),
    "culture": t("Culture and events", "Culture et événements", "Cultuur en evenementen"),
    "cleanliness": t("Cleanliness", "Propreté", "Netheid"),
    "accessibility": t("Accessibility", "Accessibilité", "Toegankelijkheid"),
    "market": t("Market and shops", "Marché et commerces", "Markt en winkels"),
    "nature": t("Biodiversity", "Biodiversité", "Biodiversiteit"),
    "lighting": t("Lighting", "Éclairage", "Verlichting"),
}


def project(**kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("area", None)
    kwargs.setdefault("reaction_mode", "up")
    kwargs.setdefault("idea_weight", 1.0)
    kwargs.setdefault("topics", [])
    return kwargs


# state: open | upcoming | finished | draft | archived. theme: key of IDEAS (or None: no ideas).
PROJECTS: list[dict[str, Any]] = [
    project(
        slug="cycling-network-2030",
        state="open",
        theme="cycling",
        reaction_mode="up_down",
        idea_weight=3.0,
        city_share=0.60,
        managed_by_demo=True,
        motif="lanes",
        palette=((35, 110, 160), (120, 200, 190)),
        topics=["lanes", "parking", "safety", "crossings"],
        title=t("Cycling network 2030", "Réseau cyclable 2030", "Fietsnetwerk 2030"),
        summary=t(
            "Where should the next 60 km of safe cycle routes go? Point to the gaps, the "
            "dangerous junctions and the places where you would leave your bike.",
            "Où tracer les 60 prochains kilomètres d'itinéraires cyclables sûrs ? Signalez les "
            "chaînons manquants, les carrefours dangereux et les endroits où garer votre vélo.",
            "Waar komen de volgende 60 km veilige fietsroutes? Wijs de ontbrekende schakels, de "
            "gevaarlijke kruispunten en de plekken waar je je fiets wilt stallen aan.",
        ),
        description=t(
            "The city has set aside **€14 million** for cycling until 2030. Before the engineers "
            "draw anything, we want to know how you ride — or why you don't.\n\n"
            "- Mark the junctions where you feel unsafe.\n"
            "- Suggest routes between the hills and the valley.\n"
            "- Tell us where secure bike parking is missing.\n\n"
            "Every idea is read by the mobility team. In the spring we will publish which ones "
            "go into the plan, and why others do not.",
            "La Ville consacre **14 millions d'euros** au vélo d'ici 2030. Avant que les "
            "ingénieurs ne dessinent quoi que ce soit, nous voulons savoir comment vous roulez — "
            "ou pourquoi vous ne roulez pas.\n\n"
            "- Indiquez les carrefours où vous ne vous sentez pas en sécurité.\n"
            "- Proposez des itinéraires entre les hauteurs et la vallée.\n"
            "- Dites-nous où manquent des parkings vélo sécurisés.\n\n"
            "Chaque idée est lue par le service Mobilité. Au printemps, nous publierons celles "
            "qui entrent dans le plan, et pourquoi d'autres n'y entrent pas.",
            "De stad trekt tot 2030 **€ 14 miljoen** uit voor de fiets. Voordat de ingenieurs "
            "iets tekenen, willen we weten hoe je fietst — of waarom niet.\n\n"
            "- Duid de kruispunten aan waar je je onveilig voelt.\n"
            "- Stel routes voor tussen de heuvels en de vallei.\n"
            "- Zeg ons waar veilige fietsenstallingen ontbreken.\n\n"
            "Elk idee wordt gelezen door de dienst Mobiliteit. In de lente maken we bekend welke "
            "ideeën in het plan komen, en waarom andere niet.",
        ),
    ),
    project(
        slug="school-streets",
        state="open",
        theme="school",
        idea_weight=2.0,
        city_share=0.25,
        motif="school",
        palette=((240, 170, 60), (250, 225, 150)),
        topics=["safety", "crossings", "play"],
        title=t("School streets", "Rues scolaires", "Schoolstraten"),
        summary=t(
            "Closing streets to cars when school starts and ends: which schools first, at what "
            "times, and how to keep deliveries and residents moving?",
            "Fermer la rue aux voitures à l'entrée et à la sortie des classes : quelles écoles "
            "d'abord, à quelles heures, et comment garder l'accès des riverains et livraisons ?",
            "Straten autovrij bij het begin en einde van de schooldag: welke scholen eerst, op "
            "welke uren, en hoe blijven bewoners en leveringen bereikbaar?",
        ),
        description=t(
            "Twelve schools tested a school street last year. Parents, teachers and neighbours "
            "told us what worked. Now we want to extend the scheme: **propose a school**, explain "
            "the situation at the gate, and tell us who needs an exemption.",
            "Douze écoles ont testé une rue scolaire l'an dernier. Parents, enseignants et "
            "voisins nous ont dit ce qui fonctionnait. Nous voulons étendre le dispositif : "
            "**proposez une école**, décrivez la situation devant la grille et dites-nous qui a "
            "besoin d'une dérogation.",
            "Twaalf scholen testten vorig jaar een schoolstraat. Ouders, leerkrachten en buren "
            "vertelden ons wat werkte. Nu willen we het uitbreiden: **stel een school voor**, "
            "beschrijf de situatie aan de poort en zeg wie een uitzondering nodig heeft.",
        ),
    ),
    project(
        slug="green-outremeuse",
        state="open",
        theme="green",
        area="outremeuse",
        idea_weight=1.5,
        managed_by_demo=True,
        motif="trees",
        palette=((60, 140, 80), (190, 225, 150)),
        topics=["trees", "seating", "water", "nature"],
        title=t("A greener Outremeuse", "Une Outremeuse plus verte", "Een groener Outremeuse"),
        summary=t(
            "Pocket parks, shaded squares and rain gardens for the island neighbourhood that "
            "has the fewest trees per resident in the city.",
            "Parcs de poche, places ombragées et jardins de pluie pour le quartier de l'île, "
            "celui qui compte le moins d'arbres par habitant.",
            "Zakparken, schaduwrijke pleinen en regentuinen voor de eilandwijk met de minste "
            "bomen per inwoner van de stad.",
        ),
        description=t(
            "Outremeuse gets hot in summer and floods in storms. The city can plant **300 trees** "
            "and remove asphalt from up to five squares. Tell us which corners you would turn "
            "green, and what you would do there.",
            "Outremeuse étouffe l'été et s'inonde lors des orages. La Ville peut planter "
            "**300 arbres** et désasphalter jusqu'à cinq places. Dites-nous quels coins vous "
            "verdiriez, et ce que vous y feriez.",
            "Outremeuse wordt heet in de zomer en loopt onder bij onweer. De stad kan "
            "**300 bomen** planten en tot vijf pleinen ontharden. Zeg ons welke hoeken jij groen "
            "zou maken, en wat je er zou doen.",
        ),
    ),
    project(
        slug="playgrounds-sainte-walburge",
        state="open",
        theme="play",
        area="sainte-walburge",
        idea_weight=0.7,
        motif="play",
        palette=((200, 80, 90), (250, 190, 170)),
        topics=["play", "accessibility", "seating"],
        title=t(
            "Playgrounds for Sainte-Walburge",
            "Des aires de jeux pour Sainte-Walburge",
            "Speelpleinen voor Sainte-Walburge",
        ),
        summary=t(
            "Three playgrounds will be rebuilt next year. Children and parents: what should "
            "they have?",
            "Trois aires de jeux seront reconstruites l'an prochain. Enfants et parents : que "
            "doivent-elles offrir ?",
            "Drie speelpleinen worden volgend jaar heraangelegd. Kinderen en ouders: wat moet "
            "er komen?",
        ),
        description=t(
            "Ideas from children are especially welcome — a parent can post them. The designs "
            "will be shown here before work starts.",
            "Les idées des enfants sont particulièrement bienvenues — un parent peut les "
            "publier. Les plans seront présentés ici avant le début des travaux.",
            "Ideeën van kinderen zijn extra welkom — een ouder kan ze posten. De ontwerpen "
            "worden hier getoond voordat de werken starten.",
        ),
    ),
    project(
        slug="water-and-toilets",
        state="open",
        theme="fountains",
        idea_weight=0.8,
        motif="water",
        palette=((40, 120, 190), (170, 215, 240)),
        topics=["water", "accessibility", "cleanliness"],
        title=t(
            "Drinking fountains and public toilets",
            "Fontaines d'eau et toilettes publiques",
            "Drinkfonteinen en openbare toiletten",
        ),
        summary=t(
            "Free drinking water and clean, accessible toilets: where are they missing?",
            "De l'eau potable gratuite et des toilettes propres et accessibles : où en manque-t-il ?",
            "Gratis drinkwater en propere, toegankelijke toiletten: waar ontbreken ze?",
        ),
        description=t(
            "We will install **20 fountains** and **8 accessible toilets** over two years. "
            "Point to the places where people walk, wait and play.",
            "Nous installerons **20 fontaines** et **8 toilettes accessibles** en deux ans. "
            "Montrez-nous les endroits où l'on marche, attend et joue.",
            "We plaatsen op twee jaar **20 fonteinen** en **8 toegankelijke toiletten**. Wijs "
            "de plekken aan waar mensen wandelen, wachten en spelen.",
        ),
    ),
    project(
        slug="participatory-budget-2027",
        state="upcoming",
        theme=None,
        motif="coins",
        palette=((120, 80, 160), (220, 190, 240)),
        topics=["culture", "nature", "play", "accessibility"],
        title=t(
            "Participatory budget 2027",
            "Budget participatif 2027",
            "Burgerbegroting 2027",
        ),
        summary=t(
            "€1 million for projects imagined by residents, chosen by residents. Submissions "
            "open soon.",
            "1 million d'euros pour des projets imaginés et choisis par les habitants. Le dépôt "
            "des projets ouvre bientôt.",
            "€ 1 miljoen voor projecten bedacht en gekozen door de inwoners. Indienen kan binnenkort.",
        ),
        description=t(
            "Any resident aged 14 or more can propose a project for their district or the whole "
            "city, costing between €5,000 and €100,000. The city checks feasibility, then "
            "residents vote.",
            "Tout habitant de 14 ans ou plus peut proposer un projet pour son quartier ou toute "
            "la ville, d'un coût de 5 000 à 100 000 euros. La Ville vérifie la faisabilité, puis "
            "les habitants votent.",
            "Elke inwoner vanaf 14 jaar kan een project voorstellen voor de eigen wijk of de hele "
            "stad, tussen € 5.000 en € 100.000. De stad toetst de haalbaarheid, daarna stemmen "
            "de inwoners.",
        ),
    ),
    project(
        slug="library-saint-leonard",
        state="upcoming",
        theme=None,
        area="saint-leonard",
        managed_by_demo=True,
        motif="books",
        palette=((150, 90, 50), (240, 210, 160)),
        topics=["culture", "accessibility"],
        title=t(
            "A new library in Saint-Léonard",
            "Une nouvelle bibliothèque à Saint-Léonard",
            "Een nieuwe bibliotheek in Saint-Léonard",
        ),
        summary=t(
            "The former tram depot becomes a neighbourhood library. Help us shape it before the "
            "architects start.",
            "L'ancien dépôt de tram devient une bibliothèque de quartier. Aidez-nous à la "
            "façonner avant que les architectes ne commencent.",
            "De oude tramstelplaats wordt een buurtbibliotheek. Help ons die vorm te geven "
            "voordat de architecten beginnen.",
        ),
        description=t(
            "Opening hours, a workshop, a café, rooms for homework or for associations? First we "
            "will explain the building and the budget; then your ideas.",
            "Horaires, atelier, café, salles pour les devoirs ou pour les associations ? Nous "
            "présenterons d'abord le bâtiment et le budget ; ensuite, vos idées.",
            "Openingsuren, een werkplaats, een café, ruimtes voor huiswerk of verenigingen? "
            "Eerst lichten we het gebouw en het budget toe; daarna jouw ideeën.",
        ),
    ),
    project(
        slug="summer-on-the-quays",
        state="finished",
        theme="quays",
        reaction_mode="up_down",
        idea_weight=1.2,
        motif="river",
        palette=((230, 120, 60), (250, 220, 130)),
        topics=["culture", "seating", "water"],
        title=t("Summer on the quays", "L'été sur les quais", "Zomer op de kaaien"),
        summary=t(
            "What should happen on the Meuse quays when they are closed to traffic in July and "
            "August? The results are in.",
            "Que faire sur les quais de Meuse fermés à la circulation en juillet et août ? Les "
            "résultats sont là.",
            "Wat moet er gebeuren op de Maaskaaien wanneer ze in juli en augustus autovrij zijn? "
            "De resultaten zijn bekend.",
        ),
        description=t(
            "Thank you for 400 ideas. The events team answered each of them; the accepted ones "
            "were part of last summer's programme.",
            "Merci pour vos 400 idées. L'équipe événements a répondu à chacune ; les idées "
            "retenues ont fait partie du programme de l'été dernier.",
            "Bedankt voor 400 ideeën. Het evenemententeam beantwoordde ze allemaal; de "
            "aanvaarde ideeën zaten in het programma van vorige zomer.",
        ),
    ),
    project(
        slug="cleaner-streets",
        state="finished",
        theme="cleanliness",
        area="centre",
        idea_weight=0.8,
        managed_by_demo=True,
        motif="bins",
        palette=((90, 100, 110), (200, 215, 220)),
        topics=["cleanliness", "seating"],
        title=t("Cleaner streets", "Des rues plus propres", "Nettere straten"),
        summary=t(
            "Bins, cigarette butts, tags, fly-tipping: the residents' plan for a cleaner centre.",
            "Poubelles, mégots, tags, dépôts clandestins : le plan des habitants pour un centre "
            "plus propre.",
            "Vuilnisbakken, peuken, graffiti, sluikstort: het plan van de inwoners voor een "
            "netter centrum.",
        ),
        description=t(
            "The consultation is closed. See the answers on each idea and what has been done.",
            "La consultation est close. Voyez les réponses sur chaque idée et ce qui a été fait.",
            "De bevraging is afgesloten. Bekijk de antwoorden bij elk idee en wat er gedaan is.",
        ),
    ),
    project(
        slug="jupille-market-square",
        state="finished",
        theme="market",
        area="jupille",
        idea_weight=0.6,
        motif="market",
        palette=((170, 60, 60), (240, 200, 120)),
        topics=["market", "trees", "parking"],
        title=t(
            "Redesigning the Jupille market square",
            "Réaménager la place du marché de Jupille",
            "Herinrichting van het marktplein van Jupille",
        ),
        summary=t(
            "The square, the Sunday market and the car park: residents' ideas for the "
            "redesign, now in the hands of the architects.",
            "La place, le marché du dimanche et le parking : les idées des habitants pour le "
            "réaménagement, désormais entre les mains des architectes.",
            "Het plein, de zondagsmarkt en de parking: de ideeën van de inwoners voor de "
            "herinrichting, nu in handen van de architecten.",
        ),
        description=t(
            "The architects received every idea with more than 20 supports.",
            "Les architectes ont reçu toutes les idées ayant plus de 20 soutiens.",
            "De architecten kregen alle ideeën met meer dan 20 steunbetuigingen.",
        ),
    ),
    project(
        slug="night-lighting",
        state="draft",
        theme=None,
        motif="lamps",
        palette=((30, 40, 80), (90, 100, 170)),
        topics=["lighting", "safety", "nature"],
        title=t(
            "Lighting the city at night",
            "Éclairer la ville la nuit",
            "De stad 's nachts verlichten",
        ),
        summary=t(
            "Safer walks home and darker skies for wildlife: a draft the team is still writing.",
            "Rentrer chez soi en sécurité et des nuits plus noires pour la faune : un brouillon "
            "en cours de rédaction.",
            "Veilig naar huis en donkerdere nachten voor dieren: een ontwerp in voorbereiding.",
        ),
        description=t(
            "Draft — not public yet.",
            "Brouillon — pas encore public.",
            "Ontwerp — nog niet openbaar.",
        ),
    ),
    project(
        slug="christmas-market-2023",
        state="archived",
        theme="christmas",
        area="centre",
        idea_weight=0.5,
        motif="stars",
        palette=((20, 90, 70), (200, 60, 60)),
        topics=["culture", "market"],
        title=t("Christmas village 2023", "Village de Noël 2023", "Kerstdorp 2023"),
        summary=t(
            "Archived: residents' ideas for the 2023 Christmas village.",
            "Archivé : les idées des habitants pour le village de Noël 2023.",
            "Gearchiveerd: de ideeën van de inwoners voor het kerstdorp 2023.",
        ),
        description=t(
            "This consultation is archived and kept for the record.",
            "Cette consultation est archivée et conservée pour mémoire.",
            "Deze bevraging is gearchiveerd en blijft ter informatie bewaard.",
        ),
    ),
]

# Idea titles per theme, per language; {street} is filled with a street of the idea's district.
IDEAS: dict[str, dict[str, list[str]]] = {
    "cycling": {
        "en": [
            "Protected cycle lane on {street}",
            "Secure bike boxes near {street}",
            "Make the junction at {street} safe for bikes",
            "Contraflow cycling on {street}",
            "A cycle route up the hill from {street}",
            "Bike parking at the station end of {street}",
            "Lower the speed limit on {street} to 30",
            "Repair the potholes in the lane on {street}",
        ],
        "fr": [
            "Piste cyclable séparée rue {street}",
            "Des box vélos sécurisés près de {street}",
            "Sécuriser le carrefour {street} pour les vélos",
            "Sens unique limité à {street}",
            "Un itinéraire vélo pour monter depuis {street}",
            "Arceaux vélo au bout de {street}",
            "Zone 30 sur {street}",
            "Réparer les nids-de-poule de la piste à {street}",
            "Un passage vélo continu à {street}",
            "Des feux vélo plus longs à {street}",
        ],
        "nl": [
            "Vrijliggend fietspad in {street}",
            "Fietskluizen bij {street}",
            "Kruispunt aan {street} veilig maken voor fietsers",
            "Fietsstraat van {street}",
            "Fietsenstalling aan {street}",
            "Zone 30 in {street}",
        ],
    },
    "school": {
        "en": [
            "School street at the school on {street}",
            "Closed to cars 8:00–8:45 on {street}",
            "A lollipop crossing at {street}",
            "Wider pavement in front of the school on {street}",
            "Bike racks for pupils on {street}",
            "A kiss-and-ride further down {street}",
        ],
        "fr": [
            "Rue scolaire devant l'école de {street}",
            "Fermeture 8h–8h45 de {street}",
            "Un passage gardé à {street}",
            "Élargir le trottoir devant l'école, {street}",
            "Des arceaux vélo pour les élèves à {street}",
            "Un dépose-minute plus loin sur {street}",
            "Des jardinières pour bloquer le stationnement sauvage à {street}",
        ],
        "nl": [
            "Schoolstraat aan de school in {street}",
            "Autovrij van 8u tot 8u45 in {street}",
            "Gemachtigd opzichter aan {street}",
            "Fietsenrekken voor leerlingen in {street}",
        ],
    },
    "green": {
        "en": [
            "A pocket park on the corner of {street}",
            "Trees along {street}",
            "Remove the asphalt on {street} and plant",
            "A rain garden at {street}",
            "Shade and benches on {street}",
            "Community vegetable beds near {street}",
            "Climbing plants on the blank walls of {street}",
        ],
        "fr": [
            "Un parc de poche au coin de {street}",
            "Des arbres le long de {street}",
            "Désasphalter {street} et planter",
            "Un jardin de pluie à {street}",
            "De l'ombre et des bancs à {street}",
            "Un potager partagé près de {street}",
            "Des façades végétalisées à {street}",
            "Une prairie fleurie à {street}",
        ],
        "nl": [
            "Een zakpark op de hoek van {street}",
            "Bomen langs {street}",
            "Ontharden en planten in {street}",
            "Een regentuin aan {street}",
            "Moestuinbakken bij {street}",
        ],
    },
    "play": {
        "en": [
            "A climbing wall at {street}",
            "Swings for toddlers on {street}",
            "An accessible roundabout for wheelchair users at {street}",
            "A small football pitch near {street}",
            "Shade over the sandpit at {street}",
        ],
        "fr": [
            "Un mur d'escalade à {street}",
            "Des balançoires pour les petits à {street}",
            "Un tourniquet accessible aux fauteuils à {street}",
            "Un mini-terrain de foot près de {street}",
            "De l'ombre sur le bac à sable de {street}",
            "Des jeux d'eau à {street}",
        ],
        "nl": [
            "Een klimmuur aan {street}",
            "Schommels voor peuters in {street}",
            "Een kleine voetbalkooi bij {street}",
            "Waterspeeltuin aan {street}",
        ],
    },
    "fountains": {
        "en": [
            "A drinking fountain at {street}",
            "Accessible toilets near {street}",
            "A bottle refill point at {street}",
            "Open the toilets in the town hall annex at {street}",
        ],
        "fr": [
            "Une fontaine d'eau potable à {street}",
            "Des toilettes accessibles près de {street}",
            "Un point de remplissage de gourdes à {street}",
            "Des toilettes sèches à {street}",
            "Une fontaine pour chiens à {street}",
        ],
        "nl": [
            "Een drinkfontein aan {street}",
            "Toegankelijke toiletten bij {street}",
            "Een navulpunt voor drinkflessen in {street}",
        ],
    },
    "quays": {
        "en": [
            "An open-air cinema on the quay near {street}",
            "Deckchairs and shade by {street}",
            "A swimming pool barge off {street}",
            "Food trucks on Friday nights near {street}",
            "A pétanque court at {street}",
        ],
        "fr": [
            "Un cinéma en plein air sur le quai près de {street}",
            "Des transats et de l'ombre à {street}",
            "Une piscine flottante au bord de {street}",
            "Des food trucks le vendredi soir à {street}",
            "Un terrain de pétanque à {street}",
            "Des concerts du dimanche à {street}",
        ],
        "nl": [
            "Openluchtcinema op de kaai bij {street}",
            "Ligstoelen en schaduw aan {street}",
            "Een zwembad op een schip aan {street}",
        ],
    },
    "cleanliness": {
        "en": [
            "More bins on {street}",
            "Ashtray bins at the bus stops of {street}",
            "Underground containers on {street}",
            "A legal wall for graffiti near {street}",
        ],
        "fr": [
            "Plus de poubelles rue {street}",
            "Des cendriers aux arrêts de bus de {street}",
            "Des conteneurs enterrés à {street}",
            "Un mur d'expression libre près de {street}",
            "Un ramassage plus fréquent à {street}",
        ],
        "nl": [
            "Meer vuilnisbakken in {street}",
            "Asbakken aan de bushaltes van {street}",
            "Ondergrondse containers in {street}",
        ],
    },
    "market": {
        "en": [
            "Keep the Sunday market on the square at {street}",
            "Fewer parking spaces, more trees at {street}",
        ],
        "fr": [
            "Garder le marché du dimanche sur la place, {street}",
            "Moins de parking, plus d'arbres à {street}",
            "Un kiosque pour les associations à {street}",
            "Une fontaine au milieu de la place, {street}",
        ],
        "nl": [
            "Zondagsmarkt op het plein houden, {street}",
            "Minder parkeerplaatsen, meer bomen aan {street}",
        ],
    },
    "christmas": {
        "en": ["Local crafts only at the chalets near {street}", "A free skating rink at {street}"],
        "fr": [
            "Uniquement de l'artisanat local aux chalets près de {street}",
            "Une patinoire gratuite à {street}",
            "Des gobelets réutilisables au village, {street}",
        ],
        "nl": ["Alleen lokale ambachten in de chalets bij {street}"],
    },
}

# Sentences that make up an idea's body: why, then what, then a closing remark.
WHY: dict[str, list[str]] = {
    "en": [
        "I pass here every day with my children and it does not feel safe.",
        "In summer this street is an oven; there is not a single tree.",
        "Older neighbours have told me they no longer go out because of this.",
        "The neighbourhood has changed a lot, but the street has stayed the same since the 1970s.",
        "Many students live around here and there is nowhere to sit or meet.",
        "After rain the water stays for days.",
        "Cars park on the pavement and prams have to go on the road.",
        "It would connect two parts of the district that today turn their backs on each other.",
    ],
    "fr": [
        "Je passe ici tous les jours avec mes enfants et ce n'est pas rassurant.",
        "L'été, cette rue est un four : il n'y a pas un seul arbre.",
        "Des voisins âgés m'ont dit qu'ils ne sortaient plus à cause de cela.",
        "Le quartier a beaucoup changé, mais la rue est restée la même depuis les années 70.",
        "Beaucoup d'étudiants habitent ici et il n'y a aucun endroit pour s'asseoir ou se retrouver.",
        "Après la pluie, l'eau reste pendant des jours.",
        "Les voitures se garent sur le trottoir et les poussettes doivent passer sur la chaussée.",
        "Cela relierait deux parties du quartier qui aujourd'hui se tournent le dos.",
        "Le soir, l'endroit est désert et on presse le pas.",
    ],
    "nl": [
        "Ik kom hier elke dag langs met mijn kinderen en het voelt niet veilig.",
        "In de zomer is deze straat een oven; er staat geen enkele boom.",
        "Oudere buren vertelden me dat ze hierdoor niet meer buiten komen.",
        "Auto's parkeren op de stoep en kinderwagens moeten de rijweg op.",
        "Het zou twee delen van de wijk verbinden die elkaar nu de rug toekeren.",
    ],
}
WHAT: dict[str, list[str]] = {
    "en": [
        "It would not cost much: a few planters, paint and signs, and we could test it for a summer.",
        "The space is there: the side strip is used by three parked cars at most.",
        "Ask the people who live here, the school and the shopkeepers — I am sure they will agree.",
        "Other cities have done it in a few months, with good results.",
        "Start with a trial and measure what changes before deciding.",
    ],
    "fr": [
        "Cela ne coûterait pas grand-chose : quelques bacs, de la peinture et des panneaux, et on "
        "pourrait tester un été.",
        "La place est là : la bande latérale sert à trois voitures garées tout au plus.",
        "Demandez aux habitants, à l'école et aux commerçants — je suis sûr qu'ils seront d'accord.",
        "D'autres villes l'ont fait en quelques mois, avec de bons résultats.",
        "Commençons par un essai et mesurons ce qui change avant de décider.",
        "Les associations du quartier sont prêtes à aider pour l'entretien.",
    ],
    "nl": [
        "Het kost niet veel: een paar bakken, verf en borden, en we kunnen het een zomer testen.",
        "De ruimte is er: de zijstrook wordt door hoogstens drie geparkeerde auto's gebruikt.",
        "Vraag het aan de bewoners, de school en de handelaars — ik ben zeker dat ze akkoord gaan.",
        "Begin met een proef en meet wat er verandert voor je beslist.",
    ],
}

COMMENTS: dict[str, list[str]] = {
    "en": [
        "Yes! I have been waiting for this for years.",
        "Good idea, but what about the deliveries for the shops?",
        "I live on this street and I fully support it.",
        "Could this be combined with the idea about trees a bit further down?",
        "Not convinced: parking is already hard here.",
        "My kids would love this.",
        "Please think about people in wheelchairs too.",
        "The same problem exists two streets away.",
        "How much would it cost, roughly?",
        "We tried something like this in 2019 and it worked well for a while.",
    ],
    "fr": [
        "Oui ! J'attends cela depuis des années.",
        "Bonne idée, mais quid des livraisons pour les commerces ?",
        "J'habite la rue et je soutiens à fond.",
        "On pourrait combiner avec l'idée des arbres un peu plus bas ?",
        "Pas convaincu : se garer est déjà difficile ici.",
        "Mes enfants adoreraient.",
        "Pensez aussi aux personnes en fauteuil roulant, svp.",
        "Le même problème existe deux rues plus loin.",
        "Combien cela coûterait-il, à peu près ?",
        "On a essayé quelque chose de semblable en 2019 et ça a bien marché un temps.",
        "Tout à fait d'accord, et il faudrait aussi un meilleur éclairage.",
        "C'est dangereux aujourd'hui, surtout le matin.",
    ],
    "nl": [
        "Ja! Hier wacht ik al jaren op.",
        "Goed idee, maar hoe zit het met de leveringen voor de winkels?",
        "Ik woon in deze straat en steun het volledig.",
        "Niet overtuigd: parkeren is hier al moeilijk.",
        "Mijn kinderen zouden dit geweldig vinden.",
        "Denk ook aan mensen in een rolstoel.",
    ],
}
REPLIES: dict[str, list[str]] = {
    "en": [
        "Agreed.",
        "Deliveries could happen before 10 am, as in the centre.",
        "There is a public car park five minutes away.",
        "Good point, I had not thought of that.",
        "I disagree, but I see why you say it.",
    ],
    "fr": [
        "D'accord.",
        "Les livraisons pourraient se faire avant 10 h, comme au centre.",
        "Il y a un parking public à cinq minutes.",
        "Bonne remarque, je n'y avais pas pensé.",
        "Je ne suis pas d'accord, mais je comprends.",
    ],
    "nl": [
        "Akkoord.",
        "Leveren kan voor 10 uur, zoals in het centrum.",
        "Er is een openbare parking op vijf minuten.",
        "Goed punt, daar had ik niet aan gedacht.",
    ],
}

# Official answers, by status slug, in each language.
ANSWERS: dict[str, dict[str, list[str]]] = {
    "accepted": {
        "en": [
            "Thank you. This idea is part of the plan; work is scheduled for next year.",
            "Retained: the technical services confirmed it is feasible within the budget.",
        ],
        "fr": [
            "Merci. Cette idée fait partie du plan ; les travaux sont prévus l'an prochain.",
            "Retenue : les services techniques ont confirmé la faisabilité dans le budget.",
        ],
        "nl": [
            "Bedankt. Dit idee zit in het plan; de werken staan gepland voor volgend jaar.",
            "Weerhouden: de technische diensten bevestigden dat het binnen het budget haalbaar is.",
        ],
    },
    "rejected": {
        "en": [
            "Not retained: underground pipes make planting impossible here. We looked for an "
            "alternative two streets away.",
            "Not retained for now: the street is part of a bus route that cannot be moved.",
        ],
        "fr": [
            "Non retenue : des conduites souterraines empêchent de planter ici. Nous avons "
            "cherché une alternative deux rues plus loin.",
            "Non retenue pour l'instant : la rue fait partie d'une ligne de bus qui ne peut être déviée.",
        ],
        "nl": [
            "Niet weerhouden: ondergrondse leidingen maken planten hier onmogelijk. We zochten "
            "een alternatief twee straten verder.",
            "Voorlopig niet weerhouden: de straat maakt deel uit van een busroute.",
        ],
    },
    "implemented": {
        "en": ["Done! Installed in June. Thank you to the neighbours who helped."],
        "fr": ["C'est fait ! Installé en juin. Merci aux voisins qui ont aidé."],
        "nl": ["Klaar! Geplaatst in juni. Bedankt aan de buren die hielpen."],
    },
    "under_review": {
        "en": ["The mobility team is studying this with the police; we will answer here."],
        "fr": ["Le service Mobilité étudie cette idée avec la police ; nous répondrons ici."],
        "nl": ["De dienst Mobiliteit bekijkt dit met de politie; we antwoorden hier."],
    },
}

FIRST_NAMES = [
    "Amélie",
    "Youssef",
    "Lotte",
    "Mathieu",
    "Fatima",
    "Julien",
    "Sofia",
    "Lucas",
    "Inès",
    "Thomas",
    "Aïcha",
    "Nicolas",
    "Emma",
    "Mehmet",
    "Chloé",
    "Bram",
    "Louise",
    "Kevin",
    "Nora",
    "Hugo",
    "Zeynep",
    "Antoine",
    "Marie",
    "Samir",
    "Elise",
    "Pieter",
    "Camille",
    "Olivier",
    "Hanna",
    "Jonas",
    "Manon",
    "Ibrahim",
    "Sarah",
    "Maxime",
    "Léa",
    "Giulia",
    "Arnaud",
    "Noor",
    "Victor",
    "Yasmina",
    "Martine",
    "Jean-Pierre",
    "Ana",
    "Dimitri",
    "Fien",
    "Rachid",
    "Claire",
    "Nathalie",
    "Luca",
    "Eva",
]
LAST_INITIALS = "ABCDEFGHJKLMNOPRSTVWZ"

# Age weights from Statbel's population of Liège on 1 January 2026 (CC BY 4.0), 5-year bands
# from 15–19 to 90–94, both sexes; used so demo demographics look like a real city.
AGE_BANDS: list[tuple[int, int]] = [
    (15, 11520),
    (20, 13392),
    (25, 16800),
    (30, 15339),
    (35, 14281),
    (40, 13094),
    (45, 12430),
    (50, 11960),
    (55, 11447),
    (60, 11286),
    (65, 10361),
    (70, 8575),
    (75, 7538),
    (80, 4396),
    (85, 3098),
    (90, 1630),
]
