use std::collections::BTreeMap;
use std::ops::Range;

use super::story_set::{self, overlaps, Paragraphs};
use super::{patterns, places, scan, words, Category, Finding};

fn found(text: &str) -> Vec<(Category, String)> {
    scan(text, &[])
        .into_iter()
        .map(|f| (f.category, f.text))
        .collect()
}

/// The texts found of `category` (also used by `names_tests`).
pub(super) fn texts(text: &str, category: Category) -> Vec<String> {
    found(text)
        .into_iter()
        .filter(|(c, _)| *c == category)
        .map(|(_, t)| t)
        .collect()
}

#[track_caller]
fn assert_finds(category: Category, text: &str, expected: &str) {
    let all = found(text);
    assert!(
        all.iter()
            .any(|(c, t)| *c == category && (t.contains(expected) || expected.contains(t.as_str()))),
        "expected {} `{expected}` in {text:?}, found {all:?}",
        category.as_str()
    );
}

#[track_caller]
fn assert_quiet(text: &str) {
    let all = found(text);
    assert!(
        all.is_empty(),
        "expected nothing in {text:?}, found {all:?}"
    );
}

#[test]
fn patterns_compile() {
    assert!(patterns::all_compile());
}

#[test]
fn category_names() {
    let names: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(
        names,
        [
            "name",
            "place",
            "date",
            "age",
            "phone",
            "email",
            "postcode",
            "nhs-number",
            "gmc-number",
            "url",
            "handle",
            "vehicle-registration",
            "staff-number",
            "bleep-number",
            "rota-line"
        ]
    );
    assert_eq!(Category::NhsNumber.describe(), "an NHS number");
    assert_eq!(Category::Url.describe(), "a web address");
}

#[test]
fn names_with_titles() {
    assert_finds(
        Category::Name,
        "My supervisor, Dr Okafor, noticed.",
        "Okafor",
    );
    assert_finds(Category::Name, "Then Prof. Alvarez wrote to me.", "Alvarez");
    assert_finds(Category::Name, "It was Sister Walsh who found me.", "Walsh");
    assert_finds(
        Category::Name,
        "I saw Dr J. Mensah in the corridor.",
        "J. Mensah",
    );
    assert_finds(
        Category::Name,
        "Dr. Sarah Lindqvist met me.",
        "Sarah Lindqvist",
    );
    assert_finds(Category::Name, "I rang Mr O'Donnell.", "O'Donnell");
    // The title is not part of the finding.
    assert_eq!(texts("I met Dr Okafor today.", Category::Name), ["Okafor"]);
}

#[test]
fn anonymised_titles_and_roles_are_quiet() {
    assert_quiet("I saw Dr X at occupational health.");
    assert_quiet("Dr A, my clinical supervisor, was kind.");
    assert_quiet("A Nurse Practitioner on the unit taught me to pace myself.");
    assert_quiet("Sister on the ward made me a cup of tea.");
    assert_quiet("My Educational Supervisor and my Training Programme Director met me.");
    assert_quiet("The Dean said yes.");
    assert_quiet("The Postgraduate Dean wrote to me.");
    assert_quiet("As an FY1 I thought asking for help meant failing; as an ST3 I knew better.");
}

#[test]
fn given_names_and_relatives() {
    assert_finds(
        Category::Name,
        "Priya was the only one who noticed.",
        "Priya",
    );
    assert_finds(Category::Name, "I rang Tomasz from the car park.", "Tomasz");
    assert_finds(Category::Name, "Priya's flat was my refuge.", "Priya");
    assert_eq!(texts("Priya's flat.", Category::Name), ["Priya"]);
    assert_finds(Category::Name, "My flatmate Deji left food out.", "Deji");
    assert_finds(Category::Name, "My sister, Aisha, came to stay.", "Aisha");
    assert_finds(Category::Name, "My partner Sam noticed.", "Sam");
    assert_finds(
        Category::Name,
        "I worked with Fatima Hussain.",
        "Fatima Hussain",
    );
    assert_quiet("My husband and my sister were the only people who knew.");
    assert_quiet("I told my mum on the phone.");
}

#[test]
fn names_that_are_words() {
    assert_quiet("Will I cope with nights again?");
    assert_quiet("May was the hardest month.");
    assert_quiet("Hope is a strange thing when you are exhausted.");
    assert_quiet("Grace under pressure is overrated.");
    assert_quiet("Frank conversations helped.");
    assert_quiet("I will mark the scripts.");
    assert_quiet("By Summer I was back full time.");
    assert_quiet("Christmas Eve on call was the worst.");
    assert_finds(Category::Name, "I told Will on the Friday.", "Will");
    assert_finds(Category::Name, "A nurse called Faith stayed late.", "Faith");
    assert_finds(Category::Name, "My colleague Joy checked in.", "Joy");
    assert_finds(
        Category::Name,
        "Jack said the same had happened to him.",
        "Jack",
    );
    assert_finds(Category::Name, "Summer Evans was my buddy.", "Summer Evans");
}

