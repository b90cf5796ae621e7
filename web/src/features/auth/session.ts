import { graphql } from "../../gql";

// Who is signed in. The user is what the Shell shows (its ShellUser fragment: name, role,
// what they may do), read once at start-up (Me) or from the sign-in's answer (Login).
export const CurrentUserFragment = graphql(`
  fragment CurrentUser on User {
    id
    ...ShellUser
  }
`);

export const MeQuery = graphql(`
  query Me {
    me {
      ...CurrentUser
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout {
    logout {
      ok
      errors {
        ...FieldError
      }
    }
  }
`);
