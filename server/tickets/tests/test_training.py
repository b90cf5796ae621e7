"""train_classifier: learns the desk's own labels, installs only a better model, and running
servers pick it up without a restart."""

import random

import pytest
from django.core.management import CommandError, call_command

from tickets.classification import chain, training
from tickets.classification.local import train as real_train
from tickets.classification.registry import registry
from tickets.classification.types import TicketText
from tickets.models import TrainedClassifier
from tickets.tests.factories import TicketFactory

# How this desk files its own product's sync errors: billing/critical (its ledger product),
# which no zero-shot model would guess from the words alone.
LEDGER = [
    "Quokka ledger sync stalls at step {n}",
    "Ledger reconciliation in Quokka stuck on batch {n}",
    "Quokka posting run {n} never finishes",
    "Quokka ledger export halted at record {n}",
]
OTHER = [
    ("How do I add a teammate to workspace {n}?", "account", "low"),
    ("Feature idea {n}: dark mode for reports", "general", "low"),
    ("Dashboard widget {n} loads slowly", "technical", "medium"),
]


def make_desk(count: int, *, seed: int = 1) -> None:
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        if i % 2 == 0:
            text = rng.choice(LEDGER).format(n=i)
            rows.append((text, "billing", "critical"))
        else:
            template, category, priority = rng.choice(OTHER)
            rows.append((template.format(n=i), category, priority))
    for title, category, priority in rows:
        TicketFactory(
            title=title,
            description=f"{title}. Please look into it.",
            category=category,
            priority=priority,
            labels_by_person=True,
        )


@pytest.fixture(autouse=True)
def fresh_registry(settings):
    settings.CLASSIFIER_RELOAD_SECONDS = 0
    registry.forget()
    yield
    registry.forget()


def suggest_ledger():
    text = TicketText.of(title="Quokka ledger sync stalls at step 999", description="Help.")
    return chain.local_backend().classify(text)


@pytest.mark.django_db
def test_too_few_labelled_tickets_are_refused():
    make_desk(5)
    with pytest.raises(CommandError, match="at least 30"):
        call_command("train_classifier")
    assert not TrainedClassifier.objects.exists()


@pytest.mark.django_db
def test_a_better_model_is_installed_and_picked_up_without_a_restart(capsys):
    before = suggest_ledger()
    make_desk(400)
    call_command("train_classifier")
    assert "Installed as trained classifier" in capsys.readouterr().out
    installed = TrainedClassifier.objects.get()
    assert installed.metrics["score"] > installed.metrics["previous_score"]

    after = suggest_ledger()
    assert "+trained-" in after.model and "+trained-" not in before.model
    assert (after.category, after.priority) == ("billing", "critical")


@pytest.mark.django_db
def test_a_worse_model_is_not_installed(capsys, monkeypatch):
    make_desk(400)
    call_command("train_classifier")
    good = TrainedClassifier.objects.get()

    # The next candidate learns from scrambled labels: really trained, really worse.
    def train_on_scrambled_labels(examples):
        examples = list(examples)
        labels = [(c, p) for _, c, p in examples]
        random.Random(3).shuffle(labels)
        return real_train([(t, c, p) for (t, _, _), (c, p) in zip(examples, labels, strict=True)])

    monkeypatch.setattr(training, "train", train_on_scrambled_labels)
    call_command("train_classifier")
    assert "Not installed" in capsys.readouterr().out
    assert list(TrainedClassifier.objects.all()) == [good]


@pytest.mark.django_db
def test_dry_run_installs_nothing(capsys):
    make_desk(160)
    call_command("train_classifier", "--dry-run")
    assert "Dry run" in capsys.readouterr().out
    assert not TrainedClassifier.objects.exists()
