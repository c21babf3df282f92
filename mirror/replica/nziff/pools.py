"""Word pools of the NZIFF replica (invented for it), beside the shared ones in ../pools.py."""

from __future__ import annotations

FIRST_YEAR, LAST_YEAR = 2001, 2019
YEARS = tuple(range(FIRST_YEAR, LAST_YEAR + 1))
DEFAULT_FILMS = 3_500
SHARED_SHARE = 0.10  # of the NZIFF films, also in the MIFF replica of the same --films/--seed

# Films per year grow slowly over the archive's span (features, documentaries, shorts).
SIZE_FIRST, SIZE_LAST = 150.0, 200.0

STRANDS = (
    "Big Nights",
    "Aotearoa",
    "World",
    "Framing Reality",
    "Incredibly Strange",
    "Masters",
    "Fresh",
    "Music",
    "Retro",
    "Animation NOW!",
    "Portrait of the Artist",
    "Children's Films",
)
SHORT_STRANDS = ("Animation NOW!", "Aotearoa", "Children's Films")

REGIONS = ("auckland", "wellington", "christchurch", "dunedin")
REGIONAL_FROM = 2012  # regional programme folders serve the archive's film pages from here

FORMATS_EARLY = ("35mm", "35mm", "35mm", "Digibeta", "HDCAM", "16mm", "Beta SP")
FORMATS_LATE = ("DCP", "DCP", "DCP", "DCP", "DCP", "Blu-ray", "35mm", "ProRes")
DIGITAL_FROM = 2012

FESTIVALS = (
    "Cannes (In Competition)",
    "Cannes (Un Certain Regard)",
    "Cannes (Directors' Fortnight)",
    "Cannes (Critics' Week)",
    "Berlin (In Competition)",
    "Berlin (Forum)",
    "Berlin (Panorama)",
    "Venice (In Competition)",
    "Venice (Orizzonti)",
    "Toronto",
    "Sundance",
    "Rotterdam",
    "Locarno",
    "San Sebastián",
    "Busan",
    "SXSW",
    "Karlovy Vary",
    "Sydney",
    "Hot Docs",
    "IDFA",
    "Telluride",
)
MELBOURNE = "Melbourne"  # shared films' history may name the MIFF screening

# Credit roles in page order, the label a page uses for one name and for several.
CREDIT_ROLES: tuple[tuple[str, str, str], ...] = (
    ("Producer", "Producer", "Producers"),
    ("Screenplay", "Screenplay", "Screenplay"),
    ("Photography", "Photography", "Photography"),
    ("Editor", "Editor", "Editors"),
    ("Production designer", "Production designer", "Production designers"),
    ("Costume designer", "Costume designer", "Costume designers"),
    ("Music", "Music", "Music"),
    ("With", "With", "With"),
)
CREDIT_CHANCE = {
    "Producer": 0.9,
    "Screenplay": 0.8,
    "Photography": 0.85,
    "Editor": 0.85,
    "Production designer": 0.4,
    "Costume designer": 0.25,
    "Music": 0.6,
    "With": 0.75,
}

COUNTRY_LANGUAGES: dict[str, tuple[str, ...]] = {
    "Australia": ("English",),
    "USA": ("English",),
    "UK": ("English",),
    "New Zealand": ("English",),
    "Canada": ("English", "French"),
    "Ireland": ("English",),
    "France": ("French",),
    "Belgium": ("French", "Flemish"),
    "Switzerland": ("German", "French"),
    "Côte d'Ivoire": ("French",),
    "Germany": ("German",),
    "West Germany": ("German",),
    "East Germany": ("German",),
    "Austria": ("German",),
    "Finland": ("Finnish",),
    "USSR": ("Russian",),
    "Russia": ("Russian",),
    "Georgia": ("Georgian",),
    "Estonia": ("Estonian",),
    "Spain": ("Spanish",),
    "Argentina": ("Spanish",),
    "Mexico": ("Spanish",),
    "Chile": ("Spanish",),
    "Cuba": ("Spanish",),
    "Colombia": ("Spanish",),
    "Czechoslovakia": ("Czech",),
    "Czech Republic": ("Czech",),
    "Slovakia": ("Slovak",),
    "Poland": ("Polish",),
    "Turkey": ("Turkish",),
    "Japan": ("Japanese",),
    "Hong Kong": ("Cantonese",),
    "Taiwan": ("Mandarin",),
    "China": ("Mandarin",),
    "Iran": ("Farsi",),
    "India": ("Hindi", "Bengali"),
    "Sri Lanka": ("Sinhala",),
    "Vietnam": ("Vietnamese",),
}
NZ_LANGUAGES = ("Māori", "Samoan", "Tongan")
CO_PRODUCERS = ("France", "Germany", "UK", "USA", "Australia", "Netherlands", "Denmark", "Canada")