#[test]
fn named_places() {
    assert_finds(
        Category::Place,
        "I was at Leeds General Infirmary.",
        "Leeds General Infirmary",
    );
    assert_finds(
        Category::Place,
        "I went back to Hollybank Surgery.",
        "Hollybank Surgery",
    );
    assert_finds(
        Category::Place,
        "The Riverside Medical Centre rang.",
        "Riverside Medical Centre",
    );
    assert_finds(
        Category::Place,
        "I trained at the University of Glasgow.",
        "University of Glasgow",
    );
    assert_finds(
        Category::Place,
        "Pennine Valley NHS Foundation Trust knew.",
        "Pennine Valley NHS Foundation Trust",
    );
    assert_finds(Category::Place, "I moved to Ward 7B.", "Ward 7B");
    assert_finds(
        Category::Place,
        "My first night on ward 12 ended badly.",
        "ward 12",
    );
    assert_finds(Category::Place, "They put me on Rowan Ward.", "Rowan Ward");
    assert_finds(
        Category::Place,
        "My first job was at St George's.",
        "St George's",
    );
    assert_finds(Category::Place, "I grew up in Sunderland.", "Sunderland");
    assert_finds(Category::Place, "I grew up near Reading.", "Reading");
    assert_finds(
        Category::Place,
        "I did FY1 at Addenbrooke's.",
        "Addenbrooke's",
    );
    assert_finds(
        Category::Place,
        "I was seconded to Deanery House.",
        "Deanery House",
    );
}

#[test]
fn generic_places_and_services_are_quiet() {
    for text in [
        "I came back to the ward on a Tuesday.",
        "The surgery was short-staffed all winter.",
        "Ward round started at eight.",
        "A&E was heaving that night, and ICU and ITU were full.",
        "My GP surgery offered me an appointment.",
        "The Professional Support Unit met me within a fortnight.",
        "Occupational Health recommended reduced hours.",
        "I spoke to the Deanery about time out of programme.",
        "NHS England publishes a guide.",
        "The Royal College of Psychiatrists has a page on wellbeing.",
        "The Royal College of Surgeons of Edinburgh ran the course.",
        "The Intensive Care Unit felt safe.",
        "I did an Acute Medical Unit rotation.",
        "Practitioner Health saw me, and the BMA Wellbeing line was open.",
        "Reading the letter again, I cried.",
        "Our Trust had a wellbeing hub; the Health Board wrote.",
        "Good Medical Practice says we must look after ourselves.",
        "The UK is OK, the ENT team said.",
    ] {
        assert_quiet(text);
    }
}

#[test]
fn dates() {
    for (text, date) in [
        ("I went off sick on 3rd March 2024.", "3rd March 2024"),
        ("The meeting was on March 3rd.", "March 3rd"),
        ("It was dated 03/03/2024.", "03/03/2024"),
        ("By 3/3/24 I was back.", "3/3/24"),
        ("The ARCP was on 3.3.24 and I passed.", "3.3.24"),
        ("I restarted on 2024-03-03.", "2024-03-03"),
        ("I remember the 14th of February.", "14th of February"),
        ("On 12 Jan I rang.", "12 Jan"),
        ("It was Boxing Day 2021 when I told him.", "Boxing Day 2021"),
    ] {
        assert_finds(Category::Date, text, date);
    }
    for text in [
        "In March I started to feel like myself.",
        "By 2022 I was back in training.",
        "Last Tuesday I did a night shift.",
        "The meeting was at 3:30.",
        "I was working 24/7, and 3/4 of it was nights.",
        "March 2020 changed everything.",
        "The 3 of us covered 400 beds.",
        "In May 12 of us left.",
    ] {
        assert_quiet(text);
    }
}

#[test]
fn ages() {
    for (text, age) in [
        ("At the time I was aged 31.", "aged 31"),
        ("I was 29 years old.", "29 years old"),
        ("A 29-year-old registrar.", "29-year-old"),
        ("A 34 year old FY2.", "34 year old"),
        ("Age 41 and starting CT1.", "Age 41"),
        ("I was 29 when I took sick leave.", "29"),
        ("I had just turned 30 and felt ninety.", "30"),
        ("I was twenty-six, newly qualified.", "twenty-six"),
        ("At 28 I was on nights.", "28"),
    ] {
        assert_finds(Category::Age, text, age);
    }
    for text in [
        "I was in my thirties before I learned to say no.",
        "She was in her forties.",
        "I was two years into training.",
        "We were 4 doctors short that weekend.",
        "I was 3 hours late.",
        "After 12 weeks I went back.",
        "I was on stage 2 of the plan.",
    ] {
        assert_quiet(text);
    }
}

#[test]
fn phone_numbers() {
    for number in [
        "07700 900123",
        "020 7946 0958",
        "+44 7700 900123",
        "+44 (0)7700 900123",
        "(0161) 496 0000",
        "0113-496-0321",
        "07700900789",
        "+353 1 555 0192",
        "+1 212 555 0147",
    ] {
        let text = format!("Ring me on {number}, any time.");
        assert_eq!(texts(&text, Category::Phone), [number], "{text}");
    }
    assert_eq!(
        texts("Call 0161 496 0000 24 hours a day.", Category::Phone),
        ["0161 496 0000"]
    );
    for text in [
        "I rang 111 at three in the morning.",
        "Samaritans are on 116 123, day or night.",
        "If you are in danger, ring 999.",
        "The helpline is free on 0800 123 4567.",
        "I worked 48 hours that weekend and 60 the next.",
    ] {
        assert_quiet(text);
    }
}

#[test]
fn nhs_number_check_digit() {
    let digits = |s: &str| -> Vec<u32> { s.chars().filter_map(|c| c.to_digit(10)).collect() };
    assert!(patterns::nhs_check_digit_valid(&digits("943 476 5919")));
    assert!(!patterns::nhs_check_digit_valid(&digits("943 476 5918")));
    assert!(!patterns::nhs_check_digit_valid(&digits("943 476 591")));
    assert_eq!(
        texts(
            "My NHS number, 943 476 5919, was on it.",
            Category::NhsNumber
        ),
        ["943 476 5919"]
    );
    assert_eq!(
        texts("Reference 9434765919 was printed.", Category::NhsNumber),
        ["9434765919"]
    );
    assert_quiet("The number 943 476 5918 on the form was wrong.");
}

