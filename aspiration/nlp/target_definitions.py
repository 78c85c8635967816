"""SDG target definitions in the words of recommendations: the project's own query lines per target.

The Aurora queries (``target_queries``) were written for research abstracts and match only about one
gold target in five in short recommendations ("Ensure the safety of journalists" is 16.10 by its
indicator 16.10.1, but no Aurora line for 16.10 says "journalist"). These lines restate each target's
official text and indicators (A/RES/70/1, A/RES/71/313) as the matter and, where the target names one,
the population it is about, in the same Scopus syntax, so that a match is evidence for *that* target:
16.2 needs a child word, 5.2 a woman or girl word, 4.5 an education word and a group left behind.
The readings follow the judging rules of the gold set (``benchmarks/data/README.md``): poverty in
general is 1.2 and 1.1 only extreme poverty; discrimination is 10.3 (5.1 for women and girls), plus
16.b when laws or policies are asked for; any human trafficking is 8.7 and 16.2; ratifying a treaty
gives a target only when the treaty's subject is the target's. Pure data: no Django imports.
"""

from __future__ import annotations

CHILD = '( "child*" OR "minors" OR "juvenile*" OR "boys" OR "girls" OR "adolescen*" OR "pupils" OR "students" )'
WOMEN = '( "women" OR "woman" OR "girls" OR "wives" OR "female" OR "gender" )'
LEFT_BEHIND = ('( "disabilit*" OR "roma" OR "minorit*" OR "indigenous" OR "girls" OR "gender" OR "migrant*" '
               'OR "refugee*" OR "asylum" OR "rural" OR "vulnerable" OR "marginali*" OR "inclusive" OR "disparit*" '
               'OR "equal access" OR "discriminat*" OR "segregat*" OR "ethnic" OR "poor" OR "poverty" )')
HUMAN_TRAFFICKING = '"traffick*" AND NOT ( "drug traffick*" OR "arms traffick*" OR "narcotic*" )'

