"""Crisis and emergency lines by country, as data.

Each crisis line was checked against a stored public page before it was written
here: ``checked`` says when and ``source`` is the page. A number that could not be
confirmed from such a page is left out; the country's emergency number and
findahelpline.com always remain (``cuelog.wording.safety``). The emergency numbers
are the general ones (112 across the EU); where a page listed them too, it is the
same ``source``.

``how``: "call" or "call or text". ``hours``: only where a line is not open day and
night, as the page gave them.
"""

from __future__ import annotations

from typing import NamedTuple


class CrisisLine(NamedTuple):
    country: str  # ISO 3166 alpha-2
    name: str  # the country's name, as said in "Numbers for Germany"
    line: str  # the service's own name
    numbers: tuple[str, ...]
    how: str
    emergency: str  # the general emergency number(s), "999 or 112"
    source: str
    checked: str
    hours: str | None = None
    numbers_first: bool = False  # "call 3114 (the national ...)" rather than "call Samaritans on 116 123"


CHECKED = "2026-12-08"

CRISIS_LINE_TABLE: tuple[CrisisLine, ...] = (
    CrisisLine(
        "US", "the US", "Suicide & Crisis Lifeline", ("988",), "call or text", "911",
        "https://www.mhn.com/members/news/988_Introduction.html",
        CHECKED, numbers_first=True,
    ),
    CrisisLine(
        "CA", "Canada", "Suicide Crisis Helpline", ("988",), "call or text", "911",
        "https://www.newswire.ca/news-releases/government-of-canada-launches-three-digit-suicide-crisis-helpline-896472116.html",
        CHECKED, numbers_first=True,
    ),
    CrisisLine(
        "GB", "the UK", "Samaritans", ("116 123",), "call", "999 or 112",
        "https://www.samaritans.org/how-we-can-help/contact-samaritan/", CHECKED,
    ),
    CrisisLine(
        "IE", "Ireland", "Samaritans", ("116 123",), "call", "112 or 999",
        "http://www.newstalk.com/reader/47.301/69999/0/", CHECKED,
    ),
    CrisisLine(
        "AU", "Australia", "Lifeline", ("13 11 14",), "call", "000",
        "https://lifelineh2h.org.au/get-help/telephone-crisis-support/faqs/", CHECKED,
    ),
    CrisisLine(
        "NZ", "New Zealand", "Need to talk?", ("1737",), "call or text", "111",
        "https://m.scoop.co.nz/stories/PA1706/S00527/single-phone-number-to-access-support-services.htm",
        CHECKED, numbers_first=True,
    ),
    CrisisLine(
        "DE", "Germany", "TelefonSeelsorge", ("0800 111 0 111", "0800 111 0 222"), "call", "112",
        "https://www.domradio.de/glossar/telefonseelsorge-0", CHECKED,
    ),
    CrisisLine(
        "AT", "Austria", "TelefonSeelsorge", ("142",), "call", "112",
        "https://www.katholisch.at/telefonseelsorge", CHECKED,
    ),
    CrisisLine(
        "CH", "Switzerland", "Die Dargebotene Hand / La Main Tendue", ("143",), "call", "144 or 112",
        "https://www.143.ch/unsere-geschichte/", CHECKED,
    ),
    CrisisLine(
        "FR", "France", "the national suicide prevention line", ("3114",), "call", "15 or 112",
        "https://www.mayotte.ars.sante.fr/3114-le-numero-national-de-prevention-du-suicide",
        CHECKED, numbers_first=True,
    ),
    CrisisLine(
        "BE", "Belgium", "Zelfmoordlijn", ("1813",), "call", "112",
        "https://nieuws.vtm.be/binnenland/67758-nieuw-nummer-zelfmoordlijn1813", CHECKED,
    ),
    CrisisLine(
        "NL", "the Netherlands", "113 Zelfmoordpreventie", ("113", "0800 0113"), "call", "112",
        "https://www.upday.com/nl/binnenland/nummer-113-nu-gratis-betere-hulp-bij-zelfdodingsgedachten/pj8neqt",
        CHECKED,
    ),
    CrisisLine(
        "ES", "Spain", "the suicide prevention line", ("024",), "call", "112",
        "https://www.rtve.es/noticias/20220509/sanidad-presenta-telefono-prevencion-suicidio/2347183.shtml",
        CHECKED, numbers_first=True,
    ),
    CrisisLine(
        "PT", "Portugal", "the suicide prevention line", ("1411",), "call", "112",
        "https://www.dn.pt/sociedade/linha-de-apoio-%C3%A0-preven%C3%A7%C3%A3o-do-suic%C3%ADdio-entrou-em-funcionamento-e-tem-o-n%C3%BAmero-1411",
        CHECKED, numbers_first=True,
    ),
    CrisisLine(
        "IT", "Italy", "Telefono Amico", ("02 2327 2327",), "call", "112",
        "https://vivimilano.corriere.it/attivita-bambini/attivita-varie/coronavirus-telefono-amico-italia-attiva-un-nuovo-numero/",
        CHECKED,
        "10:00–24:00",
    ),
    CrisisLine(
        "SE", "Sweden", "Mind Självmordslinjen", ("90101",), "call", "112",
        "https://newsroom.notified.com/mind-1/posts/pressreleases/vasterbotten-har-bast-psykisk-halsa-enligt-mi",
        CHECKED,
    ),
    CrisisLine(
        "NO", "Norway", "Mental Helse hjelpetelefonen", ("116 123",), "call", "113 or 112",
        "https://www.nrk.no/osloogviken/over-100-barn-under-ni-ar-har-tatt-kontakt-_-hjelpetelefoner-slar-alarm-1.15736352",
        CHECKED,
    ),
    CrisisLine(
        "DK", "Denmark", "Livslinien", ("70 201 201",), "call", "112",
        "https://cphpost.dk/2015-10-26/news/suicide-prevention-lifeline-gets-funding-to-stay-open-at-night/",
        CHECKED,
    ),
    CrisisLine(
        "FI", "Finland", "MIELI Kriisipuhelin", ("09 2525 0111",), "call", "112",
        "https://mentalhealth.fi/where-to-go-in-an-emergency", CHECKED,
    ),
    CrisisLine(
        "PL", "Poland", "Centrum Wsparcia", ("800 70 2222",), "call", "112",
        "https://zdrowie.pap.pl/psyche/na-kryzys-telefon-800-70-2222", CHECKED,
    ),
    CrisisLine(
        "IN", "India", "Tele-MANAS", ("14416", "1800 891 4416"), "call", "112",
        "https://www.tribuneindia.com/news/himachal/mental-healthcare-service-launched-548635", CHECKED,
    ),
    CrisisLine(
        "ZA", "South Africa", "SADAG Suicide Crisis Helpline", ("0800 567 567",), "call", "10177 or 112",
        "http://www.pressreader.com/south-africa/the-star-early-edition/20190212/281668256233737", CHECKED,
    ),
    CrisisLine(
        "BR", "Brazil", "CVV", ("188",), "call", "192",
        "https://pt.wikipedia.org/wiki/Centro_de_Valoriza%C3%A7%C3%A3o_da_Vida", CHECKED,
    ),
    CrisisLine(
        "MX", "Mexico", "Línea de la Vida", ("800 911 2000",), "call", "911",
        "https://www.eluniversal.com.mx/nacion/promueven-la-linea-de-la-vida-tras-presentar-encuesta-sobre-consumo-de-drogas-asi-puedes-pedir-ayuda/",
        CHECKED,
    ),
    CrisisLine(
        "AR", "Argentina", "the national mental health line", ("0800 999 0091",), "call", "911 or 107",
        "https://www.ospia.org.ar/?p=1635", CHECKED,
    ),
    CrisisLine(
        "SG", "Singapore", "Samaritans of Singapore", ("1767",), "call", "995",
        "https://mothership.sg/2022/09/sos-24h-whatsapp-service", CHECKED,
    ),
    CrisisLine(
        "JP", "Japan", "Yorisoi Hotline", ("0120 279 338",), "call", "119",
        "https://kotobank.jp/word/%E3%82%88%E3%82%8A%E3%81%9D%E3%81%84%E3%81%BB%E3%81%A4%E3%81%A8%E3%82%89%E3%81%84%E3%82%93-3193813",
        CHECKED,
    ),
    CrisisLine(
        "KR", "South Korea", "the suicide prevention line", ("109",), "call", "119",
        "https://newspim.com/news/view/20240102000281",
        CHECKED, numbers_first=True,
    ),
    CrisisLine(
        "HK", "Hong Kong", "The Samaritan Befrienders Hong Kong", ("2389 2222",), "call", "999",
        "https://csrp.hku.hk/getting-help/", CHECKED,
    ),
)  # fmt: skip

CRISIS_LINE_BY_COUNTRY = {line.country: line for line in CRISIS_LINE_TABLE}

# Countries with no crisis line checked here yet: the general emergency number only
# (112 works across the EU), with findahelpline.com for a line.
EMERGENCY_ONLY: dict[str, tuple[str, str]] = {
    code: (name, "112")
    for code, name in (
        ("BG", "Bulgaria"),
        ("CY", "Cyprus"),
        ("CZ", "Czechia"),
        ("EE", "Estonia"),
        ("GR", "Greece"),
        ("HR", "Croatia"),
        ("HU", "Hungary"),
        ("LT", "Lithuania"),
        ("LU", "Luxembourg"),
        ("LV", "Latvia"),
        ("MT", "Malta"),
        ("RO", "Romania"),
        ("SI", "Slovenia"),
        ("SK", "Slovakia"),
    )
}
