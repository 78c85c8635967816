"""The shipped reference files: complete, consistent with their sources, names in six languages."""

from __future__ import annotations

import re

from aspiration.reference import catalog
from aspiration.reference.codes import code_sort_key
from aspiration.reference.sdg import sdg_goals, sdg_indicators, sdg_targets

SIX = set(catalog.LANGUAGES)
CONTRACT_GROUPS = {
    "women", "girls", "children", "youth", "older_persons", "persons_with_disabilities", "migrants",
    "refugees_asylum_seekers", "idps", "stateless_persons", "indigenous_peoples", "minorities", "lgbti",
    "human_rights_defenders", "journalists_media", "persons_deprived_of_liberty", "persons_living_in_poverty",
    "rural_population", "persons_with_hiv",
}


def test_countries_members_observers_and_groups():
    countries = catalog.countries()
    members = [c for c in countries if c["is_member_state"]]
    observers = {c["iso3"] for c in countries if c["is_observer_state"]}
    assert len(members) == 193 and observers == {"PSE", "VAT"}
    assert all(c["un_regional_group"] for c in members)
    groups = {g["code"] for g in catalog.regional_groups()}
    assert {c["un_regional_group"] for c in members} == groups
    by_iso3 = {c["iso3"]: c for c in countries}
    assert by_iso3["TUR"]["un_regional_group"] == "WEOG"
    assert by_iso3["CIV"]["names"]["en"] == "Côte d'Ivoire"
    assert by_iso3["NLD"]["names"]["fr"] == "Pays-Bas"  # UNTERM's "(les)" article dropped
    for country in members + [by_iso3["PSE"], by_iso3["VAT"]]:
        assert set(country["names"]) == SIX and all(country["names"].values()), country["iso3"]
        assert "*" not in "".join(country["names"].values())


def test_sdg_framework_counts_and_languages():
    goals, targets, indicators = sdg_goals(), sdg_targets(), sdg_indicators()
    assert [g["code"] for g in goals] == [str(n) for n in range(1, 18)]
    assert len(targets) == 169 and len(indicators) >= 231
    assert len({i["texts"]["en"] for i in indicators}) >= 225  # 231 unique indicators, a few texts repeated
    for item in goals + targets + indicators:
        assert set(item["texts"]) == SIX and all(item["texts"].values()), item["code"]
    assert {t["goal"] for t in targets} == {g["code"] for g in goals}
    assert {i["target"] for i in indicators} <= {t["code"] for t in targets}
    codes = [t["code"] for t in targets]
    assert codes.index("16.10") > codes.index("16.9") and codes.index("1.a") > codes.index("1.5")
    assert goals[4]["names"]["en"] == "Gender equality"


def test_natural_key_orders_codes():
    assert sorted(["16.10", "16.9", "16.a", "2.1", "1.1"], key=code_sort_key) == ["1.1", "2.1", "16.9", "16.10", "16.a"]


def test_upr_issues_have_six_names():
    issues = catalog.upr_issues()
    assert len(issues) == 56 and len({i["code"] for i in issues}) == 56
    for issue in issues:
        assert set(issue["names"]) == SIX and all(issue["names"].values())
        assert issue["names"]["en"] == issue["code"]
    assert catalog.upr_issue_by_name()["nhri"] == "National Human Rights Institution"
    assert catalog.upr_issue_by_name()["right to water"] == "Right to water and sanitation"


def test_affected_groups_contract():
    groups = catalog.affected_groups()
    issue_codes = {i["code"] for i in catalog.upr_issues()}
    assert {g["code"] for g in groups} >= CONTRACT_GROUPS
    for group in groups:
        assert set(group["names"]) == SIX and all(group["names"].values())
        assert set(group["terms"]) == SIX, group["code"]
        for terms in group["terms"].values():
            assert terms and all(t == t.lower().strip() and t for t in terms)
        assert set(group["upr_issues"]) <= issue_codes
        assert group["uhri_affected_persons"]
    by_code = {g["code"]: g for g in groups}
    assert "Women's rights" in by_code["women"]["upr_issues"]
    assert "Rights of the Child" in by_code["children"]["upr_issues"]


