"""Names of countries, US states, the UK's nations and the continents, lower case: the places a
"which country / which state / where" question most often wants (rag.answer_type)."""

from __future__ import annotations

_COUNTRIES = """afghanistan albania algeria andorra angola antigua argentina armenia australia austria
azerbaijan bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia
botswana brazil brunei bulgaria burkina_faso burundi cambodia cameroon canada cape_verde
central_african_republic chad chile china colombia comoros congo costa_rica croatia cuba cyprus czechia
czech_republic denmark djibouti dominica dominican_republic ecuador egypt el_salvador equatorial_guinea
eritrea estonia eswatini ethiopia fiji finland france gabon gambia georgia germany ghana greece grenada
guatemala guinea guinea-bissau guyana haiti honduras hong_kong hungary iceland india indonesia iran iraq
ireland israel italy ivory_coast jamaica japan jordan kazakhstan kenya kiribati kosovo kuwait kyrgyzstan
laos latvia lebanon lesotho liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia
maldives mali malta mauritania mauritius mexico micronesia moldova monaco mongolia montenegro morocco
mozambique myanmar burma namibia nauru nepal netherlands holland new_zealand nicaragua niger nigeria
north_korea north_macedonia norway oman pakistan palau palestine panama papua_new_guinea paraguay peru
philippines poland portugal puerto_rico qatar romania russia rwanda samoa san_marino saudi_arabia senegal
serbia seychelles sierra_leone singapore slovakia slovenia solomon_islands somalia south_africa
south_korea korea south_sudan spain sri_lanka sudan suriname sweden switzerland syria taiwan tajikistan
tanzania thailand timor-leste east_timor togo tonga trinidad tunisia turkey türkiye turkmenistan tuvalu
uganda ukraine united_arab_emirates uae united_kingdom uk britain great_britain united_states usa
america uruguay uzbekistan vanuatu vatican venezuela vietnam yemen zambia zimbabwe greenland gaza
west_bank crimea"""

_US_STATES = """alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii
idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
mississippi missouri montana nebraska nevada new_hampshire new_jersey new_mexico new_york north_carolina
north_dakota ohio oklahoma oregon pennsylvania rhode_island south_carolina south_dakota tennessee texas
utah vermont virginia washington west_virginia wisconsin wyoming"""

_OTHER = """england scotland wales northern_ireland europe asia africa antarctica oceania north_america
south_america latin_america middle_east"""

PLACES: frozenset[str] = frozenset(
    name.replace("_", " ") for name in (_COUNTRIES + " " + _US_STATES + " " + _OTHER).split()
)
LONGEST = max(len(p.split()) for p in PLACES)

# What news names a government by, beside its country: "The Kremlin said ..." is Russia saying it ("What did Russia
# say about the dam?"), "Beijing warned ..." China. Lower case; a country's other names are in `_COUNTRIES`.
_SEATS = {
    "russia": ("kremlin", "moscow"),
    "united states": ("white house", "washington"),
    "us": ("white house", "washington"),
    "u.s.": ("white house", "washington"),
    "usa": ("white house", "washington"),
    "america": ("white house", "washington"),
    "china": ("beijing",),
    "ukraine": ("kyiv", "kiev"),
    "united kingdom": ("downing street", "london"),
    "uk": ("downing street", "london"),
    "britain": ("downing street", "london"),
    "france": ("elysee", "élysée", "paris"),
    "germany": ("berlin",),
    "iran": ("tehran",),
    "israel": ("jerusalem",),
    "japan": ("tokyo",),
    "north korea": ("pyongyang",),
    "south korea": ("seoul",),
    "turkey": ("ankara",),
    "india": ("new delhi", "delhi"),
    "european union": ("brussels",),
    "eu": ("brussels",),
}


def seats_of(country: str) -> tuple[str, ...]:
    """The names a country's government goes by in news ("russia" -> "kremlin", "moscow"); none for another name."""
    key = " ".join(country.lower().replace("the ", " ").split())
    return _SEATS.get(key, ())
