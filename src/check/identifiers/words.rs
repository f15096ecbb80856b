//! Compiled-in word lists for the identifier scanner: given names that are
//! also words, and the ordinary capitalised words (roles, services,
//! function words) that must never be taken for a name or a place. The
//! given-name and surname lists are data files, read by [`super::names`];
//! places known by name (towns, counties, health boards, hospitals) are in
//! [`super::places`].
//!
//! Lists are whitespace-separated text so they read as data; each is split
//! once into a set on first use. Comparisons are exact and case-sensitive
//! ("Leeds", not "leeds"), with typographic apostrophes folded to `'` by the
//! caller.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::names::{self, Known};

/// Given names that are also ordinary words ("Will I cope?", "Hope is…").
/// Flagged only when capitalised in the middle of a sentence after a
/// lower-case word that is not an article ("I told Will"), or in a name
/// context: after a title, after a relative or partner ("my colleague
/// Joy"), after "called"/"named", before a surname, before a reporting
/// verb ("Jack said"), or before "and I".
const WORD_NAMES: &str = "
Amber Bill Bob Brook Carol Cliff Crystal Daisy Dale Dawn Don Dot Drew Ebony
Faith Favour Frank Glen Grace Guy Hazel Heather Holly Honey Hope Hunter Iris
Ivy Jack Jade Joy Kit Mark Max Mercy Nick Olive Pat Patience Pearl Penny Poppy
Precious Blessing Ray Rob Robin Rose Ruby Sandy Sonny Sue Viv Will Willow
";

/// Given names that are mostly something else: months, seasons, roles,
/// nouns. Never flagged on capitalisation alone, only in a name context
/// (see [`WORD_NAMES`]).
const RARE_NAMES: &str = "
April August June May Summer Autumn Angel Chance Charity Chase Christian Dean
Destiny Eve Gift Grant Happiness Harmony Honour Justice Miles Nana Peace Rain
River Sage Sky Star Storm Sunny Wisdom
";

/// Titles that come before a name.
const TITLES: &str = "
Dr Mr Mrs Ms Mx Miss Prof Professor Doctor Sister Nurse Matron Sir Dame Lady
Lord Rev Revd Reverend Father Fr Aunt Auntie Aunty Uncle Nan Grandma Grandad
Granny
";

/// Lower-case words for a relative, partner, friend or colleague: a
/// capitalised word straight after one ("my husband Tom", "her sister,
/// Aisha") is a name.
const RELATIONS: &str = "
husband wife partner boyfriend girlfriend fiancé fiancée fiance fiancee spouse
son daughter child kids children baby mum mom mother dad father brother sister
sibling twin stepmum stepdad stepson stepdaughter grandmother grandfather
grandma grandad granddad gran nan granny grandson granddaughter aunt auntie
aunty uncle cousin niece nephew friend friends colleague colleagues flatmate
housemate neighbour mentor supervisor consultant registrar trainer therapist
counsellor psychiatrist psychologist boss manager coach tutor buddy trainee
nurse doctor midwife pharmacist physio receptionist secretary coordinator
chaplain sons daughters brothers sisters
";

/// Verbs that, straight after a word-like name, make it a person ("Jack
/// said", "Grace told me").
const REPORTING_VERBS: &str = "
said says told asked texted messaged emailed rang phoned called replied wrote
suggested explained insisted admitted whispered laughed smiled nodded agreed
offered promised listened noticed
";

/// Words that can follow a place name's distinctive part and make it an
/// institution or a site: "<Name> Hospital", "<Name> Ward".
const PLACE_SUFFIXES: &str = "
Hospital Hospitals Infirmary Trust Surgery Practice Clinic Ward Unit
University Hospice Deanery Wing Suite House Building Street Road Lane Avenue
Square Centre Center Board Network Partnership School College Campus Prison
";

/// Suffixes of a building or street: the word before them is its name even
/// when it is an ordinary service word ("Deanery House", "Station Road").
const BUILDING_SUFFIXES: &str = "House Building Street Road Lane Avenue Square";

/// Lower-case words that may join the capitalised words of one place name
/// ("University of Leeds", "Newcastle upon Tyne").
const CONNECTORS: &str = "of and upon on the for de la le du y";

/// Lower-case words after which a word-like name is an ordinary noun ("the
/// Dean", "a Will", "my Faith").
const DETERMINERS: &str =
    "the a an this that these those some any no every each another its my your his her our their";

/// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: &str = "Dr Mr Mrs Ms Mx Prof Rev Revd Fr St Mt No Nos Dept approx vs etc";

/// Lower-case particles inside a surname ("Dr van der Berg").
const PARTICLES: &str = "van von der den de da di du le la al el bin ibn ap";

/// Ordinary capitalised words that start sentences or name times and
/// family: function words, days, months, seasons, festivals, kin terms.
/// Never a surname, never part of a place's name.
const COMMON_WORDS: &str = "
A About Above Across After Afterwards Again Against Ago All Almost Along
Already Also Although Always Am Among An And Another Any Anybody Anyone
Anything Anyway Are Around As At Away Back Be Because Been Before Being Below
Besides Between Both But By Can Could Did Do Does Doing Done Down During Each
Early Either Else Even Eventually Ever Every Everybody Everyone Everything
Except Few Finally First For From Further Had Has Have Having He Her Here Hers
Herself Him Himself His How However I If In Inside Instead Into Is It Its
Itself Just Last Late Later Less Like Luckily Many Maybe Me Meanwhile Might
Mine More Most Much Must My Myself Near Nearly Neither Never Next No Nobody
None Nor Not Nothing Now Of Off Often On Once One Only Or Other Others Our Ours
Ourselves Out Outside Over Own Perhaps Please Quite Rather Really Recently
Same Second Several Shall She Should Since So Some Somebody Someone Something
Sometimes Somehow Soon Still Such Than Thankfully That The Their Theirs Them
Themselves Then There These They Third This Those Though Through Throughout
Thus To Today Together Tomorrow Tonight Too Towards Under Unfortunately
Fortunately Honestly Until Up Upon Us Very Was We Well Were What Whatever When
Whenever Where Whether Which While Who Whoever Whole Whom Why With Within
Without Yes Yesterday Yet You Your Yours Yourself Looking Going Coming Working
Starting Returning Leaving Getting Having Being Feeling Thinking Walking
Sitting Talking Writing Back Looking Overall Initially Suddenly Slowly
Gradually High Ok OK Okay Hello Hi Dear Thanks Thank Sorry Oh Yeah Nope Right

Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mondays Tuesdays
Wednesdays Thursdays Fridays Saturdays Sundays January February March April
May June July August September October November December Jan Feb Mar Apr Jun
Jul Aug Sep Sept Oct Nov Dec Spring Summer Autumn Winter Christmas Easter
Eid Diwali Ramadan Hanukkah Vaisakhi New Year Years Week Weeks Month Months Day
Days Night Nights Morning Mornings Afternoon Evening Weekend Weekends Holiday
Holidays Bank Term

Mum Mom Mummy Dad Daddy Mother Father Grandma Grandad Granny Gran Nan Nana
Sister Brother Son Daughter Husband Wife Partner Baby God Lord Jesus Allah
";

