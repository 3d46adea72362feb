"""narrator: comparison articles about occupations, from profiles and a phrasebook."""
