"""Where cuelog's generic claims come from (``cuelog sources``). Offline data.

Each entry: a stable ``key`` (safety notices and window texts use the same keys),
the ``claim`` in cuelog's own words, as hedged as the product says it, and the
``sources``. The claims are user-facing text and follow the wording rules; the
source titles are quoted as published (some use words cuelog itself avoids,
such as "relapse" or "addicts"), and that is the one exemption the wording tests make.
"""

from __future__ import annotations

from typing import NamedTuple

from cuelog.wording.places import CRISIS_LINE_TABLE


# A named tuple: defined several times faster than a frozen dataclass, on every start.
class Source(NamedTuple):
    key: str
    claim: str
    sources: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"key": self.key, "claim": self.claim, "sources": list(self.sources)}


# Repeated references, written once.
MARLATT_GORDON_1985 = (
    "Marlatt GA, Gordon JR (eds). Relapse Prevention: Maintenance Strategies in the Treatment of "
    "Addictive Behaviors. New York: Guilford Press; 1985."
)
SHIFFMAN_1996 = (
    "Shiffman S, Hickcox M, Paty JA, Gnys M, Kassel JD, Richards TJ. Progression from a smoking lapse to "
    "relapse: prediction from abstinence violation effects, nicotine dependence, and lapse characteristics. "
    "J Consult Clin Psychol. 1996;64(5):993-1002."
)
WITKIEWITZ_MARLATT_2004 = (
    "Witkiewitz K, Marlatt GA. Relapse prevention for alcohol and drug problems: that was Zen, this is Tao. "
    "Am Psychol. 2004;59(4):224-235."
)
MCLELLAN_2000 = (
    "McLellan AT, Lewis DC, O'Brien CP, Kleber HD. Drug dependence, a chronic medical illness: implications "
    "for treatment, insurance, and outcomes evaluation. JAMA. 2000;284(13):1689-1695."
)
STRANG_2003 = (
    "Strang J, McCambridge J, Best D, et al. Loss of tolerance and overdose mortality after inpatient opiate "
    "detoxification: follow up study. BMJ. 2003;326(7396):959-960."
)
BINSWANGER_2007 = (
    "Binswanger IA, Stern MF, Deyo RA, et al. Release from prison: a high risk of death for former inmates. "
    "N Engl J Med. 2007;356(2):157-165."
)
WHO_2014 = "World Health Organization. Community management of opioid overdose. Geneva: WHO; 2014."
CICCARONE_2021 = (
    "Ciccarone D. The rise of illicit fentanyls, stimulants and the fourth wave of the opioid overdose "
    "crisis. Curr Opin Psychiatry. 2021;34(4):344-350."
)
MERRALL_2010 = (
    "Merrall ELC, Kariminia A, Binswanger IA, et al. Meta-analysis of drug-related deaths soon after release "
    "from prison. Addiction. 2010;105(9):1545-1554."
)
SORDO_2017 = (
    "Sordo L, Barrio G, Bravo MJ, et al. Mortality risk during and after opioid substitution treatment: "
    "systematic review and meta-analysis of cohort studies. BMJ. 2017;357:j1550."
)
LAROCHELLE_2018 = (
    "Larochelle MR, Bernson D, Land T, et al. Medication for opioid use disorder after nonfatal opioid overdose "
    "and association with mortality: a cohort study. Ann Intern Med. 2018;169(3):137-145."
)
FDA_2016 = (
    "U.S. Food and Drug Administration. FDA requires strong warnings for opioid analgesic and prescription "
    "opioid cough products, and benzodiazepine labeling related to serious risks and death from combined use. "
    "Drug Safety Communication, 31 August 2016."
)
SAMHSA_OVERDOSE_TOOLKIT = (
    "Substance Abuse and Mental Health Services Administration. SAMHSA Overdose Prevention and Response "
    "Toolkit. Rockville, MD: SAMHSA; 2023."
)
DEA_ONE_PILL = (
    "U.S. Drug Enforcement Administration. One Pill Can Kill (public safety alert and laboratory testing of "
    "counterfeit pills, 2021-2023). dea.gov/onepill."
)
NICE_CG115 = (
    "National Institute for Health and Care Excellence. Alcohol-use disorders: diagnosis, assessment and "
    "management of harmful drinking (high-risk drinking) and alcohol dependence (CG115). London: NICE; 2011."
)
SOYKA_2017 = "Soyka M. Treatment of benzodiazepine dependence. N Engl J Med. 2017;376(12):1147-1157."
KARLSSON_2018 = (
    "Karlsson A, Håkansson A. Gambling disorder, increased mortality, suicidality, and associated comorbidity: "
    "a longitudinal nationwide register study. J Behav Addict. 2018;7(4):1091-1099."
)
NICE_CG100 = (
    "National Institute for Health and Care Excellence. Alcohol-use disorders: diagnosis and management of "
    "physical complications (CG100). London: NICE; 2010, updated 2017."
)
ASAM_2020 = (
    "American Society of Addiction Medicine. The ASAM Clinical Practice Guideline on Alcohol Withdrawal "
    "Management. J Addict Med. 2020;14(3S Suppl 1):1-72."
)
FDA_2020 = (
    "U.S. Food and Drug Administration. FDA requiring Boxed Warning updated to improve safe use of "
    "benzodiazepine drug class. Drug Safety Communication, 23 September 2020."
)
WOJTOWICZ_2008 = (
    "Wojtowicz JM, Yarema MC, Wax PM. Withdrawal from gamma-hydroxybutyrate, 1,4-butanediol and "
    "gamma-butyrolactone: a case report and systematic review. CJEM. 2008;10(1):69-74."
)
GAWIN_KLEBER_1986 = (
    "Gawin FH, Kleber HD. Abstinence symptomatology and psychiatric diagnosis in cocaine abusers: clinical "
    "observations. Arch Gen Psychiatry. 1986;43(2):107-113."
)
WEDDINGTON_1990 = (
    "Weddington WW, Brown BS, Haertzen CA, et al. Changes in mood, craving, and sleep during short-term "
    "abstinence reported by male cocaine addicts: a controlled, residential study. Arch Gen Psychiatry. "
    "1990;47(9):861-868."
)
COFFEY_2000 = (
    "Coffey SF, Dansky BS, Carrigan MH, Brady KT. Acute and protracted cocaine abstinence in an outpatient "
    "population: a prospective study of mood, sleep and withdrawal symptoms. Drug Alcohol Depend. "
    "2000;59(3):277-286."
)
MATRIX_2006 = (
    "Substance Abuse and Mental Health Services Administration. Counselor's Treatment Manual: Matrix "
    "Intensive Outpatient Treatment for People With Stimulant Use Disorders. Rockville, MD: SAMHSA; 2006."
)
GRIMM_2001 = (
    "Grimm JW, Hope BT, Wise RA, Shaham Y. Neuroadaptation: incubation of cocaine craving after withdrawal. "
    "Nature. 2001;412(6843):141-142."
)
BEDI_2011 = (
    "Bedi G, Preston KL, Epstein DH, et al. Incubation of cue-induced cigarette craving during abstinence in "
    "human smokers. Biol Psychiatry. 2011;69(7):708-711."
)
WANG_2013 = (
    "Wang G, Shi J, Chen N, et al. Effects of length of abstinence on decision-making and craving in "
    "methamphetamine abusers. PLoS One. 2013;8(7):e68791."
)
BOWEN_MARLATT_2009 = (
    "Bowen S, Marlatt A. Surfing the urge: brief mindfulness-based intervention for college student smokers. "
    "Psychol Addict Behav. 2009;23(4):666-671."
)
BOWEN_2011 = (
    "Bowen S, Chawla N, Marlatt GA. Mindfulness-Based Relapse Prevention for Addictive Behaviors: "
    "A Clinician's Guide. New York: Guilford Press; 2011."
)
EPSTEIN_2009 = (
    "Epstein DH, Willner-Reid J, Vahabzadeh M, Mezghanni M, Lin JL, Preston KL. Real-time electronic diary "
    "reports of cue exposure and mood in the hours before cocaine and heroin craving and use. Arch Gen "
    "Psychiatry. 2009;66(1):88-94."
)