/// Roles, grades, specialties, services and the generic words of
/// institutions ("Professional Support Unit", "General Infirmary"). Never a
/// surname; not enough, alone, to make "<words> Hospital" a named place.
const SERVICE_WORDS: &str = "
Doctor Doctors Doctors' Nurse Nurses Matron Consultant Consultants Registrar
Registrars Trainee Trainees Supervisor Supervisors Educational Clinical
Training Programme Program Director Directors Dean Deans Deanery Postgraduate
Undergraduate Associate Deputy Head Chief Executive Officer Officers Medical
Manager Managers Lead Leads Specialist Specialists Practitioner Practitioners
Physician Physicians Surgeon Surgeons Anaesthetist Anaesthetists Psychiatrist
Psychiatrists Psychologist Psychologists Paediatrician Paediatricians
Radiologist Radiologists Pathologist Pathologists Obstetrician Obstetricians
Gynaecologist Gynaecologists Midwife Midwives Pharmacist Pharmacists
Physiotherapist Therapist Therapists Counsellor Counsellors Coach Mentor
Mentors Tutor Fellow Fellows Student Students Graduate Graduates Resident
Residents Junior Juniors Senior Locum Locums Staff Grade Grades Core Higher
Specialty Foundation Year Years Charge Ward Sister Team Teams Service Services
Support Professional Occupational Health Wellbeing Well-being Mental Physical
Practitioner Educator Educators Coordinator Administrator Receptionist
Secretary Clerk Porter Chaplain Advocate Champion Guardian Freedom Speak
Speaking Up International General Acute Internal Emergency Urgent Intensive
Critical Care Primary Secondary Tertiary Community Family Public Private
Independent National Regional Local Royal County District Teaching
University Universities College Colleges School Schools Faculty Council
Association Society Federation Institute Board Boards Trust Trusts Hospital
Hospitals Infirmary Surgery Surgeries Practice Practices Clinic Clinics Unit
Units Centre Centres Center Department Departments Directorate Division
Network Networks Partnership Group Groups Service Services System Systems
Office Offices Hub Base Wing Suite Theatre Theatres Lounge Mess Library
Room Rooms Bay Bed Beds Floor Level Block Site Sites Campus Building
Forum Forums Committee Committees Union Unions Rep Reps Representative Body
Assembly Programmes Scheme Schemes Project Initiative
Fracture Anticoagulation Rapid Access Chest Gender Identity Pregnancy Frailty
Short Stay Haemodialysis Hyperacute Place Case Cottage Field Nightingale
Secure Medium Forensic Accommodation Car Smoking Cessation Catheter Cath Lab
Labs Laboratory Multi-faith Quiet Relatives Relatives' Bereavement Chaplaincy
Advice Outreach Resus Resuscitation Majors Minors Paeds Gynae Ortho Obs Advocates
Champions Counselling Employee Assistance Triage Casualty Observation Escalation
Step-down Sub-acute Continuing Respite Hospice Dementia Learning Disability
Disabilities Autism Perinatal Psychosis Early Intervention Psychotherapy
Psychotherapies Therapies Talking Wellness Diagnostic Diagnostics Screening
Vaccination Vaccine Testing Virtual Remote Telephone Video Online Digital Park
Parking

Medicine Medicines Surgery Surgical Paediatrics Paediatric Psychiatry
Psychiatric Psychology Obstetrics Gynaecology Anaesthetics Anaesthesia
Radiology Pathology Haematology Oncology Cardiology Cardiac Cardiothoracic
Respiratory Renal Neurology Neurosurgery Neuro Gastroenterology Hepatology
Endocrinology Diabetes Dermatology Rheumatology Urology Orthopaedics
Orthopaedic Trauma Plastics Plastic Ophthalmology Eye Eyes Ear Nose Throat
Geriatrics Geriatric Elderly Older Adult Adults Child Children Children's
Childrens Women's Womens Men's Maternity Neonatal Neonates Obstetric
Antenatal Postnatal Labour Delivery Birth Birthing Fertility Sexual
Genitourinary Infectious Infection Diseases Disease Microbiology Virology
Immunology Allergy Palliative Rehabilitation Rehab Stroke Burns Spinal
Coronary Dependency Day Assessment Admissions Admission Ambulatory
Decisions Discharge Transfer Isolation Recovery Endoscopy Dialysis Imaging
X-ray Pharmacy Theatres Outpatient Outpatients Inpatient Inpatients Walk-in
Minor Injuries Injury Treatment Crisis Home Liaison Memory Pain Sleep Eating
Disorders Disorder Drug Drugs Alcohol Addiction Addictions Substance Misuse
Dental Oral Maxillofacial Vascular Breast Colorectal Upper Lower Bowel Liver
Heart Lung Kidney Brain Cancer Tumour Blood Skin Bone Joint Covid COVID
Covid-19 Flu Special Specialised Specialist Baby Mother Young Youth Adolescent
Student Staff Return Work Workforce Education Learning Simulation Skills
Research Innovation Quality Safety Improvement Governance Review Reviews
Appraisal Revalidation Interview Interviews Exam Exams Examination
Examinations Panel Conference Meeting Meetings Seminar Lecture Course
Courses Workshop Workshops Session Sessions Round Rounds Handover Induction
Teaching Balint Schwartz Reflective Reflection Good Best Better Best Big
Small Large Main New Old Great Little Whole Entire Open Integrated Inclusive
Central North South East West Northern Southern Eastern Western Northeast
Northwest Southeast Southwest City Town Village Rural Urban Greater Inner
Outer Red Green Blue Yellow Orange Purple Pink White Black Brown Grey Gray
Gold Silver Sixth Form Grammar Business Nursing Midwifery Allied Healthcare
Health-care Social Sciences Science Life Sciences Biomedical Dentistry
Veterinary Graduate-entry Accident A&E ED ICU ITU HDU AMU SAU CCU NICU PICU
MAU CDU PSU NHS GP GPs BMA GMC RCP RCS RCGP RCPsych HEE HEIW NES ARCP CCT
TPD ES CS FY1 FY2 CT1 CT2 CT3 ST1 ST2 ST3 ST4 ST5 ST6 ST7 ST8 SHO SpR ENT
OK UK EU US USA UCL ACCS IMT LTFT OOP OOPC OOPE OOPR OOPT CV
England Scotland Wales Ireland Britain British English Scottish Welsh Irish
Northern Europe European India Indian Pakistan Pakistani Africa African Nigeria
Nigerian Ghana Ghanaian Poland Polish Romania Romanian America American
Asian Caribbean Muslim Christian Hindu Sikh Jewish Buddhist Catholic
";

