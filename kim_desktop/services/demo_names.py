"""Fixed material of the demo data for "Landkreis Musterland": fictional names, places, phrases and shares."""

# fmt: off

from dataclasses import dataclass
from datetime import time

from kim_desktop.domain.consent_scope import ConsentPurpose
from kim_desktop.domain.enums import CourseType, ReferralState

R = ReferralState
# Weekdays, start, end, UE per week.
Schedule = tuple[tuple[int, ...], time, time, int]


@dataclass(frozen=True)
class Origin:
    """Where a group of demo people comes from: names, languages, script and typical residence title."""

    nationality: str  # ISO 3166-1 alpha-2
    weight: int
    languages: tuple[str, ...]  # first-language codes, the first one most common
    letter_language: str
    latin_script: bool  # whether the first language is written in Latin script
    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]
    birth_places: tuple[str, ...]
    residence: tuple[str, ...]
    gendered_family: bool = False  # Russian/Ukrainian -ov/-ova, -skyi/-ska


_REFUGEE = ("Aufenthaltserlaubnis § 25 Abs. 2 AufenthG", "Aufenthaltserlaubnis § 25 Abs. 1 AufenthG")
_FAMILY = ("Aufenthaltserlaubnis § 30 AufenthG (Ehegattennachzug)", "Aufenthaltserlaubnis § 36 AufenthG")
_WORK = ("Aufenthaltserlaubnis § 18a AufenthG", "Blaue Karte EU", "Niederlassungserlaubnis")

