"""The streaming edge: the Faust app, its agent, topics, dead letters and web views."""