/// Phrases that name national bodies, services, schemes or holidays and are
/// never identifying, however their words look ("Royal College of
/// Psychiatrists", "Practitioner Health", "Christmas Eve"). Tokens they cover
/// are never part of a name or a place. A phrase ending in " …" also covers
/// the capitalised words that follow it.
const SAFE_PHRASES: &[&str] = &[
    "Royal College of …",
    "Royal Colleges",
    "Faculty of …",
    "Academy of Medical Royal Colleges",
    "Practitioner Health",
    "NHS Practitioner Health",
    "BMA Wellbeing",
    "Health Education England",
    "Health Education and Improvement Wales",
    "NHS Education for Scotland",
    "NHS England",
    "NHS Scotland",
    "NHS Wales",
    "NHS Improvement",
    "NHS Employers",
    "NHS Resolution",
    "NHS Professionals",
    "Samaritans",
    "St John Ambulance",
    "St John's Ambulance",
    "Marie Curie",
    "Florence Nightingale",
    "Nuffield Trust",
    "Wellcome Trust",
    "King's Fund",
    "Health Foundation",
    "Good Medical Practice",
    "Doctors' Support Network",
    "Doctors in Distress",
    "Medical Defence Union",
    "Medical Protection Society",
    "Royal Medical Benevolent Fund",
    "Cameron Fund",
    "Russell Group",
    "Open University",
    "Mental Health First Aid",
    "Care Quality Commission",
    "General Medical Council",
    "British Medical Association",
    "Royal Society of Medicine",
    "Medical Women's Federation",
    "Student Minds",
    "Schwartz Round",
    "Schwartz Rounds",
    "Christmas Day",
    "Christmas Eve",
    "Boxing Day",
    "New Year's Day",
    "New Year's Eve",
    "Good Friday",
    "Easter Sunday",
    "Easter Monday",
    "Mother's Day",
    "Father's Day",
    "Valentine's Day",
    "Bank Holiday",
    "St Patrick's Day",
    "St David's Day",
    "St Andrew's Day",
    "St George's Day",
    "Remembrance Day",
    "Armistice Day",
    "Bonfire Night",
    "Burns Night",
    "Royal Mail",
    "Royal Navy",
    "Royal Air Force",
    "Father Christmas",
    "Dr Google",
    "John Lewis",
    "Marks and Spencer",
    "Oxford Handbook",
    "Oxford University Press",
];

fn set(words: &'static str) -> HashSet<&'static str> {
    words.split_whitespace().collect()
}

static WORD_NAME: LazyLock<HashSet<&'static str>> = LazyLock::new(|| set(WORD_NAMES));
static RARE_NAME: LazyLock<HashSet<&'static str>> = LazyLock::new(|| set(RARE_NAMES));
static TITLE: LazyLock<HashSet<&'static str>> = LazyLock::new(|| set(TITLES));
static RELATION: LazyLock<HashSet<&'static str>> = LazyLock::new(|| set(RELATIONS));
static REPORTING: LazyLock<HashSet<&'static str>> = LazyLock::new(|| set(REPORTING_VERBS));
static BUILDING: LazyLock<HashSet<&'static str>> = LazyLock::new(|| set(BUILDING_SUFFIXES));
static CONNECTOR: LazyLock<HashSet<&'static str>> = LazyLock::new(|| set(CONNECTORS));
static DETERMINER: LazyLock<HashSet<&'static str>> = LazyLock::new(|| set(DETERMINERS));
static ABBREVIATION: LazyLock<HashSet<&'static str>> = LazyLock::new(|| set(ABBREVIATIONS));
static PARTICLE: LazyLock<HashSet<&'static str>> = LazyLock::new(|| set(PARTICLES));
static SUFFIX: LazyLock<HashSet<&'static str>> = LazyLock::new(|| set(PLACE_SUFFIXES));
static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| set(COMMON_WORDS));
static SERVICE: LazyLock<HashSet<&'static str>> = LazyLock::new(|| set(SERVICE_WORDS));

