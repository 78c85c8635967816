"""Rebuild the shipped country and SDG data files from their public sources.

Run by a maintainer when the sources change (see docs/reference.md), never at install time:
``python -m aspiration.reference.build /path/to/shared/data``. Pure Python, no Django.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
import unicodedata
from pathlib import Path

from aspiration.reference.codes import code_key

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = ("en", "fr", "es", "ru", "zh-hans", "ar")
CSV_SUFFIX = {"en": "English", "fr": "French", "es": "Spanish", "ru": "Russian", "zh-hans": "Chinese", "ar": "Arabic"}
OFFICIAL = {"en": "en", "fr": "fr", "es": "es", "ru": "ru", "zh-hans": "cn", "ar": "ar"}

# Where the sources disagree with UN usage we correct them here, visibly.
NAME_OVERRIDES = {("CIV", "en"): "Côte d'Ivoire"}
# Türkiye is listed in two groups; it takes part in WEOG for electoral purposes (also UPR Info's grouping).
TURKIYE_GROUP = "WEOG"
# The observer states are not in the member-state list. Palestine is a full member of the Asia-Pacific Group;
# the Holy See belongs to none.
OBSERVERS = {"PSE": "Asia-Pacific Group", "VAT": ""}
# Common short or former names that are in none of the source columns.
EXTRA_ALIASES = {
    "TUR": ["Turkey", "Turquie", "Turquía", "Republic of Turkey", "Republic of Türkiye"],
    "GBR": ["United Kingdom", "Great Britain", "Britain", "UK", "Royaume-Uni", "Reino Unido", "英国", "Великобритания"],
    "USA": ["United States", "USA", "US", "États-Unis", "Estados Unidos", "美国", "США"],
    "RUS": ["Russia", "Russie", "Rusia", "俄罗斯"],
    "SYR": ["Syria", "Syrie", "Siria", "叙利亚"],
    "LAO": ["Laos", "Lao PDR"],
    "TZA": ["Tanzania"],
    "MDA": ["Moldova", "Moldavie"],
    "FSM": ["Micronesia"],
    "CZE": ["Czech Republic", "République tchèque", "República Checa"],
    "SWZ": ["Swaziland"],
    "MKD": ["Macedonia", "FYR Macedonia", "Macedonia FYR", "The former Yugoslav Republic of Macedonia",
            "Former Yugoslav Republic of Macedonia"],
    "CPV": ["Cape Verde", "Cap-Vert"],
    "TLS": ["East Timor"],
    "MMR": ["Burma"],
    "VAT": ["Holy See", "Vatican", "Vatican City State"],
    "PSE": ["Palestine", "Occupied Palestinian Territory", "State of Palestine"],
    "PRK": ["North Korea", "DPRK", "DPR Korea", "Korea, Democratic People's Republic of", "朝鲜"],
    "KOR": ["South Korea", "韩国", "Corée du Sud", "Corea del Sur"],
    "COG": ["Republic of Congo", "Republic of the Congo", "Congo-Brazzaville", "Congo Brazzaville"],
    "COD": ["Democratic Republic of Congo", "DR Congo", "DRC", "Congo-Kinshasa", "Congo, Democratic Republic of", "RDC",
            "刚果（金）"],
    "BRN": ["Brunei"],
    "VEN": ["Venezuela"],
    "BOL": ["Bolivia", "Bolivie"],
    "IRN": ["Iran", "Persia"],
    "VNM": ["Vietnam", "Viet-Nam"],
    "CIV": ["Ivory Coast", "Cote d'Ivoire"],
    "NLD": ["Holland", "Netherlands"],
    "GNB": ["Guinea Bissau"],
    "STP": ["Sao Tome and Principe", "São Tomé and Príncipe"],
    "KNA": ["St Kitts and Nevis", "Saint Kitts & Nevis"],
    "VCT": ["St Vincent and the Grenadines"],
    "LCA": ["St Lucia"],
    "ARE": ["UAE", "Emirates"],
    "BIH": ["Bosnia", "Bosnia & Herzegovina"],
    "TTO": ["Trinidad & Tobago"],
    "ATG": ["Antigua & Barbuda"],
    "LBY": ["Libyan Arab Jamahiriya"],
}
ARTICLE = re.compile(r"\s*\((?:the|l'|l’|le|la|les|el|los|las)\)\s*$", re.IGNORECASE)


def clean_name(name: str) -> str:
    """'Netherlands (the) *' -> 'Netherlands': drop UNTERM's trailing article and observer star."""
    return ARTICLE.sub("", name.replace("*", "").strip()).strip()


