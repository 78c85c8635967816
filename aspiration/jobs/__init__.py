"""Background jobs a person starts and follows: one ``Job`` row per job, run by django-tasks' database worker.

The library queues and runs the work (``aspiration worker``); a ``Job`` adds what a person needs:
who started it, what it is called, how far it got, what it found, and why it failed.
"""
