"""From forecast calls to required agents: Erlang C, call capacity, events and holidays.

Pure arithmetic on domain records: nothing here knows about CP-SAT or workbooks, so the
``staffing`` command, the model's demand and the reports all use the same numbers.
"""
