//! Tests of the name rules that use the name data: nicknames, surnames
//! alone in a naming context, given name and surname pairs, particles.

use super::tests::texts;
use super::Category;

fn names(text: &str) -> Vec<String> {
    texts(text, Category::Name)
}

#[track_caller]
fn assert_name(text: &str, expected: &str) {
    let found = names(text);
    assert!(
        found.iter().any(|t| t == expected),
        "expected name `{expected}` in {text:?}, found {found:?}"
    );
}

#[track_caller]
fn assert_no_name(text: &str) {
    let found = names(text);
    assert!(
        found.is_empty(),
        "expected no name in {text:?}, found {found:?}"
    );
}

#[test]
fn nicknames_after_friends_and_naming_words() {
    assert_name("I phoned my friend Jonno that night.", "Jonno");
    assert_name("My mate Dev drove me home.", "Dev");
    assert_name("I rang my mate Gazza, who listened.", "Gazza");
    assert_name("A friend called Bex sat with me.", "Bex");
    assert_name("My flatmate Tiggy noticed first.", "Tiggy");
    assert_name("My registrar Kwesi covered the bleep.", "Kwesi");
    assert_name("We called him Sunny on the ward.", "Sunny");
    assert_name("Everyone called her Boo at school.", "Boo");
    assert_name("A porter known as Taff made me tea.", "Taff");
    assert_name("The SHO, nicknamed Moose, was kind.", "Moose");
}

#[test]
fn nickname_contexts_leave_ordinary_words() {
    assert_no_name("My mate and I went to the pub.");
    assert_no_name("We called him on Monday and he came.");
    assert_no_name("It was known as the Professional Support Unit.");
    assert_no_name("A friend called the Samaritans for me.");
}

#[test]
fn surnames_alone_in_naming_contexts() {
    assert_name("On the ward round Przybylski said nothing.", "Przybylski");
    assert_name("Henderson told me to go home.", "Henderson");
    assert_name("Then I rang Okafor and explained.", "Okafor");
    assert_name(
        "I had coffee with Nowakowska after the shift.",
        "Nowakowska",
    );
    assert_name("Later that week Brown asked how I was.", "Brown");
    assert_name("It was in Henderson's office that I cried.", "Henderson");
    assert_name("Later Fairbairn and I talked for an hour.", "Fairbairn");
    assert_name("Henderson and I talked for an hour.", "Henderson");
    assert_name("I told Wong everything.", "Wong");
    assert_name("O'Donnell said I should take the week.", "O'Donnell");
}

#[test]
fn naming_contexts_leave_words_drugs_and_services() {
    assert_no_name("Everyone said it would get better.");
    assert_no_name("I was started on Sertraline in the spring.");
    assert_no_name("I was diagnosed with Crohn's at medical school.");
    assert_no_name("I spoke with Occupational Health the next week.");
    assert_no_name("Management said nothing about the rota.");
    assert_no_name("I met Samaritans volunteers at a stall.");
    assert_no_name("I was on a call with Teams open all day.");
    assert_no_name("The Reg said I looked tired.");
    assert_no_name("In England this is called SuppoRTT, and it helped.");
    assert_no_name("We kept in touch with WhatsApp groups.");
    assert_no_name("Brown envelopes arrived from the deanery.");
    assert_no_name("I told Radiology the scan was urgent.");
}

#[test]
fn given_names_and_surnames_together() {
    assert_name("Chidi Okonkwo was my first consultant.", "Chidi Okonkwo");
    assert_name(
        "Later Siobhán Ní Bhriain took over my supervision.",
        "Siobhán Ní Bhriain",
    );
    assert_name(
        "I met Mohammed Al-Rashid at induction.",
        "Mohammed Al-Rashid",
    );
    assert_name("Ewa Nowak ran the teaching.", "Ewa Nowak");
    assert_name(
        "I shadowed Maria de la Cruz for a week.",
        "Maria de la Cruz",
    );
    assert_name("I shadowed Omar al-Farouq for a week.", "Omar al-Farouq");
    assert_name("Ahmed bin Rashid was on call.", "Ahmed bin Rashid");
    assert_name("Seán Ó Briain rang me.", "Seán Ó Briain");
    assert_name("Then Grace Okafor took me aside.", "Grace Okafor");
    assert_name(
        "I worked with Anna-Maria Kowalczyk-Nowak.",
        "Anna-Maria Kowalczyk-Nowak",
    );
}

#[test]
fn context_only_names_used_as_words_are_quiet() {
    assert_no_name("Will I cope? I will, with time.");
    assert_no_name("By the grace of good colleagues I passed.");
    assert_no_name("There was hope, in the end.");
    assert_no_name("The brown envelope sat on my desk for a week.");
    assert_no_name("The young doctor in the mess was me.");
    assert_no_name("A report from the King's Fund said the same.");
    assert_no_name("In May I went back to work.");
    assert_no_name("Summer came and the rota eased.");
    assert_no_name("The Dean wrote to every trainee.");
    assert_no_name("It was a Major Incident night.");
}

#[test]
fn listed_names_stand_alone() {
    assert_name("Przemysław was the only one who asked.", "Przemysław");
    assert_name("Oluwaseun brought cake.", "Oluwaseun");
    assert_name("Siobhán stayed late with me.", "Siobhán");
}

#[test]
fn later_mentions_of_a_found_name() {
    let text = "My mate Dodgy was there. Later Dodgy came to my lunch.";
    assert_eq!(names(text), ["Dodgy", "Dodgy"]);
    let text = "My trainer, Dr Oyelaran, knew. Oyelaran had one too.";
    assert_eq!(names(text), ["Oyelaran", "Oyelaran"]);
    let text = "My friend Will drove. Will I cope? The will was read.";
    assert_eq!(names(text), ["Will"]);
}

#[test]
fn names_between_commas_and_accents() {
    assert_name("One of them, Dawn, sat with me.", "Dawn");
    assert_name(
        "A staff nurse on the ward, Grażyna, took pity on me.",
        "Grażyna",
    );
    assert_no_name("We drove through towns, villages, and fields.");
}

#[test]
fn unknown_words_before_a_reporting_verb_at_sentence_start() {
    assert_name(
        "Olasunkanmi said the first month was the hardest.",
        "Olasunkanmi",
    );
    assert_name("Stevo rang her and she did not pick up.", "Stevo");
    assert_no_name("Everyone said it would pass.");
    assert_no_name("Management said the rota was fixed.");
}

#[test]
fn names_before_a_role() {
    assert_name(
        "Okafor, the consultant who ran our firm, says so.",
        "Okafor",
    );
    assert_name("I liked Nkemelu, my registrar, from the start.", "Nkemelu");
    assert_no_name("Afterwards, the consultant came back.");
    assert_no_name("Radiology, the department upstairs, rang.");
}
