from django.core.management.base import BaseCommand, CommandError

from tickets.classification.training import (
    DEFAULT_HOLDOUT_SHARE,
    DEFAULT_MIN_EXAMPLES,
    NotEnoughData,
    retrain,
)


class Command(BaseCommand):
    help = (
        "Retrain the local classifier on tickets whose labels a person set or confirmed; "
        "install it only if it beats the current model on a held-out slice. Running "
        "servers pick it up within CLASSIFIER_RELOAD_SECONDS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--min-examples", type=int, default=DEFAULT_MIN_EXAMPLES)
        parser.add_argument("--holdout", type=float, default=DEFAULT_HOLDOUT_SHARE)
        parser.add_argument("--dry-run", action="store_true", help="evaluate, never install")

    def handle(self, *args, min_examples, holdout, dry_run, **options):
        if not 0 < holdout < 1:
            raise CommandError("--holdout must be between 0 and 1.")
        try:
            report = retrain(min_examples=min_examples, holdout_share=holdout, dry_run=dry_run)
        except NotEnoughData as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{report.examples} labelled tickets: trained on {report.trained_on}, "
            f"held out {report.held_out}. Score on the held-out tickets: current "
            f"{report.current_score:.3f}, candidate {report.candidate_score:.3f}."
        )
        if report.installed:
            self.stdout.write(f"Installed as trained classifier #{report.installed_version}.")
        elif dry_run:
            self.stdout.write("Dry run: nothing installed.")
        else:
            self.stdout.write("Not installed: the candidate is not better than the current model.")
