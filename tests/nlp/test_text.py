import pytest

from aspiration.nlp.text import normalize, tokens
from aspiration.reference.languages import detect_language, language_code

SIX = {
    "en": "Ensure that all children have access to free primary education",
    "fr": "Garantir que tous les enfants aient accès à l'enseignement primaire gratuit",
    "es": "Garantizar que todos los niños tengan acceso a la enseñanza primaria gratuita",
    "ru": "Обеспечить всем детям доступ к бесплатному начальному образованию",
    "zh": "确保所有儿童都能接受免费初等教育",
    "ar": "ضمان حصول جميع الأطفال على التعليم الابتدائي المجاني",
}


@pytest.mark.parametrize("language", SIX)
def test_identifies_the_six_un_languages(language):
    assert detect_language(SIX[language])[0] == language


def test_language_codes_are_reported_as_iso_639_1():
    assert language_code("zh-Hans") == "zh"
    assert language_code("EN") == "en"
    assert language_code("") is None


def test_normalize_unifies_quotes_dashes_and_spaces():
    assert normalize("  Women’s  rights —\u00a0now ") == "Women's rights - now"


def test_chinese_is_segmented_into_words():
    words = tokens("保护妇女免受家庭暴力", "zh")
    assert "妇女" in words and len(words) >= 3


def test_empty_text_has_no_language():
    assert detect_language("   ")[0] == "und"