DEFINITIONS: dict[str, list[str]] = {
    "1.1": ['"extreme poverty" OR "abject poverty" OR "1.25 a day" OR "1.90 a day"'],
    "1.2": ['"poverty" OR "poorest" OR "poor families" OR "poor households" OR "poor people" OR "impoverish*"'],
    "1.3": ['"social protection" OR "social security" OR "social assistance" OR "social benefit*" OR "social welfare" '
            'OR "pension*" OR "unemployment benefit*" OR "child benefit*" OR "cash transfer*" OR "safety net*" '
            'OR "minimum income"'],
    "1.4": ['"right to land" OR "land rights" OR "land tenure" OR "land ownership" OR "access to land" OR "inheritance" '
            'OR "property rights" OR "microfinance" OR "access to credit" OR "financial services" OR "basic services"'],
    "2.1": ['"hunger" OR "food security" OR "food insecurity" OR "right to food" OR "access to food" OR "adequate food" '
            'OR "sufficient food" OR "nutritious food"'],
    "2.2": ['"malnutrition" OR "malnourish*" OR "undernourish*" OR "stunting" OR "wasting" OR "nutrition*"'],
    "2.3": ['"smallholder*" OR "small-scale farmer*" OR "small farmer*" OR "family farm*" OR "agricultural productivity" '
            'OR "pastoralist*"'],
    "2.4": ['"sustainable agricultur*" OR "resilient agricultur*" OR "agroecolog*" OR "sustainable food production"'],
    "3.1": ['"maternal mortality" OR "maternal death*" OR "maternal health" OR "skilled birth" OR "prenatal" '
            'OR "antenatal" OR "obstetric*"'],
    "3.2": ['"infant mortality" OR "child mortality" OR "under-five mortality" OR "neonatal" OR "newborn*"'],
    "3.3": ['"hiv" OR "tuberculosis" OR "malaria" OR "hepatitis" OR "epidemic*" OR "ebola" OR "tropical disease*" '
            'OR "communicable disease*" AND NOT ( "non-communicable" )'],
    "3.4": ['"non-communicable disease*" OR "mental health" OR "suicide*" OR "cancer" OR "diabetes" OR "cardiovascular"'],
    "3.5": ['"drug use*" OR "drug abuse" OR "substance abuse" OR "drug addict*" OR "drug dependen*" OR "harm reduction" '
            'OR "alcohol*"'],
    "3.7": ['"reproductive health" OR "family planning" OR "contracepti*" OR "reproductive rights" OR "sex education" '
            'OR "sexual education" OR "sexuality education" OR "adolescent pregnanc*" OR "teenage pregnanc*" '
            'OR "early pregnanc*"'],
    "3.8": ['"health care" OR "healthcare" OR "health services" OR "health coverage" OR "access to health" '
            'OR "medical care" OR "health insurance" OR "essential medicines" OR "health facilities" '
            'OR "primary health" OR "right to health" OR "health system*" OR "medical services"'],
    "4.1": ['"primary education" OR "secondary education" OR "primary school*" OR "secondary school*" '
            'OR "compulsory education" OR "free education" OR "basic education" OR "school enrol*" OR "dropout*" '
            'OR "drop out" OR "school attendance" OR "quality education" OR "free and compulsory"'],
    "4.2": ['"early childhood" OR "pre-primary" OR "preschool*" OR "pre-school*" OR "kindergarten*"'],
    "4.3": ['"vocational training" OR "technical and vocational" OR "tertiary education" OR "higher education" '
            'OR "universit*"'],
    "4.5": [f'( "education*" OR "school*" OR "learning" ) W/15 {LEFT_BEHIND}', '"inclusive education"'],
    "4.6": ['"literacy" OR "illitera*"'],
    "4.7": ['"human rights education" OR "education for sustainable development" OR "culture of peace" '
            'OR "global citizenship" OR "human rights in school curricula" OR "human rights in the curricul*"'],
    "4.a": ['"school infrastructure" OR "school facilities" OR "school buildings" OR "safe schools" OR "classroom*"'],
    "4.c": ['"qualified teachers" OR "teacher training" OR "training of teachers" OR "recruit*" W/5 "teacher*"'],
    "5.1": [f'( "discriminat*" OR "equality" OR "equal rights" OR "stereotyp*" ) W/15 {WOMEN}', '"cedaw"'],
    "5.2": [f'( "violence" OR "abuse*" OR "rape" OR "exploitation" OR "harassment" OR "assault*" OR "traffick*" ) '
            f'W/15 {WOMEN}',
            '"domestic violence" OR "gender-based violence" OR "violence against women" OR "marital rape" '
            'OR "intimate partner" OR "femicide" OR "feminicide" OR "istanbul convention"'],
    "5.3": ['"child marriage" OR "early marriage" OR "forced marriage" OR "female genital" OR "fgm" OR "excision" '
            'OR "age of marriage" OR "marriage age" OR "marriageable age" OR "minimum age for marriage"'],
    "5.4": ['"unpaid care" OR "unpaid domestic" OR "parental leave" OR "paternity leave" OR "maternity leave" '
            'OR "childcare" OR "child care facilities" OR "work and family"'],
    "5.5": [f'{WOMEN} W/15 ( "participation" OR "representation" OR "leadership" OR "decision-making" '
            'OR "parliament*" OR "political life" OR "public life" OR "quota*" OR "elected" OR "managerial" '
            'OR "decision-making positions" )'],
    "5.a": [f'{WOMEN} W/15 ( "land" OR "property" OR "inheritance" OR "economic resources" OR "credit" '
            'OR "ownership" )'],
    "5.c": ['"gender equality" W/5 ( "law*" OR "legislation" OR "polic*" OR "strateg*" OR "plan*" OR "act" )',
            '"gender mainstreaming" OR "gender budget*" OR "gender-responsive budget*"'],
    "6.1": ['"drinking water" OR "safe water" OR "clean water" OR "water supply" OR "access to water" '
            'OR "right to water" OR "potable water" OR "water and sanitation"'],
    "6.2": ['"sanitation" OR "hygiene" OR "open defecation" OR "latrine*" OR "toilet*"'],
    "7.1": ['"electricity" OR "access to energy" OR "energy services" OR "clean cooking"'],
    "7.2": ['"renewable energ*" OR "solar" OR "wind power" OR "clean energy"'],
    "8.5": ['"equal pay" OR "equal remuneration" OR "pay gap" OR "wage gap" OR "unemployment" OR "decent work" '
            'OR "access to employment" OR "labour market" OR "labor market" OR "job opportunit*" '
            'OR "employment opportunit*" OR "minimum wage" OR "right to work"'],
    "8.6": ['"youth unemployment" OR "youth employment"', '"young people" W/5 ( "employment" OR "job*" )'],
    "8.7": ['"forced labour" OR "forced labor" OR "child labour" OR "child labor" OR "slavery" OR "bonded labour" '
            'OR "child soldier*" OR "servitude" OR "recruitment of children"', HUMAN_TRAFFICKING],
    "8.8": ['"labour rights" OR "labor rights" OR "workers\' rights" OR "rights of workers" OR "migrant workers" '
            'OR "domestic workers" OR "trade union*" OR "occupational safety" OR "occupational health" '
            'OR "working conditions" OR "collective bargaining" OR "labour inspection*" OR "labor inspection*"'],
    "9.c": ['"access to the internet" OR "internet access" OR "broadband" OR "digital divide" '
            'OR "information and communication* technolog*" OR "internet connectivity"'],
    "10.2": ['( "inclusion" OR "integration" OR "inclusive" OR "empower*" OR "participation" ) W/15 ( "roma" '
             'OR "minorit*" OR "disabilit*" OR "indigenous" OR "migrant*" OR "refugee*" OR "ethnic" '
             'OR "older persons" OR "elderly" )', '"social inclusion" OR "social exclusion" OR "marginali*"'],
    "10.3": ['"discriminat*" OR "racism" OR "racist" OR "racial" OR "xenophob*" OR "hate speech" OR "hate crime*" '
             'OR "intolerance" OR "equal opportunit*" OR "equal treatment" OR "prejudice*" OR "stigma*" '
             'OR "antisemit*" OR "islamophob*" OR "homophob*" OR "transphob*" AND NOT ( "discrimination against women" '
             'OR "discrimination against girls" )'],
    "10.7": ['"migration polic*" OR "migration management" OR "asylum" OR "refugee*" OR "non-refoulement" '
             'OR "irregular migra*" OR "rights of migrants" OR "migrants\' rights"'],
    "11.1": ['"housing" OR "slum*" OR "homeless*" OR "informal settlement*" OR "forced eviction*" OR "evictions" '
             'OR "dwelling*" OR "living conditions" OR "basic services"'],
    "13.1": ['"disaster*" W/5 ( "risk" OR "prepared*" OR "resilien*" OR "reduction" OR "management" OR "response" '
             'OR "prevention" )', '"climate change adaptation" OR "adaptive capacity" OR "natural disasters"'],
    "13.2": ['"climate change" W/8 ( "polic*" OR "strateg*" OR "plan*" OR "legislation" OR "law" OR "mitigation" )',
             '"greenhouse gas*" OR "emission*" OR "paris agreement"'],
    "13.3": ['"climate change" W/8 ( "awareness" OR "education" OR "capacity" )'],
    "16.1": ['"torture" OR "ill-treatment" OR "extrajudicial" OR "killings" OR "homicide*" OR "excessive use of force" '
             'OR "police violence" OR "lynching*" AND NOT ( "optional protocol to the convention against torture" '
             'OR "opcat" OR "op-cat" )'],
    "16.2": [f'( "violence" OR "abuse*" OR "exploitation" OR "torture" OR "corporal punishment" OR "pornography" '
             f'OR "prostitution" OR "bullying" OR "neglect" ) W/15 {CHILD}',
             '"corporal punishment" OR "sale of children" OR "child pornography" OR "child abuse" '
             'OR "child prostitution"', HUMAN_TRAFFICKING],
    "16.3": ['"access to justice" OR "rule of law" OR "impunity" OR "judicial independence" '
             'OR "independence of the judiciary" OR "judiciary" OR "fair trial" OR "legal aid" OR "prosecut*" '
             'OR "bring to justice" OR "brought to justice" OR "perpetrators" OR "remedy" OR "remedies" OR "redress" '
             'OR "courts" OR "pre-trial detention" OR "pretrial detention" OR "rome statute" '
             'OR "international criminal court" OR "judicial proceedings" OR "justice system"'],
    "16.4": ['"illicit financial" OR "money laundering" OR "arms trade" OR "small arms" OR "organized crime" '
             'OR "organised crime" OR "illicit arms" OR "stolen assets"'],
    "16.5": ['"corrupt*" OR "bribe*" OR "bribery"'],
    "16.7": ['"decision-making" OR "public affairs" OR "prior and informed consent" OR "political participation" '
             'OR "participation in political"',
             '"consult*" W/15 ( "civil society" OR "indigenous" OR "communities" OR "stakeholders" '
             'OR "non-governmental" )'],
    "16.9": ['"birth registration" OR "registration of births" OR "register* all births" OR "legal identity" '
             'OR "identity documents" OR "civil registration" OR "stateless*" OR "the erased" '
             'OR "right to nationality" OR "citizenship"'],
    "16.10": ['"freedom of expression" OR "freedom of opinion" OR "freedom of the press" OR "press freedom" '
              'OR "media freedom" OR "freedom of assembly" OR "peaceful assembly" OR "freedom of association" '
              'OR "access to information" OR "journalist*" OR "human rights defenders" OR "media workers" '
              'OR "bloggers" OR "trade unionists" OR "arbitrary detention" OR "freedom of religion" '
              'OR "defamation" OR "civic space"'],
    "16.a": ['"national human rights institution*" OR "paris principles" OR "ombudsman" OR "ombudsperson" OR "nhri"'],
    "16.b": ['"discriminat*" W/15 ( "law*" OR "legislation" OR "legal framework" OR "polic*" OR "act" OR "bill" '
             'OR "code" )'],
    "17.2": ['"official development assistance" OR "0.7 per cent" OR "development assistance" OR "development aid"'],
}
