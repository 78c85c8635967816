"""Hand-made crosswalks between taxonomies, each a judgement a person can check and change.

UPR Info issue -> SDG goals: the goal whose targets name the issue's subject (e.g. "Justice"
-> 16.3 access to justice; "Right to water and sanitation" -> 6.1/6.2; "Trafficking" -> 5.2,
8.7, 16.2; "National Human Rights Institution" -> indicator 16.a.1). Issues about the UN
machinery itself (treaty bodies, UPR process, special procedures, international instruments)
and the catch-alls ("General", "Other") have no SDG.
"""

from __future__ import annotations

from aspiration.reference.codes import sorted_codes

UPR_ISSUE_TO_SDG_GOALS: dict[str, tuple[str, ...]] = {
    "Asylum-seekers - refugees": ("10",),
    "Business and human rights": ("8", "12"),
    "CP rights - general": ("16",),
    "Civil society": ("16",),
    "Corruption": ("16",),
    "Counter-terrorism": ("16",),
    "Death penalty": ("16",),
    "Detention": ("16",),
    "Development": ("1", "10"),
    "Disabilities": ("10",),
    "ESC rights - general": ("1", "10"),
    "Elections": ("16",),
    "Enforced disappearances": ("16",),
    "Environment": ("13", "15"),
    "Extrajudicial executions": ("16",),
    "Freedom of association and peaceful assembly": ("16",),
    "Freedom of movement": ("10",),
    "Freedom of opinion and expression": ("16",),
    "Freedom of religion and belief": ("16",),
    "Freedom of the press": ("16",),
    "HIV - Aids": ("3",),
    "Human rights defenders": ("16",),
    "Human rights education and training": ("4",),
    "Human rights violations by state agents": ("16",),
    "Impunity": ("16",),
    "Indigenous peoples": ("10",),
    "Internally displaced persons": ("10",),
    "International humanitarian law": ("16",),
    "Justice": ("16",),
    "Labour": ("8",),
    "Migrants": ("10",),
    "Minorities": ("10",),
    "National Human Rights Institution": ("16",),
    "Poverty": ("1",),
    "Privacy": ("16",),
    "Public security": ("16",),
    "Racial discrimination": ("10",),
    "Right to education": ("4",),
    "Right to food": ("2",),
    "Right to health": ("3",),
    "Right to housing": ("11",),
    "Right to land": ("1", "2"),
    "Right to water and sanitation": ("6",),
    "Sexual Orientation and Gender Identity": ("10",),
    "Statelessness and the right to nationality": ("16",),
    "Technical assistance and cooperation": ("17",),
    "Torture and other CID treatment": ("16",),
    "Trafficking": ("5", "8", "16"),
    "Women's rights": ("5",),
}


def sdg_goals_for_issues(issues: list[str]) -> list[str]:
    return sorted_codes({goal for issue in issues for goal in UPR_ISSUE_TO_SDG_GOALS.get(issue, ())})

# UPR Info issue -> Call to Action area ("The Highest Aspiration", 2020): 1 rights at the core of
# sustainable development (economic and social rights, equality, data); 2 rights in times of
# crisis (conflict, displacement, emergencies, prevention); 3 gender equality and equal rights of
# women; 4 public participation and civic space; 5 rights of future generations, especially
# climate justice; 6 human rights at the heart of collective action (the UN mechanisms,
# national institutions, cooperation); 7 new frontiers of human rights (digital, privacy).
UPR_ISSUE_TO_CTA_AREAS: dict[str, tuple[str, ...]] = {
    "Development": ("1",), "ESC rights - general": ("1",), "Poverty": ("1",), "Right to education": ("1",),
    "Right to food": ("1",), "Right to health": ("1",), "Right to housing": ("1",), "Right to land": ("1",),
    "Right to water and sanitation": ("1",), "Labour": ("1",), "Business and human rights": ("1",), "HIV - Aids": ("1",),
    "Disabilities": ("1",), "Indigenous peoples": ("1",), "Minorities": ("1",), "Racial discrimination": ("1",),
    "Corruption": ("1",),
    "International humanitarian law": ("2",), "Internally displaced persons": ("2",), "Asylum-seekers - refugees": ("2",),
    "Counter-terrorism": ("2",), "Extrajudicial executions": ("2",), "Enforced disappearances": ("2",), "Impunity": ("2",),
    "Migrants": ("2",), "Statelessness and the right to nationality": ("2",),
    "Women's rights": ("3",),
    "Civil society": ("4",), "Human rights defenders": ("4",), "Freedom of association and peaceful assembly": ("4",),
    "Freedom of opinion and expression": ("4",), "Freedom of the press": ("4",), "Elections": ("4",),
    "Environment": ("5",),
    "International instruments": ("6",), "Treaty bodies": ("6",), "Special procedures": ("6",), "UPR process": ("6",),
    "National Human Rights Institution": ("6",), "Technical assistance and cooperation": ("6",),
    "Privacy": ("7",),
}

# SDG goal -> Call to Action area: the 2030 Agenda's social goals belong to area 1, goal 5 to
# area 3, the environmental goals to area 5 (climate justice), goal 17 (partnerships) to area 6.
# Goal 16 is left out: it spans areas 2, 4 and 6 and the issues above place it more precisely.
SDG_GOAL_TO_CTA_AREAS: dict[str, tuple[str, ...]] = {
    "1": ("1",), "2": ("1",), "3": ("1",), "4": ("1",), "6": ("1",), "8": ("1",), "10": ("1",), "11": ("1",),
    "5": ("3",), "7": ("5",), "12": ("5",), "13": ("5",), "14": ("5",), "15": ("5",), "17": ("6",),
}

# Affected group -> Call to Action area.
AFFECTED_GROUP_TO_CTA_AREAS: dict[str, tuple[str, ...]] = {
    "women": ("3",), "girls": ("3",),
    "human_rights_defenders": ("4",), "journalists_media": ("4",),
    "refugees_asylum_seekers": ("2",), "idps": ("2",), "stateless_persons": ("2",),
    "youth": ("5",),
    "persons_living_in_poverty": ("1",), "persons_with_disabilities": ("1",), "rural_population": ("1",),
}
