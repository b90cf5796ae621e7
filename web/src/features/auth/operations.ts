import { graphql } from "../../gql";

export const CurrentUserFragment = graphql(`
  fragment CurrentUser on User {
    id
    username
    role
  }
`);

export const MeQuery = graphql(`
  query Me {
    me {
      ...CurrentUser
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) {
      user {
        ...CurrentUser
      }
      errors {
        field
        code
        message
        retryAfter
      }
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout {
    logout {
      ok
    }
  }
`);
