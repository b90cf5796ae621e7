"""A shared subscription payload is executed once per (document, variables), not per
subscriber, and its JSON made once; anything else is executed as usual."""

import asyncio
import json
from collections import Counter

import pytest
import strawberry

from api.subscriptions.rendering import Rendered, SharedRenderExecutionContext, shared

calls: Counter = Counter()


@strawberry.type
class Payload:
    name: str

    @strawberry.field
    def greeting(self, punctuation: str = "!") -> str:
        calls[self.name, punctuation] += 1
        if self.name == "broken":
            raise ValueError("cannot greet")
        return f"hello {self.name}{punctuation}"


@strawberry.type
class Query:
    ping: str = "pong"


def make_schema(source: list[Payload]) -> strawberry.Schema:
    @strawberry.type
    class Subscription:
        @strawberry.subscription
        async def payloads(self) -> Payload:
            for payload in source:
                yield payload

    return strawberry.Schema(
        query=Query,
        subscription=Subscription,
        execution_context_class=SharedRenderExecutionContext,
    )


async def collect(schema, query: str, variables: dict | None = None) -> list:
    stream = await schema.subscribe(query, variable_values=variables)
    return [(r.data, [e.message for e in r.errors or []]) async for r in stream]


GREET = "subscription($p: String!) { payloads { greeting(punctuation: $p) } }"


@pytest.fixture(autouse=True)
def reset_calls():
    calls.clear()


def test_subscribers_with_the_same_document_share_one_execution():
    schema = make_schema([shared(Payload(name="ann")), shared(Payload(name="bob"))])

    async def run():
        return await asyncio.gather(*(collect(schema, GREET, {"p": "!"}) for _ in range(5)))

    results = asyncio.run(run())
    expected = [({"payloads": {"greeting": f"hello {n}!"}}, []) for n in ("ann", "bob")]
    assert results == [expected] * 5
    assert calls == {("ann", "!"): 1, ("bob", "!"): 1}


def test_other_variables_or_documents_get_their_own_result():
    schema = make_schema([shared(Payload(name="ann"))])

    async def run():
        return await asyncio.gather(
            collect(schema, GREET, {"p": "!"}),
            collect(schema, GREET, {"p": "?"}),
            collect(schema, "subscription { payloads { greeting } }"),
        )

    exclaimed, asked, default = asyncio.run(run())
    assert exclaimed == [({"payloads": {"greeting": "hello ann!"}}, [])]
    assert asked == [({"payloads": {"greeting": "hello ann?"}}, [])]
    assert default == exclaimed
    assert calls == {("ann", "!"): 2, ("ann", "?"): 1}


def test_unshared_payloads_and_failed_executions_are_not_reused():
    schema = make_schema([Payload(name="cy"), shared(Payload(name="broken"))])

    async def run():
        return await asyncio.gather(*(collect(schema, GREET, {"p": "!"}) for _ in range(3)))

    for result in asyncio.run(run()):
        assert result[0] == ({"payloads": {"greeting": "hello cy!"}}, [])
        assert result[1][1] == ["cannot greet"]
    assert calls == {("cy", "!"): 3, ("broken", "!"): 3}


def test_a_shared_result_is_one_object_whose_json_is_made_once(monkeypatch):
    schema = make_schema([shared(Payload(name="ann"))])

    async def run():
        return await asyncio.gather(*(first_result(schema) for _ in range(4)))

    async def first_result(schema):
        stream = await schema.subscribe(GREET, variable_values={"p": "!"})
        return [result async for result in stream][0]

    results = asyncio.run(run())
    data = results[0].data
    assert isinstance(data, Rendered)
    assert all(result.data is data for result in results)
    encoded = []
    monkeypatch.setattr(json, "dumps", lambda value, **kw: encoded.append(value) or "{}")
    assert [result.data.text() for result in results] == ["{}"] * 4
    assert len(encoded) == 1


def test_rendered_text_is_compact_json_of_the_data():
    data = Rendered({"payloads": {"greeting": 'hello "ann"', "n": [1, None, True]}})
    assert data.text() == '{"payloads":{"greeting":"hello \\"ann\\"","n":[1,null,true]}}'
    assert json.loads(data.text()) == data
