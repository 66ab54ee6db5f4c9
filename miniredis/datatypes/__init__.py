"""Value classes for the Redis types that are not strings.

A string is stored as plain ``bytes`` in ``Database.data``; every other type is an instance of a
class from this package. Each class names its type in a ``redis_type`` class attribute, which is
what ``TYPE`` and ``SCAN ... TYPE`` report, and copies itself for ``COPY`` (``__deepcopy__``).

| module        | Redis type | stored as                                          |
| ------------- | ---------- | -------------------------------------------------- |
| ``rlist.py``  | list       | ``RList``, a ``collections.deque`` of ``bytes``    |
"""