ORIGINS: tuple[Origin, ...] = (
    Origin(
        "SY", 22, ("ar", "ar", "ar", "ku"), "ar", False,
        ("Mohammad", "Ahmad", "Omar", "Khaled", "Yousef", "Mahmoud", "Abdulrahman", "Hassan", "Rami", "Bilal",
         "Firas", "Jamil", "Samer", "Tarek", "Walid", "Ziad", "Anas", "Ibrahim"),
        ("Fatima", "Rania", "Huda", "Amal", "Layla", "Noura", "Reem", "Hiba", "Rasha", "Aya", "Lama", "Dima",
         "Safaa", "Mariam", "Ghada", "Nour"),
        ("Al-Hassan", "Al'Hassan", "Al-Khatib", "Haddad", "Khalil", "Mansour", "Al-Ali", "Darwish", "Hamdan",
         "Al-Ahmad", "Shaheen", "Kassem", "Al-Masri", "Nasser", "Saleh", "Al-Homsi", "Bakour", "Hajj Ali"),
        ("Aleppo", "Damaskus", "Homs", "Idlib", "Deir ez-Zor", "Raqqa", "Qamischli", "Daraa", "Hama"),
        (*_REFUGEE, "Aufenthaltserlaubnis § 25 Abs. 2 AufenthG (subsidiärer Schutz)", *_FAMILY),
    ),
    Origin(
        "AF", 15, ("prs", "fa", "ps", "prs"), "fa", False,
        ("Ahmad Shah", "Mohammad Nabi", "Ali Reza", "Hamid", "Farid", "Javid", "Sayed", "Naweed", "Zabihullah",
         "Mustafa", "Rahmatullah", "Sohrab", "Ehsan", "Jawad"),
        ("Zahra", "Fereshta", "Maryam", "Shabnam", "Nilofar", "Parwana", "Sakina", "Marzia", "Tahmina",
         "Laila", "Frishta", "Masuma", "Zarghuna"),
        ("Ahmadzai", "Rahimi", "Hosseini", "Popalzai", "Sultani", "Karimi", "Noori", "Amiri", "Haidari",
         "Mohammadi", "Rezai", "Sadat", "Stanikzai", "Wardak", "Yousufzai", "Ja'fari"),
        ("Kabul", "Herat", "Masar-e Scharif", "Kandahar", "Dschalalabad", "Kundus", "Ghazni", "Bamiyan"),
        (*_REFUGEE, "Aufenthaltsgestattung", "Aufenthaltserlaubnis § 22 AufenthG (Aufnahmeprogramm)"),
    ),
    Origin(
        "UA", 18, ("uk", "uk", "ru"), "uk", False,
        ("Oleksandr", "Andrii", "Dmytro", "Serhii", "Mykola", "Volodymyr", "Yurii", "Bohdan", "Vitalii",
         "Maksym", "Taras", "Ihor"),
        ("Olena", "Nataliia", "Iryna", "Tetiana", "Oksana", "Yuliia", "Svitlana", "Kateryna", "Anastasiia",
         "Halyna", "Viktoriia", "Liudmyla", "Mariia", "Daryna", "Olha"),
        ("Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Kovalchuk", "Oliinyk",
         "Savchenko", "Petrenko", "Moroz", "Lysenko", "Marchenko", "Rudenko", "Petrov", "Kovalevskyi",
         "Hnatiuk", "Zaporozhets"),
        ("Charkiw", "Kyjiw", "Odesa", "Mariupol", "Dnipro", "Saporischschja", "Mykolajiw", "Cherson", "Lwiw"),
        ("Aufenthaltserlaubnis § 24 AufenthG", "Aufenthaltserlaubnis § 24 AufenthG", "Fiktionsbescheinigung"),
        gendered_family=True,
    ),
    Origin(
        "ER", 6, ("ti", "ti", "ar"), "ti", False,
        ("Yohannes", "Tesfay", "Mehari", "Berhane", "Dawit", "Filmon", "Samuel", "Habtom", "Kidane", "Robel"),
        ("Selam", "Mebrat", "Helen", "Senait", "Tsega", "Freweyni", "Saba", "Ruta", "Luwam", "Hiwet"),
        ("Tesfamariam", "Habte", "Gebremedhin", "Kidane", "Ghebreyesus", "Tekle", "Woldu", "Andemariam",
         "Berhe", "Haile", "Asmerom", "Negash"),
        ("Asmara", "Keren", "Massawa", "Mendefera", "Dekemhare", "Barentu"),
        _REFUGEE + _FAMILY[:1],
    ),
    Origin(
        "TR", 8, ("tr", "tr", "ku"), "tr", True,
        ("Mehmet", "Mustafa", "Hüseyin", "Emre", "Murat", "Şükrü", "İbrahim", "Yusuf", "Ömer", "Serkan",
         "Barış", "Cem", "Oğuz", "Erdoğan"),
        ("Ayşe", "Fatma", "Gül", "Özlem", "Çiğdem", "Elif", "Zeynep", "Gülşen", "Emine", "Hatice", "Büşra",
         "Şeyma", "Sevgi", "Dilek"),
        ("Özdemir", "Şahin", "Yılmaz", "Çelik", "Yıldız", "Öztürk", "Aydın", "Kılıç", "Doğan", "Arslan",
         "Güneş", "Koç", "Kaya", "Demir", "Erdoğan", "Aksoy", "Polat", "Bayraktar"),
        ("Istanbul", "Diyarbakır", "Gaziantep", "Şanlıurfa", "İzmir", "Ankara", "Van", "Mardin", "Konya"),
        (*_FAMILY, "Aufenthaltsgestattung", "Aufenthaltserlaubnis § 25 Abs. 2 AufenthG"),
    ),
    Origin(
        "IQ", 8, ("ar", "ku", "ar"), "ar", False,
        ("Ali", "Hussein", "Haider", "Mustafa", "Karwan", "Dilshad", "Ahmed", "Sarbast", "Ammar", "Qasim",
         "Ayad", "Rebin"),
        ("Zainab", "Shilan", "Nasreen", "Hawraa", "Sara", "Rozhan", "Suha", "Evin", "Bayan", "Dunya", "Jwan"),
        ("Al-Jubouri", "Al-Obaidi", "Mahmoud", "Rashid", "Barzani", "Qader", "Al-Tamimi", "Hamad", "Khidir",
         "Murad", "Al-Rubaie", "Sulaiman"),
        ("Mossul", "Bagdad", "Erbil", "Kirkuk", "Sindschar", "Dohuk", "Sulaimaniya", "Basra"),
        _REFUGEE + _FAMILY,
    ),
    Origin(
        "IR", 6, ("fa", "fa", "ku"), "fa", False,
        ("Reza", "Mehdi", "Amir", "Hossein", "Saeed", "Babak", "Kian", "Arash", "Pouya", "Navid"),
        ("Shirin", "Maryam", "Leila", "Narges", "Parisa", "Samira", "Nazanin", "Mahsa", "Fariba", "Roya"),
        ("Moradi", "Karimi", "Rezaei", "Mohammadi", "Tehrani", "Jafari", "Ghorbani", "Sadeghi", "Shirazi",
         "Ebrahimi", "Kazemi", "Bahrami"),
        ("Teheran", "Maschhad", "Schiras", "Täbris", "Isfahan", "Kermanschah", "Ahwas"),
        (*_REFUGEE, "Aufenthaltsgestattung", *_WORK[:1]),
    ),
    Origin(
        "SO", 4, ("so", "so", "ar"), "en", True,
        ("Abdirahman", "Mohamed", "Abdullahi", "Hassan", "Abdikarim", "Yusuf", "Ahmed", "Liban"),
        ("Hodan", "Amina", "Fadumo", "Sahra", "Hibaaq", "Khadra", "Ifrah", "Nasra", "Ubah"),
        ("Warsame", "Abdi", "Farah", "Hirsi", "Jama", "Osman", "Mohamud", "Egal", "Samatar", "Aden"),
        ("Mogadischu", "Kismaayo", "Hargeysa", "Baidoa", "Beledweyne"),
        _REFUGEE,
    ),
    Origin(
        "RU", 4, ("ru", "ru", "ce"), "ru", False,
        ("Aleksei", "Sergei", "Dmitrii", "Ruslan", "Magomed", "Ivan", "Nikolai", "Artem"),
        ("Elena", "Olga", "Tatiana", "Madina", "Anna", "Ekaterina", "Zarema", "Irina"),
        ("Ivanov", "Smirnov", "Kuznetsov", "Popov", "Sokolov", "Magomedov", "Kadyrov", "Volkov",
         "Morozov", "Novikov", "Orlovskii", "Lebedev"),
        ("Moskau", "Sankt Petersburg", "Machatschkala", "Grosny", "Kasan", "Jekaterinburg", "Nowosibirsk"),
        ("Aufenthaltsgestattung", "Aufenthaltserlaubnis § 25 Abs. 2 AufenthG", *_FAMILY[:1], "Spätaussiedler"),
        gendered_family=True,
    ),
    Origin(
        "NG", 2, ("en", "en", "yo"), "en", True,
        ("Chukwuemeka", "Oluwaseun", "Ibrahim", "Emeka", "Tunde", "Godwin"),
        ("Chiamaka", "Blessing", "Ngozi", "Adaeze", "Funmilayo", "Precious"),
        ("Okafor", "Adeyemi", "Nwosu", "Okonkwo", "Balogun", "Eze", "Obi"),
        ("Lagos", "Ibadan", "Enugu", "Benin City", "Kano"),
        ("Aufenthaltsgestattung", *_FAMILY[:1], *_WORK[:1]),
    ),
    Origin(
        "GN", 2, ("fr", "ff", "fr"), "en", True,
        ("Mamadou", "Alpha Oumar", "Ibrahima", "Sékou", "Thierno", "Abdoulaye"),
        ("Mariama", "Fatoumata", "Aïssatou", "Kadiatou", "Hawa", "Djénabou"),
        ("Diallo", "Barry", "Camara", "Baldé", "Condé", "Touré", "Sow", "Kéita"),
        ("Conakry", "Kankan", "Labé", "Kindia", "Nzérékoré"),
        ("Aufenthaltsgestattung", "Duldung", *_REFUGEE[:1]),
    ),
)