def test_uhri_affected_persons_map_to_groups():
    groups_for = catalog.affected_groups_for_uhri
    assert groups_for("refugees &amp; asylum seekers") == ("refugees_asylum_seekers",)
    assert groups_for("Refugees & asylum-seekers") == ("refugees_asylum_seekers",)
    assert groups_for("minorities/ racial, ethnic, linguistic, religious or descent-based groups") == ("minorities",)
    assert groups_for("Lesbian, gay, bisexual, transgender and intersex persons (LGBTI)") == ("lgbti",)
    assert set(groups_for("Women & girls")) == {"women", "girls"}
    assert set(groups_for("Rural women")) == {"women", "rural_population"}
    assert groups_for("Media") == ("journalists_media",)
    assert groups_for("general") == ()


def test_uhri_affected_persons_as_the_full_export_writes_them():
    """List bullets, '&' or 'and', case and plural do not matter."""
    groups_for = catalog.affected_groups_for_uhri
    assert set(groups_for("- Youth & juveniles")) == {"youth", "children"}
    assert groups_for("youth and juveniles") == groups_for("- Youth & juveniles")
    assert set(groups_for("- Women & girls")) == {"women", "girls"}
    assert groups_for("Person with disability") == groups_for("- Persons with disabilities") == ("persons_with_disabilities",)
    assert groups_for("Minority") == ("minorities",) and groups_for("- Indigenous people") == ("indigenous_peoples",)
    assert groups_for("- General") == ()


def test_call_to_action_shape():
    cta = catalog.call_to_action()
    assert [p["code"] for p in cta["principles"]] == [str(n) for n in range(1, 12)]
    assert [a["code"] for a in cta["areas"]] == [str(n) for n in range(1, 8)]
    assert [len(a["actions"]) for a in cta["areas"]] == [4, 4, 6, 5, 6, 6, 5]
    for area in cta["areas"]:
        assert set(area["title"]) == {"zh", "en", "fr", "es", "ru", "ar"} and all(area["title"].values())
        assert area["rationale"]["zh"] and area["rationale"]["en"]
        for number, action in enumerate(area["actions"], 1):
            assert action["code"] == f"{area['code']}.{number}" and action["zh"] and action["en"]
    for principle in cta["principles"]:
        assert re.search(r"[\u4e00-\u9fff]", principle["zh"]) and principle["en"].isascii()


def test_call_to_action_chinese_is_copied_from_the_seed(shared_data):
    seed_file = shared_data.parent / "seed" / "000_ebd2021c0905ff01.txt"
    seed = "".join(seed_file.read_text(encoding="utf-8").split())  # page breaks split some sentences
    cta = catalog.call_to_action()
    texts = [p["zh"] for p in cta["principles"]]
    for area in cta["areas"]:
        texts += [area["title"]["zh"], *area["rationale"]["zh"].split("\n\n"), *(a["zh"] for a in area["actions"])]
    for text in texts:
        assert "".join(text.split()) in seed, text[:30]


def test_shipped_files_match_their_sources(shared_data):
    """The shipped countries and SDG files are exactly what build.py makes from the shared sources."""
    from aspiration.reference.build import build_countries, build_sdg
    from aspiration.reference.sdg import _framework

    assert build_countries(shared_data) == catalog.countries()
    assert build_sdg(shared_data) == _framework()


def test_upr_issue_codes_match_the_vocabulary(shared_data):
    vocabulary = shared_data / "label-vocabularies" / "upr-info-issues_huridocs-vocab.txt"
    names = [line.strip() for line in vocabulary.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert [issue["code"] for issue in catalog.upr_issues()] == names
