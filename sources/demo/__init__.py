"""The demo source: a seeded simulator of a #TChat-like weekly hashtag chat."""

from sources.demo.gaming import GAMING_BEHAVIOURS, manufactured
from sources.demo.simulate import SimulatedChat, simulate

__all__ = ["GAMING_BEHAVIOURS", "SimulatedChat", "manufactured", "simulate"]