#[test]
fn gmc_numbers() {
    assert_eq!(
        texts("My GMC number is 7012345.", Category::GmcNumber),
        ["7012345"]
    );
    assert_eq!(
        texts("GMC no. 6543210 was on it.", Category::GmcNumber),
        ["6543210"]
    );
    assert_eq!(
        texts("Quote 4912873 on the form.", Category::GmcNumber),
        ["4912873"]
    );
    assert_quiet("The GMC wrote to me.");
    assert_quiet("It cost £1500000, or 1234567.5 of something.");
}

#[test]
fn addresses_and_handles() {
    assert_eq!(
        texts("Email priya.s@example.co.uk please.", Category::Email),
        ["priya.s@example.co.uk"]
    );
    assert_eq!(
        texts("Email priya.s@example.co.uk please.", Category::Handle),
        Vec::<String>::new()
    );
    assert_eq!(
        texts("See www.example.co.uk.", Category::Url),
        ["www.example.co.uk"]
    );
    assert_eq!(
        texts("See https://example.org/my-story.", Category::Url),
        ["https://example.org/my-story"]
    );
    assert_eq!(
        texts("I blog at recovering.blogspot.com now.", Category::Url),
        ["recovering.blogspot.com"]
    );
    assert_eq!(
        texts("Follow @tiredregistrar for more.", Category::Handle),
        ["@tiredregistrar"]
    );
    assert_quiet("Triggers, e.g. rota gaps, i.e. everything, and the U.S. system.");
    assert_quiet("We met @ 3 in the mess.");
}

#[test]
fn postcodes() {
    for code in [
        "SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "SW1A1AA",
    ] {
        let text = format!("I lived at {code} then.");
        assert_eq!(texts(&text, Category::Postcode), [code], "{text}");
    }
    assert_quiet("FY1 and FY2 were a blur; CT2 and ST4 less so.");
}

#[test]
fn allowed_terms_are_not_reported() {
    let text = "I was seconded to Deanery House for a month.";
    assert_finds(Category::Place, text, "Deanery House");
    assert!(scan(text, &["Deanery House".to_string()]).is_empty());
    assert!(scan(text, &["deanery house".to_string()]).is_empty());
    // A finding inside an allowed term is dropped; a longer one is not.
    let text = "I met Dr Okafor at Riverside Surgery.";
    let allowed = scan(text, &["dr okafor".to_string()]);
    assert_eq!(allowed.len(), 1, "{allowed:?}");
    assert_eq!(allowed[0].category, Category::Place);
    assert_eq!(scan(text, &["Riverside".to_string()]).len(), 2);
    // Whole words only.
    assert_eq!(scan("Priya rang.", &["Pri".to_string()]).len(), 1);
    assert_eq!(scan("Priya rang.", &["  ".to_string()]).len(), 1);
}

#[test]
fn findings_are_sorted_ranged_and_disjoint() {
    let text =
        "I told Priya on 3 March at St Mary's Hospital; ring 07700 900123 or email p@example.com.";
    let findings = scan(text, &[]);
    assert!(findings.len() >= 5, "{findings:?}");
    for pair in findings.windows(2) {
        assert!(pair[0].range.end <= pair[1].range.start, "{pair:?}");
    }
    for f in &findings {
        assert_eq!(&text[f.range.clone()], f.text);
    }
}

#[test]
fn never_panics_on_odd_input() {
    let long = "Dr ".repeat(2000) + &"0".repeat(5000) + &"@".repeat(100);
    for text in [
        "",
        " ",
        "\n\n\n",
        "Dr",
        "Dr.",
        "St",
        "my sister,",
        "’s ’ '",
        "+",
        "(0",
        "0 0 0 0 0 0 0 0 0 0 0 0 0 0",
        "Ward",
        "ward 7",
        "aged",
        "GMC 1234567",
        "é É ß Ǆ Ǉ İ ﬁ 𝔸 — “Will” ‘May’",
        "Zoë Róisín Łukasz’s flat in Stoke-on-Trent",
        long.as_str(),
    ] {
        let findings = scan(text, &["".to_string(), "ß".to_string(), "(".to_string()]);
        for f in findings {
            assert!(text.get(f.range.clone()).is_some());
        }
    }
}

#[test]
fn word_lists_are_a_reasonable_size() {
    let sizes: BTreeMap<&str, usize> = words::sizes().into_iter().collect();
    assert!(sizes["given names"] >= 1000, "{sizes:?}");
    let places: BTreeMap<&str, usize> = places::sizes().into_iter().collect();
    assert!(places["towns and cities"] >= 4000, "{places:?}");
    assert!(places["counties and areas"] >= 150, "{places:?}");
    assert!(places["health boards"] >= 26, "{places:?}");
    assert!(places["hospitals"] >= 300, "{places:?}");
}

// ------------------------------------------------------- the labelled set

struct Labelled {
    text: String,
    expected: Vec<(Category, Range<usize>)>,
}

/// Reads `[[category:text]]` marks: the prose without the marks, and the
/// marked spans. Lines are paragraphs; `#` lines and blank lines are skipped.
fn parse_labelled(source: &str) -> Labelled {
    let file = story_set::parse("labelled.txt", source, Paragraphs::EachLine);
    Labelled {
        text: file.text,
        expected: file
            .marks
            .into_iter()
            .map(|mark| (mark.category, mark.range))
            .collect(),
    }
}

#[derive(Default, Debug)]
struct Tally {
    expected: usize,
    recalled: usize,
    findings: usize,
    false_findings: usize,
    wrong_category: usize,
}

