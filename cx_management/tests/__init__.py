from . import test_tools_scores
