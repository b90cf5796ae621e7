"""Shared by the tests: the password every test user gets, and tokens for them."""

PASSWORD = "correct horse battery staple"


def token_for(user) -> str:
    """A new API token of ``user``; returns its secret."""
    from accounts.services import create_api_token

    return create_api_token(actor=user, name="tests")[1]
