from django.core.exceptions import ValidationError


def validate_not_blank(value: str) -> None:
    if not value or not value.strip():
        raise ValidationError("This field cannot be blank.", code="blank")