SOURCES: tuple[Source, ...] = (
    Source(
        "crisis",
        "Crisis lines: cuelog keeps a table of lines for 28 places, each checked against a public page on the "
        "date given below, with the general emergency number; for example, in the "
        "US and Canada, call or text 988; in the UK and Ireland, Samaritans on 116 123; in Germany, "
        "TelefonSeelsorge on 0800 111 0 111; in France, 3114; in India, Tele-MANAS on 14416. Elsewhere, "
        "findahelpline.com lists lines by country, and local emergency services are always an option. Without "
        "CUELOG_COUNTRY the place is guessed from the locale, and cuelog says so. Word lists miss things, so "
        "cuelog help-now shows these without any.",
        (
            "988 Suicide & Crisis Lifeline (United States): 988lifeline.org",
            "9-8-8 Suicide Crisis Helpline (Canada): 988.ca",
            "Samaritans (UK and Ireland): samaritans.org",
            "Lifeline Australia: lifeline.org.au",
            "Need to talk? 1737 (New Zealand): 1737.org.nz",
            "Find A Helpline (international directory): findahelpline.com",
            *(
                f"{line.country}: {line.line}, {' or '.join(line.numbers)}, checked {line.checked} against "
                f"{line.source}. Emergency number: {line.emergency}."
                for line in CRISIS_LINE_TABLE
            ),
        ),
    ),
    Source(
        "overdose-emergency",
        "In a suspected opioid overdose (cannot be woken, slow or stopped breathing, blue or grey lips, pinpoint "
        "pupils, gurgling): call the emergency number, give naloxone, give rescue breaths to someone who is not "
        "breathing and turn someone who is breathing on their side, and stay: naloxone can wear off before the "
        "opioid does, and a second dose may be needed.",
        (WHO_2014, SAMHSA_OVERDOSE_TOOLKIT),
    ),
    Source(
        "overdose",
        "Opioid tolerance falls within days of stopping, so an amount that was usual before can cause an "
        "overdose; deaths cluster in the first weeks after leaving prison or detox. After release from prison "
        "the risk of a drug-related death is highest in the first two weeks and still raised in weeks 3-4, so "
        "cuelog keeps this note in status for 28 days after a use. Not using alone, using much less, and "
        "keeping naloxone near with someone who can give it lower the risk; alcohol, benzodiazepines and other "
        "sedatives on top slow breathing further. Being in methadone or buprenorphine treatment roughly halves "
        "the risk of dying, also after a non-fatal overdose.",
        (STRANG_2003, BINSWANGER_2007, MERRALL_2010, WHO_2014, FDA_2016, SORDO_2017, LAROCHELLE_2018),
    ),
    Source(
        "stimulant-supply",
        "With cocaine, crack, methamphetamine and other stimulants, the main overdose danger now is fentanyl in "
        "the supply, often unknown to the person using; falling tolerance is the opioid risk, not this one. "
        "cuelog keeps this note in status for 14 days after a use.",
        (CICCARONE_2021, WHO_2014),
    ),
    Source(
        "sedative-pills",
        "Pills bought outside a pharmacy (street \u201cbars\u201d, \u201cxans\u201d, fake Xanax or oxycodone) can "
        "contain fentanyl or strong novel sedatives, whatever they look like. Sedatives taken with alcohol or "
        "opioids slow breathing more than either alone.",
        (DEA_ONE_PILL, FDA_2016),
    ),
    Source(
        "withdrawal-stopping",
        "Stopping alcohol after regular heavy drinking, or benzodiazepines, other sedatives (many sleeping "
        "pills), GHB/GBL or barbiturates after daily use for more than a few weeks (even at prescribed doses), "
        "can cause dangerous withdrawal, including seizures. For alcohol, assisted withdrawal is usually a short "
        "course of medicine (most often a benzodiazepine) from a doctor, at home or in a service, not cutting "
        "down on your own; for the sedatives, a doctor can help by tapering the dose.",
        (NICE_CG100, NICE_CG115, ASAM_2020, FDA_2020, SOYKA_2017, WOJTOWICZ_2008),
    ),
    Source(
        "alcohol-withdrawal-signs",
        "Alcohol withdrawal symptoms usually start 6-12 hours after the last drink and peak within 1-3 days; "
        "seizures mostly come within 48 hours, and delirium tremens (confusion, seeing things) typically at "
        "2-3 days, which is an emergency. cuelog shows these signs up to day 5 after the quit date.",
        (NICE_CG100, ASAM_2020),
    ),
    Source(
        "withdrawal-returning",
        "After use becomes daily again, withdrawal can return on stopping; shaking, confusion, hallucinations or "
        "a seizure need urgent medical help.",
        (NICE_CG100, ASAM_2020),
    ),
    Source(
        "behaviours",
        "For gambling, gaming, betting or shopping, none of the drug safety lines apply, and cuelog shows none; "
        "the crisis check still does, since gambling harm goes with a raised risk of suicide.",
        (KARLSSON_2018,),
    ),
    Source(
        "several-lapses",
        "Returning to use is common in recovery, and staying in contact with treatment after setbacks goes with "
        "better outcomes; several lapses close together are a reason to get more support, not a verdict.",
        (MCLELLAN_2000, WITKIEWITZ_MARLATT_2004),
    ),
    Source(
        "lapses-common",
        "Returning to use after treatment is common: McLellan and colleagues put it at 40-60% for substance use "
        "disorders, similar to type 1 diabetes (30-50%) and to hypertension and asthma (50-70%).",
        (MCLELLAN_2000,),
    ),
    Source(
        "lapse-one-event",
        "Reading a lapse as proof of something fixed and personal (the abstinence violation effect) goes with "
        "further use; seeing it as one situation that can change helps people get back on track. "
        "“I’ve blown it anyway” is a common thought after a lapse, not a fact.",
        (MARLATT_GORDON_1985, SHIFFMAN_1996),
    ),
    Source(
        "chain-analysis",
        "The reflection questions follow a chain analysis: what made the moment more likely, what set it off, "
        "the links in between, and where the chain could break; and the high-risk situations of Marlatt's "
        "model, positive ones such as celebrating included.",
        (
            "Linehan MM. DBT Skills Training Manual. 2nd ed. New York: Guilford Press; 2015.",
            MARLATT_GORDON_1985,
            EPSTEIN_2009,
        ),
    ),
    Source(
        "confidence",
        "Confidence for handling a specific high-risk situation (self-efficacy) goes with better outcomes after "
        "a lapse, and can be built one step at a time.",
        (
            WITKIEWITZ_MARLATT_2004,
            "Bandura A. Self-efficacy: toward a unifying theory of behavioral change. Psychol Rev. 1977;84(2):191-215.",
        ),
    ),
    Source(
        "next-24-hours",
        "The hours and days after a first lapse can carry a higher chance of further use; a concrete plan for "
        "them may help.",
        (MARLATT_GORDON_1985, SHIFFMAN_1996),
    ),
    Source(
        "high-risk-situations",
        "Marlatt's high-risk situations (negative feelings, social pressure, conflict, urges, testing control, "
        "physical discomfort, good feelings) are a vocabulary, not a diagnosis; later studies found them less "
        "reliable. HALT (hungry, angry, lonely, tired) is everyday recovery shorthand, not a research finding.",
        (MARLATT_GORDON_1985, EPSTEIN_2009),
    ),
    Source(
        "if-then-plans",
        "If-then plans can help: across goals in general the effect was medium to large (d about 0.65), and for "
        "alcohol and smoking smaller and mixed; studies on other drugs are scarce.",
        (
            "Gollwitzer PM, Sheeran P. Implementation intentions and goal achievement: a meta-analysis of effects "
            "and processes. Adv Exp Soc Psychol. 2006;38:69-119.",
            "Malaguti A, Ciocanel O, Sani F, Dillon JF, Eriksen A, Power K. Effectiveness of the use of "
            "implementation intentions on reduction of substance use: a meta-analysis. Drug Alcohol Depend. "
            "2020;214:108120.",
            "Cooke R, McEwan H, Norman P. The effect of forming implementation intentions on alcohol consumption: "
            "a systematic review and meta-analysis. Drug Alcohol Rev. 2022. doi:10.1111/dar.13553",
        ),
    ),
    Source(
        "urge-surfing",
        "Cravings often rise, peak and pass within minutes. Noticing one without acting on it (urge surfing), "
        "breathing, waiting and moving are skills from mindfulness-based approaches.",
        (MARLATT_GORDON_1985, BOWEN_MARLATT_2009, BOWEN_2011),
    ),
    Source(
        "weeks-2-4",
        "Some people notice cravings return or feel stronger a week or a few weeks after stopping; one treatment "
        "manual warns of overconfidence around day 15. In controlled studies everyday craving often eased "
        "steadily over the first month instead.",
        (GAWIN_KLEBER_1986, MATRIX_2006, WEDDINGTON_1990, COFFEY_2000),
    ),
    Source(
        "stimulant-crash",
        "After stimulants, the first days often bring exhaustion (the crash); craving may return as it lifts. "
        "This describes stimulants, not every substance.",
        (GAWIN_KLEBER_1986,),
    ),
    Source(
        "cue-craving-lasts",
        "Craving set off by cues can stay strong or grow for one to three months after stopping (incubation of "
        "craving); the Matrix Model calls roughly days 46-120 “the wall”. Passing day 27 is not an all-clear.",
        (GRIMM_2001, BEDI_2011, WANG_2013, MATRIX_2006),
    ),
    Source(
        "days-without-use",
        "Counting days without use from daily records (as the Timeline Followback does) is a standard, honest "
        "measure; cuelog counts a day as without use only when a check-in says so.",
        (
            "Sobell LC, Sobell MB. Timeline Follow-Back: a technique for assessing self-reported alcohol "
            "consumption. In: Litten RZ, Allen JP (eds). Measuring Alcohol Consumption. Totowa, NJ: Humana "
            "Press; 1992:41-72.",
        ),
    ),
    Source(
        "safety-plan",
        "A safety plan in a person's own words (warning signs, things to do alone, people and places, people to "
        "ask, professionals, a safer place, and what they live for) is a recognised step for a crisis; with "
        "follow-up calls after an emergency visit it was associated with about half as much suicidal behaviour.",
        (
            "Stanley B, Brown GK. Safety Planning Intervention: a brief intervention to mitigate suicide risk. "
            "Cogn Behav Pract. 2012;19(2):256-264.",
            "Stanley B, Brown GK, Brenner LA, et al. Comparison of the Safety Planning Intervention with follow-up "
            "vs usual care of suicidal patients treated in the emergency department. JAMA Psychiatry. "
            "2018;75(9):894-900.",
        ),
    ),
    Source(
        "means-safety",
        "Putting time and distance between a person and the means (someone holding the pills or the supply) can "
        "lower the risk of dying in a crisis.",
        (
            "Yip PSF, Caine E, Yousuf S, Chang SS, Wu KCC, Chen YY. Means restriction for suicide prevention. "
            "Lancet. 2012;379(9834):2393-2399.",
            "Barber CW, Miller MJ. Reducing a suicidal person's access to lethal means of suicide: a research "
            "agenda. Am J Prev Med. 2014;47(3 Suppl 2):S264-S272.",
        ),
    ),
    Source(
        "safety-item",
        "Asking directly about thoughts of self-harm or suicide, as a daily diary card or a screener does, does "
        "not put the idea in someone's head, and can help them say it.",
        (
            "Dazzi T, Gribble R, Wessely S, Fear NT. Does asking about suicide and related behaviours induce "
            "suicidal ideation? What is the evidence? Psychol Med. 2014;44(16):3361-3363.",
            "Posner K, Brown GK, Stanley B, et al. The Columbia-Suicide Severity Rating Scale: initial validity "
            "and internal consistency findings. Am J Psychiatry. 2011;168(12):1266-1277.",
            "Linehan MM. DBT Skills Training Manual. 2nd ed. New York: Guilford Press; 2015 (the diary card).",
        ),
    ),
    Source(
        "just-in-time-nudges",
        "Support that reaches out at a person's own risky times may help: in one trial, a phone app that "
        "prompted people at high-risk times and places (A-CHESS) went with fewer risky drinking days than "
        "usual care; just-in-time adaptive interventions aim to offer support when a person's own data say "
        "the risk is high and they can still act.",
        (
            "Gustafson DH, McTavish FM, Chih MY, Atwood AK, Johnson RA, Boyle MG, et al. A smartphone application "
            "to support recovery from alcoholism: a randomized clinical trial. JAMA Psychiatry. "
            "2014;71(5):566-572.",
            "Nahum-Shani I, Smith SN, Spring BJ, Collins LM, Witkiewitz K, Tewari A, Murphy SA. Just-in-time "
            "adaptive interventions (JITAIs) in mobile health: key components and design principles for ongoing "
            "health behavior support. Ann Behav Med. 2018;52(6):446-462.",
        ),
    ),
)

_BY_KEY = {s.key: s for s in SOURCES}


def source(key: str) -> Source | None:
    return _BY_KEY.get(key)


def sources_document() -> dict:
    """``cuelog sources --json``."""
    return {"sources": [s.as_dict() for s in SOURCES]}