/// Recall and false findings on `tests/fixtures/identifiers/labelled.txt`,
/// a set written before the scanner. Run with `--nocapture` for the table.
#[test]
fn labelled_set_recall_and_false_findings() {
    let source = include_str!("../../../tests/fixtures/identifiers/labelled.txt");
    let labelled = parse_labelled(source);
    let findings = scan(&labelled.text, &[]);
    let mut tally: BTreeMap<Category, Tally> = BTreeMap::new();
    let mut missed = Vec::new();
    let mut false_found: Vec<&Finding> = Vec::new();
    for (category, range) in &labelled.expected {
        let row = tally.entry(*category).or_default();
        row.expected += 1;
        if findings
            .iter()
            .any(|f| f.category == *category && overlaps(&f.range, range))
        {
            row.recalled += 1;
        } else {
            missed.push(format!(
                "{}: {}",
                category.as_str(),
                &labelled.text[range.clone()]
            ));
        }
    }
    for f in &findings {
        let row = tally.entry(f.category).or_default();
        row.findings += 1;
        let touching: Vec<&Category> = labelled
            .expected
            .iter()
            .filter(|(_, r)| overlaps(r, &f.range))
            .map(|(c, _)| c)
            .collect();
        if touching.is_empty() {
            row.false_findings += 1;
            false_found.push(f);
        } else if !touching.contains(&&f.category) {
            row.wrong_category += 1;
        }
    }
    let mut total = Tally::default();
    println!();
    println!(
        "{:<12} {:>8} {:>8} {:>7} {:>8} {:>6} {:>7} {:>6}",
        "category", "expected", "recalled", "recall", "findings", "false", "false%", "other"
    );
    let percent = |n: usize, d: usize| {
        if d == 0 {
            0.0
        } else {
            100.0 * n as f64 / d as f64
        }
    };
    for (category, row) in &tally {
        println!(
            "{:<12} {:>8} {:>8} {:>6.1}% {:>8} {:>6} {:>6.1}% {:>6}",
            category.as_str(),
            row.expected,
            row.recalled,
            percent(row.recalled, row.expected),
            row.findings,
            row.false_findings,
            percent(row.false_findings, row.findings),
            row.wrong_category,
        );
        total.expected += row.expected;
        total.recalled += row.recalled;
        total.findings += row.findings;
        total.false_findings += row.false_findings;
        total.wrong_category += row.wrong_category;
    }
    println!(
        "{:<12} {:>8} {:>8} {:>6.1}% {:>8} {:>6} {:>6.1}% {:>6}",
        "overall",
        total.expected,
        total.recalled,
        percent(total.recalled, total.expected),
        total.findings,
        total.false_findings,
        percent(total.false_findings, total.findings),
        total.wrong_category,
    );
    println!("(\"other\": findings on a marked span of another category)");
    for m in &missed {
        println!("missed  {m}");
    }
    for f in &false_found {
        println!("false   {}: {}", f.category.as_str(), f.text);
    }
    let recall = total.recalled as f64 / total.expected.max(1) as f64;
    let false_rate = total.false_findings as f64 / total.findings.max(1) as f64;
    assert!(recall >= 0.90, "recall {recall:.3} is below 0.90");
    assert!(
        false_rate <= 0.05,
        "false findings {false_rate:.3} are above 5%"
    );
}

/// Random sequences of awkward pieces (titles without names, lone digits,
/// combining marks, partial addresses): findings stay in range, on character
/// boundaries, sorted and disjoint.
#[test]
fn never_panics_on_generated_input() {
    let pieces = [
        "a", "Dr", " ", "  ", ".", ",", "\n", "\n\n", "0", "7", "1", "+", "(", ")", "-", "'", "’",
        "s", "St", "Ward", "ward", "é", "ß", "İ", "ﬁ", "𝔸", "—", "@", "www.", ".co.uk", "Priya",
        "Will", "May", "3", "March", "/", ":", "GMC", "aged", "I", "was", "my", "sister",
        "Hospital", "of", "and", "the", "Royal", "College", "Leeds", "SW1A", "1AA", "\u{0301}",
        "Ǆ", "\t", "&", "£", "%", "nd", "th", "House", "Deanery", "…", "\"",
    ];
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % pieces.len() as u64) as usize
    };
    for _ in 0..5000 {
        let len = next() % 40;
        let text: String = (0..len).map(|_| pieces[next()]).collect();
        let allow = [pieces[next()].to_string()];
        let findings = scan(&text, &allow);
        let mut end = 0;
        for f in &findings {
            assert!(f.range.start >= end, "{text:?} {findings:?}");
            assert_eq!(text.get(f.range.clone()), Some(f.text.as_str()));
            end = f.range.end;
        }
    }
}

// ------------------------------------ registrations, staff, bleeps, rota lines

/// Each text gives exactly its expected findings of `category`, and each
/// quiet text none.
#[track_caller]
fn assert_category(category: Category, finds: &[(&str, &[&str])], quiet: &[&str]) {
    for (text, expected) in finds {
        assert_eq!(
            texts(text, category),
            *expected,
            "{text}: {:?}",
            found(text)
        );
    }
    for text in quiet {
        assert!(
            texts(text, category).is_empty(),
            "{text}: {:?}",
            found(text)
        );
    }
}

