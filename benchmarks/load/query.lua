-- POST /query with one fixed question: after the first request every answer comes from the response cache.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"question": "Who invented the lens used in lighthouses?", "k": 5}'