# German family names for double names of spouses ("Özdemir-Müller", "Müller-Lüdenscheidt").
GERMAN_FAMILY = (
    "Müller", "Schäfer", "Lüdenscheidt", "Weiß", "Groß", "Köhler", "Jäger", "Krüger", "Meißner", "Hoffmann",
    "Schröder", "Bäcker", "Böttcher", "Voß",
)

COUNTY = "Landkreis Musterland"
TOWN = "Musterstadt"
# Name, postcode(s), latitude, longitude, is town: a fictional county (invented names).
MUNICIPALITIES: tuple[tuple[str, str, float, float, bool], ...] = (
    (TOWN, "49990,49991,49992", 52.300, 8.050, True),
    ("Eichenhude", "49995", 52.352, 8.141, False),
    ("Brookmersdorf", "49996", 52.221, 8.122, False),
    ("Hollwinkel", "49997", 52.268, 7.912, False),
    ("Ostermoorfeld", "49998", 52.398, 7.981, False),
    ("Kranichsmühle", "49993", 52.191, 7.968, False),
    ("Ahlbergen-Heide", "49994", 52.338, 8.232, False),
    ("Sandwede", "49999", 52.246, 8.262, False),
)
# Parts for more municipalities at larger scales.
NAME_PREFIXES = ("Nieder", "Ober", "Alt", "Neu", "Groß", "Klein", "Hohen", "Wester", "Oster", "Süd", "Nord")
NAME_STEMS = ("brook", "wede", "hude", "moor", "kamp", "horst", "lohe", "mersch", "venne", "bülten",
              "dieck", "wöhrden", "riede", "hagen", "sielen", "esch")