#[test]
fn vehicle_registrations() {
    assert_category(
        Category::VehicleRegistration,
        &[
            ("I noted the reg KX19 PTO.", &["KX19 PTO"][..]),
            ("A silver Corsa, AB12CDE, was parked outside.", &["AB12CDE"]),
            ("His old car was A123 BCD and it rattled.", &["A123 BCD"]),
            ("Dad's Cortina (ABC 123D) never started.", &["ABC 123D"]),
            ("The van, ABZ 1234, was in the bay.", &["ABZ 1234"]),
            ("My car's number plate is ABC 123.", &["ABC 123"]),
            ("I parked next to 1234 AB every morning.", &["1234 AB"]),
            ("The registration was kx19 pto, I think.", &["kx19 pto"]),
            ("Her car, LIZ 123, was a gift.", &["LIZ 123"]),
        ],
        &[
            "As an FY1 and then ST3, and later CT2, I learned; F2 was kinder.",
            "I passed GP ST1 selection and the MRCP PACES.",
            "She gave 10 MG at 4 AM, then 500 ML of saline.",
            "I was on Ward 7B, then Ward 12, then Ward C3.",
            "I lived at LS2 9JT, near M1 1AE.",
            "The reg was an ST3 and my car was in the car park.",
            "The reg said the F2 SHO rota was worse.",
            "I drove my car down the A629 and the M62.",
            "COVID-19 and SARS-CoV-2 were everywhere.",
            "I scored 12 in the SJT 2019 and PLAB 2.",
            "I WAS SO TIRED AND THE CAR WAS 10 YEARS OLD.",
            "My car was 10 years old.",
            "I parked at 4 AM and walked in.",
        ],
    );
}

#[test]
fn staff_numbers() {
    assert_category(
        Category::StaffNumber,
        &[
            ("My staff number was 448812.", &["448812"][..]),
            ("Staff no. 44881 was on the letter.", &["44881"]),
            ("staff ID: E4471, on the lanyard.", &["E4471"]),
            ("My employee number is 10293847.", &["10293847"]),
            ("They asked for my employee ID (55120).", &["55120"]),
            ("My payroll number, 8812345, was wrong.", &["8812345"]),
            ("My ID badge 20394 stopped working.", &["20394"]),
            ("Badge number 2231 again.", &["2231"]),
            ("My assignment number was 12345678.", &["12345678"]),
            (
                "I quoted my smartcard number 1234 5678 9012.",
                &["1234 5678 9012"],
            ),
            ("My pager ID is 7781.", &["7781"]),
            ("My ESR number was 30012345.", &["30012345"]),
            ("A locum ID #LC3381 on the form.", &["LC3381"]),
            ("Employee no: 77120.", &["77120"]),
        ],
        &[
            "I lost my staff badge twice.",
            "My badge was 3 years old.",
            "The staff number of the ward was low.",
            "The staff were brilliant, all 40 of them.",
            "My smartcard stopped working.",
        ],
    );
}

#[test]
fn bleep_numbers() {
    assert_category(
        Category::BleepNumber,
        &[
            ("Then the registrar (bleep 4471) came.", &["4471"][..]),
            ("I was bleeped on 2231 at three.", &["2231"]),
            ("I was on bleep 1234 all weekend.", &["1234"]),
            ("She bleeped me on 5512 twice.", &["5512"]),
            ("Ring ext. 4471 or extension 4472.", &["4471", "4472"]),
            ("Call x4471 after six.", &["4471"]),
            ("Ring internal 4471 for the PSU.", &["4471"]),
            ("The 4471 bleep was mine.", &["4471"]),
            ("I carried bleeps 4471 and 4472.", &["4471", "4472"]),
            ("Bleep no. 339 belonged to me.", &["339"]),
        ],
        &[
            "Then the 2222 bleep went off.",
            "I put out a 2222 call; fast bleep 2222 means crash.",
            "I was bleeped 100 times that night.",
            "I was bleeped at 0300 about a cannula.",
            "The bleep went off at 0245.",
            "I asked for an extension of 3 months.",
            "The internal 2019 review was kind.",
            "My bleep died.",
        ],
    );
    // A bleep next to a phone number stays a bleep, and the phone a phone.
    let text = "Ring 0113 496 0321, ext. 4471, or bleep 2231.";
    assert_eq!(texts(text, Category::Phone), ["0113 496 0321"]);
    assert_eq!(texts(text, Category::BleepNumber), ["4471", "2231"]);
}

#[test]
fn rota_lines() {
    assert_category(
        Category::RotaLine,
        &[
            ("I was line 7 of the rota.", &["line 7"][..]),
            ("Rota line 14 had every bank holiday.", &["line 14"]),
            ("That month I was on line 3.", &["line 3"]),
            ("Line 12 on the rota was the worst.", &["Line 12"]),
            ("I swapped onto line 9 in March.", &["line 9"]),
            ("I asked to be moved to line 4 (nights).", &["line 4"]),
            ("The rota was fixed: I took line 5.", &["line 5"]),
            ("I had line seven of the FY1 rota.", &["line seven"]),
        ],
        &[
            "My line manager was kind.",
            "Nurses on the front line carried us.",
            "I was stuck on line 3 of the form for an hour.",
            "A line of patients waited; the rota had 14 lines.",
            "She drew a line under it.",
            "The rota was awful; line 3 of the letter said so.",
            "I read line 2 of the email again.",
        ],
    );
}

#[test]
fn lower_case_unspaced_and_partial_postcodes() {
    assert_category(
        Category::Postcode,
        &[
            ("I lived at sw1a 1aa then.", &["sw1a 1aa"][..]),
            ("The flat was at ls2 9jt.", &["ls2 9jt"]),
            ("Post it to SW1A1AA, please.", &["SW1A1AA"]),
            ("Send it to m139pl.", &["m139pl"]),
            ("Our postcode was LS6, a student area.", &["LS6"]),
            ("We moved to SE5 in the spring.", &["SE5"]),
            ("I grew up in NW3.", &["NW3"]),
            ("It is an LS6 postcode.", &["LS6"]),
            ("Her postcode: M14.", &["M14"]),
        ],
        &[
            "In FY1 I worked nights; in ST3 I moved to CT2 work.",
            "When I moved to ST3 I was calmer.",
            "I was stuck on the M1 and M62; in L4 and S1 the disc bulged.",
            "As an fy1 2nd on call I was terrified.",
            "In CO2 retention we use less oxygen.",
            "I was in M1 traffic.",
        ],
    );
}

