"""The chain: LLM when configured, local on failure with the reason, cached per text."""

import pytest
from django.core.cache import caches

from testing.fake_openai import (
    answer,
    error,
    fake_openai_fixture,  # noqa: F401  (provides the fake_openai fixture)
    slow,
    unused_base_url,
)
from tickets.classification import chain
from tickets.classification.types import BackendError, Source, TicketText

KEY = "sk-test-chain-0123456789abcdef"
TEXT = TicketText.of(title="Charged twice", description="My card was charged twice in May.")


@pytest.fixture(autouse=True)
def empty_cache():
    caches["classifier"].clear()
    yield
    caches["classifier"].clear()


@pytest.fixture
def llm(settings, fake_openai):
    settings.OPENAI_API_KEY = KEY
    settings.OPENAI_BASE_URL = fake_openai.base_url
    settings.OPENAI_MODEL = "fake-model"
    settings.OPENAI_TIMEOUT = 2
    return fake_openai


@pytest.mark.django_db
def test_without_a_key_the_local_model_answers_and_says_why(settings):
    settings.OPENAI_API_KEY = ""
    suggestion = chain.suggest(TEXT)
    assert suggestion.source == Source.LOCAL
    assert suggestion.fallback_reason == chain.LLM_NOT_CONFIGURED


@pytest.mark.django_db
def test_the_llm_answers_when_configured(llm):
    llm.script(answer(category="billing", priority="high", category_confidence=0.93))
    suggestion = chain.suggest(TEXT)
    assert (suggestion.source, suggestion.category, suggestion.priority) == (
        Source.LLM,
        "billing",
        "high",
    )
    assert suggestion.category_confidence == pytest.approx(0.93)
    assert suggestion.fallback_reason is None


@pytest.mark.django_db
def test_the_same_normalised_text_asks_the_llm_once(llm):
    llm.script(answer(), answer())
    first = chain.suggest(TEXT)
    again = chain.suggest(
        TicketText.of(title="  CHARGED twice ", description="my card was\n charged twice in may.")
    )
    assert again == first
    assert len(llm.requests) == 1
    chain.suggest(TicketText.of(title="Other", description="Something else entirely"))
    assert len(llm.requests) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("replies", "reason_part"),
    [
        ([error(500), error(500)], "500"),
        ([error(401, "bad key " + KEY)], "401"),
        ([slow(answer(), 5)], "timed out"),
    ],
    ids=["server-error", "unauthorised", "too-slow"],
)
def test_an_llm_failure_falls_back_to_the_local_model_with_the_reason(
    llm, replies, reason_part, caplog
):
    llm.script(*replies)
    suggestion = chain.suggest(TEXT)
    assert suggestion.source == Source.LOCAL
    assert reason_part in suggestion.fallback_reason
    assert KEY not in suggestion.fallback_reason
    assert KEY not in caplog.text


@pytest.mark.django_db
def test_a_refused_connection_falls_back(settings):
    settings.OPENAI_API_KEY = KEY
    settings.OPENAI_BASE_URL = unused_base_url()
    suggestion = chain.suggest(TEXT)
    assert suggestion.source == Source.LOCAL
    assert "connection" in suggestion.fallback_reason.lower()


@pytest.mark.django_db
def test_a_fallback_is_cached_only_briefly(llm, settings):
    settings.CLASSIFIER_FALLBACK_CACHE_TTL = 0
    llm.script(error(500), error(500), answer(category="technical"))
    assert chain.suggest(TEXT).source == Source.LOCAL
    recovered = chain.suggest(TEXT)
    assert (recovered.source, recovered.category) == (Source.LLM, "technical")


@pytest.mark.django_db
def test_when_every_model_fails_the_answer_is_neutral_and_says_so(settings, monkeypatch):
    settings.OPENAI_API_KEY = ""

    class Broken:
        source = Source.LOCAL

        def classify(self, text):
            raise BackendError("weights missing")

    monkeypatch.setattr(chain, "local_backend", Broken)
    suggestion = chain.suggest(TEXT)
    assert (suggestion.category_confidence, suggestion.priority_confidence) == (0.0, 0.0)
    assert "weights missing" in suggestion.fallback_reason
    assert suggestion.category in {"billing", "technical", "account", "general"}
