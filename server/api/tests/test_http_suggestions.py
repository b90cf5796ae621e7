"""With introspection off, no error suggests a name ("Did you mean 'ticket'?"): the schema
stays as hidden as introspection leaves it.  With it on, the suggestions help."""

import pytest

MISTAKES = {
    "field": ("{ tickt(id: 1) { id } }", "tickt"),
    "nested-field": ("{ tickets { totalCont } }", "totalCont"),
    "argument": ("{ tickets(frist: 5) { totalCount } }", "frist"),
    "input-field": ('{ tickets(filter: {serch: "x"}) { totalCount } }', "serch"),
    "enum-value": ("{ tickets(filter: {status: [OPN]}) { totalCount } }", "OPN"),
    "type": ("query($f: TicketFiltr) { tickets(filter: $f) { totalCount } }", "TicketFiltr"),
}
VARIABLE_MISTAKES = {
    "variable-enum": (
        "query($f: TicketFilter) { tickets(filter: $f) { totalCount } }",
        {"f": {"status": ["OPN"]}},
    ),
    "variable-input-field": (
        "query($f: TicketFilter) { tickets(filter: $f) { totalCount } }",
        {"f": {"serch": "x"}},
    ),
}


def _messages(gql, query, variables=None) -> str:
    return " ".join(error["message"] for error in gql.errors(query, variables))


@pytest.mark.django_db
@pytest.mark.parametrize("case", MISTAKES)
def test_no_suggestions_with_introspection_off(gql, settings, case):
    settings.GRAPHQL_INTROSPECTION = False
    query, mistake = MISTAKES[case]
    messages = _messages(gql, query)
    assert mistake in messages  # the client still learns what it got wrong
    assert "Did you mean" not in messages


@pytest.mark.django_db
@pytest.mark.parametrize("case", VARIABLE_MISTAKES)
def test_no_suggestions_for_variables_with_introspection_off(gql, settings, case):
    settings.GRAPHQL_INTROSPECTION = False
    messages = _messages(gql, *VARIABLE_MISTAKES[case])
    assert "Did you mean" not in messages


@pytest.mark.django_db
@pytest.mark.parametrize("case", MISTAKES)
def test_suggestions_with_introspection_on(gql, settings, case):
    settings.GRAPHQL_INTROSPECTION = True
    assert "Did you mean" in _messages(gql, MISTAKES[case][0])