#[test]
fn forum_and_fediverse_handles() {
    for (text, handle) in [
        ("I posted as u/tired_reg_22 for a year.", "u/tired_reg_22"),
        ("Someone (/u/NightShiftNed) replied.", "/u/NightShiftNed"),
        (
            "Find me at @sam@mastodon.social now.",
            "@sam@mastodon.social",
        ),
        ("Follow @tiredregistrar for more.", "@tiredregistrar"),
    ] {
        assert_eq!(
            texts(text, Category::Handle),
            [handle],
            "{text}: {:?}",
            found(text)
        );
    }
    assert!(texts("Find me at @sam@mastodon.social now.", Category::Email).is_empty());
    for text in [
        "I read r/doctorsUK every night.",
        "The u/s showed nothing.",
        "Email sam@example.com.",
    ] {
        assert!(
            texts(text, Category::Handle).is_empty(),
            "{text}: {:?}",
            found(text)
        );
    }
}

#[test]
fn numbers_in_lists_and_after_commas() {
    assert_eq!(
        texts(
            "I had a new staff badge, number 30481177, at last.",
            Category::StaffNumber
        ),
        ["30481177"]
    );
    assert_eq!(
        texts(
            "It was against my staff number, SN 774120.",
            Category::StaffNumber
        ),
        ["SN 774120"]
    );
    assert_eq!(
        texts(
            "I was given a new bleep number, 5518, at last.",
            Category::BleepNumber
        ),
        ["5518"]
    );
    assert_eq!(
        texts(
            "On the rota, lines 13 and 14 had every weekend.",
            Category::RotaLine
        ),
        ["lines 13 and 14"]
    );
    assert_eq!(
        texts("I was given line 11 on the new rota.", Category::RotaLine),
        ["line 11"]
    );
    assert_eq!(
        texts(
            "My old Golf, 09-D-41872, was barely dented.",
            Category::VehicleRegistration
        ),
        ["09-D-41872"]
    );
    assert!(texts(
        "The rota coordinators' line manager is in Medical Staffing. Line 1 of the protocol says: check. Line 2 says: check again.",
        Category::RotaLine
    )
    .is_empty());
    assert!(texts(
        "We scored 12-D-4 at half time.",
        Category::VehicleRegistration
    )
    .is_empty());
}

#[test]
fn more_ways_of_writing_them() {
    assert_category(
        Category::StaffNumber,
        &[
            (
                "My training number, NWE/032/123/C, was on it.",
                &["NWE/032/123/C"][..],
            ),
            ("Quote your NTN (LDN/R01/034/N) please.", &["LDN/R01/034/N"]),
            ("My parking permit number was 20331.", &["20331"]),
            ("My ID number is 30192847.", &["30192847"]),
        ],
        &["The ID was checked. My training was 12 weeks long."],
    );
    assert_category(
        Category::BleepNumber,
        &[("Ring the internal line 4471 at night.", &["4471"][..])],
        &[],
    );
    assert_category(
        Category::RotaLine,
        &[
            ("In August I was working line 6 again.", &["line 6"][..]),
            ("My rota line was 12, the worst one.", &["line was 12"]),
        ],
        &["I had line 3 of the poem in my head."],
    );
    assert_category(
        Category::VehicleRegistration,
        &[("My little corsa, sv09 kwt, was old.", &["sv09 kwt"][..])],
        &[],
    );
    assert_category(
        Category::Postcode,
        &[("Our postcode was ls6 in those days.", &["ls6"][..])],
        &[],
    );
    assert_category(
        Category::Handle,
        &[
            (
                "My username was tired_reg on the forum.",
                &["tired_reg"][..],
            ),
            ("I posted as nightdoc22.", &["nightdoc22"]),
            (
                "She is sam-writes.bsky.social there.",
                &["sam-writes.bsky.social"],
            ),
        ],
        &["I posted as usual. My handle was simple. I called myself lucky."],
    );
}

#[test]
fn capitals_and_formulas_that_are_not_plates_or_postcodes() {
    assert_quiet("SENT VIA 2024 POST.");
    assert!(texts("Low PO4 and CO2 in PO4 levels.", Category::Postcode).is_empty());
}

#[test]
fn yet_more_ways_of_writing_them() {
    assert_category(
        Category::BleepNumber,
        &[
            ("She paged me on 4471 at noon.", &["4471"][..]),
            ("My bleep number was 6643.", &["6643"]),
        ],
        &["See page 104 of the handbook; I paged 120 people."],
    );
    assert_category(
        Category::StaffNumber,
        &[("My badge read 40119283 in red.", &["40119283"][..])],
        &[],
    );
    assert_category(
        Category::RotaLine,
        &[
            ("I started on line 3 in August.", &["line 3"][..]),
            ("The coordinator left me on line 5 for months.", &["line 5"]),
            ("I'm back on line #8.", &["line #8"]),
        ],
        &["I clicked on line 3 of the form and gave up."],
    );
    assert_category(
        Category::Postcode,
        &[("Our postcode district was LS6.", &["LS6"][..])],
        &[],
    );
    assert_category(
        Category::Handle,
        &[
            (
                "I was on Reddit as sleepless_sho for years.",
                &["sleepless_sho"][..],
            ),
            ("Add me, nightdoc#4471, on Discord.", &["nightdoc#4471"]),
        ],
        &["I was on Reddit as a lurker. I learnt C# in 2019."],
    );
}