def country_record(row: dict[str, str], groups: dict[str, str], members: set[str]) -> dict:
    iso3 = row["ISO3166-1-Alpha-3"].strip()
    names, aliases = {}, set()
    for lang in LANGUAGES:
        short = clean_name(row.get(f"UNTERM {CSV_SUFFIX[lang]} Short", ""))
        official = clean_name(row.get(f"official_name_{OFFICIAL[lang]}", ""))
        formal = clean_name(row.get(f"UNTERM {CSV_SUFFIX[lang]} Formal", ""))
        names[lang] = NAME_OVERRIDES.get((iso3, lang)) or short or official or names.get("en", iso3)
        aliases.update(n for n in (short, official, formal) if n)
    aliases.add(clean_name(row.get("CLDR display name", "")))
    aliases.update(EXTRA_ALIASES.get(iso3, []))
    aliases -= set(names.values()) | {""}
    observer = iso3 in OBSERVERS
    return {
        "iso3": iso3,
        "iso2": row["ISO3166-1-Alpha-2"].strip(),
        "m49": row["M49"].strip().zfill(3) if row["M49"].strip() else "",
        "names": names,
        "aliases": sorted(aliases),
        "un_regional_group": OBSERVERS[iso3] if observer else groups.get(iso3, ""),
        "m49_region": row["Region Name"].strip(),
        "m49_subregion": row["Sub-region Name"].strip(),
        "m49_intermediate_region": row["Intermediate Region Name"].strip(),
        "is_member_state": iso3 in members,
        "is_observer_state": observer,
    }


def build_countries(source: Path) -> list[dict]:
    groups: dict[str, str] = {}
    with open(source / "countries" / "un-regional-groups.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Code"] == "TUR" and row["Region"] != TURKIYE_GROUP:
                continue
            groups[row["Code"]] = row["Region"]
    with open(source / "countries" / "country-codes.csv", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["ISO3166-1-Alpha-3"].strip()]
    records = [country_record(row, groups, set(groups)) for row in rows]
    return sorted(records, key=lambda record: record["iso3"])


def build_sdg(source: Path) -> dict:
    """{"goals": [{"code", "names": {lang: short}, "texts": {lang: title}}], "targets": [...], "indicators": [...]}."""
    by_kind: dict[str, dict[str, dict]] = {"goal": {}, "target": {}, "indicator": {}}
    with open(source / "sdg-framework" / "sdg_goals_targets_indicators_un6.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            lang = row["lang"].lower()
            entry = by_kind[row["kind"]].setdefault(row["code"], {"code": row["code"], "names": {}, "texts": {}})
            # Some translations come with decomposed accents (e + U+0301); store the composed form.
            text = unicodedata.normalize("NFC", row["text"].strip())
            entry["names" if row["field"] == "short" else "texts"][lang] = text
    for kind in ("target", "indicator"):
        for entry in by_kind[kind].values():
            entry["names"] = dict(entry["texts"])  # targets and indicators have no short names
    return {
        f"{kind}s": sorted(entries.values(), key=lambda entry: code_key(entry["code"]))
        for kind, entries in by_kind.items()
    }


def main(argv: list[str]) -> None:
    source = Path(argv[1] if len(argv) > 1 else Path(__file__).resolve().parents[3] / "shared" / "data")
    countries = build_countries(source)
    lines = ",\n".join(json.dumps(country, ensure_ascii=False) for country in countries)  # one country a line
    (DATA / "countries.json").write_text(f"[\n{lines}\n]\n", encoding="utf-8")
    sdg = build_sdg(source)
    with gzip.open(DATA / "sdg.json.gz", "wt", encoding="utf-8", compresslevel=9) as handle:
        json.dump(sdg, handle, ensure_ascii=False, separators=(",", ":"))
    print(f"{len(countries)} countries, {len(sdg['goals'])} goals, {len(sdg['targets'])} targets, "
          f"{len(sdg['indicators'])} indicators written to {DATA}")


if __name__ == "__main__":
    main(sys.argv)