NAME_SUFFIXES = ("dorf", "hausen", "feld", "beck", "stedt", "büttel", "heide", "mühlen", "winkel", "rode")

STREETS = (
    "Hauptstraße", "Am Mühlenbach", "Kirchweg", "Lindenallee", "Schulstraße", "Birkenweg", "Am Bahnhof",
    "Gartenstraße", "Dorfstraße", "Rosenweg", "Wiesenweg", "Bergstraße", "Marktplatz", "Eschweg",
    "Am Sportplatz", "Kastanienallee", "Mühlenstraße", "Heideweg", "Zum Kanal", "Ringstraße",
)

# Name, short name, kind, e-mail domain part; Kursträger get BAMF numbers in the generator.
PARTNERS: tuple[tuple[str, str, str], ...] = (
    ("Jobcenter Landkreis Musterland", "Jobcenter", "jobcenter"),
    ("Agentur für Arbeit Musterstadt", "Agentur", "agentur"),
    ("Ausländerbehörde Landkreis Musterland", "ABH", "auslaenderbehoerde"),
    ("Migrationsberatung für Erwachsene – Diakonisches Werk Musterland", "MBE Diakonie", "mbe"),
    ("Migrationsberatung für Erwachsene – Caritasverband Musterland", "MBE Caritas", "mbe"),
    ("Jugendmigrationsdienst Musterstadt", "JMD", "jmd"),
    ("Integrationsbüro Landkreis Musterland", "Integrationsbüro", "kommune"),
)
PROVIDERS: tuple[tuple[str, str], ...] = (
    ("Volkshochschule Landkreis Musterland", "VHS Musterland"),
    ("Sprachinstitut Lingua Viva GmbH", "Lingua Viva"),
    ("Bildungswerk Brückenschlag e.V.", "Brückenschlag"),
    ("Akademie Wegweiser gGmbH", "Wegweiser"),
    ("Lernhaus am Markt GmbH", "Lernhaus"),
)
PROVIDER_WORDS = ("Sprachzentrum", "Bildungsakademie", "Lernwerkstatt", "Sprachschule", "Bildungshaus")
LOCATION_KINDS = ("Bildungszentrum", "Schulungsräume", "Gemeindehaus", "Familienzentrum", "Bürgerhaus")

CONTACT_NAMES = (
    "Anja Berger", "Thomas Krämer", "Sabine Hölscher", "Jens Oltmann", "Katrin Wübbel", "Markus Brüggemann",
    "Petra Lange", "Frank Niemöller", "Heike Tönjes", "Stefan Rahe", "Ulrike Sandkühler", "Dirk Evers",
    "Monika Fründ", "Birgit Kemper", "Lars Vahrenhorst", "Yasemin Aktaş", "Nadia Benali", "Olga Wagner",
)
CONTACT_ROLES = ("Leitung", "Kurskoordination", "Fallmanagement", "Sachbearbeitung", "Beratung", "Verwaltung")

# Username, display name, partner index (into PARTNERS), role.
ADVISORS: tuple[tuple[str, str, int, str], ...] = (
    ("demo.admin", "Claudia Hartmann", 6, "admin"),
    ("demo.mbe1", "Miriam Albers", 3, "advisor"),
    ("demo.mbe2", "Hakan Yıldırım", 4, "advisor"),
    ("demo.jmd", "Lena Fröhlich", 5, "advisor"),
    ("demo.lesen", "Bernd Schulte", 0, "reader"),
)

BUS_LINES = ("510", "512", "515", "520", "523", "530", "R41", "R45", "N7", "601")
STOPS = ("Rathaus", "ZOB", "Bahnhof", "Marktplatz", "Schulzentrum", "Kirche", "Post", "Gewerbegebiet",
         "Sportplatz", "Dorfgemeinschaftshaus")

EMPLOYMENT = (
    ("Helfer/in in der Lagerlogistik", "Mo–Fr 6–14 Uhr"),
    ("Reinigungskraft (Teilzeit)", "Mo–Fr 15–19 Uhr"),
    ("Küchenhilfe", "Schichtdienst"),
    ("Pflegehilfskraft", "Schichtdienst, Wochenenden"),
    ("Minijob im Einzelhandel", "Sa 8–16 Uhr"),
    ("Produktionshelfer/in", "Mo–Fr 7–15:30 Uhr"),
    ("Erntehelfer/in (saisonal)", "Mo–Sa tagsüber"),
    ("Fahrer/in Paketdienst", "Mo–Fr 7–16 Uhr"),
)
EDUCATION = ("keine Schulbildung", "Grundschule", "Mittelschule", "Abitur", "Berufsausbildung", "Studium")
SPECIAL_NEEDS = ("Gehbehinderung, braucht barrierefreien Zugang", "Hörbeeinträchtigung",
                 "Sehbeeinträchtigung, braucht große Schrift", "Chronische Erkrankung, regelmäßige Arzttermine")

