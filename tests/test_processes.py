"""Work shared by forked processes (workers.py)."""

from __future__ import annotations

import time

import pytest

from angebote import workers as processes


def test_turns_give_each_number_to_one_process_only():
    """The build's data files are written by two processes taking numbered tasks in turn: every
    task is taken, none twice, and both processes take some."""
    turns = processes.Turns(40)

    def take():
        taken = []
        for number in turns:
            taken.append(number)
            time.sleep(0.005)  # a task's work: the other process asks meanwhile
        return taken

    finish = processes.in_child(take)
    here = take()
    there = finish()
    turns.close()
    assert sorted(here + there) == list(range(40))
    assert here and there
    assert list(processes.Turns(0)) == []


def test_turns_hold_at_most_a_byte_of_numbers():
    with pytest.raises(ValueError):
        processes.Turns(257)
    assert list(processes.Turns(256)) == list(range(256))
