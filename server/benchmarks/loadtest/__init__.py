"""`make loadtest`: a realistic mix of GraphQL requests with websocket subscribers attached,
run by Locust against the desk's deployment topology (`make stack`: nginx, two Uvicorn
processes, PostgreSQL, Redis), with the servers' memory sampled throughout.

``runner`` prepares the database and accounts, starts the stack, runs Locust headless on
``locustfile`` and writes the report (``report``); ``memory`` samples the processes.  Only
the Locust process imports Locust (it monkeypatches the standard library with gevent), so
importing this package or the runner never does.
"""
