from django.db import models
from django.utils import timezone


class TrainedClassifier(models.Model):
    """A local model trained on the desk's own tickets (numpy arrays in .npz form, never
    pickle).  The newest installed row is the one servers use; they notice a new one
    without a restart (tickets/classification/registry.py)."""

    created_at = models.DateTimeField(default=timezone.now)
    model = models.BinaryField()
    trained_on = models.PositiveIntegerField(help_text="tickets it was trained on")
    metrics = models.JSONField(default=dict, help_text="validation figures at install time")

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"trained classifier #{self.pk} ({self.trained_on} tickets)"
