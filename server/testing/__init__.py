"""Harnesses shared by the tests and the benchmarks: live servers and websocket clients,
a fake OpenAI-compatible server, test users.  Not product code and not a Django app
(nothing in INSTALLED_APPS); no module here is imported by the desk itself.
"""