# English titles the NZIFF programme may give the shared pool's foreign titles (invented).
ENGLISH_TITLES = {
    "La Vie Rêvée": "The Dreamed Life",
    "Le Dernier Été": "The Last Summer",
    "Les Âmes Perdues": "Lost Souls",
    "L'Été Indien": "Indian Summer",
    "Über den Fluss": "Across the River",
    "Die Stille Straße": "The Quiet Street",
    "Der Schöne Tag": "The Fine Day",
    "Das Fräulein": "The Young Lady",
    "El Año del Tigre": "The Year of the Tiger",
    "El Niño de la Montaña": "The Mountain Boy",
    "Días de Sol": "Sunny Days",
    "Il Giardino": "The Garden",
    "Il Cielo Sopra Napoli": "The Sky over Naples",
    "Mañana Será Otro Día": "Tomorrow Is Another Day",
    "Kesä Järvellä": "Summer at the Lake",
    "Ve Dvoře": "In the Courtyard",
    "Żywot Człowieka": "A Man's Life",
    "Ölü Deniz": "Dead Sea",
    "Hồn Trương Ba": "The Soul of Truong Ba",
    "Pájaros": "Birds",
    "Crónica de un Niño Solo": "Chronicle of a Lonely Child",
    "À Bout de Souffle Bleu": "Breathless Blue",
    "Ça Ira": "It Will Be Fine",
    "Noël à Paris": "Christmas in Paris",
    "Der Müde Tod": "Weary Death",
    "Die Brücke am Fluß": "The Bridge on the River",
    "Été Brûlant": "Burning Summer",
}

# Other romanisations of first names the shared pool uses (NZIFF's spelling of a MIFF name).
TRANSLITERATIONS = {
    "Andrei": "Andrey",
    "Aleksandr": "Alexander",
    "Tatiana": "Tatyana",
    "Larisa": "Larissa",
    "Vadim": "Vadym",
    "Yasujiro": "Yasujirō",
    "Shohei": "Shōhei",
    "Kenji": "Kenzi",
    "Jürgen": "Juergen",
    "Jörg": "Joerg",
    "Günter": "Guenter",
    "Dörte": "Doerte",
    "Yılmaz": "Yilmaz",
    "Çağan": "Chagan",
    "Ayşe": "Ayse",
    "Mohsen": "Mohssen",
    "Majid": "Madjid",
    "Satyajit": "Satyajeet",
    "Ritwik": "Ritvik",
}
GERMAN_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}

PUBLICATIONS = (
    "Variety",
    "The Guardian",
    "Screen Daily",
    "IndieWire",
    "The Hollywood Reporter",
    "Sight & Sound",
    "Little White Lies",
    "The New Yorker",
    "Slant",
    "The Playlist",
    "Film Comment",
    "The Listener",
    "Metro",
    "Cinema Scope",
)
PRAISE = (
    "A film of rare and quiet power",
    "Gripping from its first frame to its last",
    "As funny as it is heartbreaking",
    "An astonishing feat of filmmaking",
    "Unlike anything else you will see this year",
    "Tough, tender and wholly original",
    "A small film with an enormous heart",
    "Dazzling, daring and deeply felt",
    "Pure cinema, confidently made",
    "Wise, warm and often very funny",
    "Sly, strange and utterly absorbing",
)

# Sentence parts of NZIFF's programme notes (distinct from the MIFF synopsis shapes).
OPENERS = (
    "Shot over {n} years",
    "Set during one {season}",
    "Filmed on location in {place}",
    "Told in long, patient takes",
    "Moving between past and present",
    "Assembled from interviews and home movies",
)
SEASONS = ("summer", "winter", "harvest", "election year", "school holiday", "rainy season")
VERDICTS = (
    "a confident new voice",
    "one of the year's festival discoveries",
    "a film that rewards patience",
    "a crowd-pleaser with real bite",
    "a quietly radical piece of work",
    "a festival favourite in the making",
)
CAST_ROLES = (
    "the father",
    "the mother",
    "the stranger",
    "the teacher",
    "the boy",
    "the girl",
    "the neighbour",
    "the inspector",
    "the grandmother",
    "the driver",
)
