"""bowout: say no well in a job search.

The pure core (``model``, ``timing``, ``advice``, ``compose``, ``checker``) takes every input,
including the current time, as an argument and does no I/O. ``service`` and ``tracker`` are the
one service layer the front ends (CLI, web app, REST API) call.
"""

__version__ = "0.1.0"
