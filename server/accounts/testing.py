"""Shared by the tests: the password every test user gets."""

PASSWORD = "correct horse battery staple"