# Notes and next steps per topic code; the generator picks one sentence each.
TOPIC_NOTES: dict[str, tuple[str, ...]] = {
    "course_placement": ("Kurssuche nach Einstufungstest besprochen.", "Mögliche Kurse in der Nähe gezeigt.",
                         "Wünscht Kurs am Vormittag, Kursangebote verglichen.", "Kursvorschlag erläutert."),
    "permission": ("Berechtigungsschein vorgelegt, Kopie genommen.", "Verpflichtung durch Jobcenter erläutert.",
                   "Berechtigung läuft bald ab, Anmeldung dringend.", "Noch keine Berechtigung vorhanden."),
    "childcare": ("Kein Kita-Platz vorhanden, Kinderbetreuung nötig.", "Kursbegleitende Kinderbetreuung erklärt.",
                  "Kind ist ab nächstem Monat in der Kita.", "Tagesmutter wird gesucht."),
    "transport": ("Busverbindung zum Kursort ist schlecht.", "Fahrplan der Buslinie ausgedruckt.",
                  "Fahrzeit über eine Stunde, Alternative gesucht.", "Deutschlandticket besprochen."),
    "times": ("Kurszeiten passen nicht zur Arbeitszeit.", "Nur vormittags möglich wegen Kindern.",
              "Abendkurs gewünscht."),
    "fee_exemption": ("Antrag auf Kostenbefreiung ausgefüllt.", "Bürgergeldbescheid liegt vor.",
                      "Kostenbefreiung wurde bewilligt."),
    "travel_subsidy": ("Fahrtkostenzuschuss erklärt, Antrag vor Abschnittsbeginn.",
                       "Antrag Fahrtkostenzuschuss mitgegeben."),
    "work": ("Arbeitet in Teilzeit, sucht Abendkurs.", "Arbeitsangebot in Aussicht, Berufssprachkurs besprochen.",
             "Anerkennung des Berufsabschlusses angesprochen."),
    "other": ("Fragen zur Wohnungssuche, an Beratungsstelle verwiesen.", "Schreiben der Krankenkasse erklärt.",
              "Termin beim Bürgerbüro vereinbart."),
}
NEXT_STEPS = (
    "Anmeldung beim Kursträger bis Ende der Woche.", "Unterlagen zum nächsten Termin mitbringen.",
    "Beraterin fragt beim Kursträger nach freien Plätzen.", "Rückmeldung per Telefon abwarten.",
    "Antrag beim Jobcenter einreichen.", "Einstufungstest beim Kursträger vereinbaren.",
    "Kita-Anmeldung beim Familienbüro.", "Auf Warteliste eintragen, bei neuem Kurs melden.",
    "Kopie der Berechtigung an den Kursträger senden.", "Neuer Termin in zwei Wochen.",
)
FOLLOW_UP_NOTES = (
    "Nachfragen, ob Anmeldung erfolgt ist", "Bescheid Kostenbefreiung prüfen", "Kita-Platz nachfragen",
    "Kursbeginn bestätigen lassen", "Berechtigung läuft ab – Verlängerung klären", "Rückruf vereinbart",
    "Unterlagen vollständig?", "Warteliste prüfen",
)
FOLLOW_UP_OUTCOMES = (
    "Anmeldung bestätigt.", "Person nicht erreicht, erneut versuchen.", "Bescheid liegt vor.",
    "Kurs hat begonnen.", "Hat sich erledigt.", "Neuer Termin vereinbart.",
)
REFERRAL_REASONS = {
    "declined": ("Kurszeiten passen nicht wegen Arbeit.", "Fahrweg zu weit.", "Keine Kinderbetreuung."),
    "cancelled": ("Kurs vom Träger abgesagt.", "Umzug in einen anderen Landkreis.", "Anderer Kurs gefunden."),
    "no_show": ("Zum Kursbeginn nicht erschienen.",),
    "dropped_out": ("Arbeitsaufnahme.", "Schwangerschaft.", "Umzug.", "Gesundheitliche Gründe."),
    "hold_expired": ("Reservierung abgelaufen.",),
}
WAITING_NOTES = (
    "Kein Kurs mit Kinderbetreuung in erreichbarer Nähe.", "Kein Abendkurs im Umkreis.",
    "Alphakurs erst wieder im Herbst.", "Keine Busverbindung zu den Kursorten.", "Alle Kurse ausgebucht.",
    "Wartet auf Jugendintegrationskurs.",
)
# Structured purpose, the advisor's words for it, and details on the data (the categories follow the purpose).
CONSENT_PURPOSES = (
    (ConsentPurpose.COURSE_REGISTRATION, "Anmeldung zum Integrationskurs", ""),
    (ConsentPurpose.JOBCENTER_EXCHANGE, "Abstimmung mit dem Jobcenter zur Kursteilnahme", "Anwesenheit"),
    (ConsentPurpose.CHILDCARE_SEARCH, "Suche eines Kita-Platzes mit dem Integrationsbüro", "Alter der Kinder"),
)
COURSE_TITLES = {
    "allgemein": "Allgemeiner Integrationskurs", "alpha": "Alphabetisierungskurs",
    "zweitschrift": "Zweitschriftlernerkurs", "foerder": "Förderkurs", "intensiv": "Intensivkurs",
    "jugend": "Jugendintegrationskurs", "eltern": "Elternintegrationskurs", "frauen": "Frauenintegrationskurs",
    "behinderung": "Integrationskurs für Menschen mit Behinderung", "berufssprach": "Berufssprachkurs",
}