#[test]
fn phone_lines_and_fuel_economy_are_not_identifiers() {
    assert_quiet("I held on line 3 for twenty minutes; she was on line 1 of the phone.");
    assert!(texts(
        "The car was old and did 40 MPG.",
        Category::VehicleRegistration
    )
    .is_empty());
}

#[test]
fn assignment_numbers_keep_their_suffix() {
    assert_eq!(
        texts(
            "Assignment No. 10293847-2 was on the payslip.",
            Category::StaffNumber
        ),
        ["10293847-2"]
    );
}

#[test]
fn ages_after_at_and_after_a_name() {
    for (text, age) in [
        (
            "I was diagnosed with ADHD at 27, halfway through FY1.",
            "27",
        ),
        ("I had a stroke at 34, in the middle of a clinic.", "34"),
        (
            "The answer was not to be a surgeon at 38 who never saw his family.",
            "38",
        ),
        (
            "She qualified at twenty-six and never looked back.",
            "twenty-six",
        ),
        (
            "Kayode was twenty-five. I found out on a ward round.",
            "twenty-five",
        ),
        ("Amira was 29 when she started.", "29"),
    ] {
        assert_finds(Category::Age, text, age);
    }
    for text in [
        "His heart rate settled at 90, then climbed again.",
        "Her sats were steady at 94, so we waited.",
        "The dose was capped at 40, which felt low.",
        "We met at 10, before the ward round.",
        "Handover is at 20 past eight.",
        "The limit on the motorway is at 70 and we kept to it.",
        "The ward was 12 beds short.",
        "Everything was 20 minutes late.",
    ] {
        assert!(
            texts(text, Category::Age).is_empty(),
            "no age in {text:?}: {:?}",
            found(text)
        );
    }
}

// ------------------------------------------------------ known places

#[test]
fn towns_and_villages_from_the_gazetteer() {
    for (text, place) in [
        ("I grew up in Tadcaster and hated it.", "Tadcaster"),
        (
            "Ystradgynlais is where my mum still lives.",
            "Ystradgynlais",
        ),
        ("We rented a cottage outside Much Wenlock.", "Much Wenlock"),
        ("My first rotation was in Stoke-on-Trent.", "Stoke-on-Trent"),
        (
            "The drive to Bury St Edmunds took an hour.",
            "Bury St Edmunds",
        ),
        ("We moved to Saint Albans.", "Saint Albans"),
        (
            "Berwick-upon-Tweed felt like the end of the world.",
            "Berwick-upon-Tweed",
        ),
        ("I commuted from Bo’ness every day.", "Bo’ness"),
        ("I was a Leeds-born trainee.", "Leeds"),
        ("Kirkcaldy was home for a year.", "Kirkcaldy"),
        ("I grew up in Douglas on the island.", "Douglas"),
    ] {
        assert_finds(Category::Place, text, place);
    }
}

#[test]
fn common_word_places_only_in_place_contexts() {
    for (text, place) in [
        ("I grew up near Reading.", "Reading"),
        ("We moved to Bath in the spring.", "Bath"),
        ("My parents still live in Street.", "Street"),
        ("We drove home from Hope.", "Hope"),
        ("She came from Sale originally.", "Sale"),
        ("It was a Wells-based practice.", "Wells"),
        ("I had a flat in Deal.", "Deal"),
        ("The consultant lived outside Rugby.", "Rugby"),
        ("We lived in March for two years.", "March"),
        ("I was born in Shirley.", "Shirley"),
        ("The road to Ware was flooded.", "Ware"),
    ] {
        assert_finds(Category::Place, text, place);
    }
    for text in [
        "Reading the notes again, I cried.",
        "I ran a hot bath and sat in it until it was cold.",
        "March was hard.",
        "By March I was back at work.",
        "I started in March.",
        "There is hope, even on the worst nights.",
        "Hope is what the group gave me.",
        "The street was empty at four in the morning.",
        "I talked to Shirley about it.",
        "A text from Stanley made me smile.",
        "Deal with it, he said.",
        "Sale or not, I bought the coat.",
        "Wells of grief open without warning.",
    ] {
        assert!(texts(text, Category::Place).is_empty(), "{text}");
    }
}

#[test]
fn counties_and_areas() {
    for (text, place) in [
        ("We moved to rural Shropshire.", "Shropshire"),
        ("My family is from Pembrokeshire.", "Pembrokeshire"),
        ("I worked across the Wirral for a year.", "Wirral"),
        ("Trains in Tyne and Wear were on strike.", "Tyne and Wear"),
        ("I had a placement in County Fermanagh.", "County Fermanagh"),
        ("We went walking in the Cotswolds.", "Cotswolds"),
        ("A job in Rhondda Cynon Taf came up.", "Rhondda Cynon Taf"),
        ("She grew up in Angus.", "Angus"),
    ] {
        assert_finds(Category::Place, text, place);
    }
    for text in [
        "Angus said he would cover my shift.",
        "The beds were all full.",
        "The lakes were frozen that winter.",
        "Beds were short again.",
    ] {
        assert!(texts(text, Category::Place).is_empty(), "{text}");
    }
}