/// Multi-word phrases keyed by their first word, longest first.
fn phrases(list: &'static [&'static str]) -> HashMap<&'static str, Vec<Vec<&'static str>>> {
    let mut by_first: HashMap<&'static str, Vec<Vec<&'static str>>> = HashMap::new();
    for phrase in list {
        let words: Vec<&'static str> = phrase.split_whitespace().collect();
        if let Some(first) = words.first() {
            by_first.entry(first).or_default().push(words);
        }
    }
    for list in by_first.values_mut() {
        list.sort_by_key(|words| std::cmp::Reverse(words.len()));
    }
    by_first
}

static SAFE: LazyLock<HashMap<&'static str, Vec<Vec<&'static str>>>> =
    LazyLock::new(|| phrases(SAFE_PHRASES));

/// A listed given name that is not an ordinary word, so a capitalised
/// occurrence anywhere (even at the start of a sentence) is a name.
pub fn is_given_name(word: &str) -> bool {
    names::given(word) == Some(Known::Name)
        && !is_word_name(word)
        && !is_rare_name(word)
        && !is_ordinary(word)
}

/// A given name that is also an ordinary word, flagged in mid-sentence.
pub fn is_word_name(word: &str) -> bool {
    WORD_NAME.contains(word)
}

/// A given name flagged only in a name context.
pub fn is_rare_name(word: &str) -> bool {
    RARE_NAME.contains(word)
}

pub fn is_title(word: &str) -> bool {
    TITLE.contains(word)
}

pub fn is_relation(word: &str) -> bool {
    RELATION.contains(word)
}

pub fn is_reporting_verb(word: &str) -> bool {
    REPORTING.contains(word)
}

pub fn is_place_suffix(word: &str) -> bool {
    SUFFIX.contains(word)
}

pub fn is_building_suffix(word: &str) -> bool {
    BUILDING.contains(word)
}

pub fn is_connector(word: &str) -> bool {
    CONNECTOR.contains(word)
}

pub fn is_determiner(word: &str) -> bool {
    DETERMINER.contains(word)
}

pub fn is_abbreviation(word: &str) -> bool {
    ABBREVIATION.contains(word)
}

pub fn is_particle(word: &str) -> bool {
    PARTICLE.contains(word)
}

/// A function word, day, month, season or kin term.
pub fn is_common(word: &str) -> bool {
    COMMON.contains(word)
}

/// A role, grade, specialty, service or generic institutional word.
pub fn is_service(word: &str) -> bool {
    SERVICE.contains(word)
}

/// Either of the above: never a name.
pub fn is_ordinary(word: &str) -> bool {
    is_common(word) || is_service(word)
}

/// Safe phrases starting with `word`, longest first; a last word of "…"
/// stands for the capitalised words that follow.
pub fn safe_phrases(word: &str) -> &'static [Vec<&'static str>] {
    SAFE.get(word).map_or(&[], Vec::as_slice)
}

/// How many words each list holds, for documentation and tests.
#[cfg(test)]
pub fn sizes() -> [(&'static str, usize); 4] {
    [
        ("given names", names::sizes()[0].1),
        ("word-like names", WORD_NAME.len() + RARE_NAME.len()),
        ("ordinary capitalised words", COMMON.len() + SERVICE.len()),
        ("safe phrases", SAFE_PHRASES.len()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_lists_do_not_overlap_the_ordinary_words() {
        for name in WORD_NAME.iter() {
            assert!(!is_ordinary(name), "{name} is both a name and ordinary");
            assert!(!is_given_name(name), "{name} twice");
        }
    }

    #[test]
    fn names_are_capitalised() {
        for name in WORD_NAME.iter().chain(RARE_NAME.iter()) {
            let mut chars = name.chars();
            assert!(chars.next().is_some_and(char::is_uppercase), "{name}");
            assert!(chars.any(char::is_lowercase), "{name}");
        }
    }
}
