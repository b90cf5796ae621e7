// The first tab of a new playground: how to be someone, and a query to start from.
// Lines stay short enough for the editor's half of a laptop screen.
export const WELCOME_QUERY = `# The support desk's GraphQL API (docs/api.md).
# Run with Ctrl-Enter.
#
# Who you are:
# - signed in to the desk in this browser:
#   requests use that session (the page sends
#   the CSRF token for you);
# - or sign in here:
#     mutation {
#       login(username: "…", password: "…") {
#         user { username role }
#         errors { message }
#       }
#     }
# - or put an API token in the Headers tab:
#     {"Authorization": "Bearer desk_…"}
#
# Subscriptions run over the websocket
# (graphql-transport-ws), e.g.
#     subscription {
#       ticketEvents { kind ticket { id title } }
#     }

query Me {
  me {
    username
    role
  }
}
`;