#[test]
fn health_boards_and_trusts() {
    for (text, place) in [
        (
            "I worked for Betsi Cadwaladr for two years.",
            "Betsi Cadwaladr",
        ),
        ("Hywel Dda had no psychiatry trainees.", "Hywel Dda"),
        (
            "My rotation was with Cwm Taf Morgannwg.",
            "Cwm Taf Morgannwg",
        ),
        ("NHS Grampian paid for the course.", "NHS Grampian"),
        (
            "I moved to NHS Greater Glasgow and Clyde.",
            "NHS Greater Glasgow and Clyde",
        ),
        ("The Southern Trust offered me a post.", "Southern Trust"),
        (
            "Aneurin Bevan University Health Board employed me.",
            "Aneurin Bevan University Health Board",
        ),
        (
            "I joined Swansea Bay University Health Board.",
            "Swansea Bay",
        ),
        (
            "Leeds Teaching Hospitals NHS Trust was my employer.",
            "Leeds Teaching Hospitals NHS Trust",
        ),
        (
            "I was at Sheffield Teaching Hospitals for FY2.",
            "Sheffield Teaching Hospitals",
        ),
        (
            "Cambridge University Hospitals let me go part-time.",
            "Cambridge University Hospitals",
        ),
        (
            "Brighton and Sussex University Hospitals NHS Trust knew.",
            "Brighton and Sussex University Hospitals NHS Trust",
        ),
        ("NHS Fife took me back.", "NHS Fife"),
        ("I applied to BCUHB twice.", "BCUHB"),
    ] {
        assert_finds(Category::Place, text, place);
    }
    for text in [
        "NHS England publishes a guide.",
        "NHS Scotland and NHS Wales have the same scheme.",
        "Practitioner Health saw me within a week.",
        "Health Education England funds the posts.",
        "The Deanery was supportive.",
        "The Royal College of Psychiatrists has a page on wellbeing.",
        "Our Health Board wrote to every trainee.",
        "The Trust's policy was clear.",
    ] {
        assert_quiet(text);
    }
}

#[test]
fn hospitals_known_by_a_short_name() {
    for (text, place) in [
        ("I did FY1 at Addenbrooke's.", "Addenbrooke's"),
        ("Nights at the Royal Free were brutal.", "Royal Free"),
        ("Ninewells has a long corridor.", "Ninewells"),
        ("I was at Wythenshawe for a year.", "Wythenshawe"),
        ("Morriston was my first job.", "Morriston"),
        ("I rotated to the Freeman.", "Freeman"),
        ("Derriford's ED was heaving.", "Derriford"),
        ("They sent me to the QE for a scan.", "QE"),
        ("Royal Stoke had a wellbeing hub.", "Royal Stoke"),
        ("I worked at St Thomas' for a year.", "St Thomas'"),
        ("I was on nights at the RVI.", "RVI"),
        ("Alder Hey took me on.", "Alder Hey"),
        (
            "A transfer to Great Ormond Street came through.",
            "Great Ormond Street",
        ),
    ] {
        assert_finds(Category::Place, text, place);
    }
    for text in [
        "Mr Freeman was kind to me.",
        "QE is an exam question I never liked.",
        "The royal family was on the news.",
    ] {
        assert!(texts(text, Category::Place).is_empty(), "{text}");
    }
}

#[test]
fn place_lists_parse_and_hold_no_ordinary_words() {
    let sizes: BTreeMap<&str, usize> = places::sizes().into_iter().collect();
    assert!(sizes.values().all(|n| *n > 0), "{sizes:?}");
}

#[test]
fn places_missing_from_the_lists_after_a_home_or_origin() {
    for (text, place) in [
        (
            "I was living in a cottage outside Llandderfel.",
            "Llandderfel",
        ),
        ("Dr Nwachukwu had come over from Enugu.", "Enugu"),
        (
            "My parents came from Hargeisa and settled in Cardiff.",
            "Hargeisa",
        ),
        (
            "I qualified in Cluj-Napoca and moved to Wales.",
            "Cluj-Napoca",
        ),
        ("She grew up in Aberdaron.", "Aberdaron"),
        ("We had a house in Butetown.", "Butetown"),
    ] {
        assert_finds(Category::Place, text, place);
    }
    for text in [
        "I qualified in Psychiatry in the end.",
        "I moved to Occupational Health.",
        "We came back to Work on a Monday.",
        "I was born in March.",
        "We moved in March.",
        "I moved to Wales.",
        "She trained in Leadership and Management.",
    ] {
        assert!(texts(text, Category::Place).is_empty(), "{text}");
    }
}

#[test]
fn hospitals_named_like_people_only_as_places() {
    assert_finds(
        Category::Place,
        "I was rotating through the Princess of Wales in Bridgend.",
        "Princess of Wales",
    );
    assert_finds(
        Category::Place,
        "I was working at the Princess Royal in Telford.",
        "Princess Royal",
    );
    assert!(texts("The Princess Royal opened the new wing.", Category::Place).is_empty());
}

#[test]
fn roads_by_number() {
    assert_finds(Category::Place, "The deer ran out on the A66.", "A66");
    assert_finds(
        Category::Place,
        "I was stuck on the M62 for an hour.",
        "M62",
    );
    assert_finds(Category::Place, "We turned off the B4391.", "B4391");
    for text in [
        "I printed the A4 sheet and signed it.",
        "My B12 was low.",
        "The A1 grade felt far away.",
    ] {
        assert!(texts(text, Category::Place).is_empty(), "{text}");
    }
}

#[test]
fn to_and_from_a_person_are_not_journeys() {
    assert_finds(
        Category::Place,
        "A locksmith from Beverley came out.",
        "Beverley",
    );
    for text in [
        "I talked to Shirley about it.",
        "A text from Stanley made me smile.",
    ] {
        assert!(texts(text, Category::Place).is_empty(), "{text}");
    }
}

#[test]
fn scores_and_scales_named_after_places_are_quiet() {
    for text in [
        "A Glasgow Coma Scale of 8 means you call the anaesthetist.",
        "I looked it up in the Oxford Handbook.",
        "The Manchester Triage system put him in majors.",
    ] {
        assert!(texts(text, Category::Place).is_empty(), "{text}");
    }
}
