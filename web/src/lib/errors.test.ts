import { Kind, type DocumentNode, type FieldNode, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import * as generated from "../gql/graphql";

const mutations = Object.entries(generated).flatMap(([name, value]) => {
  const definitions = (value as Partial<DocumentNode>)?.definitions ?? [];
  return definitions
    .filter(
      (d): d is OperationDefinitionNode =>
        d.kind === Kind.OPERATION_DEFINITION && d.operation === "mutation",
    )
    .map((operation) => ({ name, operation }));
});

describe("every mutation reads its errors with the one FieldError fragment", () => {
  it("finds the client's mutations", () => {
    expect(mutations.map((m) => m.operation.name?.value).sort()).toEqual([
      "ChangeTicketStatus",
      "ClassifyTicket",
      "CreateTicket",
      "Login",
      "Logout",
    ]);
  });

  it.each(mutations.map((m) => [m.operation.name?.value, m.operation] as const))(
    "%s",
    (_name, operation) => {
      for (const field of operation.selectionSet.selections as FieldNode[]) {
        const errors = field.selectionSet?.selections.find(
          (s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === "errors",
        );
        expect(errors, `${field.name.value} selects errors`).toBeDefined();
        const read = errors?.selectionSet?.selections.map((s) =>
          s.kind === Kind.FRAGMENT_SPREAD ? `...${s.name.value}` : s.kind,
        );
        expect(read).toEqual(["...FieldError"]);
      }
    },
  );
});