# Referral states with their share of all referrals; every state occurs at scale 1.
STATE_SHARES = (
    (R.PROPOSED, 0.10), (R.RESERVED, 0.08), (R.REGISTERED, 0.22), (R.STARTED, 0.24), (R.DECLINED, 0.08),
    (R.NO_SHOW, 0.05), (R.DROPPED_OUT, 0.06), (R.CANCELLED, 0.07), (R.HOLD_EXPIRED, 0.10),
)
# State chains (events) ending in each state.
CHAINS: dict[ReferralState, tuple[ReferralState, ...]] = {
    R.PROPOSED: (R.PROPOSED,),
    R.RESERVED: (R.PROPOSED, R.RESERVED),
    R.HOLD_EXPIRED: (R.PROPOSED, R.RESERVED, R.HOLD_EXPIRED),
    R.REGISTERED: (R.PROPOSED, R.RESERVED, R.REGISTERED),
    R.STARTED: (R.PROPOSED, R.RESERVED, R.REGISTERED, R.STARTED),
    R.NO_SHOW: (R.PROPOSED, R.RESERVED, R.REGISTERED, R.NO_SHOW),
    R.DROPPED_OUT: (R.PROPOSED, R.RESERVED, R.REGISTERED, R.STARTED, R.DROPPED_OUT),
    R.DECLINED: (R.PROPOSED, R.DECLINED),
    R.CANCELLED: (R.PROPOSED, R.RESERVED, R.CANCELLED),
}
# Course types with their weight, and the schedules they run in: (weekdays, start, end, UE per week).
COURSE_TYPE_WEIGHTS = (
    (CourseType.ALLGEMEIN, 48), (CourseType.ALPHA, 12), (CourseType.ZWEITSCHRIFT, 7),
    (CourseType.INTENSIV, 5), (CourseType.JUGEND, 6), (CourseType.ELTERN, 7), (CourseType.FRAUEN, 7),
    (CourseType.BERUFSSPRACH, 6), (CourseType.FOERDER, 2),
)
MORNING: Schedule = ((0, 1, 2, 3, 4), time(8, 30), time(12, 45), 25)
AFTERNOON: Schedule = ((0, 1, 2, 3), time(13, 30), time(16, 30), 16)
EVENING: Schedule = ((0, 1, 3), time(18, 0), time(21, 0), 12)
PARENTS: Schedule = ((0, 1, 2, 3), time(8, 45), time(11, 45), 16)
INTENSIVE: Schedule = ((0, 1, 2, 3, 4), time(8, 30), time(13, 30), 30)


def feminine(family: str) -> str:
    """The female form of a Russian or Ukrainian family name (Petrov -> Petrova)."""
    for male, female in (("skyi", "ska"), ("skii", "skaia"), ("ov", "ova"), ("ev", "eva"), ("in", "ina")):
        if family.endswith(male):
            return family[: -len(male)] + female
    return family
