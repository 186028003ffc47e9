"""The front door: the landing page for visitors and members."""
