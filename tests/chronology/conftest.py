"""The pathway's fully recorded episode (Jayden), for the chronology's tests."""

from tests.pathway.conftest import full_episode

__all__ = ["full_episode"]
